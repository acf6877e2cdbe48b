"""UK time for the aids: the repeated hour is asked about, the missing hour refused, months
counted by the corresponding-date rule."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonground.core.aids.result import AidInputError, AmbiguousTimeError
from commonground.core.aids.uktime import (
    LONDON,
    clock_words,
    months_beginning_with,
    months_from,
    parse_day,
    parse_uk_time,
)

pytestmark = pytest.mark.hazard("H-002")


def test_the_repeated_hour_in_october_is_asked_about_never_guessed():
    with pytest.raises(AmbiguousTimeError) as caught:
        parse_uk_time("2026-10-25 01:30", "arrived")
    message = str(caught.value)
    assert "01:30 BST or 01:30 GMT?" in message
    assert caught.value.field == "arrived"
    assert caught.value.choices == ("01:30 BST", "01:30 GMT")


def test_naming_the_zone_settles_the_repeated_hour_an_hour_apart():
    bst = parse_uk_time("2026-10-25 01:30 BST", "arrived")
    gmt = parse_uk_time("2026-10-25 01:30 GMT", "arrived")
    # (subtract in UTC: Python subtracts two times in one zone by their wall clocks)
    assert gmt.astimezone(dt.timezone.utc) - bst.astimezone(dt.timezone.utc) == \
        dt.timedelta(hours=1)
    assert clock_words(bst).startswith("01:30 BST") and clock_words(gmt).startswith("01:30 GMT")


def test_a_time_in_the_march_gap_is_refused_with_the_reason():
    with pytest.raises(AidInputError) as caught:
        parse_uk_time("2026-03-29 01:30", "arrived")
    assert "did not happen in the UK" in str(caught.value)
    assert "clocks went forward" in str(caught.value)


def test_a_zone_that_clocks_did_not_show_is_refused_not_converted():
    with pytest.raises(AidInputError) as caught:
        parse_uk_time("2026-07-01 12:00 GMT", "arrived")
    assert "UK clocks showed BST, not GMT" in str(caught.value)


@pytest.mark.parametrize("text", ["", "yesterday", "2026-02-30 10:00", "2026-13-01 10:00",
                                  "28/03/2026 25:10", "2026-03-28 22:10 XYZ"])
@pytest.mark.hazard("H-016")
def test_bad_times_are_a_message_naming_the_field(text):
    with pytest.raises(AidInputError) as caught:
        parse_uk_time(text, "arrived")
    assert caught.value.field == "arrived" and str(caught.value)


def test_day_first_and_iso_with_offset_are_understood():
    assert parse_uk_time("28/03/2026 22:10", "a") == parse_uk_time("2026-03-28T22:10", "a")
    assert parse_uk_time("2026-06-01T12:00+01:00", "a").strftime("%H:%M %Z") == "12:00 BST"
    assert parse_day("31/08/2026", "d") == dt.date(2026, 8, 31)


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)))
def test_every_wall_clock_time_is_accepted_asked_about_or_refused_never_shifted(naive):
    naive = naive.replace(microsecond=0)
    try:
        moment = parse_uk_time(naive.strftime("%Y-%m-%d %H:%M:%S"), "t")
    except AmbiguousTimeError:
        return
    except AidInputError as exc:
        assert "did not happen" in str(exc)
        return
    assert moment.astimezone(LONDON).replace(tzinfo=None) == naive


# ------------------------------------------------------------------ calendar months
@pytest.mark.parametrize("start, expected", [
    (dt.date(2026, 8, 31), dt.date(2027, 2, 28)),   # no 31 February: the last day
    (dt.date(2027, 8, 31), dt.date(2028, 2, 29)),   # a leap year
    (dt.date(2028, 2, 29), dt.date(2028, 8, 29)),
    (dt.date(2026, 1, 1), dt.date(2026, 7, 1)),     # the corresponding date
])
def test_six_months_from_a_day_is_the_corresponding_date_dodds_v_walker(start, expected):
    assert months_from(start, 6) == expected


@pytest.mark.parametrize("start, expected", [
    (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
    (dt.date(2026, 3, 1), dt.date(2026, 8, 31)),
    (dt.date(2026, 8, 31), dt.date(2027, 2, 28)),
    (dt.date(2027, 8, 30), dt.date(2028, 2, 29)),
])
def test_six_months_beginning_with_a_day_ends_the_day_before_the_corresponding_date(
        start, expected):
    assert months_beginning_with(start, 6) == expected


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 1, 1)),
       st.integers(min_value=1, max_value=24))
def test_month_periods_are_whole_months_and_never_run_into_the_next(day, months):
    end = months_from(day, months)
    assert (end.year * 12 + end.month) - (day.year * 12 + day.month) == months
    assert end.day <= day.day
    inclusive = months_beginning_with(day, months)
    assert inclusive < months_from(day, months) or inclusive == end
    assert inclusive >= day


@pytest.mark.hazard("H-015")
def test_windows_gets_the_time_zone_database_it_lacks():
    # zoneinfo has no IANA database on Windows: tzdata must be installed there and frozen
    # into the build, or every UK time an aid shows would fail.
    from tests.conftest import REPO
    assert "\"tzdata; sys_platform == 'win32'\"" in (REPO / "pyproject.toml").read_text(
        encoding="utf-8")
    assert 'hiddenimports=["tzdata"]' in (REPO / "installer" / "commonground.spec").read_text(
        encoding="utf-8")
    assert str(LONDON) == "Europe/London"
