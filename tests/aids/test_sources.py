"""Stale or changed protocols never hide behind an aid's answer."""

import dataclasses
import datetime as dt

import pytest

from commonground.core.aids import AIDS
from commonground.core.aids.citations import CITATIONS
from commonground.core.aids.prosecution_limit import ProsecutionLimitInput, work_out
from commonground.core.aids.sources import check_protocols

pytestmark = pytest.mark.hazard("H-012")


def test_every_protocol_section_an_aid_cites_is_in_the_bundled_protocols(bundled_library):
    missing = []
    for citation in CITATIONS.values():
        protocol = bundled_library.get(citation.protocol)
        assert protocol is not None, citation.protocol
        if citation.section not in {s.heading for s in protocol.sections()}:
            missing.append(f"{citation.key}: {citation.protocol} › {citation.section}")
    for aid in AIDS:
        protocol = bundled_library.get(aid.protocol)
        if aid.section not in {s.heading for s in protocol.sections()}:
            missing.append(f"aid {aid.key}: {aid.protocol} › {aid.section}")
    assert missing == []


def test_a_current_protocol_adds_its_version_and_no_warning(bundled_library):
    result = check_protocols(work_out(ProsecutionLimitInput(dt.date(2026, 8, 31))),
                             bundled_library.get, today=dt.date(2026, 12, 1))
    assert result.protocols[0]["id"] == "assault-reporting-prosecution"
    assert result.warnings == []


def test_a_superseded_overdue_or_changed_protocol_is_a_warning(bundled_library):
    real = bundled_library.get("assault-reporting-prosecution")
    changed = dataclasses.replace(real, superseded_by="assault-2028",
                                  review_due=dt.date(2026, 1, 1),
                                  body=real.body.replace(
                                      "### The six-month limit for common assault",
                                      "### Deadlines"))
    result = check_protocols(work_out(ProsecutionLimitInput(dt.date(2026, 8, 31))),
                             {changed.id: changed}.get, today=dt.date(2026, 12, 1))
    text = " ".join(result.warnings)
    assert "replaced by 'assault-2028'" in text
    assert "was due for review" in text
    assert "'The six-month limit for common assault' is not in" in text


def test_a_protocol_missing_from_the_library_is_a_warning():
    result = check_protocols(work_out(ProsecutionLimitInput(dt.date(2026, 8, 31))),
                             lambda _id: None)
    assert any("not in this computer's library" in w for w in result.warnings)


def test_every_unverified_citation_says_what_to_check():
    for citation in CITATIONS.values():
        assert citation.verified or citation.note, citation.key
