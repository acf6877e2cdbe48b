"""Every screen of every role, found from the widget tree, and every control on it clicked.

The harness opens the real main window for each role (frontline, advisor hub, committee)
on a seeded data folder, walks the areas its navigation shows, and lists every enabled,
visible button, tab and list on each. Each control is clicked on a fresh copy of the
data (so a destructive click, such as discarding a draft, never hides what comes after).
A click that opens a window (a report, a case) makes that window a new place to explore;
a dialog shown with ``exec()`` is explored in place: its own buttons are clicked, then it
is accepted (confirmations accepted), else cancelled. File dialogs answer with a path in a
temporary folder. After every click it notes exceptions, errors in the log, messages
saying something "failed unexpectedly", and a second window on the same record.

Used by ``test_every_control.py``; the screen-fit and accessibility checks reuse
``open_role``, ``areas`` and ``controls``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QTabBar,
    QWidget,
)

ROLES = ("frontline", "advisor", "committee")
LIST_ROWS = 4          # rows of each list double-clicked (a draft and each kind of record)
PASSPHRASE = "correct horse battery staple"


# ------------------------------------------------------------------- seeded installs
def policy_for(role: str, shared: Path, advisor_public: str, committee_public: str) -> dict:
    return {
        "role": role, "site": "Riverside Hospital",
        "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward", "Oak Ward"]}],
        "contacts": {"aa_scheme_phone": "0100 000 0000", "pos_suite_phone": "0100 000 0001",
                     "police_planned_assessments": "0100 000 0002"},
        "folders": {name: str(shared / name)
                    for name in ("upward", "downward", "committee", "protocols")},
        "keys": {"advisor_encryption": advisor_public, "committee_signing": committee_public},
    }


def seed_install(folder: Path, role: str, policy_text: str) -> None:
    """A data folder as it looks after some weeks of use in this role."""
    from commonground.context import AppContext
    from commonground.core import roles
    from commonground.core.records import reports
    from commonground.policy import parse_policy
    from tests.core.test_incidents import full_report
    from tests.core.test_record_kinds import full_episode, full_request

    context = AppContext.open(folder, policy=parse_policy(policy_text))
    db, login = context.db, context.login
    roles.set_role(db, role, login, "site policy")
    made = []
    for data in (full_report(), full_request(), full_episode()):
        draft = reports.start_draft(db, login)
        reports.save_draft(db, draft.id, data, login)
        made.append(reports.submit(db, draft.id, login))
    reports.start_draft(db, login, {"narrative": "An unfinished account"})
    reports.add_addendum(db, made[0].id, "The bruise came up the next day.", "Sam Taylor")
    if role == "advisor":
        from commonground.core.cases import workflow
        for report in made:
            workflow.receive_report(db, report.id, login)
    if role == "committee":
        from commonground.core.committee.demo import generate_committee, generate_meetings
        generate_committee(db, 120, seed=7, now=dt.datetime(2026, 11, 30))
        generate_meetings(db)
    context.close()


def make_template(root: Path) -> dict[str, tuple[Path, str]]:
    """One seeded data folder and policy per role, with the keys the policy names."""
    from commonground.core.sync import keys

    shared = root / "shared"
    for name in ("upward", "downward", "committee", "protocols"):
        (shared / name).mkdir(parents=True, exist_ok=True)
    made = {}
    key_home = root / "keys-made"
    advisor = keys.create_role_key(key_home / "advisor", "advisor", PASSPHRASE)
    committee = keys.create_role_key(key_home / "committee", "committee", PASSPHRASE)
    for role in ROLES:
        folder = root / f"template-{role}"
        text = json.dumps(policy_for(role, shared, advisor.public, committee.public))
        seed_install(folder, role, text)
        own = key_home / role
        if own.exists():   # the advisor hub and the committee hold their own role keys
            shutil.copytree(own, folder / "keys", dirs_exist_ok=True)
        made[role] = (folder, text)
    return made


def open_role(qtbot, template: Path, policy_text: str, copy_to: Path):
    """A fresh copy of a seeded install, opened in the real main window."""
    from commonground.context import AppContext
    from commonground.policy import parse_policy
    from commonground.ui.main_window import MainWindow

    shutil.copytree(template, copy_to)
    context = AppContext.open(copy_to, policy=parse_policy(policy_text))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.ensure_role()
    return window


# ------------------------------------------------------------------------ discovery
def areas(window) -> list[tuple[int, str]]:
    """(row, title) of each area this role's navigation shows."""
    return [(row, window.nav.item(row).text()) for row in range(window.nav.count())
            if not window.nav.item(row).isHidden()]


@dataclass(frozen=True)
class Control:
    kind: str        # button, tab, list
    label: str
    occurrence: int  # among controls of the same kind and label on this screen

    def __str__(self) -> str:
        return f"{self.kind} '{self.label}'" + (f" #{self.occurrence + 1}"
                                                 if self.occurrence else "")


def label_of(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton):
        text = widget.text().replace("&", "")
        return widget.accessibleName() or text or widget.toolTip() or widget.objectName()
    return widget.accessibleName() or widget.objectName() or type(widget).__name__


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.isEnabled() and (
        root.isVisible() is False or widget.isVisible())


def controls(root: QWidget) -> list[tuple[Control, Callable[[], None]]]:
    """Every control a person could press on this screen, with how to press it."""
    found, seen = [], {}

    def add(kind: str, label: str, press: Callable[[], None]) -> None:
        occurrence = seen.get((kind, label), 0)
        seen[(kind, label)] = occurrence + 1
        found.append((Control(kind, label, occurrence), press))

    for button in root.findChildren(QAbstractButton):
        if _shown(button, root) and not _inside_closed_popup(button):
            add("button", label_of(button), button.click)
    for bar in root.findChildren(QTabBar):
        if _shown(bar, root):
            for index in range(bar.count()):
                if bar.isTabEnabled(index) and bar.isTabVisible(index):
                    add("tab", bar.tabText(index).replace("&", ""),
                        lambda bar=bar, index=index: bar.setCurrentIndex(index))
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if _shown(view, root) and model is not None:
            for row in range(min(model.rowCount(), LIST_ROWS)):
                add("list", f"{label_of(view)}, row {row + 1}",
                    lambda view=view, row=row: double_click_row(view, row))
    return found


def is_popup(widget: QWidget) -> bool:
    return (widget.windowFlags() & Qt.WindowType_Mask) == Qt.Popup


def _inside_closed_popup(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if is_popup(parent) and not parent.isVisible():
            return True
        parent = parent.parentWidget()
    return False


def double_click_row(view: QAbstractItemView, row: int) -> None:
    from PySide6.QtTest import QTest

    index = view.model().index(row, 0)
    view.scrollTo(index, QAbstractItemView.EnsureVisible)
    rect = view.visualRect(index)
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    QTest.mouseDClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())


# ------------------------------------------------------------------ what a click did
@dataclass
class Findings:
    clicked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dialogs: set[str] = field(default_factory=set)
    windows: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)


class ErrorLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(f"{record.name}: {record.getMessage()[:300]}")


BAD_WORDS = ("failed unexpectedly", "unexpected problem", "Traceback")


class Answers:
    """Test doubles for every blocking question a click can ask."""

    def __init__(self, monkeypatch, folder: Path, findings: Findings, where: Callable[[], str],
                 reference: Callable[[], str]):
        self.folder, self.findings, self.where = folder, findings, where
        self.messages: list[str] = []
        self.depth = 0
        self.files = 0

        def box(kind, answer):
            def show(parent, title, text, *args, **kwargs):
                self.messages.append(f"{kind}: {title}: {text}")
                return answer
            return show
        monkeypatch.setattr(QMessageBox, "question", box("question", QMessageBox.Yes))
        monkeypatch.setattr(QMessageBox, "warning", box("warning", QMessageBox.Ok))
        monkeypatch.setattr(QMessageBox, "critical", box("critical", QMessageBox.Ok))
        monkeypatch.setattr(QMessageBox, "information", box("information", QMessageBox.Ok))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self.save_name)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self.open_name)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                            lambda *a, **k: str(self.folder))
        monkeypatch.setattr(QInputDialog, "getText",
                            lambda *a, **k: (reference(), True))
        monkeypatch.setattr(QDialog, "exec", self.exec_dialog)
        # Open, Show in folder and Print hand a file to the system: noted, not launched.
        monkeypatch.setattr(QDesktopServices, "openUrl",
                            lambda url: self.messages.append(f"opened {url.toString()}") or True)
        monkeypatch.setattr(QMessageBox, "exec", self.exec_box)

    def save_name(self, parent, caption="", suggested="", *args, **kwargs):
        self.files += 1
        name = Path(str(suggested)).name or f"file-{self.files}.pdf"
        return str(self.folder / f"{self.files}-{name}"), ""

    def open_name(self, *args, **kwargs):
        return "", ""

    def exec_box(self, box: QMessageBox):
        self.messages.append(f"box: {box.windowTitle()}: {box.text()}")
        accept = next((b for b in box.buttons()
                       if box.buttonRole(b) in (QMessageBox.AcceptRole, QMessageBox.YesRole)),
                      None)
        if accept is not None:
            box.clickedButton = lambda accept=accept: accept
        return QMessageBox.Yes

    def exec_dialog(self, dialog: QDialog):
        """A modal dialog: press each of its own buttons, then OK, else Cancel."""
        name = f"{type(dialog).__name__} '{dialog.windowTitle()}'"
        self.findings.dialogs.add(name)
        if self.depth > 2:
            return QDialog.Rejected
        self.depth += 1
        try:
            dialog.show()
            QApplication.processEvents()
            box = dialog.findChild(QDialogButtonBox)
            closing = set(box.buttons()) if box is not None else set()
            for control, press in controls(dialog):
                widget_is_closing = any(label_of(b) == control.label for b in closing)
                if control.kind == "button" and not widget_is_closing and dialog.isVisible():
                    self.findings.clicked.append(f"{self.where()} > {name} > {control}")
                    press()
                    QApplication.processEvents()
            if dialog.isVisible() and box is not None:
                ok = box.button(QDialogButtonBox.Ok) or box.button(QDialogButtonBox.Yes) \
                    or box.button(QDialogButtonBox.Save)
                if ok is not None and ok.isEnabled():
                    self.findings.clicked.append(f"{self.where()} > {name} > OK")
                    ok.click()
                    QApplication.processEvents()
            if dialog.isVisible():
                dialog.reject()
            return dialog.result()
        finally:
            self.depth -= 1


def record_windows() -> dict[tuple[str, int], int]:
    """Open windows per record: (window class, record id) -> how many."""
    counts: dict[tuple[str, int], int] = {}
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            continue
        for attribute in ("report_id", "case_id"):
            value = getattr(widget, attribute, None)
            if isinstance(value, int) and type(widget).__name__ in ("ReportView", "CaseView"):
                key = (type(widget).__name__, value)
                counts[key] = counts.get(key, 0) + 1
    return counts


def window_key(widget: QWidget) -> str:
    return f"{type(widget).__name__} '{widget.windowTitle()}'"


def new_windows(before: set[int], main) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and id(w) not in before and w is not main
            and not isinstance(w, QMessageBox) and not is_popup(w)]
