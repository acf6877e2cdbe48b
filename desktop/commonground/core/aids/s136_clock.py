"""Section 136 clock: when the permitted period of detention ends, for this person.

24 elapsed hours from arrival at the first place of safety, or from the decision to keep a
person already at one (MHA 1983 s136(2A)); transfers never restart it (s136(3)); an
extension of up to 12 hours, authorised before the 24 hours end by the doctor responsible
for the examination and only because of the person's condition (s136B(1)), with a
superintendent's approval where the person is at a police station and the assessment
would be carried out or completed there (s136B(3)). A police station is refused for anyone
who is or may be under 18 (s136A), and the deadline is still shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..records.kinds.s136.rules import typed_extension
from .citations import cite
from .result import AidInputError, AidResult, Deadline
from .uktime import LONDON, UTC, clock_changes, clock_words, parse_uk_time

AID = "s136-clock"
TITLE = "Section 136: when does the permitted period end?"
LIMIT = dt.timedelta(hours=24)
MAX_EXTENSION_HOURS = 12
WARN_AT = (dt.timedelta(hours=1), dt.timedelta(hours=4))
PLACES = {"health_based": "the health-based place of safety (136 suite)",
          "emergency_department": "the emergency department",
          "police_station": "a police station", "other": "another place of safety"}
AGES = {"18_or_over": "18 or over", "under_18": "under 18", "not_sure": "may be under 18"}
STARTS = ("arrival", "decision_to_keep")
REASONS = ("condition", "other")


@dataclass(frozen=True)
class Transfer:
    at: dt.datetime
    to_place: str


@dataclass(frozen=True)
class S136ClockInput:
    arrived: dt.datetime                     # aware: arrival, or the decision to keep
    start: str = "arrival"
    place: str = "health_based"              # the first place of safety
    age: str = "18_or_over"
    transfers: tuple[Transfer, ...] = ()
    extension_hours: int = 0
    extension_authorised_at: dt.datetime | None = None
    extension_reason: str | None = None      # "condition", "other", or not said
    assessment_at_station: bool | None = None
    superintendent_approved: bool | None = None
    now: dt.datetime | None = None

    @classmethod
    def from_record(cls, data: dict, now: dt.datetime | None = None) -> "S136ClockInput":
        """Pre-filled from a section 136 episode record's fields (times are UK wall clock;
        one in the repeated October hour raises AmbiguousTimeError for the form to ask)."""
        typed, hours = typed_extension(data)
        if typed and hours is None:
            shown = typed if len(typed) <= 20 else typed[:20] + "…"
            raise AidInputError("extension_hours", f"its length '{shown}' cannot be read as "
                                                   f"whole hours (1 to {MAX_EXTENSION_HOURS} "
                                                   "hours, s136B).")
        extended = hours is not None
        return cls(arrived=parse_uk_time(data.get("arrived_at"), "arrived_at"),
                   place=str(data.get("place_type") or "health_based"),
                   age=str(data.get("age") or "not_sure"),
                   extension_hours=hours or 0,
                   superintendent_approved=True if extended and data.get("superintendent")
                   else None, now=now)


def _span(span: dt.timedelta) -> str:
    minutes = max(0, int(span.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    if not minutes:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{hours} h {minutes:02d} min"


def _utc(moment: dt.datetime) -> dt.datetime:
    """Compare and subtract in UTC: Python compares two times in the same zone by their
    wall clocks, which is an hour wrong across the October change."""
    return moment.astimezone(UTC)


def _plus(moment: dt.datetime, span: dt.timedelta) -> dt.datetime:
    """Elapsed time: counted in UTC, shown on the UK clock."""
    return (moment.astimezone(UTC) + span).astimezone(LONDON)


def _check(inp: S136ClockInput) -> None:
    if inp.start not in STARTS:
        raise AidInputError("start", "Say whether the clock starts on arrival or on the "
                                     "decision to keep the person at a place of safety.")
    if inp.place not in PLACES:
        raise AidInputError("place", "Choose the first place of safety.")
    if inp.age not in AGES:
        raise AidInputError("age", "Say whether the person is 18 or over, under 18, or may be "
                                   "under 18.")
    if not isinstance(inp.extension_hours, int) or not 0 <= inp.extension_hours <= 12:
        raise AidInputError("extension_hours", "An extension is from 1 to 12 hours (s136B); "
                                               "enter 0 for none.")
    if inp.extension_reason not in (None, *REASONS):
        raise AidInputError("extension_reason", "Say whether the extension is because of the "
                                                "person's condition.")
    for moment, name in ((inp.arrived, "arrived"), (inp.now, "now"),
                         (inp.extension_authorised_at, "extension_authorised_at"),
                         *((t.at, "transfers") for t in inp.transfers)):
        if moment is not None and moment.tzinfo is None:
            raise AidInputError(name, "A time must say its UK zone (use parse_uk_time).")
    previous = _utc(inp.arrived)
    for transfer in inp.transfers:
        if transfer.to_place not in PLACES:
            raise AidInputError("transfers", "Choose the place of safety the person was "
                                             "moved to.")
        if _utc(transfer.at) < previous:
            raise AidInputError("transfers", f"The move at {clock_words(transfer.at)} is "
                                             "before arrival or before the move listed before "
                                             "it. Check the times and their order.")
        previous = _utc(transfer.at)
    if inp.extension_authorised_at and _utc(inp.extension_authorised_at) < _utc(inp.arrived):
        raise AidInputError("extension_authorised_at", "The extension is recorded before the "
                                                       "clock started. Check both times.")


def place_at(inp: S136ClockInput, moment: dt.datetime) -> str:
    place = inp.place
    for transfer in inp.transfers:
        if _utc(transfer.at) <= _utc(moment):
            place = transfer.to_place
    return place


def work_out(inp: S136ClockInput) -> AidResult:
    _check(inp)
    start = inp.arrived.astimezone(LONDON)
    end24 = _plus(start, LIMIT)
    result = AidResult(AID, TITLE, "", "deadline", inputs=_inputs(inp))
    began = "arrival at" if inp.start == "arrival" else "the decision to keep the person at"
    result.rule(cite("mha-s136-2A"), f"The 24 hours run from {began} the first place of safety "
                                     f"({PLACES[inp.place]}) at {clock_words(start)}.")
    if inp.place == "emergency_department":
        result.rule(cite("guidance-2017-4.4"), "The emergency department is a place of safety: "
                                               "arriving there started the clock.")
    final, extension_note = _extension(inp, start, end24, result)
    result.deadlines.append(Deadline("The 24 hours end", end24, clock_words(end24)))
    if _utc(final) != _utc(end24):
        result.deadlines.append(Deadline(f"With the {inp.extension_hours}-hour extension, "
                                         "section 136 ends", final, clock_words(final)))
    _transfers(inp, final, result)
    _clock_change(start, final, end24, result)
    child = inp.age in ("under_18", "not_sure")
    if child:
        _refuse_station(inp, result)
    result.answer = (f"Section 136 ends at {clock_words(final)}"
                     + (f" ({extension_note})" if extension_note else
                        f": 24 hours from {clock_words(start)}") + ".")
    if child and result.outcome == "police_station_refused":
        result.answer = ("A police station cannot be used for this person (under 18, or may "
                         "be). " + result.answer)
    result.answer += " Moving the person to another place of safety does not change this."
    _time_left(inp, end24, final, result)
    return result


def _extension(inp, start, end24, result) -> tuple[dt.datetime, str]:
    if not inp.extension_hours:
        return end24, ""
    hours = inp.extension_hours
    refused = []
    if inp.extension_reason == "other":
        refused.append("an extension is lawful only because of the person's condition, never "
                       "because a doctor, AMHP, interpreter, bed or transport is not available")
    if inp.extension_authorised_at and _utc(inp.extension_authorised_at) >= _utc(end24):
        refused.append(f"it was authorised at {clock_words(inp.extension_authorised_at)}, "
                       "after the 24 hours had ended; an extension must be made before they "
                       "end")
    result.rule(cite("mha-s136B-1"), f"An extension of {hours} hour{'s' if hours != 1 else ''} "
                                     "runs on from the end of the 24 hours, not from when it "
                                     "was authorised.")
    if inp.extension_reason is None:
        result.undecided.append("Whether the extension is because of the person's condition. "
                                "The doctor must record that reason; no other reason is "
                                "lawful (s136B(1)).")
    if inp.extension_authorised_at is None:
        result.undecided.append("When the extension was authorised: it must be before "
                                f"{clock_words(end24)}.")
    where = place_at(inp, inp.extension_authorised_at or inp.now or end24)
    if where == "police_station":
        needs = inp.assessment_at_station is not False
        if inp.assessment_at_station is None:
            result.undecided.append("Whether the assessment would be carried out or completed "
                                    "at the police station (then a superintendent must "
                                    "approve the extension).")
        if needs:
            result.rule(cite("mha-s136B-3"), "The person is at a police station, so an officer "
                                             "of superintendent rank or above must approve the "
                                             "extension.")
            if inp.superintendent_approved is False:
                refused.append("a superintendent has not approved it, and the person is at a "
                               "police station where the assessment would be done")
            elif inp.superintendent_approved is None:
                result.undecided.append("Whether a superintendent (or above) approved the "
                                        "extension. Without that approval it is not valid.")
    elif inp.superintendent_approved is not None:
        result.rule(cite("mha-s136B-3"), "The person is not at a police station, so no "
                                         "superintendent's approval is needed.")
    if refused:
        result.outcome = "extension_not_valid"
        result.warnings.append("The extension is not valid: " + "; ".join(refused) + ". The "
                               "deadline shown is the 24-hour one.")
        return end24, ""
    final = _plus(end24, dt.timedelta(hours=hours))
    return final, f"with the {hours}-hour extension; the 24 hours ended at {clock_words(end24)}"


def _transfers(inp, final, result) -> None:
    for transfer in inp.transfers:
        result.rule(cite("mha-s136-3"), f"The move to {PLACES[transfer.to_place]} at "
                                        f"{clock_words(transfer.at)} does not restart the "
                                        "clock.")
        if _utc(transfer.at) >= _utc(final):
            result.warnings.append(f"The move at {clock_words(transfer.at)} is after the "
                                   "permitted period ended: there was no power to move or "
                                   "keep the person under section 136 then.")
        if transfer.to_place == "police_station" and inp.age == "18_or_over":
            result.rule(cite("pos-reg-2-3"), "Moving an adult to a police station needs every "
                                             "condition of regulation 2, decided by the "
                                             "constable or AMHP who moves them, with an "
                                             "inspector's authorisation.")
            result.steps.append("Check the police-station conditions for this move (the "
                                "'police station for an adult' aid).")


def _clock_change(start, final, end24, result) -> None:
    changes = clock_changes(start, final)
    if not changes:
        return
    result.rule(cite("elapsed-hours"), "The hours are real elapsed hours, so the deadline on "
                                       "the clock moves when the clocks change.")
    for when, before, after in changes:
        direction = "forward" if after == "BST" else "back"
        if when <= end24:
            naive = (start.replace(tzinfo=None) + LIMIT).strftime("%H:%M")
            effect = (f"The 24 hours end at {end24:%H:%M} {end24.tzname()}, not {naive}")
        else:
            effect = f"The extended period ends at {final:%H:%M} {final.tzname()}"
        earlier = f"{(when.astimezone(UTC) + _offset(before)).replace(tzinfo=None):%H:%M}"
        result.warnings.append(
            f"The clocks go {direction} during this period: at {earlier} {before} on "
            f"{when:%A} {when.day} {when:%B} they show {when:%H:%M} {after}. {effect}: count "
            "real hours, not the clock face.")


def _offset(zone: str) -> dt.timedelta:
    return dt.timedelta(hours=1 if zone == "BST" else 0)


def _refuse_station(inp, result) -> None:
    stations = ([inp.place] if inp.place == "police_station" else []) + \
        [t.to_place for t in inp.transfers if t.to_place == "police_station"]
    result.rule(cite("mha-s136A"), "A police station can never be a place of safety for "
                                   "anyone under 18, or anyone who may be: not the cells, "
                                   "custody, front counter or an interview room.")
    if stations:
        result.outcome = "police_station_refused"
        result.warnings.append("A police station is not allowed for this person (s136A). Move "
                               "them now; the deadline below still applies and does not "
                               "restart.")
    result.steps += [
        "Take the person to the health-based place of safety that accepts under-18s, or to "
        "the emergency department; ring ahead.",
        "If a place of safety says it cannot take a child, go to the emergency department "
        "while the on-call manager sorts it out. Custody is never the fallback.",
        "Health staff contact CAMHS on call; the AMHP service makes sure someone experienced "
        "with children is involved.",
        "Tell a parent or person with parental responsibility as soon as practicable "
        "(children's social care if the child is looked after).",
    ]


def _time_left(inp, end24, final, result) -> None:
    if inp.now is None:
        result.undecided.append("How much time is left: no current time was given.")
        return
    now = inp.now.astimezone(LONDON)
    left = _utc(final) - _utc(now)
    if left <= dt.timedelta(0):
        result.outcome = "ended"
        result.warnings.insert(0, f"The permitted period ended {_span(-left)} ago, at "
                                  f"{clock_words(final)}. There is no power to keep the "
                                  "person under section 136 now, and a fresh section 136 must "
                                  "not be used to keep them longer.")
        result.rule(cite("cop-16.26"), "A second, consecutive section 136 is unlawful.")
        return
    result.steps.insert(0, f"Time left now: {_span(left)} (at {clock_words(now)}).")
    for threshold in WARN_AT:
        if left <= threshold:
            extra = ""
            if _utc(final) == _utc(end24) and _utc(now) < _utc(end24):
                extra = (" If the person's condition means the assessment cannot be done or "
                         "finished in time, the doctor responsible for the examination must "
                         f"decide on an extension before {clock_words(end24)}.")
            elif _utc(final) != _utc(end24):
                extra = " No further extension is possible: 36 hours is the most."
            result.warnings.insert(0, f"Less than {_span(threshold)} left "
                                      f"({_span(left)}).{extra}")
            break


def _inputs(inp: S136ClockInput) -> dict:
    def moment(value):
        return value.isoformat() if value else None
    return {"arrived": moment(inp.arrived), "start": inp.start, "place": inp.place,
            "age": inp.age, "transfers": [{"at": moment(t.at), "to_place": t.to_place}
                                          for t in inp.transfers],
            "extension_hours": inp.extension_hours,
            "extension_authorised_at": moment(inp.extension_authorised_at),
            "extension_reason": inp.extension_reason,
            "assessment_at_station": inp.assessment_at_station,
            "superintendent_approved": inp.superintendent_approved, "now": moment(inp.now)}

