"""What the advisor does to a case: record a step, add a note, change a due date, close it,
reopen it. Each is one transaction with its timeline entry; the timeline is never rewritten.

Step order is advice, not a cage, so contradictions are warnings, not refusals. What is
refused is what cannot be true: a date before the incident or in the future, a decision
with no outcome, closing with work still to do and no reason.
"""

from __future__ import annotations

import datetime as dt
import re

from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import iso, now_local
from ..workdays import Calendar, default_calendar
from . import steps as cs
from .workflow import (
    CaseError,
    _date,
    _event,
    _refresh,
    _report_status,
    _set_step,
    _tell_reporter,
    get_case,
    steps,
)

_REFERENCE = re.compile(r"^[A-Za-z0-9/\- ]{1,30}$")
NO_COURT = "No charge, so no court case"
MAX_NOTE = 10000


def _open_case_row(conn, case_id: int):
    case = conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
    if case is None:
        raise CaseError("This case does not exist.")
    return case


def _check_date(case, done_on: dt.date | None, today: dt.date) -> None:
    if done_on is None:
        raise CaseError("Enter the date it was done.")
    incident = _date(case["incident_at"])
    if incident and done_on < incident:
        raise CaseError(f"The date cannot be before the incident "
                        f"({incident.strftime('%d %b %Y').lstrip('0')}).")
    if done_on > today:
        raise CaseError("The date cannot be in the future.")


def _step_detail(key: str, detail: dict) -> tuple[dict, str]:
    """Check the step's own answers; return them cleaned, with a one-line summary."""
    detail = {k: v for k, v in (detail or {}).items() if v not in (None, "", [])}
    if key == "police_informed":
        crn = str(detail.get("crime_reference") or "").strip()
        if crn and not _REFERENCE.match(crn):
            raise CaseError("A crime reference number is up to 30 letters, numbers, '/' or "
                            "'-'.")
        return ({"crime_reference": crn} if crn else {}), \
            (f"Crime reference {crn}" if crn else "")
    if key == "wishes_recorded":
        wish = detail.get("wish")
        if wish not in ("yes", "no", "undecided"):
            raise CaseError("Choose the victim's wish: supports prosecution, does not, or "
                            "undecided.")
        words = {"yes": "Supports prosecution", "no": "Does not support prosecution",
                 "undecided": "Undecided"}[wish]
        return {"wish": wish}, words
    if key == "decision":
        decision = detail.get("decision")
        if decision not in dict(cs.DECISIONS):
            raise CaseError("Choose the decision: charge, caution, community resolution or no "
                            "further action.")
        clean = {"decision": decision}
        summary = cs.label(cs.DECISIONS, decision)
        if decision == "nfa":
            reason = detail.get("nfa_reason")
            if reason not in dict(cs.NFA_REASONS):
                raise CaseError("Choose the reason the police or CPS gave for no further "
                                "action.")
            clean["nfa_reason"] = reason
            if reason == "other":
                text = str(detail.get("nfa_other") or "").strip()
                if not text:
                    raise CaseError("Say what the other reason for no further action was.")
                clean["nfa_other"] = text
            summary += f" ({clean.get('nfa_other') or cs.label(cs.NFA_REASONS, reason)})"
        if detail.get("offence"):
            clean["offence"] = str(detail["offence"]).strip()
        return clean, summary
    if key == "court":
        outcome = detail.get("outcome")
        if outcome not in dict(cs.COURT_OUTCOMES):
            raise CaseError("Choose the court outcome.")
        clean = {"outcome": outcome}
        for name in ("hearings", "sentence"):
            if detail.get(name):
                clean[name] = detail[name]
        summary = cs.label(cs.COURT_OUTCOMES, outcome)
        if clean.get("sentence"):
            summary += f"; sentence: {clean['sentence']}"
        return clean, summary
    return {}, ""


def _reporter_news(key: str, status: str, detail: dict) -> str | None:
    if status != "done":
        return None
    if key == "police_informed":
        crn = detail.get("crime_reference")
        return "Police have been told" + (f"; crime reference {crn}." if crn else ".")
    if key == "cctv_requested":
        return "CCTV has been asked to be kept."
    if key == "statements_taken":
        return "Police have taken statements."
    if key == "decision":
        decision = detail["decision"]
        if decision == "nfa":
            reason = detail.get("nfa_other") or cs.label(cs.NFA_REASONS, detail["nfa_reason"])
            return f"The police or CPS decided to take no further action. Reason: {reason}."
        return {"charge": "The police or CPS decided to charge the person.",
                "caution": "The person was given a caution.",
                "community_resolution": "The police dealt with it by a community "
                                        "resolution."}[decision]
    if key == "court":
        text = f"Court outcome: {cs.label(cs.COURT_OUTCOMES, detail['outcome']).lower()}"
        return text + (f"; sentence: {detail['sentence']}." if detail.get("sentence") else ".")
    return None


def record_step(db: Database, case_id: int, key: str, *, status: str, by: str,
                done_on: dt.date | None = None, note: str = "", na_reason: str = "",
                detail: dict | None = None, now: dt.datetime | None = None,
                calendar: Calendar | None = None) -> list[str]:
    """Record a step as done, not applicable, or back to do. Returns warnings to show."""
    now = now or now_local()
    calendar = calendar or default_calendar()
    if key not in cs.STEP_BY_KEY:
        raise CaseError(f"Unknown step {key!r}.")
    if status not in dict(cs.STEP_STATUS):
        raise CaseError("Choose done, not applicable or to do.")
    if not by.strip():
        raise CaseError("Say who did it.")
    note = clean_text(note.strip())
    na_reason = clean_text(na_reason or "")
    by = clean_text(by)
    if len(note) > MAX_NOTE or len(na_reason) > MAX_NOTE:
        raise CaseError("Keep the note under 10,000 characters.")
    clean, summary = ({}, "")
    with db.transaction() as conn:
        case = _open_case_row(conn, case_id)
        if case["status"] != "open":
            raise CaseError("This case is closed. Reopen it to record a step.")
        if status == "done":
            _check_date(case, done_on, now.date())
            clean, summary = _step_detail(key, detail or {})
        elif status == "na":
            if not na_reason.strip():
                raise CaseError("Say why this step does not apply.")
            done_on = None
        else:
            done_on = None
        _set_step(conn, case_id, key, status, done_on=done_on, by=by.strip(), note=note,
                  na_reason=na_reason.strip() if status == "na" else None, detail=clean)
        _event(conn, case_id, now, by.strip(), "step",
               {"step": key, "status": status, "summary": summary, "note": note,
                "na_reason": na_reason.strip() if status == "na" else "",
                "done_on": done_on.isoformat() if done_on else None})
        if key == "police_informed":
            conn.execute("UPDATE cases SET crime_reference = ? WHERE id = ?",
                         (clean.get("crime_reference") if status == "done" else None, case_id))
        if key == "decision":
            _after_decision(conn, case_id, status, clean, done_on, by.strip(), now, calendar)
        news = _reporter_news(key, status, clean)
        if news:
            _tell_reporter(conn, case, now, by.strip(), news)
        _refresh(conn, case_id)
    return warnings(db, case_id, today=now.date())


def _after_decision(conn, case_id, status, clean, done_on, by, now, calendar) -> None:
    decided = status == "done"
    conn.execute("UPDATE cases SET decision = ?, nfa_reason = ? WHERE id = ?",
                 (clean.get("decision") if decided else None,
                  clean.get("nfa_reason") if decided else None, case_id))
    told_due = calendar.add_working_days(done_on, cs.STEP_BY_KEY["victim_told"].due_days) \
        if decided else None
    conn.execute("UPDATE case_steps SET due = ? WHERE case_id = ? AND step = 'victim_told' "
                 "AND status = 'todo'", (told_due.isoformat() if told_due else None, case_id))
    court = conn.execute("SELECT status, na_reason FROM case_steps WHERE case_id = ? AND "
                         "step = 'court'", (case_id,)).fetchone()
    if decided and clean["decision"] != "charge" and court["status"] == "todo":
        _set_step(conn, case_id, "court", "na", done_on=None, by=by, na_reason=NO_COURT)
        _event(conn, case_id, now, by, "step", {"step": "court", "status": "na",
                                                "na_reason": NO_COURT})
    elif (not decided or clean["decision"] == "charge") and court["status"] == "na" \
            and court["na_reason"] == NO_COURT:
        # The decision changed (a review, say): the court step is live again.
        _set_step(conn, case_id, "court", "todo", done_on=None, by=by)
        _event(conn, case_id, now, by, "step", {"step": "court", "status": "todo",
                                                "note": "The decision changed"})


def warnings(db: Database, case_id: int, today: dt.date | None = None) -> list[str]:
    """Answers that contradict each other, or deadlines that matter most, in plain words."""
    today = today or dt.date.today()
    found = []
    by_key = {step.key: step for step in steps(db, case_id)}
    case = get_case(db, case_id)
    decision, police = by_key["decision"], by_key["police_informed"]
    if decision.status == "done" and decision.detail.get("decision") != "nfa" \
            and police.status != "done":
        found.append("A charge, caution or community resolution is recorded, but 'Police "
                     "informed' is not done.")
    if by_key["court"].status == "done" and decision.detail.get("decision") != "charge":
        found.append("A court outcome is recorded, but the decision recorded is not a charge.")
    if by_key["victim_told"].status == "done" and decision.status != "done":
        found.append("'Victim told' is done, but no decision is recorded yet.")
    if case is not None and case.is_open and by_key["cctv_requested"].overdue(today):
        found.append("The CCTV preservation request is overdue: the recording may already be "
                     "overwritten.")
    wish = by_key["wishes_recorded"].detail.get("wish")
    if wish == "no" and decision.detail.get("decision") == "charge":
        found.append("The victim's recorded wish is not to support prosecution, but a charge "
                     "is recorded. Check the victim's wishes are up to date.")
    return found


def set_due(db: Database, case_id: int, key: str, due: dt.date | None, by: str,
            now: dt.datetime | None = None) -> None:
    now = now or now_local()
    if key not in cs.STEP_BY_KEY:
        raise CaseError(f"Unknown step {key!r}.")
    if not (by or "").strip():
        raise CaseError("Say who is changing the due date.")
    with db.transaction() as conn:
        case = _open_case_row(conn, case_id)
        if case["status"] != "open":
            raise CaseError("This case is closed. Reopen it to change a due date.")
        incident = _date(case["incident_at"])
        if due and incident and due < incident:
            raise CaseError("A due date cannot be before the incident.")
        conn.execute("UPDATE case_steps SET due = ? WHERE case_id = ? AND step = ?",
                     (due.isoformat() if due else None, case_id, key))
        _event(conn, case_id, now, by, "due", {"step": key,
                                               "due": due.isoformat() if due else None})
        _refresh(conn, case_id)


def add_note(db: Database, case_id: int, text: str, by: str,
             now: dt.datetime | None = None) -> None:
    text = clean_text((text or "").strip())
    if not text:
        raise CaseError("Write the note first.")
    if len(text) > MAX_NOTE:
        raise CaseError("Keep the note under 10,000 characters.")
    with db.transaction() as conn:
        _open_case_row(conn, case_id)
        _event(conn, case_id, now or now_local(), by, "note", {"text": text})


def record_aid_answer(db: Database, case_id: int, detail: dict, by: str,
                      now: dt.datetime | None = None) -> None:
    """A decision aid's answer the advisor chose to keep: one event on the case's timeline
    (``detail["text"]`` is what the timeline shows; the rest is the whole answer)."""
    if not str(detail.get("text") or "").strip():
        raise CaseError("There is no answer to record.")
    if not (by or "").strip():
        raise CaseError("Say who is recording this.")
    with db.transaction() as conn:
        _open_case_row(conn, case_id)
        _event(conn, case_id, now or now_local(), by, "aid", detail)


def close_case(db: Database, case_id: int, reason: str, by: str, explanation: str = "",
               now: dt.datetime | None = None) -> None:
    now = now or now_local()
    if reason not in dict(cs.CLOSING_REASONS):
        raise CaseError("Choose why the case is being closed.")
    explanation = explanation.strip()
    if reason == "other" and not explanation:
        raise CaseError("Say why the case is being closed.")
    with db.transaction() as conn:
        case = _open_case_row(conn, case_id)
        if case["status"] != "open":
            raise CaseError("This case is already closed.")
        left = conn.execute("SELECT count(*) FROM case_steps WHERE case_id = ? AND "
                            "status = 'todo'", (case_id,)).fetchone()[0]
        if left and not explanation:
            raise CaseError(f"{left} step{'s are' if left != 1 else ' is'} still to do. Say "
                            "why the case is being closed anyway.")
        text = cs.label(cs.CLOSING_REASONS, reason) + (f": {explanation}" if explanation else "")
        conn.execute("UPDATE cases SET status = 'closed', closed_at = ?, closing_reason = ? "
                     "WHERE id = ?", (iso(now), text, case_id))
        _event(conn, case_id, now, by, "closed", {"reason": text, "code": reason})
        _report_status(conn, case["report_id"], "closed", now, by)
        # The reporter may not be the victim: they hear the reason, not the advisor's notes.
        _tell_reporter(conn, case, now, by,
                       f"The case is closed: {cs.label(cs.CLOSING_REASONS, reason)}.")
        _refresh(conn, case_id)


def reopen_case(db: Database, case_id: int, reason: str, by: str,
                now: dt.datetime | None = None) -> None:
    now = now or now_local()
    reason = reason.strip()
    if not reason:
        raise CaseError("Say why the case is being reopened.")
    with db.transaction() as conn:
        case = _open_case_row(conn, case_id)
        if case["status"] == "open":
            raise CaseError("This case is already open.")
        conn.execute("UPDATE cases SET status = 'open', closed_at = NULL, closing_reason = NULL "
                     "WHERE id = ?", (case_id,))
        _event(conn, case_id, now, by, "reopened", {"reason": reason})
        _report_status(conn, case["report_id"], "case_open", now, by)
        _tell_reporter(conn, case, now, by, "The case has been reopened.")
        _refresh(conn, case_id)
