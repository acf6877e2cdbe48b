"""Joint training: sessions as counts by agency and role, coverage of each protocol's
current version and when it lapses, in the meeting pack and from the terminal."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from commonground.core.committee import meetings as mt
from commonground.core.committee import stats
from commonground.core.committee import training as tr
from commonground.core.pdf.meeting_pack import meeting_pack
from commonground.core.protocols.acknowledgements import acknowledge
from commonground.core.storage.db import Database
from tests.conftest import run_cli
from tests.core.test_meeting_pack import body_text
from tests.test_cli_contacts import as_committee

TODAY = dt.date.today()
S136, AA, INFO = "s136-place-of-safety", "appropriate-adult", "information-sharing"
CURRENT = [(S136, "Section 136", "1.2", TODAY - dt.timedelta(days=60)),
           (AA, "Appropriate adult", "1.1", TODAY - dt.timedelta(days=500)),
           (INFO, "Information sharing", "1.1", TODAY - dt.timedelta(days=900))]


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def db(tmp_path):
    made = Database.open(tmp_path / "committee.sqlite3")
    yield made
    made.close()


def sessions(db) -> None:
    tr.add_session(db, held_on=ago(90), topic="Section 136 before the new version",
                   protocols={S136: "1.1"}, trainers=["health"],
                   attended=[("police", "PC", 9)])
    tr.add_session(db, held_on=ago(20), topic="Section 136 and places of safety",
                   protocols={S136: "1.2", AA: "1.1"}, trainers=["health", "police"],
                   site="Riverside",
                   attended=[("police", "PC", 14), ("police", "Sergeant", 2),
                             ("health", "Staff nurse", 6)])
    tr.add_session(db, held_on=ago(400), topic="Information sharing", protocols={INFO: "1.1"},
                   trainers=["social_care"], attended=[("social_care", "AMHP", 4)],
                   induction=True)


def test_a_session_is_counts_by_agency_and_role_in_one_transaction(db):
    sessions(db)
    rows = [tuple(r) for r in db.query("SELECT agency, role, count FROM training_attendance "
                                       "ORDER BY rowid")]
    assert rows == [("police", "PC", 9), ("police", "PC", 14), ("police", "Sergeant", 2),
                    ("health", "Staff nurse", 6), ("social_care", "AMHP", 4)]
    columns = {row[1] for row in db.query("PRAGMA table_info(training_attendance)")}
    assert columns == {"session_id", "agency", "role", "count"}      # no names, by design
    before = db.query_one("SELECT count(*) FROM training_sessions")[0]
    for changes, words in (({"topic": ""}, "Say the session's topic"),
                           ({"trainers": ["fire"]}, "not an agency"),
                           ({"trainers": []}, "which agencies the trainers"),
                           ({"attended": [("police", "PC", 0)]}, "a number from 1"),
                           ({"attended": [("police", "", 3)]}, "a role, never a name"),
                           ({"attended": []}, "how many came"),
                           ({"held_on": TODAY + dt.timedelta(days=7)}, "in the future"),
                           ({"protocols": {"no-such": "1.0"}}, "not a protocol in the library"),
                           ({"protocols": {S136: "new"}}, "not a protocol version")):
        values = dict(held_on=ago(1), topic="T", protocols={S136: "1.2"}, trainers=["police"],
                      attended=[("police", "PC", 3)], known_protocols={S136})
        values.update(changes)
        with pytest.raises(mt.CommitteeError, match=words):
            tr.add_session(db, **values)
    assert db.query_one("SELECT count(*) FROM training_sessions")[0] == before


def test_coverage_lapses_with_a_new_version_and_with_time(db):
    sessions(db)
    acknowledge(db, S136, "1.2", "Sam Nurse", site="Riverside")
    found = {c.protocol_id: c for c in tr.coverage(db, CURRENT, TODAY)}
    assert found[S136].trained == {"police": 16, "health": 6}   # not the 9 before 1.2
    assert (found[S136].lapsed, found[S136].acknowledged) == ("", 1)
    assert found[S136].by_site == {"Riverside": (22, 1)}      # trained, confirmed
    assert found[INFO].by_site == {}                           # lapsed: nobody counts
    assert found[AA].lapsed == "" and found[AA].trained_text() == \
        "Police 16, Health (mental health Trust) 6"
    assert found[INFO].lapsed == f"the last session was 400 days ago " \
        f"({ago(400).day} {ago(400):%b %Y})"
    newer = [(S136, "Section 136", "1.3", ago(5))] + CURRENT[1:]
    assert tr.coverage(db, newer, TODAY)[0].lapsed == (
        f"version 1.3 (from {ago(5).day} {ago(5):%b %Y}) is newer than the version 1.2 taught "
        f"at the last session ({ago(20).day} {ago(20):%b %Y})")
    tr.set_lapse_days(db, 30)
    assert {c.protocol_id: bool(c.lapsed) for c in tr.coverage(db, CURRENT, TODAY)} == {
        S136: False, AA: False, INFO: True}
    with pytest.raises(mt.CommitteeError, match="30 to 3,650 days"):
        tr.set_lapse_days(db, 3)


def test_the_meeting_pack_shows_training_since_the_last_meeting_and_what_lapsed(db):
    sessions(db)
    body = body_text(meeting_pack(db, stats.Filters(ago(45), TODAY), None,
                                  current_protocols=CURRENT))
    training = body[body.index("9 Joint training"):]
    day = ago(20)
    assert (f"{day.day} {day:%b %Y}: Section 136 and places of safety, Riverside Trainers "
            "from Health (mental health Trust), Police. Came: Police PC: 14; Police "
            "Sergeant: 2; Health (mental health Trust) Staff nurse: 6. Covered: "
            f"{AA} 1.1, {S136} 1.2.") in training
    assert "before the new version" not in training            # held before the period
    assert "Where training has lapsed Information sharing (version 1.1). Period passed: the " \
        "last session was 400 days ago" in training
    shared = body_text(meeting_pack(db, stats.Filters(ago(45), TODAY), None,
                                    current_protocols=CURRENT, share_outside=True))
    assert "Police Sergeant: <5" in shared


def test_training_list_from_the_terminal(data_dir):
    as_committee(data_dir)
    made = run_cli("training", "add", "--date", ago(20).isoformat(), "--topic",
                   "Section 136 and places of safety", "--protocol", S136, "--trainer",
                   "health", "--attended", "police:PC:14", "--attended", "health:Staff nurse:6")
    assert made.returncode == 0, made.stderr
    wrong = run_cli("training", "add", "--date", ago(1).isoformat(), "--topic", "T",
                    "--trainer", "police", "--attended", "police:PC")
    assert wrong.returncode == 1 and "write AGENCY:ROLE:COUNT" in wrong.stderr
    listed = run_cli("training", "list").stdout
    assert f"{ago(20).isoformat()}  Section 136 and places of safety\n    Trainers from: " \
        "Health (mental health Trust)\n    Came: Police PC 14; Health (mental health Trust) " \
        "Staff nurse 6 (20 in all)\n    Covered: s136-place-of-safety 1.1" in listed
    assert "Coverage of each protocol's current version (lapses after 365 days):" in listed
    assert "LAPSED (no session): no joint session has covered it" in listed
    assert "      by site: Not given: 20 trained, 0 confirmed" in listed
    data = json.loads(run_cli("training", "list", "--json").stdout)
    [s136] = [c for c in data["coverage"] if c["protocol"] == S136]
    assert (s136["trained"], s136["lapsed"]) == ({"police": 14, "health": 6}, "")
    assert data["sessions"][0]["attended"] == [
        {"agency": "police", "role": "PC", "count": 14},
        {"agency": "health", "role": "Staff nurse", "count": 6}]


def test_a_count_of_who_came_in_other_digits_is_refused_in_words(data_dir):
    as_committee(data_dir)
    wrong = run_cli("training", "add", "--date", ago(1).isoformat(), "--topic", "T",
                    "--trainer", "health", "--attended", "police:PC:\u00b2")
    assert (wrong.returncode, wrong.stderr) == (
        1, "commonground: --attended 'police:PC:\u00b2': write AGENCY:ROLE:COUNT, such as "
           "police:PC:12\n")
