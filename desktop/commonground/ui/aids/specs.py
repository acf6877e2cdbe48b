"""Each aid's questions, what a record pre-fills, and running it on the answers.

Core turns the typed answers into the aid's input (``core.aids.typed``, which the commands
call too) and checks everything: a time in the repeated October hour comes back as
AmbiguousTimeError for the dialog to ask about, never guessed here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

from ...core.aids import appropriate_adult as aa
from ...core.aids import police_station as ps
from ...core.aids import s136_clock as clock
from ...core.aids import typed
from ...core.aids.result import AidResult
from .env import AidEnv
from .form import Question

AGE_WORDS = (("18_or_over", "18 or over"), ("under_18", "Under 18"),
             ("not_sure", "Not sure: may be under 18"))
NOT_SAID = (("", "Not said"),)


@dataclass(frozen=True)
class AidSpec:
    key: str
    questions: Callable[[AidEnv], list[Question]]
    run: Callable[[AidEnv, dict], AidResult]
    from_record: Callable[[dict], dict] | None = None   # record fields to answers


# A prefill's word on a record field it could not carry over: (question, message). The
# dialog refuses to work anything out until that question is answered.
PREFILL_PROBLEM = "_problem"


# ------------------------------------------------------------------ section 136 clock
def _clock_questions(env: AidEnv) -> list[Question]:
    places = tuple(clock.PLACES.items())
    return [
        Question("arrived", "Arrival at the first place of safety (UK time)", "time",
                 help="When the person arrived at the first place of safety, or when it was "
                      "decided to keep someone already there. Transfers do not restart it."),
        Question("start", "The clock started on", "choice",
                 (("arrival", "Arrival at the place of safety"),
                  ("decision_to_keep", "The decision to keep them at a place of safety"))),
        Question("place", "First place of safety", "choice", places),
        Question("age", "Age of the person", "choice", AGE_WORDS, default="not_sure"),
        Question("transfer_at", "Moved to another place of safety at (optional)", "time"),
        Question("transfer_to", "Moved to", "choice", places),
        # Not capped at 12: a record that says more must reach the aid, which refuses it
        # with the rule (s136B), rather than be shown as no extension.
        Question("extension_hours", "Extension authorised, in hours (0 for none)", "int"),
        Question("extension_authorised_at", "Extension authorised at (optional)", "time"),
        Question("extension_reason", "Reason for the extension", "choice",
                 NOT_SAID + (("condition", "The person's condition"), ("other", "Another reason"))),
        Question("assessment_at_station", "Would the assessment be done at a police station?",
                 "tri"),
        Question("superintendent_approved", "Superintendent approved the extension?", "tri"),
    ]


def _clock_run(env: AidEnv, v: dict) -> AidResult:
    move = [(v["transfer_at"], v.get("transfer_to"))] if v.get("transfer_at") else []
    return clock.work_out(typed.s136_clock({**v, "transfers": move}, env.now()))


def _clock_prefill(data: dict) -> dict:
    typed, hours = clock.typed_extension(data)
    extended = hours is not None
    found = {"arrived": str(data.get("arrived_at") or "").replace("T", " "),
             "place": data.get("place_type") or None, "age": data.get("age") or "not_sure",
             "extension_hours": hours or 0,
             "superintendent_approved": "yes" if extended and data.get("superintendent")
             else None}
    if typed and hours is None:
        # The record says it was extended, by a length that is no number of hours: the
        # spin box cannot show it, and 0 must not pass for "no extension" unseen.
        shown = typed if len(typed) <= 20 else typed[:20] + "…"
        found[PREFILL_PROBLEM] = (
            "extension_hours", f"the record gives the extension's length as '{shown}', "
            f"which is no whole number of hours. Enter the hours authorised (1 to "
            f"{clock.MAX_EXTENSION_HOURS}, s136B), or 0 if there was none.")
    return found


# ------------------------------------------------------------------ police station
def _station_questions(env: AidEnv) -> list[Question]:
    out = [Question("age", "Age of the person", "choice", AGE_WORDS, default="not_sure")]
    labels = {"imminent_risk": "Imminent risk of serious injury or death from their behaviour?",
              "no_other_place": "Because of that risk, no other place of safety can "
                                "reasonably detain them?",
              "healthcare_professional": "A healthcare professional will be present "
                                         "throughout?",
              "inspector_authorised": "An inspector (or above) has authorised it?"}
    out += [Question(name, labels[name], "tri", help=words)
            for name, words, _instead, _key in ps.CONDITIONS]
    out += [
        Question("decision_maker", "Who decides", "choice",
                 (("constable", "The constable"), ("amhp", "The AMHP moving the person"))),
        Question("decision_maker_inspector_or_above",
                 "The decision-maker is an inspector or above", "check"),
        Question("consulted", "Was a health professional consulted first?", "choice",
                 (("not_known", "Not known"), ("yes", "Yes"),
                  ("not_practicable", "Not reasonably practicable"), ("no", "No"))),
        Question("reason_is_resources", "The reason given is a full 136 suite or no staff",
                 "check"),
    ]
    return out


def _station_run(env: AidEnv, v: dict) -> AidResult:
    return ps.work_out(typed.police_station(v))


def _station_prefill(data: dict) -> dict:
    return dataclasses.asdict(ps.PoliceStationInput.from_record(data))


# ------------------------------------------------------------------ appropriate adult
def _aa_questions(env: AidEnv) -> list[Question]:
    labels = {"police_connected": "Are they a police officer, police employee or contractor?",
              "victim": "Are they the victim of the offence?",
              "witness": "Are they a witness to the offence?",
              "involved_in_investigation": "Are they involved in the investigation?",
              "suspected": "Are they suspected of involvement in the offence?",
              "received_admissions": "Did they hear the person admit the offence before "
                                     "being asked to act?",
              "solicitor_acting": "Are they at the station as the person's solicitor?"}
    out = [
        Question("candidate", "Their name (not stored)", "text"),
        Question("relationship", "How are they connected to the detainee?", "choice",
                 tuple((code, words[0].upper() + words[1:])
                       for code, words in aa.RELATIONSHIPS.items())),
        Question("detainee_age", "The detainee is", "choice",
                 (("18_or_over", "18 or over (a vulnerable adult)"),
                  ("under_18", "Under 18, or may be"))),
        Question("candidate_age", "This person is", "choice",
                 (("18_or_over", "18 or over"), ("under_18", "Under 18"),
                  ("not_known", "Age not known"))),
    ]
    out += [Question(name, labels[name], "tri",
                     default="no" if name == "solicitor_acting" else None,
                     help=f"If yes, they cannot act: they {why}.")
            for name, why, _key in aa.EXCLUSIONS]
    out += [
        Question("ward_of_offence", "Do they work on the ward where the offence happened?",
                 "tri", default="no"),
        Question("detainee_objects", "Does the detainee object to them?", "tri", default="no"),
        Question("able_now", "Are they able to do the job now (not too distressed, unwell or "
                             "intoxicated)?", "tri", default="yes"),
    ]
    return out


def _aa_run(env: AidEnv, v: dict) -> AidResult:
    return aa.work_out(typed.appropriate_adult(v, env.contacts.get("aa_scheme_phone")))


def custody_specs() -> list[AidSpec]:
    return [AidSpec(clock.AID, _clock_questions, _clock_run, _clock_prefill),
            AidSpec(ps.AID, _station_questions, _station_run, _station_prefill),
            AidSpec(aa.AID, _aa_questions, _aa_run)]
