"""Common assault time limit: MCA 1980 s127, calendar months, Dodds v Walker."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonground.core.aids.prosecution_limit import (
    NOT_LIMITED,
    ProsecutionLimitInput,
    last_day,
    work_out,
)

D = dt.date
pytestmark = pytest.mark.hazard("H-010")


def test_mca_s127_31_august_plus_six_months_is_the_last_day_of_february():
    result = work_out(ProsecutionLimitInput(D(2026, 8, 31)))
    assert result.answer.startswith("Common assault must be charged by Sunday 28 February "
                                    "2027.")
    assert result.deadlines[0].label == "Common assault must be charged by"


def test_mca_s127_in_a_leap_year_it_is_29_february():
    assert last_day(D(2027, 8, 31)) == D(2028, 2, 29)
    assert last_day(D(2028, 2, 29)) == D(2028, 8, 29)


def test_radcliffe_v_bartholomew_the_day_of_the_offence_is_not_counted():
    assert last_day(D(2026, 1, 1)) == D(2026, 7, 1)


def test_a_warning_six_weeks_before_and_never_overdue():
    quiet = work_out(ProsecutionLimitInput(D(2026, 3, 15), today=D(2026, 7, 31)))
    assert not quiet.warnings
    warned = work_out(ProsecutionLimitInput(D(2026, 3, 15), today=D(2026, 8, 4)))
    assert warned.warnings[0].startswith("42 days left")
    passed = work_out(ProsecutionLimitInput(D(2026, 3, 15), today=D(2026, 9, 16)))
    assert passed.outcome == "time_limit_passed"
    for result in (quiet, warned, passed):
        assert "overdue" not in result.to_text().lower()
        assert NOT_LIMITED in result.answer


def test_s127_2_an_either_way_offence_shows_no_limit_and_says_why():
    result = work_out(ProsecutionLimitInput(D(2026, 3, 15), could_be_common_assault=False))
    assert not result.deadlines and NOT_LIMITED in result.answer


def test_a_domestic_case_is_warned_of_a_longer_limit():
    result = work_out(ProsecutionLimitInput(D(2026, 3, 15), domestic=True))
    assert any("s39A" in w for w in result.warnings)
    unknown = work_out(ProsecutionLimitInput(D(2026, 3, 15), domestic=None))
    assert unknown.undecided


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 1, 1)))
def test_the_last_day_is_six_calendar_months_on_and_never_later_than_the_corresponding_day(day):
    last = last_day(day)
    assert (last.year * 12 + last.month) - (day.year * 12 + day.month) == 6
    assert last.day == day.day or (last.day < day.day and (last + dt.timedelta(days=1)).day == 1)
    text = work_out(ProsecutionLimitInput(day)).to_text()
    assert NOT_LIMITED in text and "overdue" not in text.lower()
