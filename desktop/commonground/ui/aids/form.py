"""An aid's questions as a form, built from a plain list of questions.

Each question has a name (the aid's own input name, so an error the aid raises can point
at it), a label, and a kind: a UK time typed as text (GMT or BST may be added), a date, a
choice, yes / no / not known, a tick, a whole number or text. ``values()`` gives what was
typed, unparsed: core reads it (``core.aids.typed``), so the screen and the command agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

TRI = (("not_known", "Not known"), ("yes", "Yes"), ("no", "No"))
TIME_HINT = "e.g. 2026-03-28 22:10 (add BST or GMT if asked)"
DATE_HINT = "e.g. 2026-08-31"


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    kind: str                                   # time, date, choice, tri, check, int, text
    choices: tuple[tuple[str, str], ...] = ()
    default: object = None
    help: str = ""
    maximum: int = 99


class AidForm(QWidget):
    changed = Signal()

    def __init__(self, questions: list[Question], parent=None):
        super().__init__(parent)
        self.questions = {q.name: q for q in questions}
        self.widgets: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)     # each label above its control, wrapping to the width
        for question in questions:
            widget = self._widget(question)
            widget.setAccessibleName(question.label.replace("&", ""))
            if isinstance(widget, QSpinBox):
                widget.lineEdit().setAccessibleName(question.label.replace("&", ""))
            if question.help:
                widget.setAccessibleDescription(question.help)
                widget.setToolTip(question.help)
            self.widgets[question.name] = widget
            if not isinstance(widget, QCheckBox):
                label = QLabel(question.label)
                label.setWordWrap(True)
                label.setBuddy(widget)
                layout.addWidget(label)
            layout.addWidget(widget)
            layout.addSpacing(4)
        layout.addStretch(1)
        self.set_values({q.name: q.default for q in questions if q.default is not None})

    def _widget(self, question: Question) -> QWidget:
        kind = question.kind
        if kind in ("time", "date", "text"):
            widget = QLineEdit()
            widget.setPlaceholderText({"time": TIME_HINT, "date": DATE_HINT}.get(kind, ""))
            widget.textChanged.connect(self.changed)
            return widget
        if kind in ("choice", "tri"):
            widget = QComboBox()
            for code, words in (question.choices or TRI):
                widget.addItem(words, code)
            widget.currentIndexChanged.connect(self.changed)
            return widget
        if kind == "check":
            widget = QCheckBox(question.label)
            widget.toggled.connect(self.changed)
            return widget
        if kind == "int":
            widget = QSpinBox()
            widget.setRange(0, question.maximum)
            widget.valueChanged.connect(self.changed)
            return widget
        raise ValueError(kind)

    def values(self) -> dict:
        out = {}
        for name, widget in self.widgets.items():
            if isinstance(widget, QLineEdit):
                out[name] = widget.text().strip()
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                out[name] = widget.value()
        return out

    def set_values(self, values: dict) -> None:
        for name, value in values.items():
            widget = self.widgets.get(name)
            if widget is None or value is None:
                continue
            if isinstance(widget, QLineEdit):
                widget.setText(str(value))
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index >= 0:
                    widget.setCurrentIndex(index)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))

    def widget_for(self, name: str) -> QWidget | None:
        """The control an aid's error names (a dotted or plural name finds its stem)."""
        if name in self.widgets:
            return self.widgets[name]
        stem = name.rstrip("s")
        for key, widget in self.widgets.items():
            if name.startswith(key) or key.startswith(stem):
                return widget
        return None
