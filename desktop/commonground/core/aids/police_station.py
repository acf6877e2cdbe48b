"""Police station as a place of safety for an adult: the regulation 2 conditions, checked.

Mental Health Act 1983 (Places of Safety) Regulations 2017: every condition of regulation 2
must hold, with an inspector's authorisation where the decision-maker is below that rank,
and, while the person is there, regulation 4's healthcare checks. Anyone who is or may be
under 18 is refused outright (s136A). Each failed condition says what to do instead; an
unanswered one is "not yet", never "yes".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .citations import cite
from .result import AidInputError, AidResult

AID = "police-station"
TITLE = "Can a police station be the place of safety for this adult?"
ANSWERS = ("yes", "no", "not_known")
AGES = ("18_or_over", "under_18", "not_sure")

# (input field, the condition in words, what to do instead when it fails, citation)
CONDITIONS = (
    ("imminent_risk", "The person's behaviour poses an imminent risk of serious injury or death "
                      "to themselves or someone else.",
     "Without that risk a police station is not lawful: take the person to the health-based "
     "place of safety or the emergency department.", "pos-reg-2-1-a"),
    ("no_other_place", "Because of that risk, no place of safety other than a police station in "
                       "the police area where the power began can reasonably be expected to "
                       "detain them.",
     "Another place of safety can take them: go there (ring ahead; escalate to the on-call or "
     "bed manager if it says it is full). A full 136 suite or a lack of staff is not by itself "
     "a reason.", "pos-reg-2-1-a"),
    ("healthcare_professional", "A healthcare professional will be present and available to the "
                                "person, so far as reasonably practicable, for the whole time.",
     "Without a healthcare professional there the station cannot be used: ask custody "
     "healthcare or the Trust for one, or use the emergency department.", "pos-reg-2-1-a"),
    ("inspector_authorised", "An officer of inspector rank or above authorises it (where the "
                             "decision-maker is below that rank).",
     "Ask an inspector (or above) to authorise it before the person is taken there; until "
     "then use a health-based place of safety or the emergency department.", "pos-reg-2-1-b"),
)


@dataclass(frozen=True)
class PoliceStationInput:
    age: str = "18_or_over"
    imminent_risk: str = "not_known"
    no_other_place: str = "not_known"
    healthcare_professional: str = "not_known"
    inspector_authorised: str = "not_known"
    decision_maker: str = "constable"          # or "amhp" (moving someone, reg 2(3))
    decision_maker_inspector_or_above: bool = False
    consulted: str = "not_known"               # "yes", "not_practicable", "no", "not_known"
    reason_is_resources: bool = False          # the stated reason is a full suite or no staff

    @classmethod
    def from_record(cls, data: dict) -> "PoliceStationInput":
        """Pre-filled from a section 136 episode (its regulation 2 tick boxes)."""
        ticked = set(data.get("station_conditions") or [])

        def tick(code):
            return "yes" if code in ticked else "not_known"
        consulted = {"yes": "yes", "not_practicable": "not_practicable"}.get(
            str(data.get("consulted") or ""), "not_known")
        return cls(age=str(data.get("age") or "not_sure"),
                   imminent_risk=tick("imminent_risk"), no_other_place=tick("no_other_place"),
                   healthcare_professional=tick("healthcare_present"),
                   inspector_authorised=tick("inspector_authorised"), consulted=consulted,
                   reason_is_resources=data.get("station_reason") in ("suite_full", "no_staff"))


def _check(inp: PoliceStationInput) -> None:
    if inp.age not in AGES:
        raise AidInputError("age", "Say whether the person is 18 or over, under 18, or may be "
                                   "under 18.")
    for name, *_ in CONDITIONS:
        if getattr(inp, name) not in ANSWERS:
            raise AidInputError(name, "Answer yes, no or not known.")
    if inp.decision_maker not in ("constable", "amhp"):
        raise AidInputError("decision_maker", "Say who decides: the constable, or the AMHP "
                                              "moving the person.")
    if inp.consulted not in ("yes", "not_practicable", "no", "not_known"):
        raise AidInputError("consulted", "Say whether a health professional was consulted.")


def work_out(inp: PoliceStationInput) -> AidResult:
    _check(inp)
    result = AidResult(AID, TITLE, "", "", inputs=asdict(inp))
    if inp.age != "18_or_over":
        return _child(result)
    result.rule(cite("pos-reg-2-1-a"), "Every condition below must hold; the decision-maker "
                                       "must be satisfied of each.")
    failed, unknown = [], []
    for name, words, instead, key in CONDITIONS:
        answer = getattr(inp, name)
        if name == "inspector_authorised" and inp.decision_maker_inspector_or_above:
            answer = "yes"
            words = "The decision-maker is an inspector or above, so no separate authorisation "\
                    "is needed."
        mark = {"yes": "MET", "no": "NOT MET", "not_known": "NOT CONFIRMED"}[answer]
        result.steps.append(f"[{mark}] {words}")
        if answer == "no":
            failed.append(instead)
        elif answer == "not_known":
            unknown.append(words)
        if name == "inspector_authorised":
            result.rule(cite(key), "An inspector or above authorises the use of the police "
                                   "station unless they are the decision-maker.")
    if inp.decision_maker == "amhp":
        result.rule(cite("pos-reg-2-3"), "An AMHP (or constable) moving the person to a police "
                                         "station is the decision-maker and must be satisfied "
                                         "of the same conditions.")
    _consultation(inp, result, failed, unknown)
    if inp.reason_is_resources:
        result.warnings.append("A full health-based place of safety, or no staff, is not by "
                               "itself a lawful reason: the reason must be the person's risk.")
    if failed:
        result.outcome = "not_allowed"
        result.answer = ("No. A police station cannot be used: "
                         f"{len(failed)} condition{'s' if len(failed) > 1 else ''} of "
                         "regulation 2 not met. Do this instead:")
        result.steps = [f"Instead: {item}" for item in failed] + result.steps
    elif unknown:
        result.outcome = "not_yet"
        result.answer = ("Not yet. A police station may be used only when every condition is "
                         "confirmed. Until then use a health-based place of safety or the "
                         "emergency department.")
        result.undecided += [f"Not confirmed: {item}" for item in unknown]
    else:
        result.outcome = "allowed"
        result.answer = ("Yes, every condition of regulation 2 is confirmed: a police station "
                         "may be used for this adult, and only while the conditions still "
                         "hold. Move the person to a health-based place of safety as soon as "
                         "it is safe.")
    _while_there(result)
    result.undecided.append("Whether the Mental Health Act 2025 has ended this use of police "
                            "stations by the time you read this: check the protocol's 'Law "
                            "changes to watch'.")
    result.rule(cite("mha-2025-stations"), "Until the change is commenced, the rules above "
                                           "apply.")
    return result


def _consultation(inp, result, failed, unknown) -> None:
    if inp.decision_maker != "constable":
        return
    result.rule(cite("pos-reg-2-2"), "A constable must first consult a doctor, registered "
                                     "nurse, AMHP or other prescribed professional, if "
                                     "reasonably practicable.")
    result.rule(cite("pos-reg-8"), "Who else counts as a prescribed professional.")
    if inp.consulted == "no":
        failed.append("Consult a doctor, registered nurse or AMHP (or other prescribed "
                      "professional) before deciding, unless it is not reasonably "
                      "practicable; record who and their advice.")
        result.steps.append("[NOT MET] Consultation before deciding (reg 2(2)).")
    elif inp.consulted == "not_known":
        unknown.append("Whether a health professional was consulted (or why it was not "
                       "reasonably practicable).")
        result.steps.append("[NOT CONFIRMED] Consultation before deciding (reg 2(2)).")
    else:
        result.steps.append("[MET] Consultation before deciding (reg 2(2))"
                            + (": not reasonably practicable, reason recorded."
                               if inp.consulted == "not_practicable" else "."))


def _while_there(result) -> None:
    result.rule(cite("pos-reg-4"), "While the person is at the station: welfare checks by a "
                                   "healthcare professional at least every 30 minutes, and a "
                                   "healthcare professional present and available throughout "
                                   "so far as reasonably practicable.")
    result.rule(cite("pos-reg-3"), "The use of the police station must also be reviewed while "
                                   "the person is there.")
    result.rule(cite("mha-s136B-3"), "An extension of the 24 hours there needs a "
                                     "superintendent's approval where the assessment would be "
                                     "carried out or completed at the station.")
    result.steps += [
        "While there: a healthcare professional checks the person's welfare at least every 30 "
        "minutes, and gives any treatment or care needed (reg 4).",
        "Record the regulation 2 reasons, the inspector's name and the time of authority.",
    ]
    result.undecided.append("How often the continued use of the station must be reviewed "
                            "(regulation 3 was not verified): follow the custody officer's "
                            "procedure and check the regulation.")


def _child(result: AidResult) -> AidResult:
    result.outcome = "refused"
    result.answer = ("No. A police station can never be a place of safety for anyone under 18, "
                     "or anyone who may be under 18, whatever the risk (s136A). Do this "
                     "instead:")
    result.rule(cite("mha-s136A"), "The ban has no exceptions: cells, custody, front counter "
                                   "and interview rooms are all a police station.")
    result.steps += [
        "Take the person to the health-based place of safety that accepts under-18s, or to "
        "the emergency department; ring ahead.",
        "If a place of safety says it cannot take a child, go to the emergency department "
        "while the on-call manager sorts it out. Custody is never the fallback.",
        "The section 136 clock keeps running from the first arrival: see the s136 clock aid.",
    ]
    return result
