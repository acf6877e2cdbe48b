"""Record what happened to a police assistance request: attended on time or late, did not
attend, or cancelled by whom and why, and re-booked to when.

The dialog stays open until the outcome can be recorded. Its problems are listed in words
above the buttons, where they move no field, and each field with a problem carries it in its
accessible description (a screen reader hears it on reaching the field, where the cursor is
put).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..core.records import fields as rf
from ..core.records import kinds as rk
from ..core.records import outcomes
from ..core.records import reports as incidents
from .dates import entered_problem
from .form_fields import ERROR_STYLE, DateTimeField, FieldBase, TextAreaField, make_field
from .window_fit import Scroller, fit_on_show, keep_on_screen


class OutcomeDialog(QDialog):
    def __init__(self, context, report: incidents.Report, author: str, parent=None):
        super().__init__(parent)
        self.context, self.report = context, report
        self.outcome = rk.kind_of(report.data).outcome
        noun = rk.kind_of(report.data).noun
        self.setWindowTitle(f"Outcome of {noun} {report.reference}")
        intro = QLabel(self.outcome.intro or (
            f"Record what happened. The {noun} itself does not change: the outcome is added "
            "to its timeline, and a later outcome replaces an earlier one in the figures."))
        intro.setWordWrap(True)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        self.fields: dict[str, FieldBase] = {}
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        for spec in self.outcome.fields:
            field = TextAreaField(spec, lines=3) if spec.kind == "textarea" else make_field(spec)
            field.changed.connect(self._refresh)
            body_layout.addWidget(field.container)
            self.fields[spec.key] = field
        self.author = QLineEdit(author)
        self.author.setAccessibleName("Your name")
        author_label = QLabel("Your &name:")
        author_label.setBuddy(self.author)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.outcome.title)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body_layout.addWidget(author_label)
        body_layout.addWidget(self.author)
        body_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(Scroller(body), 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.saved: dict | None = None
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 40)
        fit_on_show(self)
        self._refresh()

    def values(self) -> dict:
        return {key: field.value() for key, field in self.fields.items()}

    def _refresh(self) -> None:
        values = self.values()
        for key, field in self.fields.items():
            field.container.setVisible(rf.is_shown(self.outcome.field_map[key], values))
        if self.isVisible():
            keep_on_screen(self)

    def save(self) -> None:
        values = self.values()
        unread = [key for key, typed in self.fields.items() if isinstance(typed, DateTimeField)
                  and typed.entered() and not typed.value() and typed.container.isVisible()]
        if unread:
            self._show([(key, entered_problem(*self.fields[key].entered())) for key in unread])
            return
        try:
            self.saved = outcomes.record_outcome(self.context.db, self.report.id, values,
                                                 self.author.text())
        except outcomes.OutcomeProblems as exc:
            self._show(exc.problems)
            return
        except incidents.ReportError as exc:
            self._show([("outcome", str(exc))])
            return
        self.accept()

    def _show(self, problems: list[tuple[str, str]]) -> None:
        by_field = dict(problems)
        for key, field in self.fields.items():
            field.set_error(by_field.get(key))
            field.error.hide()   # said once, below; the fields stay where they were
        count = len(problems)
        self.error.setText(f"Problem: {count} thing{'s' if count != 1 else ''} to fix. "
                           + " ".join(message for _key, message in problems))
        self.error.show()
        keep_on_screen(self)
        first = next((self.fields[key] for key, _m in problems if key in self.fields), None)
        (first.focus_target() if first else self.author).setFocus()
