"""What the committee may see of a police assistance request: codes, days and minutes, never
a name, an address, a phone number, a team or anything typed freely; and what it keeps of
one in ``deid_assistance``.
"""

from __future__ import annotations

from ... import deid
from ..base import Committee
from . import fields as f


def deidentify(secret: bytes, report: dict, extra: dict) -> dict:
    """A police assistance request and its latest outcome, as codes and days."""
    data = report["data"]
    notice = data.get("notice") if isinstance(data.get("notice"), dict) else {}
    given, rule = deid.whole(notice.get("given")), deid.whole(notice.get("rule"))
    outcome = extra.get("outcome") or {}
    happened = deid.code(f.OUTCOMES, outcome.get("outcome"))
    cancelled = happened == "cancelled"
    return {
        "type": "assistance", "id": deid.pseudonym(secret, report["uuid"]),
        "assessment_date": deid.day(data.get("assessment_at")),
        "submitted_date": deid.day(report["submitted_at"]),
        "urgency": deid.code(f.URGENCY, data.get("urgency")),
        "address_type": deid.code(f.ADDRESS_TYPES, data.get("address_type")),
        "warrant": deid.code(f.WARRANT, data.get("warrant")),
        "warrant_kind": deid.code(f.WARRANT_KINDS, data.get("warrant_kind"))
        if data.get("warrant") == "held" else None,
        "reason": deid.code(f.REASONS, data.get("reason")),
        "risks": [key for key, _question, _prompt in f.RISKS
                  if data.get(f"risk_{key}") == "yes"],
        "ambulance": deid.code(f.AMBULANCE, data.get("ambulance")),
        "notice_days": given, "notice_rule": rule,
        "late_notice": data.get("urgency") == "planned" and given is not None
        and rule is not None and given < rule,
        "outcome": happened,
        "minutes_late": deid.whole(outcome.get("minutes_late")) if happened == "late" else None,
        "cancelled_by": deid.code(f.CANCELLED_BY, outcome.get("cancelled_by"))
        if cancelled else None,
        "cancel_reason": deid.code(f.CANCEL_REASONS, outcome.get("cancel_reason"))
        if cancelled else None,
        "rebooked": cancelled and bool(outcome.get("rebooked_at")),
    }


# Every field, and what it may hold: codes from the form's own lists, days, whole numbers.
SHAPE = deid.Shape({
    "type": lambda value: value == "assistance", "id": deid.is_id,
    "assessment_date": deid.is_day, "submitted_date": deid.is_day,
    "urgency": deid.one_of(f.URGENCY), "address_type": deid.one_of(f.ADDRESS_TYPES),
    "warrant": deid.one_of(f.WARRANT), "warrant_kind": deid.one_of(f.WARRANT_KINDS),
    "reason": deid.one_of(f.REASONS), "risks": deid.list_of(key for key, _q, _p in f.RISKS),
    "ambulance": deid.one_of(f.AMBULANCE), "notice_days": deid.whole_in(0, 400),
    "notice_rule": deid.whole_in(0, 100), "late_notice": deid.is_bool,
    "outcome": deid.one_of(f.OUTCOMES), "minutes_late": deid.whole_in(0, 1440),
    "cancelled_by": deid.one_of(f.CANCELLED_BY),
    "cancel_reason": deid.one_of(f.CANCEL_REASONS), "rebooked": deid.is_bool,
})


def columns(record: dict) -> dict:
    day = record.get("assessment_date")
    return {"month": day[:7] if day else None, "assessment_date": day,
            **{key: record.get(key) for key in (
                "urgency", "address_type", "warrant", "reason", "notice_days", "ambulance",
                "outcome", "minutes_late", "cancelled_by", "cancel_reason")},
            "late_notice": 1 if record.get("late_notice") else 0,
            "rebooked": 1 if record.get("rebooked") else 0}


COMMITTEE = Committee(deidentify, SHAPE, table="deid_assistance", columns=columns)
