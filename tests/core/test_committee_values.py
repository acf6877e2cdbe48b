"""The committee takes values, not just field names: every de-identified field is a code
from the registry's closed lists, a day, or a site or ward from the list the advisor hub
signs into the bundle; anything else refuses the bundle with its reason (hostile bundles
signed with the hub's own key, from tests/hostile.py, through the real engine)."""

from __future__ import annotations

import pytest

from commonground.core.install import install_id
from commonground.core.sync import keys
from tests import hostile
from tests.core.test_sync import count
from tests.core.test_sync_hostile import drop

PLACES = ["Riverside Hospital", "Cedar Ward"]



def hub(world) -> hostile.Sender:
    return hostile.Sender("advisor hub", install_id(world.advisor.db),
                          keys.install_signing_key(world.advisor.paths.keys))


def committee_takes(world, places=PLACES, **changes):
    sender = hub(world)
    path = drop(world, "committee", hostile.file_name("deidentified", sender, 1),
                hostile.names_for_the_committee(sender, places, **changes))
    result = world.sync(world.committee)
    return result, path


def test_a_clean_record_with_listed_places_is_taken(world):
    result, _path = committee_takes(world)
    assert result.received == 1, result.problems
    assert count(world.committee, "SELECT count(*) FROM deid_incidents") == 1


@pytest.mark.parametrize("field, value, words", [
    ("harm", "Zeb Quillfeather punched me", "'harm'"),
    ("setting", "Room 12 by Zeb's office", "'setting'"),
    ("crime_reference", "12/3456/26", "'crime_reference'"),
    ("types", ["Zeb Quillfeather"], "'types'"),
    ("victims", ["Zeb Quillfeather"], "'victims'"),
    ("incident_date", "20 Nov, Zeb's birthday", "'incident_date'"),
    ("delay_hours", "about a day", "'delay_hours'"),
    ("case", hostile.case_part(nfa_reason="Zeb Quillfeather withdrew"), "'nfa_reason'"),
    ("case", hostile.case_part(steps={"decision": {"status": "done", "done": "2026-11-25",
                                                   "note": "PC 4521 rang Zeb"}}), "step"),
    ("case", hostile.case_part(steps={"Zeb Quillfeather": {"status": "done", "done": None}}),
     "step"),
    ("case", hostile.case_part(decision="Zeb Quillfeather charged"), "'decision'"),
    ("case", hostile.case_part(closing_reason="Zeb moved away"), "'closing_reason'"),
])
def test_a_name_or_free_text_in_a_value_refuses_the_bundle_with_its_reason(
        world, field, value, words):
    result, path = committee_takes(world, **{field: value})
    assert result.received == 0 and result.rejected == 1
    [problem] = [p for p in result.problems if path.name in p]
    assert words in problem, problem
    assert count(world.committee, "SELECT count(*) FROM deid_incidents") == 0
    assert b"Quillfeather" not in stored(world) and b"Zeb" not in stored(world)


def stored(world) -> bytes:
    """Every byte of the committee's database, its write-ahead log included."""
    path = world.committee.paths.database
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.mark.parametrize("places, ward", [
    (PLACES, "Zeb Quillfeather's room"),          # not on the signed list
    (None, "Cedar Ward"),                   # no signed list at all
])
def test_a_place_not_on_the_list_the_hub_signed_is_refused(world, places, ward):
    result, path = committee_takes(world, places=places, ward=ward, site="")
    assert result.rejected == 1
    [problem] = [p for p in result.problems if path.name in p]
    assert "'ward' is not on the list of sites and wards the advisor hub signed" in problem
    assert count(world.committee, "SELECT count(*) FROM deid_incidents") == 0
    assert b"Quillfeather" not in stored(world)    # not even in the reason kept


def test_other_and_no_place_need_no_list(world):
    result, _path = committee_takes(world, places=None, site="", ward="Other")
    assert result.received == 1, result.problems


def test_the_hub_signs_its_list_of_places_into_every_committee_bundle(world):
    world.report()
    world.sync(world.front)
    world.sync(world.advisor)
    [path] = world.files("committee")
    from commonground.core.sync import bundle as bundles
    manifest = bundles.read(path).manifest
    assert manifest["places"] == sorted(["Riverside Hospital", "Cedar Ward"])
    assert world.sync(world.committee).received == 1
    assert count(world.committee, "SELECT count(*) FROM deid_incidents") == 1


def test_an_older_hubs_acknowledgement_keeps_no_name_at_the_committee(world):
    """The previous format sent each acknowledgement with the nurse's name: it is still
    taken, counted, and the name is not kept."""
    sender = hub(world)
    old = {"type": "ack", "uuid": "ack-1", "protocol_id": "s136-place-of-safety",
           "version": "1.0", "name": "Zeb Quillfeather", "date": "2026-11-20",
           "site": "Riverside Hospital"}
    drop(world, "committee", hostile.file_name("deidentified", sender, 1),
         hostile.bundle("deidentified", hostile.lines([old]), sender,
                        extra={"places": PLACES}))
    assert world.sync(world.committee).received == 1
    rows = world.committee.db.query("SELECT protocol_id, site, name FROM acknowledgements")
    assert [tuple(r) for r in rows] == [("s136-place-of-safety", "Riverside Hospital", "")]
    assert b"Quillfeather" not in stored(world)
