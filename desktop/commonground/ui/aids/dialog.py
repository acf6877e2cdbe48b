"""One decision aid as a dialog: its questions on the left, its answer on the right.

"Work it out" runs the aid (the same core the ``commonground check`` commands use) and
checks the answer against this computer's protocols. A time in the hour the clocks go back
is asked about ("01:30 BST or 01:30 GMT?"), never guessed. Nothing is stored unless the
person presses "Record this", which only a dialog opened for a record or a case offers, and
only for the answer on screen: change an answer and it must be worked out again first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.aids.finder import aid_info
from ...core.aids.result import AidInputError, AidResult, AmbiguousTimeError
from ...core.errors import UserError
from ..window_fit import Scroller, fit_on_show
from .env import AidEnv
from .form import AidForm
from .result_view import WARNING_STYLE, ResultView
from .specs import PREFILL_PROBLEM, custody_specs
from .specs_more import other_specs

SPECS = {spec.key: spec for spec in custody_specs() + other_specs()}


@dataclass(frozen=True)
class RecordTarget:
    """Where "Record this" writes: ``what`` names it on the button ("this section 136
    episode"); ``record`` writes the result and returns the words to confirm it."""
    what: str
    record: Callable[[AidResult], str]


class AidDialog(QDialog):
    recorded = Signal(str)

    def __init__(self, key: str, env: AidEnv, parent=None, *, prefill: dict | None = None,
                 target: RecordTarget | None = None):
        super().__init__(parent)
        self.key, self.env, self.target = key, env, target
        self.spec = SPECS[key]
        info = aid_info(key)
        self.setWindowTitle(info.title)
        self.form = AidForm(self.spec.questions(env))
        if prefill:
            self.form.set_values(prefill)
        self.form.changed.connect(self._stale)
        # (question, message) for a record field the prefill could not carry over: said at
        # once, and nothing is worked out until that question is answered here.
        self._problem = (prefill or {}).get(PREFILL_PROBLEM)

        self.work_button = QPushButton("&Work it out")
        self.work_button.setDefault(True)
        self.work_button.clicked.connect(self.work_out)
        self.question = QLabel("")
        self.question.setWordWrap(True)
        self.question.setStyleSheet(f"QLabel {{ {WARNING_STYLE} }}")
        self.question.setAccessibleName("Question about the time")
        self.zone_buttons = [QPushButton(), QPushButton()]
        self._zone_field: QWidget | None = None
        for button in self.zone_buttons:
            button.setAutoDefault(False)   # Enter never picks one: it asks again
            button.clicked.connect(lambda _=False, b=button: self._choose_zone(b.text()))
        self.zone_box = QWidget()
        zone_row = QHBoxLayout(self.zone_box)
        zone_row.setContentsMargins(0, 0, 0, 0)
        zone_row.addWidget(self.question, 1)
        for button in self.zone_buttons:
            zone_row.addWidget(button)
        self.zone_box.hide()
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"QLabel {{ {WARNING_STYLE} }}")
        self.error.setAccessibleName("Why it cannot be worked out yet")
        self.error.hide()
        self.view = ResultView()
        self.view.show_message("Answer the questions, then press Work it out. Anything left "
                               "as 'Not known' is treated as not confirmed, never as yes.")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What was recorded")

        self.copy_button = QPushButton("&Copy answer")
        self.copy_button.setAccessibleName("Copy the answer and its rules as text")
        self.copy_button.clicked.connect(self.copy)
        self.record_button = QPushButton(f"&Record this on {target.what}" if target else "")
        self.record_button.setVisible(target is not None)
        self.record_button.clicked.connect(self.record)
        self.close_button = QPushButton("Close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        for button in (self.copy_button, self.record_button):
            button.setEnabled(False)
            button.setAutoDefault(False)

        left = QVBoxLayout()
        left.addWidget(Scroller(self.form, "Questions"), 1)
        left.addWidget(self.work_button)
        right = QVBoxLayout()
        right.addWidget(self.zone_box)
        right.addWidget(self.error)
        right.addWidget(self.view, 1)
        right.addWidget(self.status)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.setMinimumWidth(min(em * 50, 900))
        fit_on_show(self, em * 95, self.fontMetrics().lineSpacing() * 40)
        if self._problem is not None:
            field, message = self._problem
            widget = self.form.widget_for(field)
            self._refuse(message, widget)
            changed = getattr(widget, "valueChanged", None) or getattr(widget, "textChanged", None)
            if changed is not None:
                changed.connect(self._problem_answered)

    def _problem_answered(self) -> None:
        self._problem = None

    # ------------------------------------------------------------------ working out
    def work_out(self) -> AidResult | None:
        self.zone_box.hide()
        self.error.hide()
        if self._problem is not None:       # said once more; the next press goes ahead
            field, message = self._problem
            self._problem = None
            self._refuse(f"{message} Press Work it out again to count it as it stands.",
                         self.form.widget_for(field))
            return None
        try:
            result = self.env.finish(self.spec.run(self.env, self.form.values()))
        except AmbiguousTimeError as exc:
            self._ask_zone(exc)
            return None
        except AidInputError as exc:
            self._refuse(str(exc), self.form.widget_for(exc.field))
            return None
        except UserError as exc:
            self._refuse(str(exc), None)
            return None
        self.view.show_result(result)
        self.status.setText("")
        self.copy_button.setEnabled(True)
        self.record_button.setEnabled(self.target is not None)
        return result

    def _refuse(self, message: str, widget: QWidget | None) -> None:
        self.error.setText(f"Cannot work this out yet: {message}")
        self.error.show()
        self.view.show_message("No answer: fix what is named above, then press Work it out.")
        self._disable()
        if widget is not None:
            widget.setFocus(Qt.OtherFocusReason)

    def _ask_zone(self, exc: AmbiguousTimeError) -> None:
        self.question.setText(str(exc))
        self._zone_field = self.form.widget_for(exc.field)
        for button, choice in zip(self.zone_buttons, exc.choices):
            button.setText(choice)
            button.setAccessibleName(f"The time was {choice}")
        self.zone_box.show()
        self.view.show_message("No answer until you say which of the two times it was.")
        self._disable()
        self.zone_buttons[0].setFocus(Qt.OtherFocusReason)

    def _choose_zone(self, choice: str) -> None:
        widget = self._zone_field
        if widget is None:
            return
        zone = choice.split()[-1]
        text = widget.text().strip()
        for old in (" BST", " GMT"):
            text = text.removesuffix(old)
        widget.setText(f"{text} {zone}")
        self.work_out()

    def _stale(self) -> None:
        if self.view.result is not None:
            self.view.show_message("Your answers changed: press Work it out again.")
            self._disable()

    def _disable(self) -> None:
        self.copy_button.setEnabled(False)
        self.record_button.setEnabled(False)

    # ------------------------------------------------------------------ after
    def copy(self) -> None:
        if self.view.result is not None:
            QGuiApplication.clipboard().setText(self.view.result.to_text())
            self.status.setText("Copied. Paste it where you need it.")

    def record(self) -> None:
        result = self.view.result
        if result is None or self.target is None:
            return
        try:
            words = self.target.record(result)
        except UserError as exc:
            self.status.setText(f"Not recorded: {exc}")
            return
        self.record_button.setEnabled(False)
        self.status.setText(words)
        self.recorded.emit(words)
