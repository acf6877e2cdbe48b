"""Can this person be the appropriate adult? PACE Code C, for a named candidate.

Refused outright: a police officer or anyone police-connected (para 1.7); the victim, a
witness, anyone involved in the investigation or suspected of involvement, anyone who
received admissions before being asked to act (Note 1B); a solicitor at the station in
that role (Note 1F). Flagged, not refused: staff of the ward where the offence happened
(the protocol's "ward point"), someone the detainee objects to, someone not able to do the
job now. An unanswered exclusion is "not yet", never "yes". The answer always says who
can act instead and gives the local scheme's number from the site policy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .citations import cite
from .result import AidInputError, AidResult

AID = "appropriate-adult"
TITLE = "Can this person be the appropriate adult?"
ANSWERS = ("yes", "no", "not_known")
RELATIONSHIPS = {
    "parent_guardian": "a parent or guardian",
    "relative": "a relative",
    "carer": "a person responsible for their care",
    "social_worker": "a social worker",
    "aa_scheme": "an appropriate adult scheme worker or volunteer",
    "health_professional": "a mental health professional not involved in the incident",
    "ward_staff": "a member of ward staff",
    "other": "another adult",
}
# (input field, why they cannot act, citation key)
EXCLUSIONS = (
    ("police_connected", "are a police officer, employed by the police, under the chief "
                         "officer's direction or control, or contracted to the force",
     "code-c-police"),
    ("victim", "are the victim of the offence", "code-c-1b"),
    ("witness", "are a witness to the offence", "code-c-1b"),
    ("involved_in_investigation", "are involved in the investigation", "code-c-1b"),
    ("suspected", "are suspected of involvement in the offence", "code-c-1b"),
    ("received_admissions", "heard the person admit the offence before being asked to act",
     "code-c-1b"),
    ("solicitor_acting", "are at the police station as the person's solicitor or legal "
                         "representative", "code-c-1f"),
)


@dataclass(frozen=True)
class AppropriateAdultInput:
    relationship: str
    candidate: str = "This person"
    detainee_age: str = "18_or_over"           # or "under_18"
    candidate_age: str = "18_or_over"          # or "under_18", "not_known"
    police_connected: str = "not_known"
    victim: str = "not_known"
    witness: str = "not_known"
    involved_in_investigation: str = "not_known"
    suspected: str = "not_known"
    received_admissions: str = "not_known"
    solicitor_acting: str = "no"
    ward_of_offence: str = "no"                # staff of the ward where it happened
    detainee_objects: str = "no"
    able_now: str = "yes"                      # not too distressed, unwell or intoxicated
    aa_scheme_phone: str = ""                  # from the site policy's contacts


def _check(inp: AppropriateAdultInput) -> None:
    if inp.relationship not in RELATIONSHIPS:
        raise AidInputError("relationship", "Choose how this person is connected to the "
                                            "detainee.")
    if inp.detainee_age not in ("18_or_over", "under_18"):
        raise AidInputError("detainee_age", "Say whether the detainee is under 18 (treat "
                                            "them as under 18 if they may be).")
    if inp.candidate_age not in ("18_or_over", "under_18", "not_known"):
        raise AidInputError("candidate_age", "Say whether this person is 18 or over.")
    for name in [e[0] for e in EXCLUSIONS] + ["ward_of_offence", "detainee_objects",
                                              "able_now"]:
        if getattr(inp, name) not in ANSWERS:
            raise AidInputError(name, "Answer yes, no or not known.")


def work_out(inp: AppropriateAdultInput) -> AidResult:
    _check(inp)
    who = inp.candidate.strip() or "This person"
    result = AidResult(AID, TITLE, "", "", inputs=asdict(inp))
    refusals, unknown, cautions = [], [], []
    for name, why, key in EXCLUSIONS:
        answer = getattr(inp, name)
        if answer == "yes":
            refusals.append(why)
            result.rule(cite(key), f"They {why}, so they cannot be the appropriate adult.")
        elif answer == "not_known":
            unknown.append(f"Whether they {why}.")
    if inp.candidate_age == "under_18" and inp.relationship != "parent_guardian":
        refusals.append("are under 18")
        result.rule(cite("code-c-1.7b" if inp.detainee_age == "18_or_over" else "code-c-1.7a"),
                    "An appropriate adult who is not a parent or guardian must be 18 or over.")
    elif inp.candidate_age == "not_known":
        unknown.append("Whether they are 18 or over.")
    _cautions(inp, who, result, cautions)
    _answer(inp, who, result, refusals, unknown, cautions)
    _instead(inp, result)
    return result


def _cautions(inp, who, result, cautions) -> None:
    if inp.ward_of_offence == "yes" or inp.relationship == "ward_staff":
        cautions.append("work on the ward where the offence happened, so may not be, or be "
                        "seen to be, independent (especially where a colleague is the victim)")
        result.rule(cite("ward-independence"), "Ward staff: use the appropriate adult scheme "
                                               "instead wherever you can.")
    elif inp.ward_of_offence == "not_known":
        result.undecided.append("Whether they work on the ward where the offence happened.")
    if inp.detainee_objects == "yes":
        cautions.append("are someone the detainee objects to, and the detainee's wishes "
                        "should be respected where practicable")
        result.rule(cite("code-c-1e"), "The detainee's wishes about who acts count.")
    if inp.able_now == "no":
        cautions.append("are not able to do the job now (too distressed, unwell or "
                        "intoxicated to follow what is happening)")
    if inp.relationship == "health_professional":
        result.rule(cite("code-c-1.7b"), "A mental health professional not involved in the "
                                         "incident can act in law, but the scheme is usually "
                                         "better: the appropriate adult must be independent "
                                         "and seen to be.")


def _answer(inp, who, result, refusals, unknown, cautions) -> None:
    role = RELATIONSHIPS[inp.relationship]
    if refusals:
        result.outcome = "cannot_act"
        result.answer = (f"No. {who} cannot be the appropriate adult: they "
                         + "; they ".join(refusals) + ".")
    elif unknown:
        result.outcome = "not_yet"
        result.answer = (f"Not yet. Before {who} acts, ask them each question under 'Could not "
                         "decide'; if any answer is yes, they cannot act.")
        result.undecided += unknown
    elif cautions:
        result.outcome = "caution"
        result.answer = (f"{who} is not barred, but should not act if anyone better can: they "
                         + "; they ".join(cautions) + ".")
    else:
        result.outcome = "can_act"
        category = "code-c-1.7a" if inp.detainee_age == "under_18" else "code-c-1.7b"
        result.answer = (f"Yes. {who} ({role}) can be the appropriate adult: none of the "
                         "exclusions applies.")
        result.rule(cite(category), f"{role[0].upper() + role[1:]} is among those who may "
                                    "act.")
    if inp.solicitor_acting == "not_known":
        result.undecided.append("Whether they are at the station as the person's solicitor.")
    result.warnings.append("Whether the person needs an appropriate adult at all, and whether "
                           "they are fit to be interviewed, are for the custody officer (with "
                           "the custody healthcare professional), not for this check.")


def _instead(inp, result) -> None:
    phone = inp.aa_scheme_phone.strip()
    number = phone or "not set for this site (IT sets 'aa_scheme_phone' in the site policy)"
    if inp.detainee_age == "under_18":
        result.rule(cite("code-c-1.7a"), "For someone under 18, these may act (in this order).")
        result.rule(cite("cda-s38-4"), "The local authority must make appropriate adults "
                                       "available for children.")
        result.steps += [
            "Who can act instead: a parent or guardian (or, if the child is in care, someone "
            "from the local authority or organisation looking after them); a local authority "
            "social worker; failing these, another responsible adult aged 18 or over who is "
            "not connected with the police.",
            "The youth justice service arranges one when no parent can come.",
        ]
    else:
        result.rule(cite("code-c-1.7b"), "For a vulnerable adult, these may act.")
        result.steps.append(
            "Who can act instead: a relative, guardian or carer; someone experienced with "
            "vulnerable people who is not connected with the police (a trained appropriate "
            "adult scheme volunteer is usual); failing these, another responsible adult aged "
            "18 or over who is not connected with the police.")
    result.steps.append(f"Local appropriate adult scheme: {number}.")
    result.steps.append("None of the excluded people may act, whoever they are: not the "
                        "victim, a witness, anyone involved in the investigation, anyone who "
                        "heard admissions, police, or the solicitor.")
