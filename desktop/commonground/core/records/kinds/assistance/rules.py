"""A police assistance request's own checks, facts and words: the notice it gives (in
working days, as the protocol counts), what is wrong with it or with its outcome, and what
the screens and documents say about it."""

from __future__ import annotations

import datetime as dt

from ....textutil import whole_number
from ....timeutil import format_time, parse_time
from ....workdays import default_calendar
from ...fields import is_shown, label_for
from .fields import ADDRESS_TYPES, CANCEL_REASONS, CANCELLED_BY, OUTCOME_FIELDS, OUTCOMES, URGENCY


def notice_days(sent: dt.datetime, assessment: dt.datetime, calendar) -> int:
    """Working days of notice: from the day after the request is sent up to the day before
    the assessment, skipping weekends and bank holidays (as the protocol counts)."""
    day, count = sent.date() + dt.timedelta(days=1), 0
    while day < assessment.date():
        if calendar.is_working_day(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


def late_notice(data: dict, sent: dt.datetime, notice_rule: int | None, calendar) -> int | None:
    """The notice given, if it is less than the rule for a planned request; else None."""
    assessment = parse_time(data.get("assessment_at"))
    if data.get("urgency") != "planned" or assessment is None or notice_rule is None:
        return None
    given = notice_days(sent, assessment, calendar) if assessment > sent else 0
    return given if given < notice_rule else None


def cross_checks(data: dict, now: dt.datetime, submitting: bool) -> list[tuple[str, str]]:
    found = []
    assessment = parse_time(data.get("assessment_at"))
    if assessment and assessment < now - dt.timedelta(days=30):
        found.append(("assessment_at", "The assessment is more than 30 days ago. Check the "
                                       "date: a request is made before the assessment."))
    if assessment and assessment > now + dt.timedelta(days=366):
        found.append(("assessment_at", "The assessment is more than a year away. Check the "
                                       "year."))
    ambulance = parse_time(data.get("ambulance_at")) if data.get("ambulance") == "yes" else None
    if ambulance and assessment and abs(ambulance - assessment) > dt.timedelta(hours=24):
        found.append(("ambulance_at", "The ambulance is booked more than a day from the "
                                      "assessment. Check both dates."))
    if data.get("reason") == "execute_warrant" and data.get("warrant") == "none":
        found.append(("warrant", "The reason is to execute a warrant, but no warrant is held "
                                 "or sought. Check both answers."))
    return found


def outcome_problems(values: dict, request: dict, now: dt.datetime) -> list[tuple[str, str]]:
    """What is wrong with an outcome, field by field, before it is recorded."""
    found = []
    for spec in OUTCOME_FIELDS:
        if not is_shown(spec, values):
            continue
        value = values.get(spec.key)
        if value in (None, "", []) or (isinstance(value, str) and not value.strip()):
            if spec.required:
                found.append((spec.key, spec.missing))
            continue
        if spec.max_length and isinstance(value, str) and len(value) > spec.max_length:
            found.append((spec.key, f"This is {len(value):,} characters long; the most is "
                                    f"{spec.max_length:,}."))
    if values.get("outcome") == "late" and str(values.get("minutes_late") or "").strip():
        minutes = whole_number(values["minutes_late"])
        if minutes is None or not 1 <= minutes <= 1440:
            found.append(("minutes_late", "Write the minutes late as a number from 1 to 1440."))
    rebooked = parse_time(values.get("rebooked_at")) if values.get("outcome") == "cancelled" \
        else None
    assessment = parse_time(request.get("assessment_at"))
    if rebooked and assessment and rebooked < assessment:
        found.append(("rebooked_at", "The new date is before the cancelled assessment. Check "
                                     "the date."))
    if values.get("outcome") in ("on_time", "late", "did_not_attend") and assessment \
            and assessment > now + dt.timedelta(minutes=5):
        found.append(("outcome", "The assessment has not happened yet; record this once it "
                                 "has (a cancellation can be recorded now)."))
    return found


def outcome_summary(values: dict) -> str:
    outcome = values.get("outcome")
    text = label_for(OUTCOMES, outcome)
    if outcome == "late" and values.get("minutes_late"):
        text += f" ({values['minutes_late']} minutes)"
    if outcome == "cancelled":
        reason = values.get("cancel_other") if values.get("cancel_reason") == "other" \
            else label_for(CANCEL_REASONS, values.get("cancel_reason"))
        text += f" by {label_for(CANCELLED_BY, values.get('cancelled_by')).lower()}"
        if reason:
            text += f": {reason[0].lower() + reason[1:]}"
        if values.get("rebooked_at"):
            text += f"; re-booked to {format_time(values['rebooked_at'])}"
    return text


def summary(data: dict) -> str:
    extra = []
    if data.get("urgency"):
        extra.append(label_for(URGENCY, data["urgency"]).split(" (")[0].lower())
    if data.get("warrant") == "held":
        extra.append("warrant held")
    return "Police assistance request" + (": " + ", ".join(extra) if extra else "")


def place(data: dict) -> str:
    kind = data.get("address_other") if data.get("address_type") == "other" \
        else label_for(ADDRESS_TYPES, data.get("address_type"))
    return str(kind or "")


def facts(data: dict, sent: dt.datetime, rules, calendar) -> dict:
    """The notice given in working days, and the rule it was measured against."""
    assessment = parse_time(data.get("assessment_at"))
    given = notice_days(sent, assessment, calendar or default_calendar()) \
        if assessment and assessment > sent else 0
    return {"notice": {"given": given, "rule": rules.notice_working_days}}


def flags(data: dict, sent: dt.datetime, rules, calendar) -> list[str]:
    given = late_notice(data, sent, rules.notice_working_days, calendar or default_calendar())
    if given is None:
        return []
    return [f"Late request: {given} working day{'s' if given != 1 else ''} of notice; "
            f"{rules.notice_source} asks for at least {rules.notice_working_days}. It can "
            "still be sent, and police will try to help. If it cannot wait, mark it urgent and "
            "say why."]


def document_rows(data: dict) -> list[tuple[str, str]]:
    notice = data.get("notice")
    if notice and notice.get("rule") is not None:
        return [("Notice given", f"{notice.get('given')} working days (the rule is at least "
                                 f"{notice['rule']})")]
    return []


def done(reference: str, notes: str, route: str) -> str:
    route = f" ({route})" if route else ""
    return (f"<h2>Request recorded</h2><p>Reference: <b>{reference}</b></p>{notes}"
            f"<p><b>Now send it to the police by the local route{route}.</b> Use "
            "<b>Copy as text</b> to paste it into an email or the police's system, or "
            "<b>Save as PDF</b> to attach it. Common Ground does not send it to the police "
            "itself.</p><p>After the assessment, or if it is cancelled, open it in "
            "<b>My reports</b> and choose <b>Record outcome</b>.</p><p>A copy goes to the "
            "Trust's violence and prosecution advisor and, without names or addresses, "
            "into the Police Liaison Committee's figures.</p>")
