"""AWOL: retaking under MHA s18, s21, s21A and s21B, and the cases refused with a route."""

import datetime as dt

import pytest

from commonground.core.aids.awol import AwolInput, work_out
from commonground.core.aids.result import AidInputError
from commonground.core.aids.uktime import parse_uk_time

D = dt.date
pytestmark = pytest.mark.hazard("H-007")


def deadline(result, label):
    return next(d for d in result.deadlines if d.label.startswith(label)).at.date()


def test_s18_5_s2_patient_absent_from_day_20_of_28_can_be_retaken_to_day_28():
    result = work_out(AwolInput("s2", D(2026, 3, 1), first_day_absent=D(2026, 3, 20),
                                today=D(2026, 3, 21)))
    assert deadline(result, "Power to retake ends") == D(2026, 3, 28)
    assert "day 28" in result.answer
    assert any(r.citation.key == "mha-s18-5" for r in result.rules)
    assert "If the patient is still absent" in next(
        r.applied for r in result.rules if r.citation.key == "mha-s21")


def test_s21_s2_patient_returned_in_the_final_week_is_held_a_week_from_return():
    result = work_out(AwolInput("s2", D(2026, 3, 1), first_day_absent=D(2026, 3, 20),
                                returned_on=D(2026, 3, 27)))
    assert deadline(result, "Detention continues") == D(2026, 4, 2)


def test_s18_5_after_day_28_the_s2_power_has_ended():
    result = work_out(AwolInput("s2", D(2026, 3, 1), first_day_absent=D(2026, 3, 20),
                                today=D(2026, 3, 29)))
    assert result.outcome == "power_ended"
    assert result.answer.startswith("No.")


def test_s18_4_s3_six_months_from_absence_is_later_than_the_end_of_the_period():
    result = work_out(AwolInput("s3", D(2026, 1, 1), first_day_absent=D(2026, 6, 20)))
    assert deadline(result, "Power to retake ends") == D(2026, 12, 19)
    assert "six months from the first day of absence" in result.answer


def test_s18_4_s3_end_of_a_later_period_is_later_than_six_months_from_absence():
    result = work_out(AwolInput("s3", D(2027, 1, 1), current_period="later",
                                first_day_absent=D(2027, 1, 10)))
    assert deadline(result, "Power to retake ends") == D(2027, 12, 31)
    assert "end of the current period" in result.answer


def test_s18_4_s3_period_ending_during_absence_s21_s21A_return_within_28_days():
    # Period ends 30 June; absent from 20 June; back 10 July (within 28 days of 20 June).
    result = work_out(AwolInput("s3", D(2026, 1, 1), first_day_absent=D(2026, 6, 20),
                                returned_on=D(2026, 7, 10)))
    assert deadline(result, "Detention continues") == D(2026, 7, 16)
    assert any(r.citation.key == "mha-s21A" for r in result.rules)
    assert any("renewal report (s20)" in s for s in result.steps)
    assert not any(d.label.startswith("Section 21B") for d in result.deadlines)


def test_s21B_return_after_28_days_needs_a_report_within_a_week():
    result = work_out(AwolInput("s3", D(2026, 1, 1), first_day_absent=D(2026, 6, 20),
                                returned_on=D(2026, 8, 1)))
    assert deadline(result, "Section 21B report due") == D(2026, 8, 7)


def test_s18_4_cto_recall_uses_the_order_period_and_mentions_s17F():
    result = work_out(AwolInput("cto", D(2026, 2, 1), current_period="second",
                                first_day_absent=D(2026, 7, 15)))
    assert deadline(result, "Power to retake ends") == D(2027, 1, 14)
    assert any(r.citation.key == "mha-s17F" for r in result.rules)


def test_s5_2_holding_power_ends_72_real_hours_later_across_the_clocks():
    result = work_out(AwolInput("s5_2", parse_uk_time("2026-10-23 22:00", "s")))
    assert result.deadlines[0].words == "21:00 GMT on Monday 26 October 2026"


@pytest.mark.hazard("H-016")
def test_an_absence_outside_the_period_is_a_message():
    with pytest.raises(AidInputError) as caught:
        work_out(AwolInput("s3", D(2026, 1, 1), first_day_absent=D(2026, 7, 2)))
    assert caught.value.field == "first_day_absent"


@pytest.mark.hazard("H-008")
@pytest.mark.parametrize("section, words", [
    ("restricted", "Ministry of Justice"),
    ("s35", "arrested without warrant"), ("s36", "arrested without warrant"),
    ("s38", "arrested without warrant"),
    ("s135", "s138"), ("s136", "s138"),
    ("guardianship", "Out of scope"),
    ("informal", "No power to retake"),
])
def test_cases_the_aid_does_not_date_are_refused_with_the_route(section, words):
    result = work_out(AwolInput(section))
    assert result.outcome == "refused"
    assert words in result.answer
    assert not result.deadlines
