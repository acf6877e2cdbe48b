"""Small dialogs for the advisor: record a step, change a due date, note, close, reopen,
log a helpline call. Each stays open showing the problem (in words, at the top) until what
was typed can be saved, so nothing typed is thrown away by a mistake.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.cases import steps as cs
from ..core.cases.workflow import CaseStep
from .form_fields import ERROR_STYLE, parse_date, parse_entered
from .window_fit import Scroller, fit_on_show, keep_on_screen


def _combo(choices, name: str, current=None, prompt: str | None = "Choose…") -> QComboBox:
    """A list of (code, words); ``prompt`` first (no code) unless it is None."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    if prompt is not None:
        combo.addItem(prompt, None)
    for code, text in choices:
        combo.addItem(text, code)
    if current is not None:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def _line(name: str, text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _text(name: str, text: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 5 + 14)
    return edit


class _Dialog(QDialog):
    """OK calls ``save`` and closes only if it succeeds; if not, the problem is shown in
    words above the buttons, where it moves no field (it used to push every field down as
    the person reached for the one to fix). Long content scrolls on a small screen."""

    def __init__(self, title: str, save: Callable[["_Dialog"], str | None], parent=None):
        super().__init__(parent)
        self.finished.connect(self.deleteLater)   # a page opens a new one each time
        self.setWindowTitle(title)
        self._save = save
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        body = QWidget()
        self.form = QFormLayout(body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(Scroller(body))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_on_show(self)

    def add(self, label: str, widget: QWidget) -> QWidget:
        self.form.addRow(label, widget)
        return widget

    def _try_save(self) -> None:
        problem = self._save(self)
        if problem:
            self.error.setText(f"Problem: {problem}")
            self.error.show()
            keep_on_screen(self)
            return
        self.accept()


def row_of(*widgets: QWidget) -> QWidget:
    """Widgets side by side, as one field of a form."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return box


def date_row(name: str, value: dt.date | None) -> tuple[QWidget, QLineEdit]:
    edit = _line(f"{name}, day/month/year", value.strftime("%d/%m/%Y") if value else "",
                 "day/month/year")
    today = QPushButton("Today")
    today.setAccessibleName(f"{name}: today")
    today.clicked.connect(lambda: edit.setText(dt.date.today().strftime("%d/%m/%Y")))
    return row_of(edit, today), edit


class RecordStepDialog(_Dialog):
    def __init__(self, step: CaseStep, by: str, save, parent=None):
        super().__init__(f"Record: {step.title}", save, parent)
        self.step = step
        help_text = cs.STEP_BY_KEY[step.key].help
        if help_text:
            note = QLabel(help_text)
            note.setWordWrap(True)
            self.form.addRow(note)
        self.status = self.add("&Status", _combo(cs.STEP_STATUS, "Status",
                                                 "done" if step.status == "todo"
                                                 else step.status))
        done = dt.date.fromisoformat(step.done_on) if step.done_on else dt.date.today()
        box, self.date = date_row("Date done", done)
        self.add("&Date done", box)
        self.by = self.add("Done &by", _line("Done by", step.done_by or by))
        self.reason = self.add("Why not &applicable", _line("Why not applicable",
                                                           step.na_reason or ""))
        self.extra: dict[str, QWidget] = {}
        detail = step.detail
        if step.key == "police_informed":
            self.extra["crime_reference"] = self.add("&Crime reference", _line(
                "Crime reference number", detail.get("crime_reference", "")))
        elif step.key == "wishes_recorded":
            self.extra["wish"] = self.add("Victim's &wish", _combo(
                (("yes", "Supports prosecution"), ("no", "Does not support prosecution"),
                 ("undecided", "Undecided")), "Victim's wish", detail.get("wish")))
        elif step.key == "decision":
            self.extra["decision"] = self.add("De&cision", _combo(
                cs.DECISIONS, "Decision", detail.get("decision")))
            self.extra["nfa_reason"] = self.add("&Reason for NFA", _combo(
                cs.NFA_REASONS, "Reason for no further action", detail.get("nfa_reason")))
            self.extra["nfa_other"] = self.add("Other reason", _line(
                "Other reason for no further action", detail.get("nfa_other", "")))
            self.extra["offence"] = self.add("Offence (if known)", _line(
                "Offence", detail.get("offence", "")))
        elif step.key == "court":
            self.extra["outcome"] = self.add("&Outcome", _combo(
                cs.COURT_OUTCOMES, "Court outcome", detail.get("outcome")))
            self.extra["hearings"] = self.add("&Hearing dates", _line(
                "Hearing dates", detail.get("hearings", ""), "for example 3/2/2027, 10/3/2027"))
            self.extra["sentence"] = self.add("S&entence", _line(
                "Sentence", detail.get("sentence", "")))
        self.note = self.add("&Note", _text("Note", step.note))
        self.status.currentIndexChanged.connect(self._show)
        self._show()

    def _show(self) -> None:
        status = self.status.currentData()
        for widget in [self.date, self.by] + list(self.extra.values()):
            widget.setEnabled(status == "done")
        self.reason.setEnabled(status == "na")

    def values(self) -> dict:
        detail = {}
        for key, widget in self.extra.items():
            detail[key] = widget.currentData() if isinstance(widget, QComboBox) \
                else widget.text().strip()
        return {"status": self.status.currentData(), "done_on": parse_date(self.date.text()),
                "date_text": self.date.text(), "by": self.by.text(),
                "note": self.note.toPlainText(), "na_reason": self.reason.text(),
                "detail": detail}


class DueDialog(_Dialog):
    def __init__(self, step: CaseStep, save, parent=None):
        super().__init__(f"Due date: {step.title}", save, parent)
        box, self.date = date_row("Due date", dt.date.fromisoformat(step.due)
                                  if step.due else None)
        self.add("&Due date (empty for none)", box)


class TextDialog(_Dialog):
    """One required text: a note, or the reason to reopen a case."""

    def __init__(self, title: str, label: str, save, parent=None):
        super().__init__(title, save, parent)
        self.text = self.add(label, _text(label.replace("&", "")))


class CaseNoteDialog(_Dialog):
    """A case of note: a short summary that goes to the committee with the figures."""

    def __init__(self, save, parent=None):
        super().__init__("Case of note for the committee", save, parent)
        warning = QLabel("The committee sees this with the de-identified figures. Write no "
                         "names, dates of birth, NHS or crime numbers, report references or "
                         "anything else that could identify the patient, the victim or the "
                         "reporter. Say what happened and what it teaches.")
        warning.setWordWrap(True)
        warning.setAccessibleName("Before you write")
        self.form.addRow(warning)
        self.title = self.add("&Title", _line("Title", placeholder="For example: Charge "
                                                                   "after spitting at a nurse"))
        self.text = self.add("&Summary", _text("Summary for the committee"))
        self.text.setMaximumHeight(self.text.fontMetrics().lineSpacing() * 10 + 14)
        self.setMinimumWidth(520)   # room for the warning to read as a paragraph


class CloseDialog(_Dialog):
    def __init__(self, steps_left: int, save, parent=None):
        super().__init__("Close the case", save, parent)
        if steps_left:
            warning = QLabel(f"{steps_left} step{'s are' if steps_left != 1 else ' is'} still "
                             "to do. Say why the case is being closed anyway.")
            warning.setWordWrap(True)
            self.form.addRow(warning)
        self.reason = self.add("&Reason", _combo(cs.CLOSING_REASONS, "Reason for closing"))
        self.explanation = self.add("&Explanation", _text("Explanation"))


class HelplineDialog(_Dialog):
    def __init__(self, save, parent=None):
        super().__init__("Log a helpline call", save, parent)
        now = dt.datetime.now()
        self.date = _line("Date of the call, day/month/year", now.strftime("%d/%m/%Y"))
        self.time = _line("Time of the call, 24-hour hh:mm", now.strftime("%H:%M"))
        self.add("&When", row_of(self.date, self.time))
        self.caller = self.add("&Caller", _line("Caller's name"))
        self.role = self.add("R&ole", _line("Caller's role", placeholder="for example staff "
                                                                          "nurse, PC"))
        self.organisation = self.add("Or&ganisation", _line("Caller's organisation"))
        self.phone = self.add("&Phone", _line("Caller's phone"))
        self.what = self.add("What it is &about", _text("What the call is about"))
        self.reference = self.add("&Report reference (if any)", _line(
            "Report reference", placeholder="CG-2026-…"))
        self.incident_date = _line("Incident date, day/month/year", placeholder="day/month/year")
        self.incident_time = _line("Incident time, 24-hour hh:mm", placeholder="hh:mm")
        self.add("&Incident (if known)", row_of(self.incident_date, self.incident_time))
        self.open_case = QCheckBox("Open a prosecution-support &case")
        self.open_case.setChecked(True)
        self.form.addRow(self.open_case)

    def when(self) -> dt.datetime | None:
        return parse_entered(self.date.text(), self.time.text())

    def incident(self) -> tuple[str | None, bool]:
        """(ISO time or None, whether something was typed)."""
        typed = bool(self.incident_date.text().strip() or self.incident_time.text().strip())
        moment = parse_entered(self.incident_date.text(), self.incident_time.text() or "00:00")
        return (moment.isoformat(timespec="minutes") if moment else None), typed


class DeadlinesDialog(_Dialog):
    """The site's default deadlines for new cases (existing cases keep theirs)."""

    def __init__(self, days: dict[str, int], cctv_days: int, save, parent=None):
        super().__init__("Default deadlines for new cases", save, parent)
        intro = QLabel("How long after the report reaches you (or after the incident, for "
                       "CCTV) each step is due, for cases opened from now on. Working days skip "
                       "weekends and bank holidays. Existing cases keep their dates; change "
                       "one on the case itself.")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.boxes: dict[str, QSpinBox] = {}
        for step in cs.STEPS:
            if step.key not in days:
                continue
            box = QSpinBox()
            box.setRange(0, 3650)
            unit = "working days" if step.working_days else "days"
            base = {"received": "after receipt", "incident": "after the incident",
                    "decision": "after the decision"}[step.due_from]
            box.setSuffix(f" {unit} {base}")
            value = cctv_days if step.key == "cctv_requested" else days[step.key]
            box.setValue(value)
            box.setAccessibleName(f"{step.title}: {unit} {base}")
            self.boxes[step.key] = box
            self.add(step.title, box)

    def values(self) -> dict[str, int]:
        return {key: box.value() for key, box in self.boxes.items()}
