"""What the committee may see of a police assistance request: codes, days and minutes, never
a name, an address, a phone number, a team or anything typed freely; what it keeps of one
in ``deid_assistance``, and its figures.

The figures answer what the committee used to settle by hand audits: who cancels the
Mental Health Act assessments police were asked to attend, and why; how much notice
planned requests give. A request is counted in the month of its assessment. It has no
site (an AMHP service makes it for an address), so the site and ward filters do not apply
to it, and its tables say so. No table shows every part beside their sum (requests,
planned and urgent, say), so a count hidden as "<5" in a shared copy cannot be worked out
from its row.
"""

from __future__ import annotations

import statistics

from ... import deid
from ...figures import ByBand, ByChoice, ByMonth, ByRule, Count, Headline
from ..base import Committee, Dashboard
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


# ------------------------------------------------------------------ figures
NOTICE_BANDS = ((0, 0, "None (the same or the next working day)"), (1, 1, "1 working day"),
                (2, 2, "2 working days"), (3, 4, "3 or 4 working days"),
                (5, 9, "5 to 9 working days"), (10, None, "10 working days or more"))


def _cancelled_by(party: str, who: str) -> ByChoice:
    """Why one party cancelled: every reason listed for both, so they read side by side."""
    return ByChoice(f"cancelled_by_{who.split()[0]}",
                    f"Assessments cancelled by {who}: the reasons", "Reason", "Cancellations",
                    "cancel_reason", f.CANCEL_REASONS,
                    of=lambda r: r["outcome"] == "cancelled" and r["cancelled_by"] == party)


def _notice_note(planned: list[dict]) -> str:
    given = [r["notice_days"] for r in planned if r["notice_days"] is not None]
    words = ["Working days from the day after the request to the day before the assessment."]
    if given:
        middle = statistics.median(given)
        middle = int(middle) if float(middle).is_integer() else round(middle, 1)
        words.append(f"Median notice: {middle} working day{'s' if middle != 1 else ''}.")
    rules = sorted({r["notice_rule"] for r in planned if r["notice_rule"] is not None})
    if not rules:
        words.append("No notice rule was set when these requests were made.")
    else:
        days = " or ".join(str(rule) for rule in rules)
        words.append(f"The rule asked for at least {days} working days"
                     + (" (it changed in this period)." if len(rules) > 1 else "."))
    return " ".join(words)


FIGURES = (
    ByRule("request_outcomes", "What happened to the requests", "What happened", "Requests",
           rules=(("Police attended on time", lambda r: r["outcome"] == "on_time"),
                  ("Police attended late", lambda r: r["outcome"] == "late"),
                  ("Police did not attend", lambda r: r["outcome"] == "did_not_attend"),
                  ("Cancelled by police", lambda r: r["outcome"] == "cancelled"
                   and r["cancelled_by"] == "police"),
                  ("Cancelled by health or social care", lambda r: r["outcome"] == "cancelled"
                   and r["cancelled_by"] == "health_social_care")),
           share="Share of requests", rest="Not recorded yet",
           note="As recorded after the assessment by the person who asked for police; the "
                "latest record counts."),
    _cancelled_by("police", "police"),
    _cancelled_by("health_social_care", "health or social care"),
    ByMonth("requests_by_month", "Police assistance requests by month",
            (Count("Requests"), Count("Urgent", lambda r: r["urgency"] == "urgent"),
             Count("Planned, with less notice than the rule", lambda r: r["late_notice"])),
            note="Counted in the month of the assessment."),
    ByBand("notice", "Notice given for planned requests", "Notice given", "Requests",
           value=lambda r: r["notice_days"], bands=NOTICE_BANDS,
           of=lambda r: r["urgency"] == "planned", note=_notice_note),
)

DASHBOARD = Dashboard(
    tab="Police &assistance", section="Police assistance at Mental Health Act assessments",
    unit="request",
    intro=lambda counted, where, _unfiltered: (
        f"{counted} for police assistance at a Mental Health Act assessment, counted by the "
        f"date of the assessment ({where}: a request has no site)."),
    none="There were no requests for police assistance with an assessment in this period",
    counted_by="the date of the assessment",
    unfiltered="Requests are counted for all sites: a request has no site.",
    figures=FIGURES,
    headline=(Headline("requests", len, "{} police assistance requests",
                       label="Requests for police assistance"),),
    from_record=("notice_rule",))

COMMITTEE = Committee(deidentify, SHAPE, table="deid_assistance", columns=columns,
                      date_column="assessment_date", dashboard=DASHBOARD)
