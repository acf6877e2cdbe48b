"""New report or request: choose what you are recording, then fill in its form.

Each kind keeps its own form (and its own draft), so switching to answer a call and back
loses nothing. The choice is remembered for this login: the AMHP's PC opens on the
request, the ward PC on the incident report.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..core.records import kinds as rk
from ..core.records import reports as incidents
from .report_form import ReportFormPage


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
        # The kinds known when the page is made, in the registry's order.
        self.choices = [(kind.key, kind.words.choice) for kind in rk.KINDS.values()]
        self.label = label = QLabel("What are you &recording?")
        # The question over its answers: in one row they were wider than a 1366-pixel
        # screen leaves the form at a larger text size.
        # Three to a row (the arrow keys move along a row, and down to the next): four kinds
        # in one row were wider than a 1024-pixel screen leaves.
        chooser = QGridLayout()
        for index, (key, text) in enumerate(self.choices):
            button = QRadioButton(text)
            button.setAccessibleName(f"Record: {text}")
            self.group.addButton(button, index)
            self.buttons[key] = button
            # Each as wide as its words: a click anywhere on a wider button missed it.
            chooser.addWidget(button, index // 3, index % 3, Qt.AlignLeft)
        chooser.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addLayout(chooser)
        layout.addWidget(self.stack, 1)
        # A form is built when it is first needed (shown, chosen or asked for): building all
        # three with the window was a fifth of the start-up time, for a page most starts
        # never show.
        remembered = context.db.get_setting(self._setting())
        key = remembered if remembered in dict(self.choices) else rk.DEFAULT
        self.buttons[key].setChecked(True)
        self.label.setBuddy(self.buttons[key])
        self.group.idToggled.connect(self._toggled)

    def form(self, key: str) -> ReportFormPage:
        """The form for ``key``, built now if it has not been."""
        if key not in self.forms:
            form = ReportFormPage(self.context, kind=key)
            form.status_message.connect(self.status_message)
            form.submitted.connect(self.submitted)
            form.show_my_reports.connect(self.show_my_reports)
            self.forms[key] = form
            self.stack.addWidget(form)
        return self.forms[key]

    def _checked(self) -> str:
        return self.choices[self.group.checkedId()][0]

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.stack.setCurrentWidget(self.form(self._checked()))
        super().showEvent(event)

    def _setting(self) -> str:
        return f"record_kind:{self.context.login}"

    def _toggled(self, index: int, checked: bool) -> None:
        if not checked:
            return
        key = self.choices[index][0]
        self.save_soon()   # switching to another kind of record: keep what was typed
        self.label.setBuddy(self.buttons[key])
        if self.isVisible() or key in self.forms:
            self.stack.setCurrentWidget(self.form(key))
        self.context.db.set_setting(self._setting(), key)

    def choose(self, key: str) -> ReportFormPage:
        form = self.form(key)
        self.buttons[key].setChecked(True)
        self.label.setBuddy(self.buttons[key])
        self.stack.setCurrentWidget(form)
        return form

    @property
    def current(self) -> ReportFormPage:
        return self.form(self._checked())

    def save_soon(self) -> None:
        """Hand anything typed in any form to its saver now (leaving the area)."""
        for form in self.forms.values():
            form.save_soon()

    def flush(self) -> bool:
        """Save what is typed in every form built (each may hold a draft)."""
        return all([form.flush() for form in self.forms.values()])

    def load_draft(self, report_id: int) -> None:
        report = incidents.get_report(self.context.db, report_id)
        if report is None:
            return
        self.choose(rk.kind_of(report.data).key).load_draft(report_id)

    def focus_first(self) -> None:
        """The cursor in the form's first field (Shift+Tab reaches the choice of kind)."""
        form = self.current
        self.stack.setCurrentWidget(form)
        form.focus_first()
