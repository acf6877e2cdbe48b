"""Search and protocol sections find the right aid; an incident pre-fills the time limit."""

import datetime as dt

import pytest

from commonground.core.aids.finder import aids_for_query, aids_for_section
from commonground.core.aids.prosecution_limit import ProsecutionLimitInput


@pytest.mark.parametrize("query, first", [
    ("136 clock", "s136-clock"),
    ("can his sister be appropriate adult", "appropriate-adult"),
    ("who can act as AA", "appropriate-adult"),
    ("police station for an adult", "police-station"),
    ("patient AWOL can we still retake", "awol"),
    ("common assault time limit", "prosecution-limit"),
    ("is there enough notice for Thursday", "notice"),
    ("does this need police", "police-need"),
])
@pytest.mark.hazard("H-020")
def test_a_query_that_names_an_aid_offers_it_first(query, first):
    assert aids_for_query(query)[0].key == first


@pytest.mark.parametrize("query", ["crime reference", "Aaron", "restraint", ""])
def test_a_query_that_names_no_aid_offers_none(query):
    assert aids_for_query(query) == []


def test_a_section_offers_its_own_aid_first():
    keys = [a.key for a in aids_for_section(
        "s136-place-of-safety", "Police stations as a place of safety for adults")]
    assert keys == ["police-station", "s136-clock"]
    assert aids_for_section("no-such-protocol") == []


@pytest.mark.hazard("H-020")
@pytest.mark.hazard("H-010")
def test_an_incident_prefills_the_offence_day_and_doubt_means_it_could_be_common_assault():
    """MCA 1980 s127: the offence's day; the repeated October hour cannot matter."""
    inp = ProsecutionLimitInput.from_record({"incident_at": "2026-10-25T01:30",
                                             "incident_types": ["threat_verbal"]})
    assert inp.offence_on == dt.date(2026, 10, 25) and inp.could_be_common_assault
    assert inp.domestic is None
    assert not ProsecutionLimitInput.from_record(
        {"incident_at": "2026-10-25T01:30", "incident_types": ["damage"]}
    ).could_be_common_assault
    assert ProsecutionLimitInput.from_record({"incident_at": "2026-10-25T01:30"}
                                             ).could_be_common_assault
