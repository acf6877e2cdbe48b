"""The section 136 clock: worked examples from the Act (s136(2A), s136(3), s136A, s136B)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonground.core.aids.result import AidInputError, AmbiguousTimeError
from commonground.core.aids.s136_clock import S136ClockInput, Transfer, work_out
from commonground.core.aids.uktime import LONDON, UTC, parse_uk_time


def t(text):
    return parse_uk_time(text, "t")


def ends(result):
    return result.deadlines[-1].words


@pytest.mark.hazard("H-001", "H-002")
def test_s136_2A_across_the_march_change_2210_plus_24_hours_is_2310_bst():
    result = work_out(S136ClockInput(t("2026-03-28 22:10")))
    assert ends(result) == "23:10 BST on Sunday 29 March 2026"
    assert "Section 136 ends at 23:10 BST on Sunday 29 March 2026" in result.answer
    assert any("not 22:10" in w for w in result.warnings)
    assert result.deadlines[0].at.astimezone(UTC) - t("2026-03-28 22:10").astimezone(UTC) \
        == dt.timedelta(hours=24)


@pytest.mark.hazard("H-001", "H-002")
def test_s136_2A_across_the_october_change_2210_bst_plus_24_hours_is_2110_gmt():
    result = work_out(S136ClockInput(t("2026-10-24 22:10 BST")))
    assert ends(result) == "21:10 GMT on Sunday 25 October 2026"
    assert result.to_json()["deadlines"][0]["zone"] == "GMT"


@pytest.mark.hazard("H-002")
def test_an_arrival_in_the_repeated_hour_is_asked_about_before_any_deadline():
    with pytest.raises(AmbiguousTimeError):
        S136ClockInput.from_record({"arrived_at": "2026-10-25T01:30:00", "age": "18_or_over"})
    early = work_out(S136ClockInput(t("2026-10-25 01:30 BST")))
    late = work_out(S136ClockInput(t("2026-10-25 01:30 GMT")))
    assert ends(early) == "00:30 GMT on Monday 26 October 2026"
    assert ends(late) == "01:30 GMT on Monday 26 October 2026"


@pytest.mark.hazard("H-001")
def test_s136_2A_midnight_arrival_ends_at_the_next_midnight_and_says_which():
    result = work_out(S136ClockInput(t("2026-06-30 00:00")))
    assert ends(result) == ("00:00 BST on Wednesday 1 July 2026 (midnight at the start of that "
                            "day)")


@pytest.mark.hazard("H-001")
def test_s136_2A_over_a_leap_day():
    result = work_out(S136ClockInput(t("2028-02-28 23:30")))
    assert ends(result) == "23:30 GMT on Tuesday 29 February 2028"
    extended = work_out(S136ClockInput(t("2028-02-28 23:30"), extension_hours=12,
                                       extension_reason="condition",
                                       extension_authorised_at=t("2028-02-29 20:00")))
    assert ends(extended) == "11:30 GMT on Wednesday 1 March 2028"


@pytest.mark.hazard("H-001", "H-003")
def test_s136B_extension_straddling_a_transfer_runs_from_the_end_of_the_24_hours():
    # Arrived at the ED, extension authorised there, then moved to the 136 suite: the
    # extension still runs on from the end of the first 24 hours (s136B(1), s136(3)).
    base = S136ClockInput(t("2026-05-01 10:00"), place="emergency_department",
                          extension_hours=12, extension_reason="condition",
                          extension_authorised_at=t("2026-05-02 08:00"))
    moved = S136ClockInput(**{**base.__dict__, "transfers": (
        Transfer(t("2026-05-02 09:00"), "health_based"),)})
    assert ends(work_out(base)) == ends(work_out(moved)) == "22:00 BST on Saturday 2 May 2026"
    assert any("does not restart the clock" in r.applied for r in work_out(moved).rules)
    assert any(r.citation.key == "guidance-2017-4.4" for r in work_out(base).rules)


@pytest.mark.hazard("H-001")
def test_s136B_1_an_extension_after_the_24_hours_is_not_valid():
    result = work_out(S136ClockInput(t("2026-05-01 10:00"), extension_hours=12,
                                     extension_reason="condition",
                                     extension_authorised_at=t("2026-05-02 10:30")))
    assert result.outcome == "extension_not_valid"
    assert ends(result) == "10:00 BST on Saturday 2 May 2026"
    assert any("after the 24 hours had ended" in w for w in result.warnings)


@pytest.mark.hazard("H-001")
def test_s136B_1_an_extension_for_lack_of_a_doctor_or_bed_is_not_valid():
    result = work_out(S136ClockInput(t("2026-05-01 10:00"), extension_hours=6,
                                     extension_reason="other"))
    assert result.outcome == "extension_not_valid"
    assert len(result.deadlines) == 1


@pytest.mark.hazard("H-001")
def test_s136B_3_at_a_police_station_the_extension_needs_a_superintendent():
    common = dict(arrived=t("2026-05-01 10:00"), place="police_station", extension_hours=12,
                  extension_reason="condition", extension_authorised_at=t("2026-05-02 06:00"),
                  assessment_at_station=True)
    refused = work_out(S136ClockInput(**common, superintendent_approved=False))
    assert refused.outcome == "extension_not_valid"
    approved = work_out(S136ClockInput(**common, superintendent_approved=True))
    assert ends(approved) == "22:00 BST on Saturday 2 May 2026"
    unknown = work_out(S136ClockInput(**common))
    assert any("superintendent" in u for u in unknown.undecided)
    elsewhere = work_out(S136ClockInput(**{**common, "assessment_at_station": False}))
    assert not any(r.citation.key == "mha-s136B-3" for r in elsewhere.rules)


@pytest.mark.hazard("H-004")
@pytest.mark.parametrize("age", ["under_18", "not_sure"])
def test_s136A_a_police_station_is_refused_for_a_child_and_the_deadline_still_shown(age):
    result = work_out(S136ClockInput(t("2026-05-01 10:00"), place="police_station", age=age))
    assert result.outcome == "police_station_refused"
    assert result.answer.startswith("A police station cannot be used")
    assert ends(result) == "10:00 BST on Saturday 2 May 2026"
    assert any("emergency department" in step for step in result.steps)


@pytest.mark.hazard("H-004")
def test_s136A_a_transfer_of_a_child_to_a_police_station_is_refused():
    result = work_out(S136ClockInput(t("2026-05-01 10:00"), age="under_18", transfers=(
        Transfer(t("2026-05-01 12:00"), "police_station"),)))
    assert result.outcome == "police_station_refused"


@pytest.mark.hazard("H-001")
@pytest.mark.parametrize("now, expected", [
    ("2026-05-02 06:30", "Less than 4 hours left (3 h 30 min)"),
    ("2026-05-02 09:15", "Less than 1 hour left (45 min)"),
])
def test_the_clock_warns_at_four_hours_and_at_one_hour(now, expected):
    result = work_out(S136ClockInput(t("2026-05-01 10:00"), now=t(now)))
    assert result.warnings[0].startswith(expected)
    assert "extension before 10:00 BST on Saturday 2 May 2026" in result.warnings[0]


@pytest.mark.hazard("H-002")
def test_time_left_counts_real_hours_inside_the_repeated_hour():
    # At 01:30 BST on 25 October (the first 01:30) the 24 hours end at 21:10 GMT: 20 h 40
    # min later in real time, though the clock faces differ by 19 h 40 min.
    result = work_out(S136ClockInput(t("2026-10-24 22:10 BST"),
                                     now=t("2026-10-25 01:30 BST")))
    assert result.steps[0].startswith("Time left now: 20 h 40 min")
    one_hour_extension = work_out(S136ClockInput(t("2026-10-24 01:30 BST"), extension_hours=1,
                                                 extension_reason="condition"))
    assert [d.words[:9] for d in one_hour_extension.deadlines] == ["01:30 BST", "01:30 GMT"]


@pytest.mark.hazard("H-001")
def test_after_the_deadline_it_says_there_is_no_power_and_no_fresh_s136():
    result = work_out(S136ClockInput(t("2026-05-01 10:00"), now=t("2026-05-02 10:05")))
    assert result.outcome == "ended"
    assert "no power to keep the person" in result.warnings[0]
    assert any(r.citation.key == "cop-16.26" for r in result.rules)


@pytest.mark.hazard("H-001")
def test_s136_2A_b_the_clock_can_start_at_the_decision_to_keep():
    result = work_out(S136ClockInput(t("2026-05-01 10:00"), start="decision_to_keep",
                                     place="emergency_department"))
    assert "decision to keep" in result.rules[0].applied


@pytest.mark.hazard("H-016")
@pytest.mark.parametrize("change, field", [
    ({"extension_hours": 13}, "extension_hours"),
    ({"extension_hours": -1}, "extension_hours"),
    ({"place": "car_park"}, "place"),
    ({"transfers": (Transfer(dt.datetime(2026, 5, 1, 9, tzinfo=LONDON), "health_based"),)},
     "transfers"),
])
def test_bad_input_is_refused_with_the_field_named(change, field):
    with pytest.raises(AidInputError) as caught:
        work_out(S136ClockInput(**{"arrived": t("2026-05-01 10:00"), **change}))
    assert caught.value.field == field


def test_a_record_pre_fills_the_clock():
    inp = S136ClockInput.from_record({"arrived_at": "2026-03-28T22:10:00", "age": "under_18",
                                      "place_type": "police_station", "extended": "yes",
                                      "extension_hours": "6"})
    assert inp.age == "under_18" and inp.place == "police_station"
    assert inp.extension_hours == 6 and inp.arrived == t("2026-03-28 22:10")


moments = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2040, 1, 1),
                       timezones=st.just(UTC))


@pytest.mark.hazard("H-001", "H-002", "H-003")
@given(moments, st.integers(0, 12), st.lists(st.integers(1, 36 * 60), max_size=4),
       st.sampled_from(["health_based", "emergency_department", "other"]))
def test_the_clock_never_ends_before_24_elapsed_hours_and_transfers_never_move_it(
        arrived, hours, minutes, place):
    arrived = arrived.astimezone(LONDON)
    plain = work_out(S136ClockInput(arrived, extension_hours=hours,
                                    extension_reason="condition" if hours else None))
    end = plain.deadlines[-1].at
    assert end.astimezone(UTC) - arrived.astimezone(UTC) == dt.timedelta(hours=24 + hours)
    transfers = tuple(Transfer(arrived + dt.timedelta(minutes=m), place)
                      for m in sorted(minutes))
    moved = work_out(S136ClockInput(arrived, extension_hours=hours, transfers=transfers,
                                    extension_reason="condition" if hours else None))
    assert moved.deadlines[-1].at.astimezone(UTC) == end.astimezone(UTC)
    assert end.tzname() in ("GMT", "BST") and end.tzname() in plain.deadlines[-1].words
