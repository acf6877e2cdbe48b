"""Membership: which agencies sit on the committee, in which seats, and who holds the lead
and the deputy place of each seat.

Nobody knew who was a member or why, and the police's mental health lead changed three times
and was often vacant. So each seat belongs to an agency and says what it is for; its lead
and deputy are a role and a name, held from a date (names of members appear here, in their
committee role, and nowhere else). A change of holder is a new row, never an edit, so the
committee can see how often a lead changed and how long a seat stood empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import iso, now_local
from .meetings import AGENCIES, CommitteeError, agency_label, meetings

POSITIONS = (("lead", "Lead"), ("deputy", "Deputy"))
EMPTY_DAYS = 30         # a seat whose lead has been empty longer than this is flagged
YEAR = 365


@dataclass(frozen=True)
class Holder:
    position: str
    role: str
    name: str
    took_on: dt.date
    left_on: dt.date | None

    def text(self) -> str:
        return f"{self.name} ({self.role}), since {_day(self.took_on)}"


@dataclass(frozen=True)
class Seat:
    id: int
    agency: str
    title: str
    opened_on: dt.date
    closed_on: dt.date | None
    history: tuple[Holder, ...]

    def holder(self, position: str, on: dt.date) -> Holder | None:
        for held in reversed(self.history):
            if held.position == position and held.took_on <= on and (
                    held.left_on is None or held.left_on > on):
                return held
        return None

    def lead_empty_since(self, on: dt.date) -> dt.date | None:
        """The day the lead place became empty, if it is empty on ``on``."""
        if self.holder("lead", on) is not None:
            return None
        ended = [h.left_on for h in self.history if h.position == "lead" and h.left_on
                 and h.left_on <= on]
        return max(ended) if ended else self.opened_on

    def lead_changes(self, since: dt.date, until: dt.date) -> int:
        """Leads who took the seat in the period, after someone else had held it."""
        leads = [h for h in self.history if h.position == "lead"]
        return sum(1 for number, held in enumerate(leads)
                   if number > 0 and since <= held.took_on <= until)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _clean(value: str, what: str, limit: int = 120) -> str:
    value = clean_text((value or "").strip())
    if not value:
        raise CommitteeError(f"Say the {what}.")
    if len(value) > limit:
        raise CommitteeError(f"The {what} is {len(value)} characters long; at most {limit}.")
    return value


# ------------------------------------------------------------------ keeping
def add_seat(db: Database, agency: str, title: str, opened_on: dt.date | None = None) -> int:
    if agency not in dict(AGENCIES):
        raise CommitteeError(f"'{agency}' is not an agency of the committee: choose "
                             + ", ".join(code for code, _ in AGENCIES) + ".")
    title = _clean(title, "seat's purpose (for example 'Mental health liaison officer')")
    with db.transaction() as conn:
        return conn.execute("INSERT INTO committee_seats(agency, title, opened_on, created_at) "
                            "VALUES (?,?,?,?)", (agency, title,
                                                 (opened_on or dt.date.today()).isoformat(),
                                                 iso(now_local()))).lastrowid


def appoint(db: Database, seat_id: int, position: str, name: str, role: str,
            took_on: dt.date) -> None:
    """A new lead or deputy from ``took_on``; whoever held that place leaves that day."""
    if position not in dict(POSITIONS):
        raise CommitteeError("A seat has a lead and a deputy.")
    name = _clean(name, "name")
    role = _clean(role, "role (for example 'Inspector, mental health lead')")
    with db.transaction() as conn:
        seat = _seat_row(conn, seat_id)
        if took_on < dt.date.fromisoformat(seat["opened_on"]):
            raise CommitteeError("That is before the seat was opened.")
        if took_on > dt.date.today() + dt.timedelta(days=1):
            raise CommitteeError("The day they took the seat is in the future.")
        current = conn.execute("SELECT id, took_on FROM seat_holders WHERE seat_id = ? AND "
                               "position = ? AND left_on IS NULL", (seat_id, position)).fetchone()
        if current is not None:
            if took_on < dt.date.fromisoformat(current["took_on"]):
                raise CommitteeError("That is before the present holder took the seat.")
            conn.execute("UPDATE seat_holders SET left_on = ? WHERE id = ?",
                         (took_on.isoformat(), current["id"]))
        conn.execute("INSERT INTO seat_holders(seat_id, position, role, name, took_on, at) "
                     "VALUES (?,?,?,?,?,?)", (seat_id, position, role, name,
                                              took_on.isoformat(), iso(now_local())))


def vacate(db: Database, seat_id: int, position: str, on: dt.date) -> None:
    """The lead or deputy left on ``on`` and nobody has taken the place yet."""
    with db.transaction() as conn:
        _seat_row(conn, seat_id)
        current = conn.execute("SELECT id, took_on FROM seat_holders WHERE seat_id = ? AND "
                               "position = ? AND left_on IS NULL", (seat_id, position)).fetchone()
        if current is None:
            raise CommitteeError(f"Nobody holds the {position} place of that seat.")
        if on < dt.date.fromisoformat(current["took_on"]):
            raise CommitteeError("That is before they took the seat.")
        conn.execute("UPDATE seat_holders SET left_on = ? WHERE id = ?",
                     (on.isoformat(), current["id"]))


def _seat_row(conn, seat_id: int):
    row = conn.execute("SELECT * FROM committee_seats WHERE id = ?", (seat_id,)).fetchone()
    if row is None:
        raise CommitteeError(f"There is no seat {seat_id}.")
    return row


def seats(db: Database) -> list[Seat]:
    """Every open seat, agency by agency in the committee's order."""
    order = {code: n for n, (code, _label) in enumerate(AGENCIES)}
    history: dict[int, list[Holder]] = {}
    for row in db.query("SELECT * FROM seat_holders ORDER BY took_on, id"):
        history.setdefault(row["seat_id"], []).append(Holder(
            row["position"], row["role"], row["name"], _date(row["took_on"]),
            _date(row["left_on"])))
    found = [Seat(row["id"], row["agency"], row["title"], _date(row["opened_on"]),
                  _date(row["closed_on"]), tuple(history.get(row["id"], ())))
             for row in db.query("SELECT * FROM committee_seats WHERE closed_on IS NULL")]
    return sorted(found, key=lambda seat: (order.get(seat.agency, 99), seat.id))


# ------------------------------------------------------------------ figures
@dataclass(frozen=True)
class Balance:
    agency: str
    seats: int
    meetings: int           # meetings held in the year
    attended: int           # of them, meetings the agency attended
    people: int             # names listed for it across those meetings

    @property
    def label(self) -> str:
        return agency_label(self.agency)

    def share(self) -> str:
        return f"{round(100 * self.attended / self.meetings)}%" if self.meetings else "–"


def balance(db: Database, today: dt.date) -> list[Balance]:
    """Attendance by agency over the year to ``today``, beside each agency's seats."""
    since = today - dt.timedelta(days=YEAR)
    held = [m for m in meetings(db) if since < m.date <= today]
    per_agency: dict[str, int] = {}
    for seat in seats(db):
        per_agency[seat.agency] = per_agency.get(seat.agency, 0) + 1
    return [Balance(code, per_agency.get(code, 0), len(held),
                    sum(1 for m in held if code in m.present()),
                    sum(_people(m.attendees.get(code) or {}) for m in held))
            for code, _label in AGENCIES]


def _people(entry: dict) -> int:
    """How many people an attendance entry lists ("A, B; C" is three); present with no
    names is one."""
    if not entry.get("present"):
        return 0
    names = [part for part in re.split(r"[,;\n]| and ", str(entry.get("names") or ""))
             if part.strip()]
    return max(len(names), 1)


def empty_seats(db: Database, today: dt.date) -> list[tuple[Seat, int]]:
    """Seats whose lead place has been empty for more than ``EMPTY_DAYS``, longest first."""
    found = []
    for seat in seats(db):
        since = seat.lead_empty_since(today)
        if since is not None and (today - since).days > EMPTY_DAYS:
            found.append((seat, (today - since).days))
    return sorted(found, key=lambda item: -item[1])


def summary_lines(db: Database, today: dt.date) -> list[str]:
    """What the dashboard and `members list` say about membership, in sentences."""
    lines = []
    for seat, days in empty_seats(db, today):
        lines.append(f"{agency_label(seat.agency)}: {seat.title} has had no lead for {days} "
                     "days.")
    since = today - dt.timedelta(days=YEAR)
    for seat in seats(db):
        changes = seat.lead_changes(seat.opened_on, today)
        if changes:
            recent = seat.lead_changes(since, today)
            lines.append(f"{agency_label(seat.agency)}: {seat.title} has changed lead "
                         f"{changes} time{'s' if changes != 1 else ''} since it opened on "
                         f"{_day(seat.opened_on)} ({recent} in the last year).")
    return lines


def holder_text(seat: Seat, position: str, today: dt.date) -> str:
    held = seat.holder(position, today)
    if held is not None:
        return held.text()
    if position == "lead":
        since = seat.lead_empty_since(today)
        return f"EMPTY since {_day(since)} ({(today - since).days} days)"
    return "EMPTY"
