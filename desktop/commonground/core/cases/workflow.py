"""Prosecution-support cases: from a received report or a helpline call to an outcome.

A case is a checklist of steps (steps.py) with due dates, an append-only timeline, and
plain-word messages for the person who reported. Every change is one transaction that also
refreshes what the dashboard sorts on (next due date, who it waits on), so the dashboard
never recomputes 10,000 checklists to draw a page.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..errors import UserError
from ..records import columns
from ..records import fields as rf
from ..records import kinds as rk
from ..records.drafts import get_report
from ..records.kinds.incident import fields as incident_fields
from ..records.record import Report
from ..storage.db import Database
from ..textutil import whole_number
from ..timeutil import iso, now_local, parse_time
from ..workdays import Calendar, default_calendar
from . import steps as cs


class CaseError(UserError):
    """A case action that cannot be done; the message is written for the advisor."""


@dataclass(frozen=True)
class Case:
    id: int
    number: str
    report_id: int | None
    source: str
    status: str
    opened_at: str
    received_at: str
    incident_at: str | None
    summary: str
    victim: str
    crime_reference: str | None
    decision: str | None
    nfa_reason: str | None
    closed_at: str | None
    closing_reason: str | None
    next_due: str | None
    next_step: str | None
    waiting_on: str | None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class CaseStep:
    key: str
    title: str
    owner: str
    status: str
    due: str | None
    done_on: str | None
    done_by: str | None
    note: str
    na_reason: str | None
    detail: dict

    def overdue(self, today: dt.date) -> bool:
        return self.status == "todo" and bool(self.due) and \
            dt.date.fromisoformat(self.due) < today


@dataclass(frozen=True)
class CaseEvent:
    at: str
    author: str
    kind: str
    detail: dict

    def describe(self) -> str:
        d = self.detail
        if self.kind == "opened":
            return d.get("text", "Case opened")
        if self.kind == "step":
            title = cs.STEP_BY_KEY[d["step"]].title if d.get("step") in cs.STEP_BY_KEY \
                else d.get("step", "")
            status = cs.label(cs.STEP_STATUS, d.get("status"))
            extra = [d.get("summary") or "", d.get("note") or "", d.get("na_reason") or ""]
            return f"{title}: {status}" + "".join(f". {e}" for e in extra if e)
        if self.kind == "due":
            step = cs.STEP_BY_KEY.get(d.get("step"))
            title = step.title if step else str(d.get("step"))
            return f"Due date for '{title}' set to {d.get('due') or 'none'}"
        if self.kind == "note":
            return f"Note: {d.get('text', '')}"
        if self.kind == "closed":
            return f"Case closed: {d.get('reason', '')}"
        if self.kind == "reopened":
            return f"Case reopened: {d.get('reason', '')}"
        if self.kind == "message":
            return f"Reporter told: {d.get('text', '')}"
        if self.kind == "ward_aid":
            return f"Recorded on the ward PC: {d.get('text', '')}"
        return d.get("text", self.kind)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or now_local()


def _date(value) -> dt.date | None:
    moment = parse_time(value) if isinstance(value, str) and "T" in value else None
    if moment:
        return moment.date()
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _row_case(row) -> Case:
    return Case(*(row[name] for name in Case.__dataclass_fields__))


def _event(conn, case_id: int, at: dt.datetime, author: str, kind: str, detail: dict) -> None:
    conn.execute("INSERT INTO case_events(case_id, at, author, kind, detail) "
                 "VALUES (?,?,?,?,?)",
                 (case_id, iso(at), author, kind, json.dumps(detail, ensure_ascii=False)))


def _tell_reporter(conn, case, at: dt.datetime, author: str, text: str) -> None:
    """A short status message in plain words for the person who reported."""
    if case["report_id"] is None:
        return
    conn.execute("INSERT INTO report_messages(report_id, case_id, at, text) VALUES (?,?,?,?)",
                 (case["report_id"], case["id"], iso(at), text))
    _event(conn, case["id"], at, author, "message", {"text": text})


def _report_status(conn, report_id: int | None, status: str, at: dt.datetime, author: str,
                   note: str = "") -> None:
    if report_id is None:
        return
    current = conn.execute("SELECT status FROM reports WHERE id = ?", (report_id,)).fetchone()
    if current is None or current["status"] == status:
        return
    conn.execute("UPDATE reports SET status = ?, updated_at = ? WHERE id = ?",
                 (status, iso(at), report_id))
    conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) "
                 "VALUES (?,?,?,?,?)", (report_id, iso(at), author, "status",
                                        json.dumps({"status": status, "note": note})))


# ------------------------------------------------------------------- opening
def cctv_days(db: Database) -> int:
    """How long the site keeps CCTV: the advisor's setting, else IT's policy, else 28 days."""
    for key in ("cctv_retention_days", "cctv_retention_days_policy"):
        days = whole_number(db.get_setting(key))
        if days is not None and 0 < days <= 3650:
            return days
    return cs.STEP_BY_KEY["cctv_requested"].due_days


def _next_number(conn, year: int) -> str:
    row = conn.execute("SELECT last FROM case_counters WHERE year = ?", (year,)).fetchone()
    number = (row["last"] if row else 0) + 1
    conn.execute("INSERT INTO case_counters(year, last) VALUES (?, ?) ON CONFLICT(year) "
                 "DO UPDATE SET last = excluded.last", (year, number))
    return f"C-{year}-{number:04d}"


def _create(conn, db: Database, *, source: str, report_id: int | None, received: dt.datetime,
            incident: str | None, summary: str, victim: str, crime_reference: str | None,
            by: str, now: dt.datetime, calendar: Calendar, opened_text: str) -> int:
    number = _next_number(conn, now.year)
    cursor = conn.execute(
        "INSERT INTO cases(number, report_id, source, status, opened_at, opened_by, "
        "received_at, incident_at, summary, victim, crime_reference) "
        "VALUES (?,?,?, 'open', ?,?,?,?,?,?,?)",
        (number, report_id, source, iso(now), by, iso(received), incident,
         summary, victim, crime_reference))
    case_id = cursor.lastrowid
    days = cs.due_defaults(db.get_setting("case_due_days"))
    days["cctv_requested"] = cctv_days(db)
    incident_day = _date(incident)
    for ordinal, step in enumerate(cs.STEPS):
        due = cs.due_date(step, days.get(step.key, 0), received=received.date(),
                          incident=incident_day, decision=None, calendar=calendar)
        conn.execute("INSERT INTO case_steps(case_id, step, ordinal, status, due) "
                     "VALUES (?,?,?, 'todo', ?)",
                     (case_id, step.key, ordinal, due.isoformat() if due else None))
    _event(conn, case_id, now, by, "opened", {"text": opened_text})
    return case_id


def receive_report(db: Database, report_id: int, by: str, now: dt.datetime | None = None,
                   calendar: Calendar | None = None) -> Case | None:
    """The report has reached the advisor: mark it received; open a case for a worker victim.

    Idempotent: receiving the same report twice changes nothing.
    """
    now = _now(now)
    report = get_report(db, report_id)
    if report is None or report.is_draft:
        raise CaseError("Only a submitted report can be received.")
    existing = case_for_report(db, report_id)
    if existing is not None:
        return existing
    victims = [v for v in report.data.get("victims") or [] if isinstance(v, dict)]
    workers = [v for v in victims if v.get("kind") in incident_fields.WORKER_VICTIMS] \
        if rk.kind_of(report.data).opens_case else []
    with db.transaction() as conn:
        _mark_received(conn, report, by, now)
        if not workers:
            return None
        case_id = _open_from_report(conn, db, report, workers[0], by, now,
                                    calendar or default_calendar())
    return get_case(db, case_id)


def receive_queued(db: Database, by: str, now: dt.datetime | None = None) -> int:
    """On the advisor hub's own computer, records made there reach the advisor at once:
    receive every one still queued. Returns how many."""
    rows = db.query("SELECT id FROM reports WHERE status = 'queued'")
    for row in rows:
        receive_report(db, row["id"], by, now=now)
    return len(rows)


def _mark_received(conn, report: Report, by: str, now: dt.datetime) -> None:
    """The moment the advisor has the report: deadlines count from here."""
    if report.status in ("queued", "sent"):
        _report_status(conn, report.id, "received", now, by)
        conn.execute("INSERT INTO report_messages(report_id, at, text) VALUES (?,?,?)",
                     (report.id, iso(now), "Received by the Trust's violence and "
                                                     "prosecution advisor."))


def open_case_for_report(db: Database, report_id: int, by: str,
                         now: dt.datetime | None = None,
                         calendar: Calendar | None = None) -> Case:
    """Open a case by hand for a received report whose victim was not a worker."""
    now = _now(now)
    report = get_report(db, report_id)
    if report is None or report.is_draft:
        raise CaseError("Only a submitted report can have a case.")
    if case_for_report(db, report_id) is not None:
        raise CaseError("This report already has a case.")
    kind = rk.kind_of(report.data)
    if not kind.opens_case:
        raise CaseError("Prosecution cases are for incident reports; this is a "
                        f"{kind.words.short.lower()}.")
    victims = [v for v in report.data.get("victims") or [] if isinstance(v, dict)] or [{}]
    with db.transaction() as conn:
        _mark_received(conn, report, by, now)
        case_id = _open_from_report(conn, db, report, victims[0], by, now,
                                    calendar or default_calendar())
    return get_case(db, case_id)


def _open_from_report(conn, db, report: Report, victim: dict, by: str,
                      now: dt.datetime, calendar: Calendar) -> int:
    data = report.data
    received = _received_time(conn, report.id) or now
    crn = (data.get("crime_reference") or "").strip() \
        if data.get("police_informed") == "yes" else ""
    summary = " · ".join(p for p in (columns.types_label(data),
                                      columns.place_label(data)) if p)
    case_id = _create(conn, db, source="report", report_id=report.id, received=received,
                      incident=data.get("incident_at"), summary=summary,
                      victim=_victim_text(victim), crime_reference=crn or None, by=by, now=now,
                      calendar=calendar, opened_text=f"Case opened from report "
                                                    f"{report.reference}")
    if crn:
        told = _date(data.get("police_informed_at")) or received.date()
        reporter = data.get("reporter_name") or "reporter"
        _set_step(conn, case_id, "police_informed", "done", done_on=told, by=reporter,
                  note="From the report", detail={"crime_reference": crn})
        _event(conn, case_id, now, by, "step",
               {"step": "police_informed", "status": "done", "note": "From the report",
                "summary": f"Crime reference {crn}", "done_on": told.isoformat()})
    wish = rf.label_for(incident_fields.SUPPORTS_PROSECUTION, data.get("supports_prosecution"))
    _event(conn, case_id, now, by, "note",
           {"text": "The report says, of the victim's wishes: supports prosecution: " + wish})
    _report_status(conn, report.id, "case_open", now, by)
    case = conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
    _tell_reporter(conn, case, now, by, "A case has been opened to follow this up with the "
                                        "police.")
    _refresh(conn, case_id)
    return case_id


def _received_time(conn, report_id: int) -> dt.datetime | None:
    row = conn.execute("SELECT at FROM report_events WHERE report_id = ? AND kind = 'status' "
                       "AND json_extract(detail, '$.status') = 'received' ORDER BY id LIMIT 1",
                       (report_id,)).fetchone()
    return parse_time(row["at"]) if row else None


def _victim_text(victim: dict) -> str:
    kind = rf.label_for(incident_fields.VICTIM_KINDS, victim.get("kind"))
    role = (victim.get("role") or "").strip()
    return f"{kind} ({role})" if role and kind else (kind or role)


# ------------------------------------------------------------------- reading
def get_case(db: Database, case_id: int) -> Case | None:
    row = db.query_one("SELECT * FROM cases WHERE id = ?", (case_id,))
    return _row_case(row) if row else None


def find_case(db: Database, number: str) -> Case | None:
    row = db.query_one("SELECT * FROM cases WHERE number = ? COLLATE NOCASE "
                       "OR report_id = (SELECT id FROM reports WHERE reference = ? "
                       "COLLATE NOCASE)", (number.strip(), number.strip()))
    return _row_case(row) if row else None


def case_for_report(db: Database, report_id: int) -> Case | None:
    row = db.query_one("SELECT * FROM cases WHERE report_id = ?", (report_id,))
    return _row_case(row) if row else None


def steps(db: Database, case_id: int) -> list[CaseStep]:
    rows = db.query("SELECT * FROM case_steps WHERE case_id = ? ORDER BY ordinal", (case_id,))
    out = []
    for row in rows:
        step = cs.STEP_BY_KEY[row["step"]]
        out.append(CaseStep(row["step"], step.title, step.owner, row["status"], row["due"],
                            row["done_on"], row["done_by"], row["note"], row["na_reason"],
                            json.loads(row["detail"])))
    return out


def timeline(db: Database, case_id: int) -> list[CaseEvent]:
    """The case's events in the order they were written, with the decision-aid answers the
    ward PC recorded on the report merged in by time (they arrive with the report or after
    it, whenever the ward PC records them)."""
    rows = db.query("SELECT at, author, kind, detail FROM case_events WHERE case_id = ? "
                    "ORDER BY id", (case_id,))
    own = [CaseEvent(r["at"], r["author"], r["kind"], json.loads(r["detail"])) for r in rows]
    rows = db.query("SELECT e.at, e.author, e.detail FROM report_events e JOIN cases c ON "
                    "c.report_id = e.report_id WHERE c.id = ? AND e.kind = 'aid' AND "
                    "json_extract(e.detail, '$.from_ward') ORDER BY e.at, e.id", (case_id,))
    ward = [CaseEvent(r["at"], r["author"], "ward_aid", json.loads(r["detail"])) for r in rows]
    merged: list[CaseEvent] = []
    while own and ward:
        merged.append(ward.pop(0) if ward[0].at < own[0].at else own.pop(0))
    return merged + own + ward


def messages_for_report(db: Database, report_id: int) -> list[tuple[str, str]]:
    return [(r["at"], r["text"]) for r in db.query(
        "SELECT at, text FROM report_messages WHERE report_id = ? ORDER BY id", (report_id,))]


# ---------------------------------------------------------- low-level writes
def _set_step(conn, case_id: int, key: str, status: str, *, done_on: dt.date | None,
              by: str, note: str = "", na_reason: str | None = None,
              detail: dict | None = None) -> None:
    conn.execute("UPDATE case_steps SET status = ?, done_on = ?, done_by = ?, note = ?, "
                 "na_reason = ?, detail = ? WHERE case_id = ? AND step = ?",
                 (status, done_on.isoformat() if done_on else None,
                  by if status != "todo" else None, note, na_reason,
                  json.dumps(detail or {}, ensure_ascii=False), case_id, key))


def _refresh(conn, case_id: int) -> None:
    """Recompute what the dashboard sorts and filters on: next due date, who it waits on."""
    rows = conn.execute("SELECT step, status, due FROM case_steps WHERE case_id = ? "
                        "ORDER BY ordinal", (case_id,)).fetchall()
    status = {row["step"]: row["status"] for row in rows}
    todo = [row for row in rows if row["status"] == "todo" and row["due"]]
    todo.sort(key=lambda row: row["due"])
    waiting = []
    for row in rows:
        step = cs.STEP_BY_KEY[row["step"]]
        if row["status"] == "todo" and step.owner != "advisor" and step.after \
                and status.get(step.after) == "done" and step.owner not in waiting:
            waiting.append(step.owner)
    case = conn.execute("SELECT status FROM cases WHERE id = ?", (case_id,)).fetchone()
    is_open = case is not None and case["status"] == "open"
    conn.execute("UPDATE cases SET next_due = ?, next_step = ?, waiting_on = ? WHERE id = ?",
                 (todo[0]["due"] if todo and is_open else None,
                  todo[0]["step"] if todo and is_open else None,
                  ", ".join(waiting) if waiting and is_open else None, case_id))
