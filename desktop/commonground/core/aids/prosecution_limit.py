"""Prosecution time limit for summary-only common assault: the last day to charge it.

Magistrates' Courts Act 1980 s127(1): six months from the time of the offence. Months are
calendar months (Interpretation Act 1978 Sch 1), the day of the offence is not counted
(Radcliffe v Bartholomew), and the period ends on the corresponding date, or the last day
of the month when there is none (Dodds v Walker): 31 August plus six months is the last day
of February. A warning six weeks before; never an "overdue" item; and always the reminder
that the limit does not touch either-way offences (s127(2)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .citations import cite
from .result import AidInputError, AidResult, Deadline
from .uktime import day_words, end_of_day, months_from, parse_day

AID = "prosecution-limit"
TITLE = "Prosecution time limit: common assault"
WARNING_BEFORE = dt.timedelta(weeks=6)
# Recorded incident types that could be charged as common assault or battery.
COMMON_ASSAULT_TYPES = frozenset({"physical_assault", "spitting", "biting", "threat_verbal"})
NOT_LIMITED = ("This does not limit assault on an emergency worker (AEWOA 2018 s1), ABH or "
               "other either-way offences.")


@dataclass(frozen=True)
class ProsecutionLimitInput:
    offence_on: dt.date
    could_be_common_assault: bool = True     # could be charged as summary-only common assault
    domestic: bool | None = False            # assailant and victim personally connected
    today: dt.date | None = None

    @classmethod
    def from_record(cls, data: dict, today: dt.date | None = None) -> "ProsecutionLimitInput":
        """Pre-filled from an incident report: the offence's day (its date alone, so the
        repeated October hour never matters), and whether what was recorded could be
        charged as common assault. When in doubt it could: a date shown that turns out not
        to apply costs less than a limit missed."""
        offence_on = parse_day(str(data.get("incident_at") or "")[:10], "offence_on")
        types = set(data.get("incident_types") or ())
        could = not types or bool(types & COMMON_ASSAULT_TYPES)
        return cls(offence_on, could, None, today)


def last_day(offence_on: dt.date) -> dt.date:
    return months_from(offence_on, 6)


def work_out(inp: ProsecutionLimitInput) -> AidResult:
    if not isinstance(inp.offence_on, dt.date):
        raise AidInputError("offence_on", "Enter the date of the offence.")
    if inp.today and inp.offence_on > inp.today:
        raise AidInputError("offence_on", "The offence date is in the future. Check it.")
    result = AidResult(AID, TITLE, "", "", inputs={
        "offence_on": inp.offence_on.isoformat(),
        "could_be_common_assault": inp.could_be_common_assault, "domestic": inp.domestic,
        "today": inp.today.isoformat() if inp.today else None})
    if not inp.could_be_common_assault:
        result.outcome = "no_limit_shown"
        result.answer = ("No six-month limit to show: the recorded offence could not be "
                         "charged as summary-only common assault. " + NOT_LIMITED)
        result.rule(cite("mca-s127"), "The six-month limit applies only to summary offences.")
        result.rule(cite("aewoa-s1"), "Either-way offences have no such limit.")
        return result
    last = last_day(inp.offence_on)
    warn_from = last - WARNING_BEFORE
    result.outcome = "charge_by"
    result.answer = f"Common assault must be charged by {day_words(last)}. {NOT_LIMITED}"
    result.deadlines.append(Deadline("Common assault must be charged by", end_of_day(last),
                                     day_words(last), whole_day=True))
    result.rule(cite("mca-s127"), f"Six months from the offence on "
                                  f"{day_words(inp.offence_on)}.")
    result.rule(cite("months-rule"), f"Calendar months, the day of the offence not counted: "
                                     f"the corresponding date is {day_words(last)}"
                                     + (" (there is no corresponding date in that month, so "
                                        "its last day)" if last.day != inp.offence_on.day
                                        else "") + ".")
    result.rule(cite("aewoa-s1"), "Assault on an emergency worker is triable either way: no "
                                  "six-month limit.")
    result.steps.append(f"From {day_words(warn_from)} (six weeks before) this shows as a "
                        "warning on the case.")
    result.steps.append("The limit is met when the charge (the information or written "
                        "charge) is laid at court: tell the officer in the case the date, and "
                        "leave a margin.")
    if inp.domestic is None:
        result.undecided.append("Whether the assailant and the victim are personally connected "
                                "(a domestic abuse case has a longer limit): work to this date "
                                "unless the police say otherwise.")
    elif inp.domestic:
        result.rule(cite("cja-s39A"), "A domestic abuse case may be charged later.")
        result.warnings.append("In a domestic abuse case the limit for common assault can be "
                               "longer (Criminal Justice Act 1988 s39A): this date is the safe "
                               "one to work to; ask the police.")
    if inp.today:
        if inp.today > last:
            result.outcome = "time_limit_passed"
            result.warnings.insert(0, f"The six-month limit for common assault passed at the "
                                      f"end of {day_words(last)}. {NOT_LIMITED}")
        elif inp.today >= warn_from:
            left = (last - inp.today).days
            result.warnings.insert(0, f"{left} day{'s' if left != 1 else ''} left to charge "
                                      "common assault (six weeks or less). Check with the "
                                      "officer in the case that a charge decision is coming.")
    return result
