"""Notice for a planned assessment: "if we ask today, is there enough notice for Thursday?"

The same working-days rule the police assistance request uses when it is submitted
(``records.kinds.assistance.rules.notice_days``: from the day after the request up to the day
before the assessment, skipping weekends and bank holidays in England and Wales), measured
against the local rule (site policy, else the protocol's front matter). A request with less
notice is still allowed and flagged, never refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..records.kinds.assistance.rules import notice_days
from .citations import cite
from .result import AidInputError, AidResult, Deadline
from .uktime import LONDON, clock_words, day_words, end_of_day

AID = "notice"
TITLE = "Notice for a planned assessment"
# The furthest ahead of the request an assessment is taken to be planned: a year (with a
# 29 February in it). Further is a slip in a date, and would list every weekend between.
LONGEST = dt.timedelta(days=366)


@dataclass(frozen=True)
class NoticeInput:
    ask_on: dt.datetime                 # aware: when the request would be sent
    assessment_at: dt.datetime          # aware
    rule_working_days: int | None       # None: no local rule set
    rule_source: str = ""


def latest_day_to_ask(assessment_at: dt.datetime, rule: int, calendar) -> dt.date:
    """The last day a request can be sent and still give ``rule`` working days."""
    day = assessment_at.date() - dt.timedelta(days=1)
    for _ in range(3 * 366):  # bounded, whatever the calendar says
        if notice_days(dt.datetime.combine(day, dt.time(9)),
                       assessment_at.replace(tzinfo=None), calendar) >= rule:
            break
        day -= dt.timedelta(days=1)
    return day


def work_out(inp: NoticeInput, calendar) -> AidResult:
    for moment, name in ((inp.ask_on, "ask_on"), (inp.assessment_at, "assessment_at")):
        if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
            raise AidInputError(name, "Enter the date and time.")
    ask, when = inp.ask_on.astimezone(LONDON), inp.assessment_at.astimezone(LONDON)
    if when.astimezone(dt.timezone.utc) <= ask.astimezone(dt.timezone.utc):
        raise AidInputError("assessment_at", "The assessment is not after the request. Check "
                                             "both dates.")
    given = notice_days(ask.replace(tzinfo=None), when.replace(tzinfo=None), calendar)
    skipped = _skipped(ask.date(), when.date(), calendar)
    result = AidResult(AID, TITLE, "", "", inputs={
        "ask_on": ask.isoformat(), "assessment_at": when.isoformat(),
        "rule_working_days": inp.rule_working_days, "rule_source": inp.rule_source})
    result.rule(cite("notice-local"), f"Working days counted from {day_words(ask.date())} "
                                      f"(not counted) up to {day_words(when.date())} (not "
                                      f"counted): {given}.")
    if skipped:
        result.steps.append("Not counted: " + "; ".join(skipped) + ".")
    plural = "s" if given != 1 else ""
    if inp.rule_working_days is None:
        result.outcome = "no_rule"
        result.answer = (f"Asking on {day_words(ask.date())} gives {given} working day{plural} "
                         f"of notice for the assessment at {clock_words(when)}. No local "
                         "notice rule is set, so this cannot say whether it is enough.")
        result.undecided.append("The local notice rule (site policy 'notice_working_days', or "
                                "the police assistance protocol).")
        return result
    rule = inp.rule_working_days
    latest = latest_day_to_ask(when, rule, calendar) if rule else when.date()
    result.deadlines.append(Deadline(f"Latest day to ask with {rule} working days' notice",
                                     end_of_day(latest), day_words(latest), whole_day=True))
    source = inp.rule_source or "the local rule"
    if given >= rule:
        result.outcome = "enough"
        result.answer = (f"Yes. Asking on {day_words(ask.date())} gives {given} working "
                         f"day{plural} of notice for {clock_words(when)}; {source} asks for "
                         f"at least {rule}.")
    else:
        result.outcome = "late"
        result.answer = (f"No: asking on {day_words(ask.date())} gives {given} working "
                         f"day{plural} of notice for {clock_words(when)}; {source} asks for "
                         f"at least {rule} (the last day to ask was {day_words(latest)}). You "
                         "can still ask, and police will try to help; if it cannot wait, make "
                         "it an urgent request and say why.")
    if calendar.last_year and when.year > calendar.last_year:
        result.warnings.append(f"Bank holidays are only known up to {calendar.last_year}: only "
                               "weekends were skipped after that.")
    return result


def _skipped(start: dt.date, end: dt.date, calendar) -> list[str]:
    out, day = [], start + dt.timedelta(days=1)
    while day < end:
        if not calendar.is_working_day(day):
            kind = "weekend" if day.weekday() >= 5 else "bank holiday"
            out.append(f"{day_words(day)} ({kind})")
        day += dt.timedelta(days=1)
    return out
