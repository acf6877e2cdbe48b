"""Membership: seats by agency, who held the lead and deputy places and when, empty seats,
lead changes, attendance balance, and the meeting pack's opening against the seats."""

from __future__ import annotations

import datetime as dt

import pytest

from commonground.core.committee import meetings as mt
from commonground.core.committee import membership as ms
from commonground.core.committee import stats
from commonground.core.pdf.meeting_pack import meeting_pack
from commonground.core.storage.db import Database
from tests.core.test_meeting_pack import pages

TODAY = dt.date.today()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def db(tmp_path):
    made = Database.open(tmp_path / "committee.sqlite3")
    yield made
    made.close()


def police_seat(db) -> int:
    seat = ms.add_seat(db, "police", "Mental health liaison officer", ago(700))
    ms.appoint(db, seat, "lead", "Alex Merrow", "Inspector", ago(700))
    ms.appoint(db, seat, "lead", "Tomasz Wrenfield", "Inspector", ago(300))
    ms.appoint(db, seat, "lead", "Bethan Corriel", "Sergeant", ago(200))
    ms.vacate(db, seat, "lead", ago(45))
    return seat


def test_a_change_of_lead_is_a_new_row_and_the_history_is_kept(db):
    seat = police_seat(db)
    rows = [tuple(r) for r in db.query("SELECT name, took_on, left_on FROM seat_holders "
                                       "WHERE seat_id = ? ORDER BY id", (seat,))]
    assert rows == [("Alex Merrow", ago(700).isoformat(), ago(300).isoformat()),
                    ("Tomasz Wrenfield", ago(300).isoformat(), ago(200).isoformat()),
                    ("Bethan Corriel", ago(200).isoformat(), ago(45).isoformat())]
    with pytest.raises(Exception, match="not deleted"):
        with db.transaction() as conn:
            conn.execute("DELETE FROM seat_holders")
    [found] = ms.seats(db)
    assert found.holder("lead", ago(250)).name == "Tomasz Wrenfield"
    assert found.holder("lead", TODAY) is None
    assert found.lead_empty_since(TODAY) == ago(45)
    assert found.lead_changes(found.opened_on, TODAY) == 2
    assert found.lead_changes(ago(365), TODAY) == 2
    assert ms.holder_text(found, "lead", TODAY) == \
        f"EMPTY since {ago(45).day} {ago(45):%b %Y} (45 days)"


def test_bad_changes_are_refused_in_words_and_change_nothing(db):
    seat = police_seat(db)
    before = [tuple(r) for r in db.query("SELECT * FROM seat_holders")]
    for call, words in (
            (lambda: ms.add_seat(db, "fire", "Chief"), "not an agency of the committee"),
            (lambda: ms.add_seat(db, "police", "  "), "Say the seat's purpose"),
            (lambda: ms.appoint(db, seat, "lead", "", "Inspector", TODAY), "Say the name"),
            (lambda: ms.appoint(db, seat, "chair", "A", "B", TODAY), "a lead and a deputy"),
            (lambda: ms.appoint(db, seat, "lead", "A", "B", ago(800)),
             "before the seat was opened"),
            (lambda: ms.appoint(db, seat, "lead", "A", "B", TODAY + dt.timedelta(days=9)),
             "in the future"),
            (lambda: ms.vacate(db, seat, "lead", TODAY), "Nobody holds the lead"),
            (lambda: ms.appoint(db, 99, "lead", "A", "B", TODAY), "There is no seat 99")):
        with pytest.raises(mt.CommitteeError, match=words):
            call()
    assert [tuple(r) for r in db.query("SELECT * FROM seat_holders")] == before


def test_empty_seats_lead_changes_and_attendance_balance(db):
    police_seat(db)
    chair = ms.add_seat(db, "health", "Chair", ago(700))
    ms.appoint(db, chair, "lead", "Priya Halloway", "Community team manager", ago(540))
    ms.add_seat(db, "ambulance", "Mental health lead", ago(20))      # new: not yet flagged
    for days, police in ((300, True), (200, False), (100, False), (400, True)):
        mt.add_meeting(db, ago(days), {
            "police": {"present": police, "names": "Borough inspector" if police else ""},
            "health": {"present": True, "names": "Chair; ward manager, crisis team and CMHT"},
        })
    assert [(seat.title, days) for seat, days in ms.empty_seats(db, TODAY)] == [
        ("Mental health liaison officer", 45)]
    balance = {item.agency: item for item in ms.balance(db, TODAY)}
    assert (balance["police"].seats, balance["police"].attended, balance["police"].meetings,
            balance["police"].people) == (1, 1, 3, 1)
    assert (balance["health"].attended, balance["health"].people) == (3, 12)
    assert balance["police"].share() == "33%"
    assert ms.summary_lines(db, TODAY) == [
        "Police: Mental health liaison officer has had no lead for 45 days.",
        "Police: Mental health liaison officer has changed lead 2 times since it opened on "
        f"{ago(700).day} {ago(700):%b %Y} (2 in the last year)."]


def test_the_meeting_pack_opens_with_who_attended_against_who_should_have(db):
    police_seat(db)
    chair = ms.add_seat(db, "health", "Chair", ago(700))
    ms.appoint(db, chair, "lead", "Priya Halloway", "Community team manager", ago(540))
    ms.appoint(db, chair, "deputy", "Amara Quillon", "Ward manager", ago(300))
    meeting_id = mt.add_meeting(db, ago(10), {
        "police": {"present": False, "names": ""},
        "health": {"present": True, "names": "Chair; ward manager"}})
    meeting = mt.get_meeting(db, meeting_id)
    pdf = meeting_pack(db, stats.Filters(ago(60), ago(10)), None, meeting=meeting)
    cover = " ".join(pages(pdf)[0].split())
    assert "Who attended, and who should have Agency Should attend (its seats) At this " \
        "meeting" in cover
    assert "Police Mental health liaison officer: lead EMPTY; deputy EMPTY NOT PRESENT" in cover
    assert "Health (mental health Trust) Chair: lead Priya Halloway (Community team " \
        "manager); deputy Amara Quillon (Ward manager) Present: Chair; ward manager" in cover
    assert "Ambulance service No seat NOT PRESENT" in cover
    assert "No one from the police attended (1 seat on the committee)." in cover
    assert "Police: nobody held the lead of 'Mental health liaison officer' on the day of " \
        "the meeting." in cover
    assert "5 Thanks and positive feedback · 6 Thanks, by service: for each lead to take " \
        "back · 7 Protocols: changes and reach · 8 Cases of note" in cover
