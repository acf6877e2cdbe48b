"""Dates and times as people type them: a date that does not exist is named, not refused
with a lecture on the format the person already used."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonground.core import timeutil as tu


@pytest.mark.parametrize("typed, words", [
    ("31/02/2026", "31 February 2026 does not exist (February 2026 has 28 days)."),
    ("29.02.27", "29 February 2027 does not exist (February 2027 has 28 days)."),
    ("31-04-2026", "31 April 2026 does not exist (April 2026 has 30 days)."),
    ("12/13/2026", "There is no month 13: write the date as day/month/year, for example "
                   "20/11/2026."),
    ("0/5/2026", "There is no day 0: write the date as day/month/year, for example "
                 "20/11/2026."),
    ("2026-11-20", "Write the date as day/month/year, for example 20/11/2026."),
    ("tomorrow", "Write the date as day/month/year, for example 20/11/2026."),
])
def test_a_date_that_cannot_be_read_is_named(typed, words):
    assert tu.read_date(typed) is None
    assert tu.date_problem(typed) == words


@pytest.mark.parametrize("typed, day", [
    ("29/02/2028", dt.date(2028, 2, 29)), ("20.11.26", dt.date(2026, 11, 20)),
    (" 1 / 3 / 2026 ", dt.date(2026, 3, 1)),
])
def test_a_real_date_is_read_and_has_no_problem(typed, day):
    assert tu.read_date(typed) == day
    assert tu.date_problem(typed) == ""


@pytest.mark.parametrize("typed, words", [
    ("25:10", "25:10 is not a time of day: hours go from 00 to 23."),
    ("24:00", "24:00 is not a time of day: midnight is 00:00 on the next day."),
    ("14:75", "14:75 is not a time of day: minutes go from 00 to 59."),
    ("half two", "Write the time as hh:mm (24-hour), for example 14:32."),
])
def test_a_time_that_cannot_be_read_is_named(typed, words):
    assert tu.read_time(typed) is None
    assert tu.time_problem(typed) == words


def test_a_date_and_time_names_the_part_that_is_wrong():
    assert tu.entered_problem("31/02/2026", "14:32") == tu.date_problem("31/02/2026")
    assert tu.entered_problem("20/11/2026", "25:00") == tu.time_problem("25:00")
    assert tu.entered_problem("20/11/2026", "") == "Enter the time as well, as hh:mm " \
                                                   "(24-hour), for example 14:32."
    assert tu.entered_problem("", "14:32") == "Enter the date as well, as day/month/year, " \
                                              "for example 20/11/2026."
    assert tu.entered_problem("20/11/2026", "1432") == ""
    assert tu.read_entered("20/11/2026", "1432") == dt.datetime(2026, 11, 20, 14, 32)


@given(st.text(max_size=14), st.text(max_size=8))
def test_anything_typed_is_either_read_or_named(date_text, time_text):
    moment = tu.read_entered(date_text, time_text)
    problem = tu.entered_problem(date_text, time_text)
    if date_text.strip() or time_text.strip():
        assert (moment is None) == bool(problem)
    assert problem == "" or problem.endswith(".")
