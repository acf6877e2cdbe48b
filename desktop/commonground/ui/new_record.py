"""New report or request: choose what you are recording, then fill in its form.

Each kind keeps its own form (and its own draft), so switching to answer a call and back
loses nothing. The choice is remembered for this login: the AMHP's PC opens on the
request, the ward PC on the incident report.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QRadioButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from ..context import AppContext
from ..core import incidents
from ..core import record_kinds as rk
from .report_form import ReportFormPage

CHOICES = ((rk.INCIDENT, "Incident or assault"),
           ("police_assistance", "Police assistance at a Mental Health Act assessment"),
           ("s136", "Section 136 episode"))


class NewRecordPage(QWidget):
    status_message = Signal(str)
    submitted = Signal(int)
    show_my_reports = Signal()

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.forms: dict[str, ReportFormPage] = {}
        self.stack = QStackedWidget()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.label = label = QLabel("What are you &recording?")
        chooser = QHBoxLayout()
        chooser.addWidget(label)
        for index, (key, text) in enumerate(CHOICES):
            form = ReportFormPage(context, kind=key)
            form.status_message.connect(self.status_message)
            form.submitted.connect(self.submitted)
            form.show_my_reports.connect(self.show_my_reports)
            self.forms[key] = form
            self.stack.addWidget(form)
            button = QRadioButton(text)
            button.setAccessibleName(f"Record: {text}")
            self.group.addButton(button, index)
            self.buttons[key] = button
            chooser.addWidget(button)
        chooser.addStretch(1)
        self.group.idToggled.connect(self._toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(chooser)
        layout.addWidget(self.stack, 1)
        remembered = context.db.get_setting(self._setting())
        self.choose(remembered if remembered in self.forms else rk.INCIDENT)

    def _setting(self) -> str:
        return f"record_kind:{self.context.login}"

    def _toggled(self, index: int, checked: bool) -> None:
        if not checked:
            return
        key = CHOICES[index][0]
        self.label.setBuddy(self.buttons[key])
        self.stack.setCurrentWidget(self.forms[key])
        self.context.db.set_setting(self._setting(), key)

    def choose(self, key: str) -> ReportFormPage:
        self.buttons[key].setChecked(True)
        self.label.setBuddy(self.buttons[key])
        self.stack.setCurrentWidget(self.forms[key])
        return self.forms[key]

    @property
    def current(self) -> ReportFormPage:
        return self.stack.currentWidget()

    def flush(self) -> bool:
        """Save what is typed in every form (each may hold a draft)."""
        return all([form.flush() for form in self.forms.values()])

    def load_draft(self, report_id: int) -> None:
        report = incidents.get_report(self.context.db, report_id)
        if report is None:
            return
        self.choose(rk.kind_of(report.data).key).load_draft(report_id)

    def focus_first(self) -> None:
        self.buttons[CHOICES[self.group.checkedId()][0]].setFocus(Qt.OtherFocusReason)
