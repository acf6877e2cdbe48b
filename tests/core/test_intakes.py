"""A new recruit intake lapses coverage at its site for its agency and role until
confirmations or a joint session cover as many people as started; coverage by agency
comes from the hub's counts as well as sessions; the meeting pack and the terminal say
why each protocol lapsed."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from commonground.core.committee import intakes as it
from commonground.core.committee import meetings as mt
from commonground.core.committee import stats
from commonground.core.committee import training as tr
from commonground.core.pdf.meeting_pack import meeting_pack
from commonground.core.storage.db import Database
from commonground.core.sync import incoming
from tests.conftest import run_cli
from tests.core.test_meeting_pack import body_text
from tests.test_cli_contacts import as_committee

TODAY = dt.date.today()
S136 = "s136-place-of-safety"
CURRENT = [(S136, "Section 136", "1.2", TODAY - dt.timedelta(days=60))]
SITE = "Riverside Hospital"


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def monday(day: dt.date) -> str:
    return (day - dt.timedelta(days=day.weekday())).isoformat()


@pytest.fixture
def db(tmp_path):
    made = Database.open(tmp_path / "committee.sqlite3")
    yield made
    made.close()


def confirmations(db, count: int, day: dt.date, role="nurse", agency="health",
                  version="1.2", site=SITE) -> None:
    """What the hub sends: a count for a week."""
    incoming.import_deidentified(db, [{
        "type": "ack_week", "protocol_id": S136, "version": version, "site": site,
        "week": monday(day), "count": count, "role": role, "agency": agency}],
        f"hub-{day}-{role}-{site}", dt.datetime.now())


def recent_session(db, people: int = 30) -> None:
    """A session on the current version, so nothing but an intake lapses it."""
    tr.add_session(db, held_on=ago(30), topic="Section 136", protocols={S136: "1.2"},
                   trainers=["health"], attended=[("police", "PC", people)], site=SITE)


def lapse(db) -> list[it.IntakeLapse]:
    [item] = tr.coverage(db, CURRENT, TODAY)
    return list(item.intakes)


def test_an_intake_lapses_coverage_until_confirmations_cover_its_starters(db):
    recent_session(db)
    confirmations(db, 20, ago(40))                        # before the intake: do not count
    assert lapse(db) == []
    it.add_intake(db, taken_on=ago(14), site=SITE, agency="health", role="nurse",
                  starters=6)
    [found] = lapse(db)
    assert found.covered == 0
    assert found.reason() == (f"6 new starters (Nurse, Health (mental "
                              f"health Trust)) at {SITE} from {ago(14).day} "
                              f"{ago(14):%b %Y}; 0 of 6 covered since")
    confirmations(db, 4, ago(7))
    confirmations(db, 9, ago(7), role="police_officer", agency="police")   # not theirs
    confirmations(db, 9, ago(7), site="Hillside Unit")                     # nor there
    confirmations(db, 9, ago(7), version="1.1")                            # nor that version
    assert [item.covered for item in lapse(db)] == [4]
    confirmations(db, 2, ago(1))
    assert lapse(db) == []
    [item] = tr.coverage(db, CURRENT, TODAY)
    assert not item.any_lapse and item.confirmed == {"health": 35, "police": 9}


def test_a_session_at_the_site_after_the_intake_covers_its_agency(db):
    it.add_intake(db, taken_on=ago(10), site=SITE, agency="police", role="police_officer",
                  starters=12)
    tr.add_session(db, held_on=ago(12), topic="Before", protocols={S136: "1.2"},
                   trainers=["health"], attended=[("police", "PC", 40)], site=SITE)
    assert [item.covered for item in lapse(db)] == [0]        # held before they started
    tr.add_session(db, held_on=ago(2), topic="Induction", protocols={S136: "1.2"},
                   trainers=["health"], attended=[("police", "PC", 8), ("health", "RMN", 9)],
                   site=SITE, induction=True)
    assert [item.covered for item in lapse(db)] == [8]
    confirmations(db, 4, ago(2), role="police_officer", agency="police")
    assert lapse(db) == []


@pytest.mark.parametrize("changes, words", [
    ({"site": ""}, "Say the site"), ({"agency": "MI5"}, "agency from the list"),
    ({"role": "Zeb Quillfeather"}, "role from the list"), ({"starters": 0}, "1 to 500"),
    ({"starters": 501}, "1 to 500"), ({"starters": True}, "1 to 500"),
    ({"taken_on": TODAY + dt.timedelta(days=5)}, "in the future")])
def test_a_bad_intake_says_what_to_fix_and_records_nothing(db, changes, words):
    values = dict(taken_on=ago(1), site=SITE, agency="health", role="nurse", starters=5)
    values.update(changes)
    with pytest.raises(mt.CommitteeError, match=words):
        it.add_intake(db, **values)
    assert it.intakes(db) == []


def test_the_meeting_pack_names_each_lapse_with_its_reason(db):
    tr.add_session(db, held_on=ago(30), topic="Old version", protocols={S136: "1.1"},
                   trainers=["health"], attended=[("police", "PC", 3)], site=SITE)
    it.add_intake(db, taken_on=ago(5), site=SITE, agency="health", role="nurse", starters=6)
    confirmations(db, 3, ago(2))
    body = body_text(meeting_pack(db, stats.Filters(ago(45), TODAY), None,
                                  current_protocols=CURRENT))
    lapsed = body[body.index("Where training has lapsed"):]
    assert lapsed.startswith(
        "Where training has lapsed Section 136 (version 1.2). New version: version 1.2 ")
    assert (f"Recruit intake: 6 new starters (Nurse, Health (mental health "
            f"Trust)) at {SITE} from {ago(5).day} {ago(5):%b %Y}; 3 of 6 covered since. "
            "Confirmed reading this version: Health (mental health Trust) 3.") in lapsed
    shared = body_text(meeting_pack(db, stats.Filters(ago(45), TODAY), None,
                                    current_protocols=CURRENT, share_outside=True))
    assert "Confirmed reading this version: Health (mental health Trust) <5." in shared


def test_training_intake_from_the_terminal(data_dir):
    as_committee(data_dir)
    made = run_cli("training", "intake", "--date", ago(3).isoformat(), "--site", SITE,
                   "--agency", "health", "--role", "nurse", "--starters", "6")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Intake 1 recorded: coverage at {SITE} for them has "
                                  "lapsed")
    wrong = run_cli("training", "intake", "--date", ago(3).isoformat(), "--site", SITE,
                    "--agency", "health", "--role", "Sam Nurse", "--starters", "6")
    assert wrong.returncode == 1 and "Choose the new starters' role" in wrong.stderr
    listed = run_cli("training", "list").stdout
    assert f"Recruit intakes:\n{ago(3).isoformat()}  6 new: Nurse, Health (mental health " \
        f"Trust), at {SITE}" in listed
    assert "LAPSED (intake): 6 new starters" in listed
    data = json.loads(run_cli("training", "list", "--json").stdout)
    assert data["intakes"] == [{"id": 1, "date": ago(3).isoformat(), "site": SITE,
                                "agency": "health", "role": "nurse", "starters": 6}]
    [s136] = [c for c in data["coverage"] if c["protocol"] == S136]
    assert ["intake", "no session"] <= sorted(lapse["kind"] for lapse in s136["lapses"])


def shared_lapses(db, tmp_path) -> str:
    """The intake lapses as the exported file shared outside the committee reads."""
    target = tmp_path / "shared-pack.pdf"
    meeting_pack(db, stats.Filters(ago(45), TODAY), target, current_protocols=CURRENT,
                 share_outside=True)
    body = body_text(target.read_bytes())
    return body[body.index("Where training has lapsed"):]


@pytest.mark.parametrize("starters, covered, says", [
    (8, 3, "8 new starters (Nurse, Health (mental health Trust)) at {site} from {day}; "
           "<5 of 8 covered since."),
    (3, 0, "<5 new starters (Nurse, Health (mental health Trust)) at {site} from {day}; "
           "0 of <5 covered since."),
    (4, 2, "<5 new starters (Nurse, Health (mental health Trust)) at {site} from {day}; "
           "<5 of <5 covered since."),
    # 5 of 6: the one not covered is a small count a subtraction would give back.
    (6, 5, "6 new starters (Nurse, Health (mental health Trust)) at {site} from {day}; "
           "how many are covered since is not shown."),
    # "<5 of 8" where 8 can only be 4 and 4: the number who started is not shown.
    (8, 4, "New starters (how many is not shown) (Nurse, Health (mental health Trust)) at "
           "{site} from {day}; <5 of them covered since."),
])
def test_a_shared_pack_hides_small_intake_coverage_by_the_tables_rule(
        db, tmp_path, starters, covered, says):
    recent_session(db)
    it.add_intake(db, taken_on=ago(5), site=SITE, agency="health", role="nurse",
                  starters=starters)
    if covered:
        confirmations(db, covered, ago(2))
    lapsed = shared_lapses(db, tmp_path)
    day = f"{ago(5).day} {ago(5):%b %Y}"
    assert "Recruit intake: " + says.format(site=SITE, day=day) in lapsed
    full = body_text(meeting_pack(db, stats.Filters(ago(45), TODAY), None,
                                  current_protocols=CURRENT))
    assert f"; {covered} of {starters} covered since." in full     # the committee's own


def test_training_dates_are_typed_as_every_committee_command_takes_them(data_dir):
    """A session's and an intake's --date: YYYY-MM-DD or DD/MM/YYYY, as members, contacts
    and the meeting pack take them, refused in the same words."""
    as_committee(data_dir)
    typed = f"{ago(3):%d/%m/%Y}"
    made = run_cli("training", "intake", "--date", typed, "--site", SITE, "--agency",
                   "health", "--role", "nurse", "--starters", "6")
    assert made.returncode == 0, made.stderr
    held = run_cli("training", "add", "--date", typed, "--topic", "Section 136", "--trainer",
                   "health", "--attended", "police:PC:4")
    assert held.returncode == 0, held.stderr
    data = json.loads(run_cli("training", "list", "--json").stdout)
    assert [i["date"] for i in data["intakes"]] == [ago(3).isoformat()]
    assert [s["date"] for s in data["sessions"]] == [ago(3).isoformat()]
    for action in (["intake", "--site", SITE, "--agency", "health", "--role", "nurse",
                    "--starters", "6"], ["add", "--topic", "T"]):
        wrong = run_cli("training", *action, "--date", "31/13/2026")
        assert (wrong.returncode, wrong.stderr) == (
            1, "commonground: --date '31/13/2026' is not a date: use YYYY-MM-DD or "
               "DD/MM/YYYY\n")
    members = run_cli("members", "add-seat", "--agency", "police", "--title", "Liaison",
                      "--opened", "31/13/2026")
    assert members.stderr == ("commonground: --opened '31/13/2026' is not a date: use "
                              "YYYY-MM-DD or DD/MM/YYYY\n")
