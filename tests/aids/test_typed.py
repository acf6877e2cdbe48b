"""Typed answers become an aid's input in one place (core.aids.typed), for the dialog and the
command alike: whatever is typed, the answer is an input or a message naming the field,
never a crash."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.core.aids import appropriate_adult as aa
from commonground.core.aids import awol, notice, police_need, police_station, typed
from commonground.core.aids import prosecution_limit as limit
from commonground.core.aids import s136_clock as clock
from commonground.core.aids.result import AidInputError, AmbiguousTimeError
from commonground.core.aids.uktime import LONDON
from commonground.core.errors import UserError
from commonground.core.workdays import default_calendar
from tests import fuzzing

NOW = dt.datetime(2026, 3, 29, 12, 0, tzinfo=LONDON)
TODAY = NOW.date()
EXAMPLES = 400       # per aid; all seven together take about 10 s on a 2-core machine

# Text shaped like a date or a time, with numbers at and beyond their edges: where a parser's
# edge cases live (a 31 February, year 9999, +14:00, 24:00, the October hour).
years = st.sampled_from([0, 1, 1899, 1900, 2026, 2199, 2200, 9998, 9999, 10000, 99999])
months = st.integers(0, 13)
days = st.integers(0, 32)
zones = st.sampled_from(["", " BST", " GMT", " bst", " XYZ", "Z", "+14:00", "-23:59", "+0100"])
dates = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", years, months, days) | \
    st.builds(lambda y, m, d: f"{d}/{m}/{y}", years, months, days)
times = st.builds(lambda day, h, m, zone: f"{day} {h:02d}:{m:02d}{zone}", dates,
                  st.integers(0, 25), st.integers(0, 61), zones)
edge_days = st.sampled_from([dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(1900, 1, 1),
                             dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2028, 2, 29),
                             dt.date(2199, 12, 31), dt.date(2200, 1, 1), dt.date(9999, 12, 30),
                             dt.date(9999, 12, 31)]) | st.dates()
real_times = st.builds(lambda day, hour, zone: f"{day:%Y-%m-%d} {hour:02d}:30{zone}", edge_days,
                       st.integers(0, 23), zones)
real_dates = edge_days.map(dt.date.isoformat)
words = st.sampled_from(["", " ", "yes", "no", "not_known", "YES", "true", "false", "0", "12",
                         "13", "-1", "１２", "1_0", "9" * 5000, "١٢"])
anything = st.one_of(st.text(max_size=30), words, dates, times, st.booleans(), st.none())


def one_of(*codes):
    return st.sampled_from(codes)


TIME, DAY = st.one_of(real_times, real_times, times), st.one_of(real_dates, real_dates, dates)
YES_NO = one_of("yes", "no", "not_known")
AGES = one_of("18_or_over", "under_18", "not_sure")
# Each aid's fields, each with the shape a person would type. The fuzzer starts from those
# and replaces a few with anything at all, so the branches behind valid answers are reached
# as well as the refusals.
FIELDS = {
    "s136-clock": {"arrived": TIME, "start": one_of("arrival", "decision_to_keep"),
                   "place": one_of(*clock.PLACES), "age": AGES,
                   "extension_hours": st.integers(0, 99).map(str),
                   "extension_authorised_at": TIME,
                   "extension_reason": one_of("", "condition", "other"),
                   "assessment_at_station": YES_NO, "superintendent_approved": YES_NO},
    "police-station": {"age": AGES, **{name: YES_NO for name, *_ in police_station.CONDITIONS},
                       "decision_maker": one_of("constable", "amhp"),
                       "decision_maker_inspector_or_above": st.booleans(),
                       "consulted": one_of("yes", "no", "not_practicable", "not_known"),
                       "reason_is_resources": st.booleans()},
    "appropriate-adult": {"relationship": one_of(*aa.RELATIONSHIPS), "candidate": st.text(),
                          "detainee_age": one_of("18_or_over", "under_18"),
                          "candidate_age": one_of("18_or_over", "under_18", "not_known"),
                          **{name: YES_NO for name in typed.AA_ANSWERS}},
    "awol": {"section": one_of(*awol.SECTIONS), "period_start": TIME | DAY,
             "current_period": one_of("first", "second", "later"), "first_day_absent": DAY,
             "returned_on": DAY},
    "prosecution-limit": {"offence_on": DAY, "could_be_common_assault": st.booleans(),
                          "domestic": YES_NO},
    "notice": {"assessment_at": TIME, "ask_on": TIME},
}


def run(key: str, answers: dict, moves=()):
    """Typed answers to an answer, as the dialog and the command do it."""
    if key == "s136-clock":
        return clock.work_out(typed.s136_clock({**answers, "transfers": moves}, NOW))
    if key == "police-station":
        return police_station.work_out(typed.police_station(answers))
    if key == "appropriate-adult":
        return aa.work_out(typed.appropriate_adult(answers, "0100 000 0002"))
    if key == "awol":
        return awol.work_out(typed.awol(answers, TODAY))
    if key == "prosecution-limit":
        return limit.work_out(typed.prosecution_limit(answers, TODAY))
    if key == "notice":
        return notice.work_out(typed.notice(answers, NOW, 5, "the rule"), default_calendar())
    questions = police_need.default_questions()
    return police_need.work_out(questions, typed.police_need(questions, answers), {}, 5)


@pytest.mark.parametrize("key", [*FIELDS, "police-need"])
@pytest.mark.hazard("H-016")
def test_whatever_is_typed_the_answer_is_an_input_or_a_message_never_a_crash(key):
    """Budget: about 10 s in all (400 examples an aid); prints its figures at the end.
    (``None`` and blanks stand for a field left empty.)"""
    fields = FIELDS.get(key) or {q.id: YES_NO for q in police_need.default_questions().questions}
    if key == "police-need":
        fields["not_a_question"] = YES_NO
    with fuzzing.measured(f"aid answers as typed, {key}") as counter:
        @settings(max_examples=EXAMPLES, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(st.fixed_dictionaries(fields), st.data(),
               st.lists(st.tuples(TIME | anything, one_of(*clock.PLACES) | anything),
                        max_size=3))
        def typed_answers(answers, data, moves):
            counter[0] += 1
            for name in data.draw(st.sets(st.sampled_from(sorted(fields)), max_size=3)):
                answers[name] = data.draw(anything)
            try:
                result = run(key, answers, moves)
            except UserError as exc:
                assert str(exc).strip()
                assert "Traceback" not in str(exc)
                return
            assert result.answer.strip()
            result.to_text()
            result.to_json()
        typed_answers()


@pytest.mark.parametrize("key, answers, field, message", [
    ("s136-clock", {"arrived": "2026-02-30 10:00"}, "arrived",
     "Arrival at the first place of safety: 30 February 2026 does not exist (February 2026 "
     "has 28 days)."),
    ("s136-clock", {"arrived": "2026-03-28 22:10", "extension_hours": "two"},
     "extension_hours", "Extension authorised, in hours: 'two' is not a whole number of hours "
                        "(enter 0 for none)."),
    ("s136-clock", {"arrived": "2026-03-28 22:10", "superintendent_approved": "maybe"},
     "superintendent_approved", "Superintendent approved the extension: answer yes, no or "
                                "not known ('maybe' is none of them)."),
    ("awol", {"section": "s2", "period_start": "yesterday"}, "period_start",
     "Start of the current period: 'yesterday' is not a date this understands. Write it as "
     "2026-08-31."),
    ("prosecution-limit", {"offence_on": ""}, "offence_on",
     "Day of the offence: enter it, for example 2026-08-31."),
    ("notice", {"assessment_at": "9999-12-31 10:00"}, "assessment_at",
     "The planned assessment: the year 9999 cannot be right: check the date (a year from "
     "1900 to 2199)."),
    ("notice", {"ask_on": "1900-01-01 09:00", "assessment_at": "2199-12-31 10:00"},
     "assessment_at", "The planned assessment: Tuesday 31 December 2199 is more than a year "
                      "after the request (Monday 1 January 1900). Check both dates."),
    ("notice", {"ask_on": "2026-01-05 09:00", "assessment_at": "2027-01-06 09:01"},
     "assessment_at", "The planned assessment: Wednesday 6 January 2027 is more than a year "
                      "after the request (Monday 5 January 2026). Check both dates."),
    ("police-station", {"imminent_risk": "perhaps"}, "imminent_risk",
     "Imminent risk of serious injury or death: answer yes, no or not known ('perhaps' is "
     "none of them)."),
    ("appropriate-adult", {"relationship": "relative", "able_now": "sort of"}, "able_now",
     "Able to do the job now: answer yes, no or not known ('sort of' is none of them)."),
])
@pytest.mark.hazard("H-016")
def test_a_slip_is_refused_with_the_field_named_and_what_to_write(key, answers, field,
                                                                  message):
    with pytest.raises(AidInputError) as caught:
        run(key, {"age": "18_or_over", **answers})
    assert (caught.value.field, str(caught.value)) == (field, message)


@pytest.mark.hazard("H-002")
def test_the_repeated_hour_is_still_asked_about_and_says_which_time_it_is():
    with pytest.raises(AmbiguousTimeError) as caught:
        run("s136-clock", {"arrived": "2026-03-28 22:10", "place": "health_based",
                           "age": "18_or_over", "start": "arrival",
                           "extension_authorised_at": "2026-10-25 01:30"})
    assert caught.value.field == "extension_authorised_at"
    assert caught.value.choices == ("01:30 BST", "01:30 GMT")
    assert str(caught.value).startswith("Extension authorised at: 01:30 on Sunday 25 October "
                                        "2026 happened twice")


def test_a_move_is_a_typed_time_and_a_place_and_the_aid_checks_the_place():
    base = {"arrived": "2026-03-28 22:10", "place": "health_based", "age": "18_or_over",
            "start": "arrival"}
    result = run("s136-clock", base, [("2026-03-29 02:00", "emergency_department")])
    assert "The move to the emergency department at 02:00 BST" in result.to_text()
    with pytest.raises(AidInputError) as caught:
        run("s136-clock", base, [("2026-03-29 02:00", "the cells")])
    assert str(caught.value) == "Choose the place of safety the person was moved to."


def test_police_need_takes_answers_in_order_up_to_the_one_that_decides():
    questions = police_need.default_questions()
    first, second = (q.id for q in questions.questions[:2])
    with pytest.raises(AidInputError) as caught:          # every answer given is checked
        typed.police_need(questions, {first: "yes", second: "banana"})
    assert caught.value.field == second and "('banana' is none of them)" in str(caught.value)
    assert typed.police_need(questions, {first: "yes", second: "no"}) == {first: "yes"}
    assert typed.police_need(questions, {first: "no", second: ""}) == {first: "no"}
    with pytest.raises(AidInputError, match="'nope' is not one of these questions"):
        typed.police_need(questions, {"nope": "yes"})


def test_an_assessment_a_year_after_the_request_is_still_worked_out():
    # 366 days: a year, even one with 29 February in it.
    result = run("notice", {"ask_on": "2026-01-05 09:00", "assessment_at": "2027-01-06 09:00"})
    assert result.answer.startswith("Yes. Asking on Monday 5 January 2026 gives ")
