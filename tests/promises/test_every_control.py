"""Every button, tab and list of every screen of every role, clicked: nothing may fail.

The screens and their controls are found from the widget tree (tests/promises/controls.py),
not from a list written by hand, so a new button is clicked the day it is added. A click
fails the test if it raises, logs an error, shows a message saying something failed
unexpectedly, or opens a second window on a record that already has one. Budget: about
two minutes of CI.
"""

from __future__ import annotations

import gc
import logging

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from tests.promises import controls as harness

pytestmark = pytest.mark.slow

# Controls not clicked, each with the reason. Keep this short: every entry is a button a
# person can press that this test does not check.
SKIPS: dict[str, str] = {}
MINIMUM_CLICKS = 150


def settle(qtbot) -> None:
    from commonground.ui import tasks

    for _ in range(3):
        QApplication.processEvents()
        tasks.wait_for_all()
    QApplication.processEvents()


def close_everything(window) -> None:
    """Close and delete every window: closing alone keeps each one in memory (signal
    connections hold them), and several hundred main windows took 5 GB."""
    from commonground.ui import tasks

    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget is not window:
            widget.close()
    window.close()
    tasks.wait_for_all()
    window.context.close()
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class Explorer:
    def __init__(self, qtbot, monkeypatch, tmp_path):
        self.qtbot, self.tmp = qtbot, tmp_path
        self.findings = harness.Findings()
        self.here = ""
        self.window = None
        files = tmp_path / "files"
        files.mkdir()
        self.answers = harness.Answers(monkeypatch, files, self.findings, lambda: self.here,
                                       self._a_reference)
        self.log = harness.ErrorLog()
        logging.getLogger().addHandler(self.log)
        self.copies = 0

    def _a_reference(self) -> str:
        row = self.window.context.db.query_one(
            "SELECT reference FROM reports WHERE reference IS NOT NULL ORDER BY id LIMIT 1")
        return row["reference"] if row else ""

    def fresh(self, role: str, template, policy: str):
        self.copies += 1
        self.window = harness.open_role(self.qtbot, template, policy,
                                        self.tmp / f"copy-{self.copies}")
        settle(self.qtbot)
        return self.window

    def press(self, where: str, press) -> list:
        """Press one control and note what went wrong; returns windows it opened."""
        window = self.window
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        self.here = where
        self.answers.messages.clear()
        self.log.records.clear()
        with self.qtbot.capture_exceptions() as raised:
            press()
            settle(self.qtbot)
        self.findings.clicked.append(where)
        for kind, value, _tb in raised:
            self.findings.problems.append(f"{where}: raised {kind.__name__}: {value}")
        for record in self.log.records:
            self.findings.problems.append(f"{where}: logged {record}")
        said = self.answers.messages + [window.statusBar().currentMessage()]
        for text in said:
            if any(word in text for word in harness.BAD_WORDS):
                self.findings.problems.append(f"{where}: said {text[:200]!r}")
        for (kind, record), count in harness.record_windows().items():
            if count > 1:
                self.findings.problems.append(f"{where}: {count} {kind} windows of record "
                                              f"{record}")
        return harness.new_windows(before, window)

    def go(self, row: int) -> None:
        self.window.nav.setCurrentRow(row)
        settle(self.qtbot)


def find(root, wanted: harness.Control):
    for control, press in harness.controls(root):
        if control == wanted:
            return press
    return None


MAX_DEPTH = 3   # an area, a window it opens, a dialog that window opens


def reach(explorer: Explorer, role, template, policy, row, steps):
    """Open a fresh window and follow the clicks in ``steps`` to the screen they lead to."""
    window = explorer.fresh(role, template, policy)
    explorer.go(row)
    root = window.pages.currentWidget()
    for control, opens in steps:
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        press = find(root, control)
        if press is None:
            return None
        press()
        settle(explorer.qtbot)
        root = next((w for w in harness.new_windows(before, window)
                     if harness.window_key(w) == opens), None)
        if root is None:
            return None
    return root


def explore_role(explorer: Explorer, role: str, template, policy: str) -> None:
    """Every area, then every window a click opens, breadth first, each click on a fresh
    copy of the data."""
    window = explorer.fresh(role, template, policy)
    queue = [(row, title, []) for row, title in harness.areas(window)]
    close_everything(window)
    explored: set[str] = set()
    while queue:
        row, title, steps = queue.pop(0)
        names = [title] + [opens for _control, opens in steps]
        root = reach(explorer, role, template, policy, row, steps)
        plan = [control for control, _press in harness.controls(root)] if root else []
        if root is None:
            explorer.findings.skipped.append(f"{role} > {' > '.join(names)}: not reached")
        close_everything(explorer.window)
        for control in plan:
            where = f"{role} > {' > '.join(names)} > {control}"
            if where in SKIPS:
                explorer.findings.skipped.append(f"{where}: {SKIPS[where]}")
                continue
            root = reach(explorer, role, template, policy, row, steps)
            press = find(root, control) if root is not None else None
            if press is None:
                explorer.findings.skipped.append(f"{where}: not shown on a fresh start")
                close_everything(explorer.window)
                continue
            opened = explorer.press(where, press)
            for new in opened:
                key = harness.window_key(new)
                explorer.findings.windows.add(f"{role}: {key}")
                if key not in explored and len(steps) + 1 < MAX_DEPTH:
                    explored.add(key)
                    queue.append((row, title, steps + [(control, key)]))
            if opened:  # the same again must bring the open window forward, not open another
                press = find(root, control) if root.isVisible() else None
                if press is not None:
                    explorer.press(where + " (again)", press)
            close_everything(explorer.window)


def test_every_control_of_every_role_works(qtbot, monkeypatch, tmp_path):
    templates = harness.make_template(tmp_path / "templates")
    explorer = Explorer(qtbot, monkeypatch, tmp_path)
    try:
        for role in harness.ROLES:
            explore_role(explorer, role, *templates[role])
    finally:
        logging.getLogger().removeHandler(explorer.log)
        explorer.window = None   # deleted by close_everything: pytest-qt must not close it again
        gc.collect()
    found = explorer.findings
    print(f"\nclicked {len(found.clicked)} controls on {len(harness.ROLES)} roles; "
          f"{len(found.dialogs)} dialogs and {len(found.windows)} windows reached")
    for line in sorted(found.dialogs | found.windows):
        print(f"  reached: {line}")
    for line in found.skipped:
        print(f"  skipped: {line}")
    for line in found.problems:
        print(f"  PROBLEM: {line}")
    assert found.problems == []
    assert len(found.clicked) > MINIMUM_CLICKS
