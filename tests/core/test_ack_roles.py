"""Acknowledgements carry the reader's role and agency as codes from closed lists: a ward
PC sends them (not the name) to the advisor hub, the hub counts them for the committee by
site, role, agency and week, and a name or anything else where a code belongs refuses the
bundle at either door (hostile files signed with a real key, through the real engine)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.core import staff
from commonground.core.protocols.acknowledgements import AcknowledgementError, acknowledge
from commonground.core.storage.db import Database, connect
from commonground.core.sync import deidentify
from commonground.core.sync.incoming import check_report_record
from tests import hostile
from tests.core.test_committee_values import PLACES, hub, stored
from tests.core.test_sync import count
from tests.core.test_sync_authorised import enrolled_other_pc
from tests.core.test_sync_hostile import drop

S136 = "s136-place-of-safety"



def hub_bytes(world) -> bytes:
    path = world.advisor.paths.database
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


# ------------------------------------------------------------------- the ward PC
@pytest.mark.parametrize("role, agency, words", [
    ("Zeb Quillfeather", "health", "role"), ("nurse", "MI5", "agency"),
    ("Nurse", "health", "role"), ("nurse", "Health", "agency")])
def test_a_role_or_agency_off_the_lists_is_refused_and_nothing_is_recorded(
        tmp_path, role, agency, words):
    db = Database.open(tmp_path / "cg.db")
    with pytest.raises(AcknowledgementError, match=f"Choose your {words} from the list"):
        acknowledge(db, S136, "1.0", "Sam Nurse", role=role, agency=agency)
    assert db.query("SELECT count(*) AS n FROM acknowledgements")[0]["n"] == 0
    made = acknowledge(db, S136, "1.0", "Sam Nurse", role="nurse", agency="health")
    row = db.query("SELECT role, agency FROM acknowledgements")[0]
    assert (made.role, made.agency) == ("nurse", "health") == tuple(row)
    db.close()


def test_defaults_come_from_the_policy_then_this_computers_role_never_a_name():
    assert staff.defaults("frontline") == ("", "")
    assert staff.defaults("advisor") == ("", "health")
    assert staff.defaults("frontline", "police_officer") == ("police_officer", "police")
    assert staff.defaults("frontline", "manager", "social_care") == ("manager", "social_care")
    assert staff.defaults("committee", None, "ambulance") == ("", "ambulance")
    assert staff.defaults("frontline", "Zeb Quillfeather", "MI5") == ("", "")


# ------------------------------------------------------------------- the advisor hub
@pytest.mark.parametrize("changes, words", [
    ({"role": "Zeb Quillfeather"}, "role"),
    ({"agency": "Zeb Quillfeather's team"}, "agency"),
    ({"role": 7}, "role"), ({"agency": None}, "agency"), ({"role": ["nurse"]}, "role")])
def test_the_hub_refuses_an_acknowledgement_whose_role_or_agency_is_not_a_code(
        world, changes, words):
    other = enrolled_other_pc(world)
    path = drop(world, "upward", hostile.file_name("acknowledgements", other, 1),
                hostile.bundle("acknowledgements", hostile.lines([hostile.ack(**changes)]),
                               other))
    result = world.sync(world.advisor)
    assert result.received == 0 and result.rejected == 1
    [problem] = [p for p in result.problems if path.name in p]
    assert f"the acknowledgement's {words} is not one of" in problem, problem
    assert "Quillfeather" not in problem
    assert count(world.advisor, "SELECT count(*) FROM acknowledgements") == 0
    assert b"Quillfeather" not in hub_bytes(world)


def test_the_hub_takes_roles_and_agencies_and_counts_them_for_the_committee(world):
    other = enrolled_other_pc(world)
    records = [hostile.ack(1, role="nurse", agency="health"),
               hostile.ack(2, role="nurse", agency="health", at="2026-11-22T23:00:00"),
               hostile.ack(3, role="police_officer", agency="police"),
               hostile.ack(4)]                            # an older ward PC's: no role
    drop(world, "upward", hostile.file_name("acknowledgements", other, 1),
         hostile.bundle("acknowledgements", hostile.lines(records), other))
    assert world.sync(world.advisor).received == 1
    assert b"A Nurse" not in hub_bytes(world)
    counted = [(r.get("role", ""), r.get("agency", ""), r["week"], r["count"])
               for r in deidentify.ack_records(world.advisor.db)]
    assert sorted(counted, key=str) == sorted([
        ("", "", "2026-11-16", 1), ("nurse", "health", "2026-11-16", 2),
        ("police_officer", "police", "2026-11-16", 1)], key=str)
    # The count with no role has the shape the previous release sent, no role key at all.
    assert {"role", "agency"} & set(deidentify.ack_records(world.advisor.db)[0]) == set()


# ------------------------------------------------------------------- the committee
@pytest.mark.parametrize("changes, words", [
    ({"role": "Zeb Quillfeather"}, "role"), ({"agency": "Zeb Quillfeather"}, "agency"),
    ({"role": "NURSE"}, "role"), ({"agency": 3}, "agency"), ({"role": None}, "role"),
    ({"team": "Cedar night shift"}, "other fields")])
def test_the_committee_refuses_a_count_whose_role_or_agency_is_not_a_code(
        world, changes, words):
    sender = hub(world)
    path = drop(world, "committee", hostile.file_name("deidentified", sender, 1),
                hostile.bundle("deidentified", hostile.lines([hostile.ack_week(**changes)]),
                               sender, extra={"places": PLACES}))
    result = world.sync(world.committee)
    assert result.received == 0 and result.rejected == 1
    [problem] = [p for p in result.problems if path.name in p]
    assert words in problem and "Quillfeather" not in problem, problem
    assert count(world.committee, "SELECT count(*) FROM deid_ack_weeks") == 0
    assert b"Quillfeather" not in stored(world)


def test_the_committee_takes_counts_with_and_without_a_role(world):
    sender = hub(world)
    old = hostile.ack_week(count=2)
    del old["role"], old["agency"]
    drop(world, "committee", hostile.file_name("deidentified", sender, 1),
         hostile.bundle("deidentified", hostile.lines([hostile.ack_week(), old]), sender,
                        extra={"places": PLACES}))
    assert world.sync(world.committee).received == 1
    rows = world.committee.db.query("SELECT role, agency, count FROM deid_ack_weeks "
                                    "ORDER BY role")
    assert [tuple(r) for r in rows] == [("", "", 2), ("nurse", "health", 3)]


TEXT = st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(role=st.one_of(TEXT, st.integers(), st.none()), agency=st.one_of(TEXT, st.none()))
def test_any_role_or_agency_off_the_lists_is_refused_at_both_doors(role, agency):
    good_role = isinstance(role, str) and (role == "" or role in staff.ROLE_CODES)
    good_agency = isinstance(agency, str) and (agency == "" or agency in staff.AGENCY_CODES)
    week = deidentify.check_record(hostile.ack_week(role=role, agency=agency))
    upward = check_report_record(hostile.ack(role=role, agency=agency))
    assert (week is None) == (upward is None) == (good_role and good_agency), (week, upward)


# ------------------------------------------------------------------- the upgrade
def test_step_16_blanks_arrived_names_and_keeps_every_count(tmp_path):
    """A hub's database saved at step 15 holds the names ward PCs sent; a committee's holds
    counts by site and week. After step 16 the hub keeps its own reader's name only, and
    the committee's counts are the same rows, role and agency not recorded."""
    path = tmp_path / "old.db"
    db = Database(connect(path), path)
    db.migrate(target=15)
    with db.transaction() as conn:
        conn.execute("INSERT INTO acknowledgements(uuid, protocol_id, version, name, at, site, "
                     "source_install) VALUES ('u1', ?, '1.0', 'Zeb Quillfeather', "
                     "'2026-11-20T10:00:00', 'Riverside Hospital', 'ward-pc-1')", (S136,))
        conn.execute("INSERT INTO acknowledgements(uuid, protocol_id, version, name, at, site) "
                     "VALUES ('u2', ?, '1.0', 'Hub Reader', '2026-11-20T11:00:00', '')", (S136,))
        conn.execute("INSERT INTO deid_ack_weeks(protocol_id, version, site, week, count, "
                     "source_install) VALUES (?, '1.0', 'Riverside Hospital', '2026-11-16', "
                     "4, 'hub')", (S136,))
    db.migrate()
    names = [tuple(r) for r in db.query("SELECT uuid, name, role, agency FROM "
                                        "acknowledgements ORDER BY uuid")]
    assert names == [("u1", "", "", ""), ("u2", "Hub Reader", "", "")]
    weeks = [tuple(r) for r in db.query("SELECT site, role, agency, week, count FROM "
                                        "deid_ack_weeks")]
    assert weeks == [("Riverside Hospital", "", "", "2026-11-16", 4)]
    db.close()
