"""The prosecution time limit on the advisor's case (MCA 1980 s127): the date to charge
common assault by, a warning six weeks before, never 'overdue', always the reminder that
either-way offences are not limited, and recorded on the case only when asked."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from commonground.core.aids.uktime import LONDON
from commonground.core.cases import workflow as cases
from tests.ui.aids.conftest import work_out
from tests.ui.test_cases import advisor, open_first_case, submit_report  # noqa: F401

NOT_LIMITED = "This does not limit assault on an emergency worker (AEWOA 2018 s1)"


def on(view, day: dt.date) -> str:
    view.limit.env.now = lambda: dt.datetime.combine(day, dt.time(9), tzinfo=LONDON)
    view.reload()
    return view.limit.text.text()


@pytest.mark.hazard("H-020")
@pytest.mark.hazard("H-010")
def test_the_case_shows_when_common_assault_must_be_charged_by(advisor, qtbot):  # noqa: F811
    window = advisor
    submit_report(window.context)                 # an assault on 20 November 2026
    window.apply_role()
    view = open_first_case(window, qtbot)
    text = on(view, dt.date(2026, 12, 6))
    assert text.startswith("Common assault must be charged by Thursday 20 May 2027.")
    assert NOT_LIMITED in text and "Warning" not in text
    text = on(view, dt.date(2027, 5, 1))
    assert text.startswith("Warning: Common assault must be charged by Thursday 20 May 2027.")
    assert "19 days left to charge common assault" in text
    text = on(view, dt.date(2027, 6, 1))
    assert "The six-month limit for common assault passed at the end of Thursday 20 May 2027" \
        in text
    assert "overdue" not in text.lower()
    assert not any("limit" in step.title.lower() for step in view.steps)   # never a step


@pytest.mark.hazard("H-019")
@pytest.mark.hazard("H-010")
def test_record_this_puts_the_limit_on_the_case_timeline_only_when_asked(advisor,  # noqa: F811
                                                                          qtbot):
    window = advisor
    submit_report(window.context)
    window.apply_role()
    view = open_first_case(window, qtbot)
    on(view, dt.date(2026, 12, 6))
    before = [e.kind for e in cases.timeline(window.context.db, view.case_id)]
    qtbot.mouseClick(view.limit.button, Qt.LeftButton)
    dialog = view.limit.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.form.values()["offence_on"] == "2026-11-20"
    assert "Common assault must be charged by Thursday 20 May 2027" in work_out(qtbot, dialog)
    assert [e.kind for e in cases.timeline(window.context.db, view.case_id)] == before
    qtbot.mouseClick(dialog.record_button, Qt.LeftButton)
    assert dialog.status.text() == "Recorded on this case's timeline."
    events = cases.timeline(window.context.db, view.case_id)
    assert events[-1].kind == "aid"
    assert events[-1].describe().startswith("Decision aid, Prosecution time limit: common "
                                            "assault: Common assault must be charged by "
                                            "Thursday 20 May 2027.")
    assert "Common assault must be charged by" in view.timeline.toPlainText()
    dialog.close()
