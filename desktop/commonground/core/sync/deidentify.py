"""What the committee may see: one record per incident with no names, no patient or staff
identifiers, no free text, dates to the day and place to the ward.

Each incident gets a stable pseudonym (a keyed hash of its id, the key known only to the
advisor hub), so the committee counts an incident once however many exports carry it, and
cannot link it back to a report. Anything typed freely ("other: ...") becomes "Other".
The record shape is a whitelist: the committee's importer refuses any other field.

Police assistance requests and section 136 episodes travel the same way, as codes, days and
minutes: never a name, an address, a phone number, a team, an officer's number or anything
typed freely.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets

from ..records import outcomes
from ..records.kinds.assistance import fields as af
from ..records.kinds.incident import fields as incident_kind
from ..records.kinds.s136 import fields as sf
from ..records.kinds.s136 import rules as s136_rules
from ..storage.db import Database
from ..timeutil import parse_time

INCIDENT_FIELDS = {
    "type", "id", "incident_date", "reported_date", "delay_hours", "site", "ward", "setting",
    "types", "aggravating", "victims", "perpetrator", "harm", "treatment", "absence",
    "police_informed", "police_attended", "crime_reference", "late", "riddor",
    "supports_prosecution", "case",
}
CASE_FIELDS = {"opened", "steps", "decision", "nfa_reason", "decision_date", "court_outcome",
               "closed", "closing_reason"}
ASSISTANCE_FIELDS = {
    "type", "id", "assessment_date", "submitted_date", "urgency", "address_type", "warrant",
    "warrant_kind", "reason", "risks", "ambulance", "notice_days", "notice_rule",
    "late_notice", "outcome", "minutes_late", "cancelled_by", "cancel_reason", "rebooked",
}
S136_FIELDS = {
    "type", "id", "detained_date", "site", "age", "consulted", "consulted_who", "conveyance",
    "place_type", "station_reason", "station_confirmed", "wait_minutes", "duration_minutes",
    "outcome", "extended", "extension_hours", "over_limit",
}
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
        "setting": _code(incident_kind.SETTINGS, data.get("setting")),
        "types": _codes(incident_kind.INCIDENT_TYPES, data.get("incident_types")),
        "aggravating": _codes(incident_kind.AGGRAVATING, data.get("aggravating")),
        "victims": [kind for kind in (v.get("kind") for v in data.get("victims") or []
                                      if isinstance(v, dict))
                    if kind in dict(incident_kind.VICTIM_KINDS)],
        "perpetrator": _code(incident_kind.PERPETRATOR_KINDS, data.get("perpetrator_kind")),
        "harm": _code(incident_kind.HARM_GRADES, data.get("harm_grade")),
        "treatment": _code(incident_kind.TREATMENTS, data.get("treatment")),
        "absence": _code(incident_kind.ABSENCE, data.get("absence")),
        "police_informed": _code(incident_kind.YES_NO_NOT_YET, data.get("police_informed")),
        "police_attended": _code(incident_kind.YES_NO, data.get("police_attended")),
        "crime_reference": bool(str(data.get("crime_reference") or "").strip()),
        "late": bool(data.get("late_report")), "riddor": bool(data.get("riddor_suggested")),
        "supports_prosecution": _code(incident_kind.SUPPORTS_PROSECUTION,
                                      data.get("supports_prosecution")),
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
    from ..cases.steps import CLOSING_REASONS

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


def _whole(value) -> int | None:
    """A whole number from a number or from digits typed in a text field; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def assistance_record(secret: bytes, report: dict, outcome: dict | None) -> dict:
    """A police assistance request and its latest outcome, as codes and days."""
    data = report["data"]
    notice = data.get("notice") if isinstance(data.get("notice"), dict) else {}
    given, rule = _whole(notice.get("given")), _whole(notice.get("rule"))
    outcome = outcome or {}
    happened = _code(af.OUTCOMES, outcome.get("outcome"))
    cancelled = happened == "cancelled"
    return {
        "type": "assistance", "id": pseudonym(secret, report["uuid"]),
        "assessment_date": _day(data.get("assessment_at")),
        "submitted_date": _day(report["submitted_at"]),
        "urgency": _code(af.URGENCY, data.get("urgency")),
        "address_type": _code(af.ADDRESS_TYPES, data.get("address_type")),
        "warrant": _code(af.WARRANT, data.get("warrant")),
        "warrant_kind": _code(af.WARRANT_KINDS, data.get("warrant_kind"))
        if data.get("warrant") == "held" else None,
        "reason": _code(af.REASONS, data.get("reason")),
        "risks": [key for key, _question, _prompt in af.RISKS
                  if data.get(f"risk_{key}") == "yes"],
        "ambulance": _code(af.AMBULANCE, data.get("ambulance")),
        "notice_days": given, "notice_rule": rule,
        "late_notice": data.get("urgency") == "planned" and given is not None
        and rule is not None and given < rule,
        "outcome": happened,
        "minutes_late": _whole(outcome.get("minutes_late")) if happened == "late" else None,
        "cancelled_by": _code(af.CANCELLED_BY, outcome.get("cancelled_by"))
        if cancelled else None,
        "cancel_reason": _code(af.CANCEL_REASONS, outcome.get("cancel_reason"))
        if cancelled else None,
        "rebooked": cancelled and bool(outcome.get("rebooked_at")),
    }


def s136_record(secret: bytes, report: dict, known_places: set[str]) -> dict:
    """A section 136 episode as codes, a day, a site and minutes."""
    data = report["data"]
    station = data.get("place_type") == "police_station"
    ticked = set(data.get("station_conditions") or [])
    extended = data.get("extended") == "yes"
    span = s136_rules.detention_span(data)
    return {
        "type": "s136", "id": pseudonym(secret, report["uuid"]),
        "detained_date": _day(data.get("detained_at")),
        "site": _place(data.get("site"), data.get("site") in known_places),
        "age": _code(sf.AGE, data.get("age")),
        "consulted": _code(sf.CONSULTED, data.get("consulted")),
        "consulted_who": _code(sf.CONSULTED_WHO, data.get("consulted_who"))
        if data.get("consulted") == "yes" else None,
        "conveyance": _code(sf.CONVEYANCE, data.get("conveyance")),
        "place_type": _code(sf.PLACES, data.get("place_type")),
        "station_reason": _code(sf.STATION_REASONS, data.get("station_reason"))
        if station else None,
        "station_confirmed": all(code in ticked for code, _ in sf.REG2_CONDITIONS)
        if station else None,
        "wait_minutes": s136_rules.police_wait_minutes(data),
        "duration_minutes": max(int(span[0].total_seconds() // 60), 0) if span else None,
        "outcome": _code(sf.OUTCOMES, data.get("outcome")),
        "extended": extended,
        "extension_hours": _whole(data.get("extension_hours")) if extended else None,
        "over_limit": bool(span and span[0] > span[1]),
    }


def _submitted(db: Database, kind: str):
    for row in db.query("SELECT id, uuid, submitted_at, data FROM reports WHERE status != "
                        "'draft' AND redacted = 0 AND kind = ? ORDER BY id", (kind,)):
        yield row["id"], {"uuid": row["uuid"], "submitted_at": row["submitted_at"],
                          "data": json.loads(row["data"])}


def assistance_records(db: Database) -> list[dict]:
    """Every submitted police assistance request on the advisor hub, with its latest outcome."""
    secret = _secret(db)
    return [assistance_record(secret, report, outcomes.latest_outcome(db, report_id))
            for report_id, report in _submitted(db, "police_assistance")]


def s136_records(db: Database, known_places: set[str]) -> list[dict]:
    """Every submitted section 136 episode on the advisor hub."""
    secret = _secret(db)
    return [s136_record(secret, report, known_places) for _id, report in _submitted(db, "s136")]


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
    if kind in SHAPES:
        return _check_shape(record, SHAPES[kind])
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


# ------------------------------------------- requests and episodes: the exact shapes
def _one_of(choices):
    codes = {code for code, _ in choices}
    return lambda value: value is None or value in codes


def _list_of(codes):
    return lambda value: isinstance(value, list) and len(set(value)) == len(value) and \
        all(item in codes for item in value)


def _whole_in(low: int, high: int):
    return lambda value: value is None or (isinstance(value, int) and
                                           not isinstance(value, bool) and low <= value <= high)


def _is_day(value) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, str) and len(value) == 10 and \
            dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _is_id(value) -> bool:
    return isinstance(value, str) and len(value) == 24 and \
        all(c in "0123456789abcdef" for c in value)


def _is_bool(value) -> bool:
    return isinstance(value, bool)


# Every field, and what it may hold: codes from the form's own lists, days, whole numbers.
SHAPES = {
    "assistance": {
        "type": lambda value: value == "assistance", "id": _is_id,
        "assessment_date": _is_day, "submitted_date": _is_day,
        "urgency": _one_of(af.URGENCY), "address_type": _one_of(af.ADDRESS_TYPES),
        "warrant": _one_of(af.WARRANT), "warrant_kind": _one_of(af.WARRANT_KINDS),
        "reason": _one_of(af.REASONS), "risks": _list_of({key for key, _q, _p in af.RISKS}),
        "ambulance": _one_of(af.AMBULANCE), "notice_days": _whole_in(0, 400),
        "notice_rule": _whole_in(0, 100), "late_notice": _is_bool,
        "outcome": _one_of(af.OUTCOMES), "minutes_late": _whole_in(0, 1440),
        "cancelled_by": _one_of(af.CANCELLED_BY), "cancel_reason": _one_of(af.CANCEL_REASONS),
        "rebooked": _is_bool,
    },
    "s136": {
        "type": lambda value: value == "s136", "id": _is_id, "detained_date": _is_day,
        "site": lambda value: isinstance(value, str) and len(value) <= 120,
        "age": _one_of(sf.AGE), "consulted": _one_of(sf.CONSULTED),
        "consulted_who": _one_of(sf.CONSULTED_WHO), "conveyance": _one_of(sf.CONVEYANCE),
        "place_type": _one_of(sf.PLACES), "station_reason": _one_of(sf.STATION_REASONS),
        "station_confirmed": lambda value: value is None or isinstance(value, bool),
        "wait_minutes": _whole_in(0, 60 * 24 * 30),
        "duration_minutes": _whole_in(0, 60 * 24 * 30), "outcome": _one_of(sf.OUTCOMES),
        "extended": _is_bool, "extension_hours": _whole_in(1, 12), "over_limit": _is_bool,
    },
}
assert set(SHAPES["assistance"]) == ASSISTANCE_FIELDS and set(SHAPES["s136"]) == S136_FIELDS


def _check_shape(record: dict, shape: dict) -> str | None:
    extra, missing = set(record) - set(shape), set(shape) - set(record)
    if extra:
        return f"unexpected fields {sorted(extra)}"
    if missing:
        return f"missing fields {sorted(missing)}"
    for key, fits in shape.items():
        if not fits(record[key]):
            return f"'{key}' holds something this version does not expect"
    return None
