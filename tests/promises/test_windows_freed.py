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


@pytest.mark.parametrize("role", harness.ROLES)
def test_pressing_every_button_again_leaves_nothing_more_behind(qtbot, monkeypatch, tmp_path,
                                                                role):
    """Every button of every area pressed three times over on one window: each window or
    dialog it opens is closed again, so the third round may leave no more windows alive
    than the second (the first may create what a page keeps, such as a list's popup)."""
    from collections import Counter

    from tests.promises.test_every_control import settle

    template, policy = harness.make_template(tmp_path / "templates")[role]
    harness.Answers(monkeypatch, tmp_path, harness.Findings(), lambda: "", lambda: "")
    window = harness.open_role(qtbot, template, policy, tmp_path / role)
    settle(qtbot)
    alive_after = []
    try:
        for _round in range(3):
            for row, _title in harness.areas(window):
                window.nav.setCurrentRow(row)
                settle(qtbot)
                for control, press in harness.controls(window.pages.currentWidget()):
                    if control.kind != "button":
                        continue
                    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
                    press()
                    settle(qtbot)
                    for opened in harness.new_windows(before, window):
                        opened.close()
                    settle(qtbot)
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            alive_after.append(Counter(type(w).__name__ for w in QApplication.topLevelWidgets()))
        print(f"{role}: windows alive after each round "
              f"{[sum(count.values()) for count in alive_after]}")
        assert alive_after[2] - alive_after[1] == Counter()
    finally:
        window.close()
        from commonground.ui import tasks
        tasks.wait_for_all()
        window.context.close()
