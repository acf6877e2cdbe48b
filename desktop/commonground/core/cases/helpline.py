"""A call to the advisor's helpline: who called, when, what about, which report if any; a
case opened from it if the advisor asks (from the report if one is named, else from the
call itself)."""

from __future__ import annotations

import datetime as dt

from ..records.drafts import find_report
from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import FUTURE_TOLERANCE, iso, parse_time
from ..workdays import Calendar, default_calendar
from .workflow import (
    Case,
    CaseError,
    _create,
    _event,
    _mark_received,
    _now,
    _open_from_report,
    _refresh,
    get_case,
)


def log_helpline_contact(db: Database, *, caller: str, what: str, by: str,
                         at: dt.datetime | None = None, caller_role: str = "",
                         organisation: str = "", phone: str = "", report_reference: str = "",
                         incident_at: str | None = None, open_case: bool = True,
                         now: dt.datetime | None = None,
                         calendar: Calendar | None = None) -> tuple[int, Case | None]:
    """A call to the helpline: who, when, what, which report if any; optionally a case."""
    now = _now(now)
    at = at or now
    if not caller.strip():
        raise CaseError("Enter who called.")
    if not what.strip():
        raise CaseError("Write what the call was about.")
    if at > now + FUTURE_TOLERANCE:
        raise CaseError("The time of the call is in the future.")
    incident = parse_time(incident_at) if incident_at else None
    if incident_at and incident is None:
        raise CaseError("The incident date is not a date and time.")
    if incident and incident > at:
        raise CaseError("The incident cannot be after the call about it.")
    caller, what = clean_text(caller.strip()), clean_text(what.strip())
    caller_role = clean_text(caller_role.strip())
    organisation = clean_text(organisation.strip())
    phone = clean_text(phone.strip())
    if len(what) > 10000:
        raise CaseError("Keep the description of the call under 10,000 characters.")
    report = None
    if report_reference.strip():
        report = find_report(db, report_reference)
        if report is None:
            raise CaseError(f"There is no report {report_reference.strip()} on this computer. "
                            "Check the reference, or leave it empty.")
    with db.transaction() as conn:
        case_id = None
        if report is not None:
            _mark_received(conn, report, by, now)
            existing = conn.execute("SELECT id FROM cases WHERE report_id = ?",
                                    (report.id,)).fetchone()
            case_id = existing["id"] if existing else None
        if open_case and case_id is None:
            if report is not None:
                case_id = _open_from_report(
                    conn, db, report, (report.data.get("victims") or [{}])[0], by, now,
                    calendar or default_calendar())
            else:
                case_id = _create(conn, db, source="helpline", report_id=None, received=at,
                                  incident=incident_at, summary=what.strip()[:120],
                                  victim="Caller: " + ", ".join(dict.fromkeys(
                                      p for p in (caller, caller_role, organisation) if p)),
                                  crime_reference=None, by=by, now=now,
                                  calendar=calendar or default_calendar(),
                                  opened_text=f"Case opened from a helpline call from {caller}")
                _refresh(conn, case_id)
        cursor = conn.execute(
            "INSERT INTO helpline_contacts(at, logged_by, caller, caller_role, organisation, "
            "phone, what, report_reference, incident_at, case_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (iso(at), by, caller, caller_role, organisation, phone, what,
             report.reference if report else None, incident_at, case_id))
        if case_id is not None:
            _event(conn, case_id, now, by, "note", {"text": f"Helpline call from {caller}: "
                                                            f"{what}"})
    return cursor.lastrowid, (get_case(db, case_id) if case_id else None)
