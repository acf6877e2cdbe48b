"""What the committee may see: one record per incident with no names, no patient or staff
identifiers, no free text, dates to the day and place to the ward.

Each incident gets a stable pseudonym (a keyed hash of its id, the key known only to the
advisor hub), so the committee counts an incident once however many exports carry it, and
cannot link it back to a report. Anything typed freely ("other: ...") becomes "Other".
The record shape is a whitelist: the committee's importer refuses any other field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets

from .. import report_fields as rf
from ..db import Database
from ..incidents import parse_time

INCIDENT_FIELDS = {
    "type", "id", "incident_date", "reported_date", "delay_hours", "site", "ward", "setting",
    "types", "aggravating", "victims", "perpetrator", "harm", "treatment", "absence",
    "police_informed", "police_attended", "crime_reference", "late", "riddor",
    "supports_prosecution", "case",
}
CASE_FIELDS = {"opened", "steps", "decision", "nfa_reason", "decision_date", "court_outcome",
               "closed", "closing_reason"}
ACK_FIELDS = {"type", "uuid", "protocol_id", "version", "name", "date", "site"}
NOTE_FIELDS = {"type", "uuid", "date", "title", "text"}


def _secret(db: Database) -> bytes:
    value = db.get_setting("deidentify_key")
    if not value:
        db.set_setting("deidentify_key", secrets.token_hex(32))
        value = db.get_setting("deidentify_key")
    return bytes.fromhex(value)


def pseudonym(secret: bytes, report_uuid: str) -> str:
    return hmac.new(secret, report_uuid.encode(), hashlib.sha256).hexdigest()[:24]


def _day(value) -> str | None:
    moment = parse_time(value) if isinstance(value, str) else None
    if moment:
        return moment.date().isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat() if value else None
    except (TypeError, ValueError):
        return None


def _code(choices, value) -> str | None:
    codes = {code for code, _ in choices}
    return value if value in codes else None


def _codes(choices, values) -> list[str]:
    codes = [code for code, _ in choices]
    return [code for code in codes if code in (values or [])]


def _place(value, listed: bool) -> str:
    if not value:
        return ""
    return "Other" if value == "other" or not listed else str(value)


def incident_record(secret: bytes, report: dict, case: dict | None,
                    steps: list[dict], known_places: set[str]) -> dict:
    data = report["data"]
    incident = parse_time(data.get("incident_at"))
    reported = parse_time(data.get("reported_at") or report["submitted_at"])
    delay = int((reported - incident).total_seconds() // 3600) if incident and reported else None
    record = {
        "type": "incident", "id": pseudonym(secret, report["uuid"]),
        "incident_date": _day(data.get("incident_at")),
        "reported_date": _day(data.get("reported_at") or report["submitted_at"]),
        "delay_hours": max(delay, 0) if delay is not None else None,
        "site": _place(data.get("site"), data.get("site") in known_places),
        "ward": _place(data.get("location"), data.get("location") in known_places),
        "setting": _code(rf.SETTINGS, data.get("setting")),
        "types": _codes(rf.INCIDENT_TYPES, data.get("incident_types")),
        "aggravating": _codes(rf.AGGRAVATING, data.get("aggravating")),
        "victims": [kind for kind in (v.get("kind") for v in data.get("victims") or []
                                      if isinstance(v, dict))
                    if kind in dict(rf.VICTIM_KINDS)],
        "perpetrator": _code(rf.PERPETRATOR_KINDS, data.get("perpetrator_kind")),
        "harm": _code(rf.HARM_GRADES, data.get("harm_grade")),
        "treatment": _code(rf.TREATMENTS, data.get("treatment")),
        "absence": _code(rf.ABSENCE, data.get("absence")),
        "police_informed": _code(rf.YES_NO_NOT_YET, data.get("police_informed")),
        "police_attended": _code(rf.YES_NO, data.get("police_attended")),
        "crime_reference": bool(str(data.get("crime_reference") or "").strip()),
        "late": bool(data.get("late_report")),
        "riddor": bool(data.get("riddor_suggested")),
        "supports_prosecution": _code(rf.SUPPORTS_PROSECUTION, data.get("supports_prosecution")),
        "case": None,
    }
    if case is not None:
        by_step = {s["step"]: s for s in steps}
        police = by_step.get("police_informed", {})
        if police.get("status") == "done":
            # What the case learnt since the report counts: police told, reference given.
            record["police_informed"] = "yes"
            if json.loads(police.get("detail") or "{}").get("crime_reference"):
                record["crime_reference"] = True
        decision = by_step.get("decision", {})
        detail = json.loads(decision.get("detail") or "{}")
        court = json.loads(by_step.get("court", {}).get("detail") or "{}")
        record["case"] = {
            "opened": _day(case["opened_at"]),
            "steps": {key: {"status": step["status"], "done": _day(step["done_on"])}
                      for key, step in by_step.items()},
            "decision": detail.get("decision") if decision.get("status") == "done" else None,
            "nfa_reason": detail.get("nfa_reason") if decision.get("status") == "done" else None,
            "decision_date": _day(decision.get("done_on")),
            "court_outcome": court.get("outcome"),
            "closed": _day(case["closed_at"]),
            "closing_reason": _closing_code(case["closing_reason"]),
        }
    return record


def _closing_code(text: str | None) -> str | None:
    from ..case_steps import CLOSING_REASONS

    if not text:
        return None
    for code, label in CLOSING_REASONS:
        if text == label or text.startswith(label + ":"):
            return code
    return "other"


def incident_records(db: Database, known_places: set[str]) -> list[dict]:
    """Every submitted report on the advisor hub (its own and received), de-identified."""
    secret = _secret(db)
    reports = db.query("SELECT id, uuid, submitted_at, data FROM reports WHERE status != "
                       "'draft' AND redacted = 0 AND kind = 'incident' ORDER BY id")
    cases = {row["report_id"]: dict(row) for row in db.query(
        "SELECT id, report_id, opened_at, closed_at, closing_reason FROM cases "
        "WHERE report_id IS NOT NULL")}
    steps: dict[int, list] = {}
    for row in db.query("SELECT case_id, step, status, done_on, detail FROM case_steps"):
        steps.setdefault(row["case_id"], []).append(dict(row))
    out = []
    for row in reports:
        report = {"uuid": row["uuid"], "submitted_at": row["submitted_at"],
                  "data": json.loads(row["data"])}
        case = cases.get(row["id"])
        out.append(incident_record(secret, report, case,
                                   steps.get(case["id"], []) if case else [], known_places))
    return out


def ack_records(db: Database) -> list[dict]:
    return [{"type": "ack", "uuid": row["uuid"], "protocol_id": row["protocol_id"],
             "version": row["version"], "name": row["name"], "date": _day(row["at"]),
             "site": row["site"]}
            for row in db.query("SELECT * FROM acknowledgements ORDER BY id")]


def note_records(db: Database) -> list[dict]:
    """Cases of note: summaries the advisor wrote for the committee, without identifiers."""
    return [{"type": "note", "uuid": row["uuid"], "date": _day(row["at"]),
             "title": row["title"], "text": row["text"]}
            for row in db.query("SELECT uuid, at, title, text FROM case_notes ORDER BY id")]


def check_record(record: dict) -> str | None:
    """Refuse anything but the whitelisted shape: nothing identifiable can slip through."""
    kind = record.get("type")
    if kind == "incident":
        extra = set(record) - INCIDENT_FIELDS
        if extra:
            return f"unexpected fields {sorted(extra)}"
        if not isinstance(record.get("id"), str) or len(record["id"]) != 24:
            return "no valid id"
        for key in ("types", "aggravating", "victims"):
            if not isinstance(record.get(key), list) or \
                    not all(isinstance(v, str) and len(v) < 40 for v in record[key]):
                return f"'{key}' is not a list of codes"
        for key in ("site", "ward"):
            if not isinstance(record.get(key), str) or len(record[key]) > 120:
                return f"'{key}' is not a place name"
        case = record.get("case")
        if case is not None:
            if not isinstance(case, dict) or set(case) - CASE_FIELDS:
                return "the case part has unexpected fields"
            if not isinstance(case.get("steps"), dict):
                return "the case steps are missing"
        return None
    if kind == "ack":
        if set(record) - ACK_FIELDS:
            return "unexpected fields in an acknowledgement"
        if not all(isinstance(record.get(k), str) for k in ("uuid", "protocol_id", "version",
                                                            "name")):
            return "an acknowledgement needs uuid, protocol, version and name"
        return None
    if kind == "note":
        if set(record) - NOTE_FIELDS:
            return "unexpected fields in a case of note"
        if not all(isinstance(record.get(k), str) and record[k] for k in
                   ("uuid", "date", "title", "text")) or len(record["text"]) > 4000:
            return "a case of note needs a date, a title and a text (at most 4,000 characters)"
        return None
    return f"unknown record type {str(kind)[:20]!r}"
