"""AWOL: can we still retake this patient, until when, and what is needed on return?

Supported: s2, s3 and s37 without restrictions, s4, s5(2), s5(4), and a community patient
recalled under s17E. The power to retake under s18 lasts, for s2, s4 and s5, only while
that section lasts (s18(5)); otherwise until the later of six months beginning with the
first day of absence and the end of the current period (s18(4)). Section 21 keeps the
detention in force for a week after return when the patient was absent at its end (or in
the week before); s21A and s21B say what report is needed on return. Refused with the
right route: restricted patients, remand and interim orders, escapes from s135 or s136
(s138), guardianship, informal patients.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .citations import cite
from .result import AidInputError, AidResult, Deadline
from .uktime import (
    LONDON,
    UTC,
    clock_words,
    day_words,
    days_beginning_with,
    end_of_day,
    months_beginning_with,
)

AID = "awol"
TITLE = "AWOL: can we still retake this patient?"
MONTH_SECTIONS = {"s3": "section 3", "s37": "section 37 (no restrictions)",
                  "cto": "a community treatment order (recalled under s17E)"}
HOUR_SECTIONS = {"s4": ("section 4", 72), "s5_2": ("section 5(2)", 72),
                 "s5_4": ("section 5(4)", 6)}
PERIOD_MONTHS = {"first": 6, "second": 6, "later": 12}
REFUSED = ("restricted", "s35", "s36", "s38", "s135", "s136", "guardianship", "informal")
SECTIONS = ("s2", *MONTH_SECTIONS, *HOUR_SECTIONS, *REFUSED)


@dataclass(frozen=True)
class AwolInput:
    section: str
    period_start: dt.date | dt.datetime | None = None  # s2: admission day; s3, s37, CTO:
    #   first day of the current period; s4, s5: the moment it began (aware)
    current_period: str = "first"      # "first", "second" (6 months each) or "later" (12)
    first_day_absent: dt.date | None = None
    returned_on: dt.date | None = None
    today: dt.date | None = None


def work_out(inp: AwolInput) -> AidResult:
    if inp.section not in SECTIONS:
        raise AidInputError("section", "Choose the section the patient is detained under.")
    result = AidResult(AID, TITLE, "", "", inputs=_inputs(inp))
    if inp.section in REFUSED:
        return _refuse(inp.section, result)
    result.rule(cite("mha-s18-1"), "An AMHP, hospital staff, any constable or a person the "
                                   "managers authorise in writing may take and return the "
                                   "patient while the power lasts.")
    if inp.section in HOUR_SECTIONS:
        _hours(inp, result)
    elif inp.section == "s2":
        _s2(inp, result)
    else:
        _months(inp, result)
    result.undecided.append("The Mental Health Act office confirms the date and gives it to "
                            "police with the report (Code of Practice, chapter 28).")
    return result


# ------------------------------------------------------------------ the three kinds
def _hours(inp, result) -> None:
    name, hours = HOUR_SECTIONS[inp.section]
    start = inp.period_start
    if not isinstance(start, dt.datetime) or start.tzinfo is None:
        raise AidInputError("period_start", f"Enter the date and time {name} began (the "
                                            "holding power counts hours).")
    end = (start.astimezone(UTC) + dt.timedelta(hours=hours)).astimezone(LONDON)
    result.rule(cite("mha-s4-4" if inp.section == "s4" else "mha-s5"),
                f"{name} lasts {hours} hours from {clock_words(start)}.")
    result.rule(cite("mha-s18-5"), f"The patient cannot be retaken under s18 once {name} has "
                                   "expired.")
    result.deadlines.append(Deadline("Power to retake ends", end, clock_words(end)))
    result.answer = (f"The patient can be retaken until {clock_words(end)}, when {name} "
                     "expires. After that there is no power to retake them: if they still "
                     "need assessment, arrange a new one (AMHP service).")
    result.outcome = "retake_until"
    result.undecided.append("Whether section 21 keeps a holding power in force after return: "
                            "ask the Mental Health Act office.")
    now = dt.datetime.combine(inp.today, dt.time(12), tzinfo=LONDON) if inp.today else None
    if now and now.date() > end.date():
        result.outcome = "power_ended"
        result.answer = (f"No. {name} expired at {clock_words(end)}: the power to retake has "
                         "ended. If they still need assessment, arrange a new one.")


def _s2(inp, result) -> None:
    start = _day(inp.period_start, "period_start", "the day of admission under section 2")
    last = days_beginning_with(start, 28)
    absent = _day(inp.first_day_absent, "first_day_absent", "the first day of absence")
    if absent < start or absent > last:
        raise AidInputError("first_day_absent", f"The first day of absence must be within the "
                                                f"28 days ({day_words(start)} to "
                                                f"{day_words(last)}). Check both dates.")
    result.rule(cite("mha-s2-4"), f"Section 2 lasts 28 days beginning with "
                                  f"{day_words(start)}: to the end of {day_words(last)} (day "
                                  f"{(absent - start).days + 1} was the first day of "
                                  "absence).")
    result.rule(cite("mha-s18-5"), "A section 2 patient cannot be retaken under s18 once the 28 "
                                   "days have ended.")
    result.deadlines.append(Deadline("Power to retake ends", end_of_day(last),
                                     f"the end of {day_words(last)}", whole_day=True))
    result.outcome = "retake_until"
    result.answer = (f"Yes, until the end of {day_words(last)} (day 28). After that the power "
                     "to retake ends for good: if they still need assessment or treatment, "
                     "arrange a new Mental Health Act assessment.")
    _s21(inp, result, last, last, "the 28 days end",
         after="If they are to stay beyond that week, an application under section 3 (or "
               "discharge) must be made within it.")
    _today(inp, result, last)


def _months(inp, result) -> None:
    name = MONTH_SECTIONS[inp.section]
    if inp.current_period not in PERIOD_MONTHS:
        raise AidInputError("current_period", "Say which period this is: the first, the "
                                              "second (first renewal) or a later one.")
    start = _day(inp.period_start, "period_start", "the first day of the current period")
    months = PERIOD_MONTHS[inp.current_period]
    period_end = months_beginning_with(start, months)
    absent = _day(inp.first_day_absent, "first_day_absent", "the first day of absence")
    if absent < start or absent > period_end:
        raise AidInputError("first_day_absent", f"The first day of absence must fall in the "
                                                f"current period ({day_words(start)} to "
                                                f"{day_words(period_end)}). If the period was "
                                                "renewed, enter the renewed period.")
    six = months_beginning_with(absent, 6)
    last = max(six, period_end)
    result.rule(cite("mha-s20"), f"The current period ({months} months beginning with "
                                 f"{day_words(start)}) ends at the end of "
                                 f"{day_words(period_end)}.")
    which = "six months from the first day of absence" if six >= period_end else \
        "the end of the current period"
    result.rule(cite("mha-s18-4"), f"The power lasts until the later of six months beginning "
                                   f"with {day_words(absent)} (the end of {day_words(six)}) "
                                   f"and the end of the period ({day_words(period_end)}): "
                                   f"here {which}.")
    result.deadlines.append(Deadline("Power to retake ends", end_of_day(last),
                                     f"the end of {day_words(last)}", whole_day=True))
    result.outcome = "retake_until"
    result.answer = (f"Yes: under {name} the patient can be retaken until the end of "
                     f"{day_words(last)} ({which}).")
    _s21(inp, result, period_end, last, "the current period ends")
    _reports(inp, result, absent, period_end)
    if inp.section == "cto":
        result.rule(cite("mha-s17F"), "Once back in hospital after recall, the patient may be "
                                      "detained for up to 72 hours while the responsible "
                                      "clinician decides (release, or revoke the order).")
    if inp.section == "s37":
        result.rule(cite("cop-28"), "A patient on a court order: tell the police at once.")
    result.undecided.append("If the patient was held in custody (police or prison) during the "
                            "absence, other rules change these dates (s18(4A), s22): ask the "
                            "Mental Health Act office.")
    _today(inp, result, last)


# ------------------------------------------------------------------ on return
def _s21(inp, result, ends, retake_last, ending, after="") -> None:
    absent = inp.first_day_absent
    week_start = ends - dt.timedelta(days=6)
    if inp.returned_on is not None and inp.returned_on < week_start:
        return
    if absent is None or absent > ends:
        return
    condition = "The patient is absent" if inp.returned_on is not None else \
        "If the patient is still absent"
    result.rule(cite("mha-s21"), f"{condition} when {ending} (or in the week before it, from "
                                 f"{day_words(week_start)}), detention does not end then: it "
                                 "continues until one week after they return, if they return "
                                 "while they can still be retaken.")
    if inp.returned_on is not None:
        if inp.returned_on > retake_last:
            result.warnings.append("They came back after the power to retake had ended: there "
                                   "is no power to detain them under this section now.")
            return
        until = days_beginning_with(inp.returned_on, 7)
        result.deadlines.append(Deadline("Detention continues (s21) until", end_of_day(until),
                                         f"the end of {day_words(until)}", whole_day=True))
        result.steps.append(f"Back on {day_words(inp.returned_on)}: the detention continues "
                            f"until the end of {day_words(until)}. {after}".strip())
    else:
        result.steps.append("When they return: the detention continues until the end of one "
                            f"week beginning with the day they return. {after}".strip())


def _reports(inp, result, absent, period_end) -> None:
    day28 = days_beginning_with(absent, 28)
    back = inp.returned_on
    if back is None:
        result.steps.append(f"If they return by the end of {day_words(day28)} (28 days "
                            "beginning with the first day of absence) and the period ended "
                            "while they were away, the renewal report can be made in the "
                            "extended week (s21A). If they return later, the responsible "
                            "clinician must examine them and furnish a report under s21B "
                            "within one week beginning with the day they return.")
        result.rule(cite("mha-s21A"), "Return within 28 days: no s21B report is needed.")
        result.rule(cite("mha-s21B"), "Return after 28 days: a s21B report within a week, or "
                                      "the detention ends.")
        return
    if back < absent:
        raise AidInputError("returned_on", "The return is before the first day of absence. "
                                           "Check both dates.")
    if back <= day28:
        result.rule(cite("mha-s21A"), f"Back on {day_words(back)}, within 28 days of the first "
                                      "day of absence: no s21B report is needed.")
        if period_end < back:
            result.steps.append("The period ended while they were away: the renewal report "
                                "(s20) can be made within the extended week (s21A).")
        return
    due = days_beginning_with(back, 7)
    result.rule(cite("mha-s21B"), f"Back on {day_words(back)}, more than 28 days after the "
                                  "first day of absence: the responsible clinician must "
                                  "examine them and, if the conditions are met, furnish a s21B "
                                  f"report by the end of {day_words(due)}.")
    result.deadlines.append(Deadline("Section 21B report due by", end_of_day(due),
                                     f"the end of {day_words(due)}", whole_day=True))
    result.steps.append(f"A section 21B report is needed by the end of {day_words(due)}; "
                        "without it the patient is no longer liable to be detained.")


def _today(inp, result, last) -> None:
    if inp.today is None:
        return
    if inp.today > last:
        result.outcome = "power_ended"
        result.answer = (f"No. The power to retake ended at the end of {day_words(last)}. "
                         "There is no power to take them back under s18 now; if they still "
                         "need care, arrange a new Mental Health Act assessment.")
    elif (last - inp.today).days < 7:
        result.warnings.append(f"Less than a week left: the power ends at the end of "
                               f"{day_words(last)}.")


def _day(value, field: str, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(LONDON).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    raise AidInputError(field, f"Enter {what}.")


# ------------------------------------------------------------------ refusals
def _refuse(section: str, result: AidResult) -> AidResult:
    result.outcome = "refused"
    if section == "restricted":
        result.answer = ("This aid gives no date for a restricted patient: there is no date "
                         "after which they cannot be retaken. Tell the police at once, and the "
                         "Ministry of Justice (Mental Health Casework Section).")
        result.rule(cite("mha-s18-restricted"), "No retaking time limit for restricted "
                                                "patients.")
        result.rule(cite("cop-28"), "Patients on court or prison orders are reported to police "
                                    "at once.")
    elif section in ("s35", "s36", "s38"):
        result.answer = ("Not a case for the hospital to retake under s18. Someone remanded to "
                         "hospital (s35, s36) or on an interim hospital order (s38) who "
                         "absconds may be arrested without warrant by any constable and is "
                         "brought back before the court. Tell the police now, and the court.")
        result.rule(cite("mha-s35-36-38"), "Arrest without warrant and return to court.")
    elif section in ("s135", "s136"):
        result.answer = ("Not AWOL under s18. Someone who escapes while held under s135 or s136 "
                         "may be retaken under s138 by the person who had custody, any "
                         "constable or an AMHP, but not after their permitted period of "
                         "detention ends, and possibly sooner. Tell the police now; the s136 "
                         "clock aid gives the end of the permitted period.")
        result.rule(cite("mha-s138"), "Retaking after an escape from legal custody.")
        result.undecided.append("The exact s138(3) time limit after the 2017 changes was not "
                                "verified: treat the end of the permitted period as the latest.")
    elif section == "guardianship":
        result.answer = ("Out of scope for this aid: a person under guardianship is returned "
                         "under different rules, by the local social services authority. Ask "
                         "the local authority's guardianship lead.")
    else:
        result.answer = ("No power to retake: an informal patient is free to leave. Try to "
                         "contact them; tell the responsible clinician; if they may now need "
                         "detention, contact the AMHP service; call police only if the Right "
                         "Care, Right Person threshold is met.")
        result.rule(cite("rcrp-npa"), "Police respond to a crime or a real and immediate risk "
                                      "to life or of serious harm.")
    return result


def _inputs(inp: AwolInput) -> dict:
    def value(v):
        return v.isoformat() if v is not None else None
    return {"section": inp.section, "period_start": value(inp.period_start),
            "current_period": inp.current_period,
            "first_day_absent": value(inp.first_day_absent),
            "returned_on": value(inp.returned_on), "today": value(inp.today)}
