"""The advisor's case shows a decision-aid answer the ward PC recorded on the report (it
arrives through the shared folders like an addendum), on the case timeline, in order."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtWidgets import QTabWidget

from commonground.core.aids import prosecution_limit
from commonground.core.records import timeline
from commonground.ui.case_view import CaseView
from tests.core.test_sync import World


@pytest.fixture
def world(tmp_path):
    made = World(tmp_path)
    yield made
    made.close()


def test_the_case_timeline_shows_the_ward_pcs_aid_answer(world, qtbot, tmp_path):
    report = world.report(reporter_name="Zeb Quillfeather", reporter_role="Staff nurse")
    result = prosecution_limit.work_out(prosecution_limit.ProsecutionLimitInput(
        dt.date(2026, 11, 20), today=dt.date(2026, 12, 1)))
    timeline.record_event(world.front.db, report.id, "aid", "Zeb Quillfeather",
                          result.recorded())
    world.sync(world.front)
    world.sync(world.advisor)
    [row] = world.advisor.db.query("SELECT id FROM cases")
    view = CaseView(world.advisor, row["id"], "Advisor")
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    shown = view.timeline.toPlainText()
    assert f"Recorded on the ward PC: Decision aid, {result.title}: {result.answer}" in shown
    assert "Zeb Quillfeather" in shown             # the advisor keeps who recorded it
    [tabs] = view.findChildren(QTabWidget)
    tabs.setCurrentWidget(view.timeline)
    if os.environ.get("COMMONGROUND_SHOTS"):
        view.grab().save(os.path.join(os.environ["COMMONGROUND_SHOTS"], "case-ward-aid.png"))
