"""Notice for a planned assessment: the police assistance request's working-days rule."""

import datetime as dt

import pytest

from commonground.core.aids.notice import NoticeInput, latest_day_to_ask, work_out
from commonground.core.aids.uktime import parse_uk_time
from commonground.core.records.kinds.assistance import rules as assistance
from commonground.core.workdays import default_calendar

pytestmark = pytest.mark.hazard("H-011")


def t(text):
    return parse_uk_time(text, "t")


def test_across_the_christmas_bank_holidays_there_is_not_enough_notice():
    result = work_out(NoticeInput(t("2026-12-23 15:00"), t("2026-12-29 10:00"), 3, "the rule"),
                      default_calendar())
    assert result.outcome == "late"
    assert "gives 1 working day of notice" in result.answer
    assert any("Friday 25 December 2026 (bank holiday)" in s for s in result.steps)
    assert result.deadlines[0].at.date() == dt.date(2026, 12, 21)


def test_across_the_august_bank_holiday():
    # Asked on Thursday 27 August 2026; Monday 31 August is a bank holiday, so for
    # Wednesday 2 September only Friday and Tuesday count; for Thursday 3rd, three days.
    late = work_out(NoticeInput(t("2026-08-27 09:00"), t("2026-09-02 10:00"), 3, "the rule"),
                    default_calendar())
    assert late.outcome == "late" and "gives 2 working days" in late.answer
    assert any("Monday 31 August 2026 (bank holiday)" in s for s in late.steps)
    enough = work_out(NoticeInput(t("2026-08-27 09:00"), t("2026-09-03 10:00"), 3, "the rule"),
                      default_calendar())
    assert enough.outcome == "enough" and "gives 3 working days" in enough.answer


def test_it_agrees_with_the_request_forms_rule_on_every_day_of_a_year():
    calendar = default_calendar()
    assessment = t("2026-12-29 10:00")
    for offset in range(1, 40):
        ask = assessment - dt.timedelta(days=offset)
        result = work_out(NoticeInput(ask, assessment, 3, "r"), calendar)
        given = assistance.notice_days(ask.replace(tzinfo=None),
                                       assessment.replace(tzinfo=None), calendar)
        late = assistance.late_notice({"urgency": "planned",
                                       "assessment_at": "2026-12-29T10:00:00"},
                                      ask.replace(tzinfo=None), 3, calendar)
        assert (result.outcome == "late") == (late is not None)
        assert f"gives {given} working day" in result.answer
    assert latest_day_to_ask(assessment, 3, calendar) == dt.date(2026, 12, 21)


def test_without_a_local_rule_it_counts_but_does_not_judge():
    result = work_out(NoticeInput(t("2026-12-01 09:00"), t("2026-12-10 10:00"), None),
                      default_calendar())
    assert result.outcome == "no_rule" and result.undecided
