"""A shift of opening and closing record windows must not keep them all.

The advisor opens a case, reads it, closes it, dozens of times a day, in a window that
stays open for weeks. A closed record window that stays alive (a child of the main window,
held by its connections) is memory that only a restart gives back.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from tests.promises import controls as harness

pytestmark = pytest.mark.slow
ROUNDS = 15


def alive(kind: str) -> int:
    return sum(type(widget).__name__ == kind for widget in QApplication.topLevelWidgets())


def test_closed_record_windows_are_freed(qtbot, tmp_path):
    from commonground.ui import tasks

    template, policy = harness.make_template(tmp_path / "templates")["advisor"]
    window = harness.open_role(qtbot, template, policy, tmp_path / "advisor")
    try:
        db = window.context.db
        case_ids = [row["id"] for row in db.query("SELECT id FROM cases ORDER BY id")]
        report_ids = [row["id"] for row in db.query("SELECT id FROM reports ORDER BY id")]
        assert case_ids and report_ids
        for _ in range(ROUNDS):
            for opener, ids in ((window.open_case, case_ids), (window.open_report, report_ids)):
                for record in ids:
                    view = opener(record)
                    qtbot.waitUntil(view.isVisible)
                    view.close()
                    tasks.wait_for_all()
                    QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
        opened = ROUNDS * (len(case_ids) + len(report_ids))
        left = alive("CaseView") + alive("ReportView")
        print(f"record windows opened and closed: {opened}; still in memory: {left}")
        assert left == 0
        assert window.record_windows == {}
    finally:
        window.close()
        tasks.wait_for_all()
        window.context.close()
