"""Typed answers to an aid's questions, turned into the aid's input: one function per aid.

The aid's dialog and its ``commonground check`` command both call these, so a slip is
refused in the same words wherever it was typed. ``answers`` maps the aid's question names
(its input's field names) to what was typed or chosen: text, a choice's code, "yes", "no"
or "not_known", a tick (True or False, or the words yes / no). Anything these cannot use
raises an ``AidInputError`` (a ``UserError``) whose message begins with the field's name
in words and whose ``field`` is the question's name, so a form can point at it. The aid's
own checks (a choice it does not know, times out of order) follow in its ``work_out``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..textutil import whole_number
from . import appropriate_adult as aa
from . import awol as awol_aid
from . import notice as notice_aid
from . import police_need as need
from . import police_station as ps
from . import prosecution_limit as limit
from . import s136_clock as clock
from .result import AidInputError
from .uktime import day_words, parse_day, parse_uk_time

Answers = Mapping[str, object]
YES_NO = {"yes": True, "no": False, "not_known": None, "": None}
_FLAGS = {"yes": True, "true": True, "no": False, "false": False, "": False}

LABELS = {
    # section 136 clock
    "arrived": "Arrival at the first place of safety",
    "transfer_at": "Moved to another place of safety at",
    "extension_hours": "Extension authorised, in hours",
    "extension_authorised_at": "Extension authorised at",
    "assessment_at_station": "Would the assessment be done at a police station",
    "superintendent_approved": "Superintendent approved the extension",
    # police station
    "imminent_risk": "Imminent risk of serious injury or death",
    "no_other_place": "No other place of safety can reasonably detain them",
    "healthcare_professional": "A healthcare professional present throughout",
    "inspector_authorised": "An inspector has authorised it",
    "decision_maker_inspector_or_above": "The decision-maker is an inspector or above",
    "reason_is_resources": "The reason given is a full 136 suite or no staff",
    # appropriate adult
    "police_connected": "Police officer, employee or contractor",
    "victim": "The victim of the offence",
    "witness": "A witness to the offence",
    "involved_in_investigation": "Involved in the investigation",
    "suspected": "Suspected of involvement in the offence",
    "received_admissions": "Heard the person admit the offence",
    "solicitor_acting": "At the station as the person's solicitor",
    "ward_of_offence": "Works on the ward where the offence happened",
    "detainee_objects": "The detainee objects to them",
    "able_now": "Able to do the job now",
    # AWOL
    "period_start": "Start of the current period",
    "first_day_absent": "First day of absence",
    "returned_on": "Day they came back",
    # prosecution time limit
    "offence_on": "Day of the offence",
    "could_be_common_assault": "It could be charged as common assault",
    "domestic": "Assailant and victim personally connected (domestic)",
    # notice
    "assessment_at": "The planned assessment",
    "ask_on": "When the request would be sent",
}


def named(field: str, label: str, error: AidInputError) -> AidInputError:
    """The same error (an ambiguous time stays one), its message led by the field's name."""
    message = str(error)
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    error.args = (f"{label}: {message}",)
    error.field = field
    return error


def text(answers: Answers, name: str) -> str:
    value = answers.get(name)
    return "" if value is None or isinstance(value, bool) else str(value).strip()


def uk_time(value, field: str, label: str | None = None, *,
            required: bool = False) -> dt.datetime | None:
    """A typed UK time, or None when left blank (unless it is required)."""
    typed = "" if value is None else str(value).strip()
    label = label or LABELS.get(field, field)
    if not typed and not required:
        return None
    try:
        return parse_uk_time(typed, field)
    except AidInputError as exc:
        raise named(field, label, exc) from None


def day(value, field: str, label: str | None = None, *,
        required: bool = False) -> dt.date | None:
    """A typed date, or None when left blank (unless it is required)."""
    typed = "" if value is None else str(value).strip()
    label = label or LABELS.get(field, field)
    if not typed:
        if not required:
            return None
        raise AidInputError(field, f"{label}: enter it, for example 2026-08-31.")
    try:
        return parse_day(typed, field)
    except AidInputError as exc:
        raise named(field, label, exc) from None


def yes_no(answers: Answers, name: str) -> str:
    """'yes', 'no' or 'not_known' (blank is not known: never taken as yes)."""
    value = text(answers, name).lower()
    if value in YES_NO:
        return value or "not_known"
    raise AidInputError(name, f"{LABELS[name]}: answer yes, no or not known "
                              f"('{_short(value)}' is none of them).")


def tristate(answers: Answers, name: str) -> bool | None:
    return YES_NO[yes_no(answers, name)]


def flag(answers: Answers, name: str) -> bool:
    value = answers.get(name)
    if isinstance(value, bool):
        return value
    typed = text(answers, name).lower()
    if typed in _FLAGS:
        return _FLAGS[typed]
    raise AidInputError(name, f"{LABELS[name]}: answer yes or no ('{_short(typed)}' is "
                              "neither).")


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


def _choice(answers: Answers, name: str) -> str:
    """A choice's code as given; the aid says which codes it knows."""
    return text(answers, name)


# ------------------------------------------------------------------ each aid
def s136_clock(answers: Answers, now: dt.datetime | None) -> clock.S136ClockInput:
    """``transfers``: the moves, each (time as typed, place code)."""
    moves = []
    for at, to_place in answers.get("transfers") or ():
        moves.append(clock.Transfer(uk_time(at, "transfer_at", required=True),
                                    "" if to_place is None else str(to_place).strip()))
    hours = text(answers, "extension_hours") or "0"
    if whole_number(hours) is None:
        raise AidInputError("extension_hours", f"{LABELS['extension_hours']}: "
                                               f"'{_short(hours)}' is not a whole number of "
                                               "hours (enter 0 for none).")
    return clock.S136ClockInput(
        arrived=uk_time(answers.get("arrived"), "arrived", required=True),
        start=_choice(answers, "start"), place=_choice(answers, "place"),
        age=_choice(answers, "age"), transfers=tuple(moves), extension_hours=whole_number(hours),
        extension_authorised_at=uk_time(answers.get("extension_authorised_at"),
                                        "extension_authorised_at"),
        extension_reason=_choice(answers, "extension_reason") or None,
        assessment_at_station=tristate(answers, "assessment_at_station"),
        superintendent_approved=tristate(answers, "superintendent_approved"), now=now)


def police_station(answers: Answers) -> ps.PoliceStationInput:
    return ps.PoliceStationInput(
        age=_choice(answers, "age"),
        **{name: yes_no(answers, name) for name, *_ in ps.CONDITIONS},
        decision_maker=_choice(answers, "decision_maker"),
        decision_maker_inspector_or_above=flag(answers, "decision_maker_inspector_or_above"),
        consulted=_choice(answers, "consulted") or "not_known",
        reason_is_resources=flag(answers, "reason_is_resources"))


AA_ANSWERS = tuple(name for name, *_ in aa.EXCLUSIONS) + ("ward_of_offence",
                                                          "detainee_objects", "able_now")


def appropriate_adult(answers: Answers, aa_scheme_phone: str = "") -> aa.AppropriateAdultInput:
    return aa.AppropriateAdultInput(
        relationship=_choice(answers, "relationship"),
        candidate=text(answers, "candidate") or "This person",
        detainee_age=_choice(answers, "detainee_age"),
        candidate_age=_choice(answers, "candidate_age"),
        **{name: yes_no(answers, name) for name in AA_ANSWERS},
        aa_scheme_phone=str(aa_scheme_phone or ""))


def awol(answers: Answers, today: dt.date | None) -> awol_aid.AwolInput:
    """The start is a date, or a date and time for the sections counted in hours."""
    section = _choice(answers, "section")
    start = answers.get("period_start")
    start = uk_time(start, "period_start") if section in awol_aid.HOUR_SECTIONS \
        else day(start, "period_start")
    return awol_aid.AwolInput(section, start, _choice(answers, "current_period"),
                              day(answers.get("first_day_absent"), "first_day_absent"),
                              day(answers.get("returned_on"), "returned_on"), today)


def prosecution_limit(answers: Answers,
                      today: dt.date | None) -> limit.ProsecutionLimitInput:
    return limit.ProsecutionLimitInput(
        day(answers.get("offence_on"), "offence_on", required=True),
        flag(answers, "could_be_common_assault"), tristate(answers, "domestic"), today)


def notice(answers: Answers, now: dt.datetime, rule_working_days: int | None,
           rule_source: str = "") -> notice_aid.NoticeInput:
    """A blank ``ask_on`` is now. An assessment more than a year (``notice.LONGEST``)
    after the request is a slip in one of the dates: refused, not counted day by day."""
    ask = uk_time(answers.get("ask_on"), "ask_on") or now
    when = uk_time(answers.get("assessment_at"), "assessment_at", required=True)
    if when - ask > notice_aid.LONGEST:
        raise AidInputError("assessment_at", f"{LABELS['assessment_at']}: "
                                             f"{day_words(when.date())} is more than a year "
                                             f"after the request ({day_words(ask.date())}). "
                                             "Check both dates.")
    return notice_aid.NoticeInput(ask, when, rule_working_days, rule_source)


def police_need(questions: need.Questions, answers: Answers) -> dict[str, str]:
    """The answers in the questions' order, up to the first left blank or the first that
    decides (later ones cannot change the outcome); every answer given is checked first."""
    known = {q.id: q for q in questions.questions}
    for key in answers:
        if str(key) not in known:
            raise AidInputError(str(key), f"'{_short(str(key))}' is not one of these "
                                          f"questions: {', '.join(sorted(known))}.")
    given = {}
    for question in questions.questions:
        value = text(answers, question.id).lower()
        if value and value not in need.ANSWERS:
            raise AidInputError(question.id, f"{question.ask} Answer yes, no or not known "
                                             f"('{_short(value)}' is none of them).")
        given[question.id] = value
    chosen: dict[str, str] = {}
    for question in questions.questions:
        if not given[question.id]:
            break
        chosen[question.id] = given[question.id]
        if need.next_question(questions, chosen) is None:
            break
    return chosen

