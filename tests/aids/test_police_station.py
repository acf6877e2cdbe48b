"""Police station for an adult: Places of Safety Regulations 2017 regs 2 and 4, s136A."""

import pytest

from commonground.core.aids.police_station import PoliceStationInput, work_out

ALL_MET = dict(imminent_risk="yes", no_other_place="yes", healthcare_professional="yes",
               inspector_authorised="yes", consulted="yes")


@pytest.mark.hazard("H-005")
def test_reg_2_1_every_condition_met_allows_it_with_reg_4_duties():
    result = work_out(PoliceStationInput(**ALL_MET))
    assert result.outcome == "allowed"
    assert result.answer.startswith("Yes")
    assert any("every 30 minutes" in step for step in result.steps)
    assert any(r.citation.key == "pos-reg-4" for r in result.rules)
    assert any("regulation 3 was not verified" in u for u in result.undecided)


@pytest.mark.hazard("H-005")
@pytest.mark.parametrize("condition, instead", [
    ("imminent_risk", "Without that risk"),
    ("no_other_place", "Another place of safety can take them"),
    ("healthcare_professional", "Without a healthcare professional"),
    ("inspector_authorised", "Ask an inspector"),
])
def test_reg_2_each_failed_condition_refuses_and_says_what_to_do_instead(condition, instead):
    result = work_out(PoliceStationInput(**{**ALL_MET, condition: "no"}))
    assert result.outcome == "not_allowed"
    assert result.answer.startswith("No.")
    assert result.steps[0].startswith(f"Instead: {instead}")


@pytest.mark.hazard("H-005")
@pytest.mark.parametrize("condition", ["imminent_risk", "no_other_place",
                                       "healthcare_professional", "inspector_authorised",
                                       "consulted"])
def test_an_unconfirmed_condition_is_not_yet_never_yes(condition):
    result = work_out(PoliceStationInput(**{**ALL_MET, condition: "not_known"}))
    assert result.outcome == "not_yet"
    assert result.undecided[0].startswith("Not confirmed:")


@pytest.mark.hazard("H-005")
def test_reg_2_1_b_an_inspector_deciding_needs_no_separate_authorisation():
    result = work_out(PoliceStationInput(**{**ALL_MET, "inspector_authorised": "not_known"},
                                         decision_maker_inspector_or_above=True))
    assert result.outcome == "allowed"


@pytest.mark.hazard("H-005")
def test_reg_2_2_a_constable_who_could_have_consulted_and_did_not_is_refused():
    result = work_out(PoliceStationInput(**{**ALL_MET, "consulted": "no"}))
    assert result.outcome == "not_allowed"
    practicable = work_out(PoliceStationInput(**{**ALL_MET, "consulted": "not_practicable"}))
    assert practicable.outcome == "allowed"


@pytest.mark.hazard("H-005")
def test_reg_2_3_an_amhp_moving_the_person_is_the_decision_maker():
    result = work_out(PoliceStationInput(**ALL_MET, decision_maker="amhp"))
    assert any(r.citation.key == "pos-reg-2-3" for r in result.rules)
    assert not any(r.citation.key == "pos-reg-2-2" for r in result.rules)


@pytest.mark.hazard("H-005")
def test_a_full_suite_is_not_a_reason_even_when_the_boxes_are_ticked():
    result = work_out(PoliceStationInput(**ALL_MET, reason_is_resources=True))
    assert any("not by itself a lawful reason" in w for w in result.warnings)


@pytest.mark.hazard("H-004")
@pytest.mark.parametrize("age", ["under_18", "not_sure"])
def test_s136A_refuses_a_child_whatever_the_conditions(age):
    result = work_out(PoliceStationInput(**ALL_MET, age=age))
    assert result.outcome == "refused"
    assert "never be a place of safety for anyone under 18" in result.answer


@pytest.mark.hazard("H-012")
def test_unverified_regulations_are_marked_in_the_answer():
    text = work_out(PoliceStationInput(**ALL_MET)).to_text()
    assert "NOT VERIFIED" in text and "reg 3" in text


def test_the_s136_record_pre_fills_the_checklist():
    inp = PoliceStationInput.from_record({
        "age": "18_or_over", "consulted": "yes", "station_reason": "suite_full",
        "station_conditions": ["imminent_risk", "no_other_place", "healthcare_present"]})
    assert inp.imminent_risk == "yes" and inp.inspector_authorised == "not_known"
    assert inp.reason_is_resources and work_out(inp).outcome == "not_yet"
