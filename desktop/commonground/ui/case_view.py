"""One case: the steps as a checklist with due dates, the report, the timeline, the news
the reporter has been sent, and the actions that move the case on."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
)

from ..context import AppContext
from ..core.cases import actions as case_actions
from ..core.cases import notes as case_notes
from ..core.cases import steps as cs
from ..core.cases import workflow as cases
from ..core.records import reports as incidents
from ..core.timeutil import format_time
from . import tasks
from .aids.case_limit import CaseLimit
from .case_dialogs import CaseNoteDialog, CloseDialog, DueDialog, RecordStepDialog, TextDialog
from .cases_page import format_day
from .dates import date_problem, parse_date
from .report_view import report_html
from .saved_banner import show_saved
from .window_fit import Remembered, fit_on_show

COLUMNS = ("Step", "Waits on", "Status", "Due", "Done", "By", "Details")
OWNERS = {"advisor": "Advisor", "police": "Police", "police or CPS": "Police or CPS",
          "clinician": "Clinician", "court": "Court"}


def step_details(step: cases.CaseStep) -> str:
    detail = step.detail
    parts = []
    if detail.get("crime_reference"):
        parts.append(f"Crime reference {detail['crime_reference']}")
    if detail.get("wish"):
        parts.append({"yes": "Supports prosecution", "no": "Does not support prosecution",
                      "undecided": "Undecided"}[detail["wish"]])
    if detail.get("decision"):
        parts.append(cs.label(cs.DECISIONS, detail["decision"]))
    if detail.get("nfa_reason"):
        parts.append(detail.get("nfa_other") or cs.label(cs.NFA_REASONS, detail["nfa_reason"]))
    if detail.get("outcome"):
        parts.append(cs.label(cs.COURT_OUTCOMES, detail["outcome"]))
    if detail.get("sentence"):
        parts.append(f"Sentence: {detail['sentence']}")
    if step.na_reason:
        parts.append(step.na_reason)
    if step.note:
        parts.append(step.note)
    return "; ".join(parts)


class CaseView(QDialog):
    changed = Signal()
    status_message = Signal(str)

    def __init__(self, context: AppContext, case_id: int, worker_name: str, parent=None):
        super().__init__(parent)
        self.context, self.case_id, self.worker = context, case_id, worker_name
        self.header = QLabel("")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.RichText)
        self.header.setTextInteractionFlags(Qt.TextSelectableByMouse |
                                            Qt.TextSelectableByKeyboard)
        self.header.setAccessibleName("Case summary")
        self.warnings = QLabel("")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("QLabel { background: #fff4ce; color: #3d2e00; border: "
                                    "1px solid #8a6d00; padding: 6px; }")
        self.warnings.setAccessibleName("Things to check")
        self.limit = CaseLimit(context, worker_name)   # common assault: charge by ...
        self.limit.recorded = self.reload
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Steps of the case")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(6, QHeaderView.Stretch)
        self.table.activated.connect(lambda _i: self.record_step())

        self.record_button = QPushButton("&Record step…")
        self.record_button.clicked.connect(self.record_step)
        self.due_button = QPushButton("Change &due date…")
        self.due_button.clicked.connect(self.change_due)
        self.note_button = QPushButton("Add &note…")
        self.note_button.clicked.connect(self.add_note)
        self.close_button = QPushButton("C&lose case…")
        self.close_button.clicked.connect(self.close_or_reopen)
        self.pdf_button = QPushButton("Case file &PDF…")
        self.pdf_button.clicked.connect(lambda: self.save_pdf())  # not Qt's 'checked'
        self.of_note_button = QPushButton("Case of note for the &committee…")
        self.of_note_button.clicked.connect(self.add_case_of_note)
        done = QPushButton("Close window")
        done.clicked.connect(self.accept)

        self.report = QTextBrowser()
        self.report.setAccessibleName("The report")
        self.timeline = QTextBrowser()
        self.timeline.setAccessibleName("Case timeline")
        self.news = QTextBrowser()
        self.news.setAccessibleName("News sent to the reporter")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("The report, the timeline and the news")
        self.tabs.addTab(self.report, "Re&port")
        self.tabs.addTab(self.timeline, "&Timeline")
        self.tabs.addTab(self.news, "News for the r&eporter")

        buttons = QHBoxLayout()
        for button in (self.record_button, self.due_button, self.note_button,
                       self.close_button, self.pdf_button, self.of_note_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.warnings)
        layout.addWidget(self.limit)
        layout.addWidget(self.table, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 2)
        fit_on_show(self, 1100, 820, Remembered(self, context.db, context.login, "case"))
        self.reload()

    # ------------------------------------------------------------------ view
    def reload(self) -> None:
        db = self.context.db
        case = cases.get_case(db, self.case_id)
        self.case = case
        self.setWindowTitle(f"Case {case.number}")
        decision = cs.label(cs.DECISIONS, case.decision) if case.decision else "None yet"
        if case.nfa_reason:
            decision += f" ({cs.label(cs.NFA_REASONS, case.nfa_reason)})"
        state = "Open" if case.is_open else f"Closed: {case.closing_reason}"
        facts = [("Case", case.number), ("Status", state), ("Victim", case.victim),
                 ("What", case.summary), ("Incident", format_time(case.incident_at)),
                 ("Received", format_time(case.received_at)),
                 ("Crime reference", case.crime_reference or "None yet"),
                 ("Decision", decision)]
        self.header.setText(" &nbsp;·&nbsp; ".join(
            f"<b>{html.escape(k)}:</b> {html.escape(v or '')}" for k, v in facts))
        today = dt.date.today()
        found = case_actions.warnings(db, self.case_id, today)
        self.warnings.setText("Check: " + " ".join(found) if found else "")
        self.warnings.setVisible(bool(found))
        self.limit.show_case(case)
        self.steps = cases.steps(db, self.case_id)
        current = self.table.currentRow()
        self.table.setRowCount(len(self.steps))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, step in enumerate(self.steps):
            overdue = step.overdue(today) and case.is_open
            status = cs.label(cs.STEP_STATUS, step.status) + (" – OVERDUE" if overdue else "")
            cells = (step.title, OWNERS.get(step.owner, step.owner), status, format_day(step.due),
                     format_day(step.done_on), step.done_by or "", step_details(step))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if overdue:
                    item.setForeground(QBrush(QColor("#a00000")))
                    item.setFont(bold)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setCurrentCell(max(current, 0), 0)
        self.close_button.setText("C&lose case…" if case.is_open else "Re&open case…")
        for button in (self.record_button, self.due_button):
            button.setEnabled(case.is_open)
        if case.report_id:
            report = incidents.get_report(db, case.report_id)
            self.report.setHtml(report_html(report, incidents.timeline(db, case.report_id)))
        else:
            self.report.setHtml(f"<p>Opened from a helpline call: "
                                f"{html.escape(case.summary)}</p>")
        self.timeline.setHtml("<table cellpadding='3'>" + "".join(
            f"<tr><td>{html.escape(format_time(e.at))}</td><td>{html.escape(e.author)}</td>"
            f"<td>{html.escape(e.describe())}</td></tr>"
            for e in cases.timeline(db, self.case_id)) + "</table>")
        news = cases.messages_for_report(db, case.report_id) if case.report_id else []
        self.news.setHtml("".join(f"<p><b>{html.escape(format_time(at))}</b> "
                                  f"{html.escape(text)}</p>" for at, text in news)
                          or "<p>Nothing sent yet.</p>")

    def _after_change(self, message: str, found: list[str] | None = None) -> None:
        self.reload()
        self.changed.emit()
        self.status_message.emit(message + (f" Check: {' '.join(found)}" if found else ""))

    def _selected(self) -> cases.CaseStep | None:
        row = self.table.currentRow()
        return self.steps[row] if 0 <= row < len(self.steps) else None

    # --------------------------------------------------------------- actions
    def record_step(self) -> RecordStepDialog | None:
        step = self._selected()
        if step is None or not self.case.is_open:
            return None

        def save(dialog: RecordStepDialog) -> str | None:
            values = dialog.values()
            if values["status"] == "done" and values["done_on"] is None:
                return date_problem(values["date_text"]) \
                    if values["date_text"].strip() else "Enter the date it was done."
            try:
                found = case_actions.record_step(
                    self.context.db, self.case_id, step.key, status=values["status"] or "",
                    by=values["by"], done_on=values["done_on"], note=values["note"],
                    na_reason=values["na_reason"], detail=values["detail"])
            except cases.CaseError as exc:
                return str(exc)
            if values["by"].strip() and values["by"].strip() != self.worker:
                self.worker = values["by"].strip()
                self.context.db.set_setting(f"case_worker:{self.context.login}", self.worker)
            self._after_change(f"Recorded: {step.title}.", found)
            return None
        dialog = RecordStepDialog(step, self.worker, save, self)
        dialog.open()
        self.step_dialog = dialog
        return dialog

    def change_due(self) -> None:
        step = self._selected()
        if step is None:
            return

        def save(dialog: DueDialog) -> str | None:
            text = dialog.date.text().strip()
            due = parse_date(text) if text else None
            if text and due is None:
                return date_problem(text)
            try:
                case_actions.set_due(self.context.db, self.case_id, step.key, due, self.worker)
            except cases.CaseError as exc:
                return str(exc)
            self._after_change(f"Due date changed: {step.title}.")
            return None
        self.due_dialog = DueDialog(step, save, self)
        self.due_dialog.open()

    def add_note(self) -> None:
        def save(dialog: TextDialog) -> str | None:
            try:
                case_actions.add_note(self.context.db, self.case_id,
                                      dialog.text.toPlainText(), self.worker)
            except cases.CaseError as exc:
                return str(exc)
            self._after_change("Note added.")
            return None
        self.note_dialog = TextDialog("Add a note", "&Note", save, self)
        self.note_dialog.open()

    def add_case_of_note(self) -> None:
        def save(dialog: CaseNoteDialog) -> str | None:
            try:
                case_notes.add_case_note(self.context.db, dialog.title.text(),
                                         dialog.text.toPlainText(), self.worker,
                                         case_id=self.case_id)
            except case_notes.NoteError as exc:
                return str(exc)
            self._after_change("Case of note saved; it goes to the committee with the next "
                               "de-identified figures.")
            return None
        self.of_note_dialog = CaseNoteDialog(save, self)
        self.of_note_dialog.open()

    def close_or_reopen(self) -> None:
        if self.case.is_open:
            left = sum(1 for step in self.steps if step.status == "todo")

            def close(dialog: CloseDialog) -> str | None:
                try:
                    case_actions.close_case(self.context.db, self.case_id,
                                            dialog.reason.currentData() or "", self.worker,
                                            dialog.explanation.toPlainText())
                except cases.CaseError as exc:
                    return str(exc)
                self._after_change("Case closed; the reporter has been told.")
                return None
            self.close_dialog = CloseDialog(left, close, self)
            self.close_dialog.open()
            return

        def reopen(dialog: TextDialog) -> str | None:
            try:
                case_actions.reopen_case(self.context.db, self.case_id,
                                         dialog.text.toPlainText(), self.worker)
            except cases.CaseError as exc:
                return str(exc)
            self._after_change("Case reopened.")
            return None
        self.close_dialog = TextDialog("Reopen the case", "&Why reopen it", reopen, self)
        self.close_dialog.open()

    def save_pdf(self, target: Path | None = None) -> None:
        from ..core.pdf.case_pdf import case_pdf

        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save the case file as PDF",
                str(Path.home() / f"case-file-{self.case.number}.pdf"), "PDF files (*.pdf)")
            if not chosen:
                return
            target = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        progress = QProgressDialog("Making the case file…", "Cancel", 0, 0, self)
        progress.setMinimumDuration(300)
        db_path = self.context.db

        def work(progress, cancelled):
            case_pdf(db_path, self.case_id, target, progress=progress, cancelled=cancelled)
            return target

        def failed(message):
            progress.reset()
            QMessageBox.warning(self, "Case file not saved", f"Not saved: {message}")

        task = tasks.start(work, name="Case file PDF",
                           on_done=lambda path: (progress.reset(),
                                                 self.status_message.emit(f"Saved {path}"),
                                                 show_saved(self, path, 4)),
                           on_failed=failed, on_cancelled=progress.reset,
                           on_progress=lambda d, t: (progress.setMaximum(max(t, 1)),
                                                     progress.setValue(min(d, t))))
        progress.canceled.connect(task.cancel)
        tasks.free_when_ended(task, progress)
