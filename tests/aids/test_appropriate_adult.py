"""Can this person be the appropriate adult? PACE Code C para 1.7, Notes 1B, 1E, 1F."""

import pytest

from commonground.core.aids.appropriate_adult import EXCLUSIONS, AppropriateAdultInput, work_out
from commonground.core.aids.result import AidInputError

CLEAR = dict(police_connected="no", victim="no", witness="no", involved_in_investigation="no",
             suspected="no", received_admissions="no")

pytestmark = pytest.mark.hazard("H-006")


@pytest.mark.parametrize("name", [e[0] for e in EXCLUSIONS])
def test_code_c_note_1b_1f_and_para_1_7_each_exclusion_refuses(name):
    result = work_out(AppropriateAdultInput("relative", candidate="Sam",
                                            **{**CLEAR, name: "yes"}))
    assert result.outcome == "cannot_act"
    assert result.answer.startswith("No. Sam cannot be the appropriate adult")


def test_code_c_note_1b_a_parent_who_is_the_victim_still_cannot_act():
    result = work_out(AppropriateAdultInput("parent_guardian", detainee_age="under_18",
                                            **{**CLEAR, "victim": "yes"}))
    assert result.outcome == "cannot_act"


def test_a_nurse_who_heard_admissions_on_the_ward_is_refused_and_the_scheme_offered():
    result = work_out(AppropriateAdultInput("ward_staff", candidate="Staff nurse Lee",
                                            ward_of_offence="yes", aa_scheme_phone="0100 000 0002",
                                            **{**CLEAR, "received_admissions": "yes"}))
    assert result.outcome == "cannot_act"
    assert "Local appropriate adult scheme: 0100 000 0002." in result.steps


def test_ward_staff_not_involved_are_flagged_not_cleared():
    result = work_out(AppropriateAdultInput("ward_staff", ward_of_offence="yes", **CLEAR))
    assert result.outcome == "caution"
    assert "ward where the offence happened" in result.answer


def test_an_unanswered_exclusion_is_not_yet_never_yes():
    result = work_out(AppropriateAdultInput("relative", **{**CLEAR, "witness": "not_known"}))
    assert result.outcome == "not_yet"
    assert "Whether they are a witness to the offence." in result.undecided


def test_code_c_1_7b_an_uninvolved_relative_can_act_and_alternatives_are_shown():
    result = work_out(AppropriateAdultInput("relative", candidate="Their brother", **CLEAR))
    assert result.outcome == "can_act"
    assert any(step.startswith("Who can act instead: a relative") for step in result.steps)
    assert any("not set for this site" in step for step in result.steps)


def test_code_c_1_7a_for_a_juvenile_the_alternatives_are_the_juvenile_list():
    result = work_out(AppropriateAdultInput("social_worker", detainee_age="under_18", **CLEAR))
    assert any("a parent or guardian" in step for step in result.steps)
    assert any(r.citation.key == "cda-s38-4" for r in result.rules)


def test_code_c_1_7_an_adult_who_is_not_a_parent_must_be_18_or_over():
    result = work_out(AppropriateAdultInput("relative", candidate_age="under_18", **CLEAR))
    assert result.outcome == "cannot_act"


def test_code_c_note_1e_the_detainees_objection_is_a_caution():
    result = work_out(AppropriateAdultInput("relative", detainee_objects="yes", **CLEAR))
    assert result.outcome == "caution"


@pytest.mark.hazard("H-016")
def test_an_unknown_relationship_is_a_message():
    with pytest.raises(AidInputError):
        work_out(AppropriateAdultInput("neighbour"))
