"""Open every window and dialog of every role on one screen size, and check each as it opens.

    python -m tests.promises.screen_walk --screen 1366x728 --mode fit --templates DIR

Run by ``test_screens.py`` in a child process whose Qt platform is ``offscreen`` with a
configured screen of that logical size (Qt's offscreen platform reads a JSON file named by
``QT_QPA_PLATFORM=offscreen:configfile=...``). Windows are sized by the app from that
screen's available geometry, exactly as on a PC whose screen is that size.

The areas come from each role's navigation and the controls from the widget tree
(``controls.py``, as the every-control test finds them). Every control of every area is
pressed on one copy of the data per role; every window or dialog a press opens is checked
and its own controls pressed in turn, down to dialogs opened from a record's window.
Questions are answered "No" and dialogs are cancelled after they are checked, so nothing is
deleted on the way. After every press the window is checked again: a click must not make it
outgrow the screen.

Modes: ``fit`` (the window and its minimum inside the screen, every control in view or
scrollable, no label cut off without a tooltip) and ``reach`` (every control can at least
be scrolled to). Every mode also runs the accessibility checks (``a11y_checks.py``): names,
Tab reach and traps, and contrast. Prints one JSON line: what was checked and the problems.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "desktop"))
sys.path.insert(0, str(REPO))

from PySide6.QtGui import QDesktopServices  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)

from tests.promises import a11y_checks as a11y  # noqa: E402
from tests.promises import controls as harness  # noqa: E402
from tests.promises import fit_checks as fit  # noqa: E402

MAX_PRESSES = 120
SKIP_PRESSING = {"Close", "Close window", "Cancel", "Decide later (the drafts stay in My "
                 "reports)", "Continue editing"}


class NoBot:
    """What ``controls.open_role`` needs of pytest-qt's qtbot."""

    def addWidget(self, widget):  # noqa: N802 (qtbot's name)
        self.widget = widget


def settle(page: QWidget | None = None) -> None:
    """Let queued work finish: signals, background tasks and, on ``page``, the short timers
    that start its work (the dashboard computes its figures 0.4 s after it is shown)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    from commonground.ui import tasks

    for _ in range(40 if page is not None else 1):
        if page is None or not any(t.isActive() and t.isSingleShot()
                                   for t in page.findChildren(QTimer)):
            break
        QTest.qWait(50)
    for _ in range(3):
        QApplication.processEvents()
        tasks.wait_for_all()
    QApplication.processEvents()


class Walk:
    def __init__(self, mode: str, files: Path, grabs: Path | None = None,
                 a11y: bool = True):
        self.mode, self.files, self.grabs, self.a11y = mode, files, grabs, a11y
        self.problems: dict[str, list[str]] = {}
        self.checked: set[str] = set()
        self.seen_states: set[tuple] = set()
        self.presses = 0
        self.tab_stops = 0
        self.depth = 0
        self.where = ""

    # --------------------------------------------------------------------- checks
    def note(self, where: str, found: list[str]) -> None:
        for problem in found:
            self.problems.setdefault(problem, []).append(where)

    def check(self, window: QWidget, where: str) -> None:
        """Fit after every press; the rest once per distinct set of controls shown."""
        self.checked.add(harness.window_key(window))
        self.note(where, fit.outside(window))
        state = (harness.window_key(window), tuple(sorted(id(w) for w in a11y.controls(window))))
        if state in self.seen_states:
            return
        self.seen_states.add(state)
        if self.grabs is not None:   # to look at: every state checked, as it was drawn
            name = "".join(c if c.isalnum() else "-" for c in where)[:150]
            window.grab().save(str(self.grabs / f"{len(self.seen_states):03d}-{name}.png"))
        self.note(where, fit.hidden(window))
        if self.mode == "fit":
            self.note(where, fit.elided(window))
            self.note(where, fit.area_scrolls(window))
        if not self.a11y:
            return
        self.note(where, a11y.unnamed(window))
        self.note(where, a11y.low_contrast(window))
        found, stops = a11y.unreachable(window)
        self.tab_stops += stops
        self.note(where, found)

    # ------------------------------------------------------------------- answers
    def patch(self) -> None:
        walk = self

        def exec_dialog(dialog: QDialog):
            dialog.show()
            settle()
            name = f"{walk.where} > {harness.window_key(dialog)}"
            walk.check(dialog, name)
            if walk.depth < 2:
                walk.depth += 1
                try:
                    walk.press_all(dialog, name)
                finally:
                    walk.depth -= 1
            dialog.reject()
            return QDialog.Rejected

        def question(*args, **kwargs):
            return QMessageBox.No

        def save_name(parent, caption="", suggested="", *args, **kwargs):
            self.presses += 1
            return str(self.files / f"{self.presses}-{Path(str(suggested)).name or 'x.pdf'}"), ""
        QDialog.exec = exec_dialog
        QDesktopServices.openUrl = staticmethod(lambda url: True)   # never launch a viewer
        QMessageBox.question = staticmethod(question)
        for kind in ("warning", "critical", "information"):
            setattr(QMessageBox, kind, staticmethod(lambda *a, **k: QMessageBox.Ok))
        QMessageBox.exec = lambda box: QMessageBox.No
        QFileDialog.getSaveFileName = staticmethod(save_name)
        QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: ("", ""))
        QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: str(self.files))
        QInputDialog.getText = staticmethod(lambda *a, **k: ("", False))

    # --------------------------------------------------------------------- walking
    def press_all(self, root: QWidget, where: str, main: QWidget | None = None) -> None:
        """Press every control on ``root`` (a page or a window), one at a time, checking what
        each press opens and the window it leaves. Controls that change what the page shows
        (a kind of record, a tab) are pressed last, and what they reveal is pressed too."""
        window = root.window()
        box = window.findChild(QDialogButtonBox)
        closing = {harness.label_of(b) for b in box.buttons()} if box is not None else set()
        pressed: set = set()
        for _ in range(MAX_PRESSES):
            if not window.isVisible():
                return
            waiting = [(c, p) for c, p in harness.controls(root) if c not in pressed
                       and c.label not in SKIP_PRESSING
                       and (c.label not in closing or window is main)]
            if not waiting:
                return
            control, press = min(waiting, key=lambda item: item[0].kind == "tab" or
                                 item[0].label.startswith("Record: "))
            pressed.add(control)
            before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
            self.where = f"{where} > {control}"
            self.presses += 1
            press()
            settle()
            where = self.where
            for new in harness.new_windows(before, main or window):
                if new is window:
                    continue
                name = f"{where} > {harness.window_key(new)}"
                self.check(new, name)
                if self.depth < 2:
                    self.depth += 1
                    try:
                        self.press_all(new, name)
                    finally:
                        self.depth -= 1
                new.close()
                settle()
            if window.isVisible():   # as the press left it, once what it opened is closed
                self.check(window, where)

    def role(self, role: str, template: Path, policy: str, copy_to: Path) -> None:
        window = harness.open_role(NoBot(), template, policy, copy_to)
        settle()
        self.check(window, f"{role}: main window")
        from commonground.ui.drafts_dialog import DraftsDialog
        from commonground.ui.role_dialog import RoleDialog

        self.where = f"{role}: at start"
        if not getattr(self, "areas_only", False):
            window.offer_drafts()      # the unfinished-report question, at its real size
            RoleDialog(parent=window).exec()
        # The form last: what it leaves behind (drafts) would crowd the lists of records.
        for row, title in sorted(harness.areas(window), key=lambda a: a[1].startswith("New")):
            window.nav.setCurrentRow(row)
            settle(window.pages.currentWidget())
            where = f"{role} > {title}"
            self.check(window, where)
            if not getattr(self, "areas_only", False):
                self.press_all(window.pages.currentWidget(), where, main=window)
            window.nav.setCurrentRow(row)
            settle()
        assert DraftsDialog   # imported for its dialog, shown by offer_drafts
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget is not window:
                widget.close()
        window.close()
        from commonground.ui import tasks
        tasks.wait_for_all()
        window.context.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("fit", "reach"), default="fit")
    parser.add_argument("--templates", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--roles", default=",".join(harness.ROLES))
    parser.add_argument("--grab", type=Path, help="save a picture of each state checked")
    parser.add_argument("--font-pt", type=float, help="the system's text size, in points")
    parser.add_argument("--areas-only", action="store_true",
                        help="check the main window's areas, pressing nothing")
    parser.add_argument("--no-a11y", action="store_true",
                        help="fit only (names, Tab and contrast do not depend on the screen)")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    if args.font_pt:
        font = app.font()
        font.setPointSizeF(args.font_pt)
        app.setFont(font)
    from commonground.app import _qt_messages_to_log
    _qt_messages_to_log()
    started = time.monotonic()
    files = args.work / "files"
    files.mkdir(parents=True, exist_ok=True)
    if args.grab:
        args.grab.mkdir(parents=True, exist_ok=True)
    walk = Walk(args.mode, files, args.grab, a11y=not args.no_a11y)
    walk.areas_only = args.areas_only
    walk.patch()
    policies = json.loads((args.templates / "policies.json").read_text(encoding="utf-8"))
    for role in args.roles.split(","):
        walk.role(role, args.templates / f"template-{role}", policies[role],
                  args.work / f"copy-{role}")
    screen = app.primaryScreen().availableGeometry()
    print(json.dumps({"screen": f"{screen.width()}x{screen.height()}", "mode": args.mode,
                      "windows": sorted(walk.checked), "presses": walk.presses,
                      "tab_stops": walk.tab_stops,
                      "seconds": round(time.monotonic() - started, 1),
                      "problems": walk.problems}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
