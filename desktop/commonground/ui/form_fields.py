"""Input widgets for the report form, one class per kind of field.

Each field gives the form a ``value()``, takes ``set_value()``, says ``changed``, and
shows its own error under itself (bold, with a 'Problem:' prefix, so the message never
depends on colour). Every control has an accessible name built from its label.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.records import fields as rf
from .dates import entered_problem, named_problem, parse_date, parse_entered  # noqa: F401

ERROR_STYLE = ("QLabel { color: #8b0000; font-weight: bold; }")


class FieldBase(QObject):
    changed = Signal()

    def __init__(self, spec: rf.Field, parent=None):
        super().__init__(parent)
        self.spec = spec
        self.container = QWidget()
        self.layout = QVBoxLayout(self.container)
        self.layout.setContentsMargins(0, 0, 0, 2)
        self.layout.setSpacing(2)
        self.label = QLabel(spec.label + (" *" if spec.required else ""))
        self.label.setWordWrap(True)
        self.layout.addWidget(self.label)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.help: QLabel | None = None

    def finish(self, editor: QWidget) -> None:
        self.layout.addWidget(editor)
        if self.spec.help and self.spec.kind != "textarea":
            self.help = QLabel(self.spec.help)
            self.help.setWordWrap(True)
            self.help.setStyleSheet("QLabel { color: #404040; }")
            self.layout.addWidget(self.help)
        self.layout.addWidget(self.error)

    def focus_target(self) -> QWidget:
        raise NotImplementedError

    def set_error(self, message: str | None) -> None:
        if message:
            self.error.setText(f"Problem: {message}")
            self.error.show()
        else:
            self.error.hide()
        target = self.focus_target()
        target.setAccessibleDescription(f"Problem: {message}" if message else self.spec.help)

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError


class TextField(FieldBase):
    def __init__(self, spec, parent=None):
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        if spec.max_length:
            self.edit.setMaxLength(spec.max_length)
        self.edit.setAccessibleName(spec.label)
        self.label.setBuddy(self.edit)
        self.edit.textChanged.connect(self.changed)
        self.finish(self.edit)

    def focus_target(self):
        return self.edit

    def value(self):
        return self.edit.text()

    def set_value(self, value):
        self.edit.setText(str(value or ""))


class TextAreaField(FieldBase):
    def __init__(self, spec, parent=None, lines: int = 4):
        super().__init__(spec, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(spec.label)
        if spec.help:
            self.edit.setPlaceholderText(spec.help)
            self.edit.setAccessibleDescription(spec.help)
        # As tall as the lines asked for, not Qt's default (about 12 lines); longer text
        # scrolls inside the box.
        height = self.edit.fontMetrics().lineSpacing() * lines + 16
        self.edit.setFixedHeight(height)
        self.label.setBuddy(self.edit)
        self.edit.textChanged.connect(self.changed)
        self.finish(self.edit)

    def focus_target(self):
        return self.edit

    def value(self):
        return self.edit.toPlainText()

    def set_value(self, value):
        self.edit.setPlainText(str(value or ""))


class ChoiceField(FieldBase):
    PLACEHOLDER = "Choose…"

    def __init__(self, spec, parent=None, choices=None):
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName(spec.label)
        self.label.setBuddy(self.combo)
        self.set_choices(choices if choices is not None else spec.choices)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.finish(self.combo)

    def set_choices(self, choices) -> None:
        current = self.value() if self.combo.count() else None
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.PLACEHOLDER, None)
        for code, label in choices:
            self.combo.addItem(label, code)
        self.combo.blockSignals(False)
        self.set_value(current)

    def focus_target(self):
        return self.combo

    def value(self):
        return self.combo.currentData()

    def set_value(self, value):
        index = self.combo.findData(value) if value is not None else 0
        if index < 0 and value:
            # A value no longer offered (a ward renamed in the policy): keep it visible.
            self.combo.addItem(f"{value} (no longer listed)", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


class _Words(QLabel):
    """A tick box's words, wrapped; a click on them ticks the box, as on its own text."""

    def __init__(self, text: str, check: QCheckBox):
        super().__init__(text)
        self.check = check
        self.setWordWrap(True)
        self.setBuddy(check)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.check.toggle()
        self.check.setFocus(Qt.MouseFocusReason)


class MultiField(FieldBase):
    def __init__(self, spec, parent=None, columns: int = 2):
        super().__init__(spec, parent)
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, (code, label) in enumerate(spec.choices):
            # One a line, a sentence wraps beside its box: a long one no longer sets the
            # form's width (a 1024-pixel screen scrolled sideways for regulation 2).
            check = QCheckBox(label if columns > 1 else "")
            check.setAccessibleName(f"{spec.label}: {label}")
            check.toggled.connect(lambda _on: self.changed.emit())
            grid.addWidget(check, index // columns, index % columns, Qt.AlignTop)
            if columns == 1:
                grid.addWidget(_Words(label, check), index, 1)
            self.boxes[code] = check
        grid.setColumnStretch(columns if columns == 1 else 0, 1)
        self.label.setBuddy(next(iter(self.boxes.values())))
        self.finish(box)

    def focus_target(self):
        return next(iter(self.boxes.values()))

    def value(self):
        return [code for code, check in self.boxes.items() if check.isChecked()]

    def set_value(self, value):
        chosen = set(value or [])
        for code, check in self.boxes.items():
            check.setChecked(code in chosen)


class DateTimeField(FieldBase):
    """Date and time as two typed boxes (fastest by keyboard), plus a 'Now' button."""

    def __init__(self, spec, parent=None):
        super().__init__(spec, parent)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.date = QLineEdit()
        self.date.setPlaceholderText("day/month/year")
        self.date.setAccessibleName(f"{spec.label}: date, day/month/year")
        self.date.setMaxLength(12)
        self.time = QLineEdit()
        self.time.setPlaceholderText("hh:mm (24-hour)")
        self.time.setAccessibleName(f"{spec.label}: time, 24-hour hh:mm")
        self.time.setMaxLength(6)
        for box, sample in ((self.date, "day/month/year"), (self.time, "hh:mm (24-hour)")):
            box.setMaximumWidth(box.fontMetrics().horizontalAdvance(sample) + 24)
        self.now_button = QPushButton("Now")
        self.now_button.setAccessibleName(f"{spec.label}: set to now")
        self.now_button.clicked.connect(self.set_now)
        self.read_back = QLabel("")
        self.read_back.setWordWrap(True)   # on a narrow screen it wraps, the boxes keep room
        self.read_back.setAccessibleName(f"{spec.label}: as understood")
        for widget in (self.date, self.time, self.now_button, self.read_back):
            line.addWidget(widget, 1 if widget is self.read_back else 0)
        self.label.setBuddy(self.date)
        self.date.textChanged.connect(self._edited)
        self.time.textChanged.connect(self._edited)
        self.finish(row)

    def _edited(self, _text=None):
        moment = self.parsed()
        problem = entered_problem(self.date.text(), self.time.text())
        if moment:
            self.read_back.setText(moment.strftime("%A %d %B %Y, %H:%M"))
        elif named_problem(problem):
            self.read_back.setText(problem)
        elif self.date.text() or self.time.text():
            self.read_back.setText("not a complete date and time yet")
        else:
            self.read_back.setText("")
        self.changed.emit()

    def set_now(self):
        now = dt.datetime.now()
        self.date.setText(now.strftime("%d/%m/%Y"))
        self.time.setText(now.strftime("%H:%M"))

    def parsed(self) -> dt.datetime | None:
        return parse_entered(self.date.text(), self.time.text())

    def focus_target(self):
        return self.date

    def entered(self) -> list[str] | None:
        """What was typed, kept with the draft even when it is not yet a valid time."""
        if self.date.text() or self.time.text():
            return [self.date.text(), self.time.text()]
        return None

    def value(self):
        moment = self.parsed()
        return moment.isoformat(timespec="minutes") if moment else ""

    def set_value(self, value, entered: list[str] | None = None):
        moment = None
        if value:
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                moment = None
        if moment:
            self.date.setText(moment.strftime("%d/%m/%Y"))
            self.time.setText(moment.strftime("%H:%M"))
        elif entered:
            self.date.setText(entered[0])
            self.time.setText(entered[1] if len(entered) > 1 else "")
        else:
            self.date.clear()
            self.time.clear()


class ListField(FieldBase):
    """Any number of entries (people harmed, witnesses), each a small row of fields."""

    def __init__(self, spec, parent=None, noun: str = "entry", start_with: int = 0):
        super().__init__(spec, parent)
        self.noun = noun
        self.entries: list[tuple[QFrame, dict[str, FieldBase]]] = []
        self.box = QWidget()
        self.box_layout = QVBoxLayout(self.box)
        self.box_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.add_button.clicked.connect(lambda: self.add_entry(focus=True))
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.box)
        holder_layout.addWidget(self.add_button, 0, Qt.AlignLeft)
        self.label.setBuddy(self.add_button)
        self.finish(holder)
        for _ in range(start_with):
            self.add_entry()

    def add_entry(self, values: dict | None = None, focus: bool = False) -> dict[str, FieldBase]:
        frame = QFrame()
        frame.setFrameShape(QFrame.StyledPanel)
        grid = QGridLayout(frame)
        number = len(self.entries) + 1
        fields: dict[str, FieldBase] = {}
        for column, sub in enumerate(self.spec.item_fields):
            named = rf.Field(sub.key, f"{sub.label} ({self.noun} {number})", sub.kind,
                             sub.choices, sub.required, max_length=sub.max_length)
            field = make_field(named)
            field.label.setText(sub.label + (" *" if sub.required else ""))
            field.changed.connect(self.changed)
            grid.addWidget(field.container, column // 2, column % 2)  # two a row: room to type
            fields[sub.key] = field
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove {self.noun} {number}")
        remove.clicked.connect(lambda: self.remove_entry(frame))
        grid.addWidget(remove, (len(self.spec.item_fields) - 1) // 2, 2, Qt.AlignBottom)
        self.box_layout.addWidget(frame)
        self.entries.append((frame, fields))
        # Widgets made later join the end of the Tab chain; put this row before "Add".
        chain = [fields[sub.key].focus_target() for sub in self.spec.item_fields]
        chain.append(remove)
        previous = self.add_button.previousInFocusChain()
        for _ in range(500):  # the chain is a ring; walk back to a real stop
            if previous is None or previous == self.add_button or (
                    previous not in chain and previous.focusPolicy() & Qt.TabFocus):
                break
            previous = previous.previousInFocusChain()
        if previous is not None and previous != self.add_button:
            QWidget.setTabOrder(previous, chain[0])
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(chain[-1], self.add_button)
        for key, value in (values or {}).items():
            if key in fields:
                fields[key].set_value(value)
        if focus:
            fields[self.spec.item_fields[0].key].focus_target().setFocus()
        self.changed.emit()
        return fields

    def remove_entry(self, frame: QFrame) -> None:
        self.entries = [(f, fields) for f, fields in self.entries if f is not frame]
        frame.hide()                # off the screen (and out of Tab) now, freed later
        frame.deleteLater()
        self.add_button.setFocus()
        self.changed.emit()

    def focus_target(self):
        if self.entries:
            return next(iter(self.entries[0][1].values())).focus_target()
        return self.add_button

    def value(self):
        return [{key: field.value() for key, field in fields.items()}
                for _frame, fields in self.entries]

    def set_value(self, value):
        for frame, _fields in self.entries:
            frame.hide()
            frame.deleteLater()
        self.entries = []
        for item in value or []:
            if isinstance(item, dict):
                self.add_entry(item)

    def set_item_errors(self, errors: dict[tuple[int, str], str]) -> None:
        for index, (_frame, fields) in enumerate(self.entries):
            for key, field in fields.items():
                field.set_error(errors.get((index, key)))


def make_field(spec: rf.Field, **kwargs) -> FieldBase:
    kinds = {"text": TextField, "textarea": TextAreaField, "choice": ChoiceField,
             "multi": MultiField, "datetime": DateTimeField, "site": ChoiceField,
             "ward": ChoiceField, "list": ListField}
    return kinds[spec.kind](spec, **kwargs)
