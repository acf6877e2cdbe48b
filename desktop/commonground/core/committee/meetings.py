"""Meetings and the action log: issues raised at a meeting, carried to the next until done.

"Feedback about issues raised previously" is the committee's habit that works, so every
action keeps dated updates, and the meeting pack opens with what changed since the last
meeting. Who attended is kept by agency: one-sided meetings were the problem.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from ..errors import UserError
from ..staff import AGENCIES  # noqa: F401  (the one list, re-exported)
from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import iso, now_local

STATUSES = (("open", "Open"), ("in_progress", "In progress"), ("done", "Done"),
            ("dropped", "Dropped"))
MAX_TEXT = 4000


class CommitteeError(UserError, ValueError):
    """Something that cannot be saved; the message is written for the user."""


def status_label(code: str) -> str:
    return dict(STATUSES).get(code, code)


def agency_label(code: str) -> str:
    return dict(AGENCIES).get(code, code)


@dataclass(frozen=True)
class Meeting:
    id: int
    date: dt.date
    attendees: dict          # agency -> {"present": bool, "names": str}
    notes: str

    def present(self) -> list[str]:
        return [code for code, _ in AGENCIES if self.attendees.get(code, {}).get("present")]

    def absent(self) -> list[str]:
        return [code for code, _ in AGENCIES if code not in self.present()]


@dataclass(frozen=True)
class Update:
    date: dt.date
    author: str
    text: str
    status: str


@dataclass(frozen=True)
class Action:
    id: int
    meeting_id: int | None
    raised_by: str
    title: str
    detail: str
    owner_agency: str
    owner_role: str
    due_date: dt.date | None
    status: str
    created_at: str
    updates: tuple[Update, ...] = field(default=())

    @property
    def owner(self) -> str:
        role = f", {self.owner_role}" if self.owner_role else ""
        return agency_label(self.owner_agency) + role

    def overdue(self, today: dt.date) -> bool:
        return self.status in ("open", "in_progress") and bool(self.due_date) \
            and self.due_date < today


def _text(value: str, what: str, required: bool = True) -> str:
    value = clean_text((value or "").strip())
    if required and not value:
        raise CommitteeError(f"Enter {what}.")
    if len(value) > MAX_TEXT:
        raise CommitteeError(f"Keep {what} under {MAX_TEXT:,} characters.")
    return value


# ------------------------------------------------------------------ meetings
def add_meeting(db: Database, date: dt.date, attendees: dict, notes: str = "",
                now: dt.datetime | None = None) -> int:
    clean = {}
    for code, _ in AGENCIES:
        entry = attendees.get(code) or {}
        clean[code] = {"present": bool(entry.get("present")),
                       "names": _text(entry.get("names", ""), "the names", required=False)}
    with db.transaction() as conn:
        cursor = conn.execute("INSERT INTO meetings(date, attendees, notes, created_at) "
                              "VALUES (?,?,?,?)",
                              (date.isoformat(), json.dumps(clean),
                               _text(notes, "the notes", required=False),
                               iso(now or now_local())))
    return cursor.lastrowid


def _meeting(row) -> Meeting:
    return Meeting(row["id"], dt.date.fromisoformat(row["date"]), json.loads(row["attendees"]),
                   row["notes"])


def meetings(db: Database) -> list[Meeting]:
    return [_meeting(r) for r in db.query("SELECT * FROM meetings ORDER BY date DESC, id DESC")]


def get_meeting(db: Database, meeting_id: int) -> Meeting | None:
    row = db.query_one("SELECT * FROM meetings WHERE id = ?", (meeting_id,))
    return _meeting(row) if row else None


def previous_meeting(db: Database, before: dt.date) -> Meeting | None:
    row = db.query_one("SELECT * FROM meetings WHERE date < ? ORDER BY date DESC, id DESC "
                       "LIMIT 1", (before.isoformat(),))
    return _meeting(row) if row else None


# ------------------------------------------------------------------- actions
def add_action(db: Database, *, title: str, raised_by: str, owner_agency: str,
               owner_role: str = "", detail: str = "", due_date: dt.date | None = None,
               meeting_id: int | None = None, now: dt.datetime | None = None) -> int:
    title = _text(title, "what the action is")
    raised_by = _text(raised_by, "who raised it")
    if owner_agency not in dict(AGENCIES):
        raise CommitteeError("Choose the agency that owns the action.")
    meeting = get_meeting(db, meeting_id) if meeting_id else None
    if meeting_id and meeting is None:
        raise CommitteeError("That meeting does not exist.")
    if due_date and meeting and due_date < meeting.date:
        raise CommitteeError("The due date is before the meeting that raised it.")
    with db.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO actions(meeting_id, raised_by, title, detail, owner_agency, "
            "owner_role, due_date, status, created_at) VALUES (?,?,?,?,?,?,?, 'open', ?)",
            (meeting_id, raised_by, title, _text(detail, "the detail", required=False),
             owner_agency, _text(owner_role, "the owner's role", required=False),
             due_date.isoformat() if due_date else None, iso(now or now_local())))
    return cursor.lastrowid


def update_action(db: Database, action_id: int, *, date: dt.date, author: str, text: str,
                  status: str, now: dt.datetime | None = None) -> None:
    """A dated update; the action takes the update's status."""
    if status not in dict(STATUSES):
        raise CommitteeError("Choose the action's status.")
    author = _text(author, "who is giving the update")
    text = _text(text, "the update")
    now = now or now_local()
    if date > now.date():
        raise CommitteeError("An update cannot be dated in the future.")
    with db.transaction() as conn:
        row = conn.execute("SELECT coalesce(m.date, a.created_at) AS raised FROM actions a "
                           "LEFT JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?",
                           (action_id,)).fetchone()
        if row is None:
            raise CommitteeError("That action does not exist.")
        raised = dt.date.fromisoformat(row["raised"][:10])  # at its meeting, or when entered
        if date < raised:
            raise CommitteeError(f"The update is dated before the action was raised "
                                 f"({raised.day} {raised:%b %Y}).")
        conn.execute("INSERT INTO action_updates(action_id, date, author, text, status, at) "
                     "VALUES (?,?,?,?,?,?)", (action_id, date.isoformat(), author, text,
                                              status, iso(now)))
        conn.execute("UPDATE actions SET status = ? WHERE id = ?", (status, action_id))


def actions(db: Database, statuses: tuple[str, ...] | None = None) -> list[Action]:
    where, params = "", []
    if statuses:
        where = f" WHERE status IN ({','.join('?' * len(statuses))})"
        params = list(statuses)
    rows = db.query(f"SELECT * FROM actions{where} ORDER BY (due_date IS NULL), due_date, id",
                    params)
    updates: dict[int, list[Update]] = {}
    for row in db.query("SELECT action_id, date, author, text, status FROM action_updates "
                        "ORDER BY date, id"):
        updates.setdefault(row["action_id"], []).append(Update(
            dt.date.fromisoformat(row["date"]), row["author"], row["text"], row["status"]))
    return [Action(row["id"], row["meeting_id"], row["raised_by"], row["title"], row["detail"],
                   row["owner_agency"], row["owner_role"],
                   dt.date.fromisoformat(row["due_date"]) if row["due_date"] else None,
                   row["status"], row["created_at"], tuple(updates.get(row["id"], ())))
            for row in rows]


def changed_since(db: Database, since: dt.date | None, until: dt.date) -> list[Action]:
    """Actions with an update dated after ``since`` (up to ``until``), or raised since then."""
    found = []
    for action in actions(db):
        created = dt.date.fromisoformat(action.created_at[:10])
        recent = tuple(u for u in action.updates if (since is None or u.date > since)
                       and u.date <= until)
        if recent or since is None or since < created <= until:
            found.append(Action(**{**action.__dict__, "updates": recent or action.updates}))
    return found
