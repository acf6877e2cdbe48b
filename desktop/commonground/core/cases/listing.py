"""The advisor's dashboard: open cases by what is overdue, due this week, or waiting on others.

Counts and pages come straight from the denormalised columns the case actions keep up to
date (next_due, waiting_on), so the dashboard costs the same few queries however many
cases there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..storage.db import Database
from . import steps as cs

SORTS = {"due": "c.next_due", "number": "c.number", "incident": "c.incident_at",
         "opened": "c.opened_at", "victim": "c.victim", "summary": "c.summary"}
BUCKETS = ("overdue", "due_week", "waiting")


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    state: str = "open"            # open, closed or all
    bucket: str | None = None      # overdue, due_week, waiting
    waiting_on: str | None = None  # police, police or CPS, clinician, court
    sort: str = "due"
    descending: bool = False


@dataclass(frozen=True)
class CaseRow:
    id: int
    number: str
    reference: str | None
    status: str
    incident_at: str | None
    summary: str
    victim: str
    next_due: str | None
    next_step: str | None
    waiting_on: str | None
    decision: str | None

    @property
    def next_step_title(self) -> str:
        step = cs.STEP_BY_KEY.get(self.next_step or "")
        return step.title if step else ""


OWNER_WORDS = {"advisor": "Advisor", "police": "Police", "police or CPS": "Police or CPS",
               "clinician": "Clinician", "court": "Court"}


def waiting_words(waiting_on: str | None) -> str:
    """Who a case waits on, as the table says it: each once, and "police or CPS" left out
    when the police are named already ("police, police or CPS" reads "Police"); the stored
    list keeps both, so the filter finds the case by either."""
    owners = [o.strip() for o in (waiting_on or "").split(",") if o.strip()]
    shown = [o for o in dict.fromkeys(owners)
             if not (" or " in o and any(part in owners for part in o.split(" or ")))]
    return ", ".join(OWNER_WORDS.get(o, o) for o in shown)


def _where(query: CaseQuery, today: dt.date) -> tuple[str, list]:
    clauses, params = [], []
    if query.state in ("open", "closed"):
        clauses.append("c.status = ?")
        params.append(query.state)
    if query.bucket == "overdue":
        clauses.append("c.next_due < ?")
        params.append(today.isoformat())
    elif query.bucket == "due_week":
        clauses.append("c.next_due >= ? AND c.next_due <= ?")
        params += [today.isoformat(), (today + dt.timedelta(days=6)).isoformat()]
    elif query.bucket == "waiting":
        clauses.append("c.waiting_on IS NOT NULL")
    if query.waiting_on:
        clauses.append("(', ' || c.waiting_on || ', ') LIKE ?")
        params.append(f"%, {query.waiting_on}, %")
    text = query.text.strip()
    if text:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append("(c.number LIKE ? ESCAPE '\\' OR c.summary LIKE ? ESCAPE '\\' OR "
                       "c.victim LIKE ? ESCAPE '\\' OR c.crime_reference LIKE ? ESCAPE '\\' "
                       "OR r.reference LIKE ? ESCAPE '\\')")
        params += [like] * 5
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_FROM = " FROM cases AS c LEFT JOIN reports AS r ON r.id = c.report_id"


def count_cases(db: Database, query: CaseQuery, today: dt.date | None = None) -> int:
    where, params = _where(query, today or dt.date.today())
    return db.query_one("SELECT count(*)" + _FROM + where, params)[0]


def list_cases(db: Database, query: CaseQuery, offset: int, limit: int,
               today: dt.date | None = None) -> list[CaseRow]:
    where, params = _where(query, today or dt.date.today())
    column = SORTS.get(query.sort, SORTS["due"])
    direction = "DESC" if query.descending else "ASC"
    # Cases with no due date (closed, or nothing pending) go last whichever way.
    sql = ("SELECT c.id, c.number, r.reference, c.status, c.incident_at, c.summary, c.victim, "
           "c.next_due, c.next_step, c.waiting_on, c.decision" + _FROM + where +
           f" ORDER BY {column} IS NULL, {column} {direction}, c.id LIMIT ? OFFSET ?")
    rows = db.query(sql, params + [int(limit), int(offset)])
    return [CaseRow(*tuple(row)) for row in rows]


def dashboard_counts(db: Database, today: dt.date | None = None) -> dict[str, int]:
    today = today or dt.date.today()
    row = db.query_one(
        "SELECT count(*) AS open, "
        "sum(next_due < ?) AS overdue, "
        "sum(next_due >= ? AND next_due <= ?) AS due_week, "
        "sum(waiting_on IS NOT NULL) AS waiting "
        "FROM cases WHERE status = 'open'",
        (today.isoformat(), today.isoformat(), (today + dt.timedelta(days=6)).isoformat()))
    return {key: int(row[key] or 0) for key in ("open", "overdue", "due_week", "waiting")}
