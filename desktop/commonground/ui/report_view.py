"""Reading one record: every field, the timeline, addenda; add a correction; save a PDF.
For a police assistance request: its outcome, and the request as plain text to send."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from ..context import AppContext
from ..core.cases.workflow import messages_for_report
from ..core.records import kinds as rk
from ..core.records import reports as incidents
from ..core.records.document import blocks, timeline_rows
from ..core.timeutil import format_time
from .aids.view_aids import ViewAids
from .outcome_dialog import OutcomeDialog
from .report_actions import copy_as_text, save_report_pdf
from .window_fit import Remembered, fit_on_show


def report_html(report: incidents.Report, events: list[incidents.Event],
                news: list[tuple[str, str]] = ()) -> str:
    parts = []
    outcome = rk.kind_of(report.data).outcome
    if outcome is not None and not report.is_draft:
        done = [event for event in events if event.kind == "outcome"]
        parts.append(f"<h3>{html.escape(outcome.heading)}</h3><p>" + (
            html.escape(outcome.summary(done[-1].detail.get("values") or {}))
            + f" <i>(recorded {html.escape(format_time(done[-1].at))} by "
              f"{html.escape(done[-1].author)})</i>" if done else
            html.escape(outcome.pending(report.data)) if outcome.pending else
            "<b>Not recorded yet.</b> After the assessment, or if it is cancelled, choose "
            "<b>Record outcome</b>.") + "</p>")
    if news:
        parts.append("<h3>News about this report</h3>" + "".join(
            f"<p><b>{html.escape(format_time(at))}</b> {html.escape(text)}</p>"
            for at, text in news))
    if report.is_draft:
        parts.append("<p style='background:#fff4ce; border:1px solid #8a6d00'><b>Draft: not "
                     "submitted yet.</b> It is saved; continue it to submit.</p>")
    for block in blocks(report):
        parts.append(f"<h3>{html.escape(block.title)}</h3>")
        if block.rows:
            parts.append("<table cellpadding='3' width='100%'>" + "".join(
                f"<tr><td valign='top' width='38%'><b>{html.escape(label)}</b></td>"
                f"<td>{html.escape(value).replace(chr(10), '<br/>')}</td></tr>"
                for label, value in block.rows) + "</table>")
        if block.table:
            header, *rows = block.table
            parts.append("<table border='1' cellspacing='0' cellpadding='3'><tr>" + "".join(
                f"<th align='left'>{html.escape(h)}</th>" for h in header) + "</tr>" + "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                for row in rows) + "</table>")
        if block.text:
            parts.append("<p>" + html.escape(block.text).replace("\n", "<br/>") + "</p>")
        elif block.text_label:
            parts.append("<p><i>No account written yet.</i></p>")
    parts.append("<h3>Timeline</h3><table border='1' cellspacing='0' cellpadding='3'>"
                 "<tr><th align='left'>When</th><th align='left'>Who</th>"
                 "<th align='left'>What</th></tr>" + "".join(
                     f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td>"
                     f"<td>{html.escape(c)}</td></tr>" for a, b, c in timeline_rows(events))
                 + "</table>")
    return "\n".join(parts)


class AddendumDialog(QDialog):
    def __init__(self, author: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Add an addendum")
        intro = QLabel("The report itself never changes. Write the correction or the new "
                       "information; it is added to the report's timeline with your name "
                       "and the time.")
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName("Addendum text")
        text_label = QLabel("&Addendum:")
        text_label.setBuddy(self.text)
        self.author = QLineEdit(author)
        self.author.setAccessibleName("Your name")
        author_label = QLabel("Your &name:")
        author_label.setBuddy(self.author)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Add to the report")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(text_label)
        layout.addWidget(self.text)
        layout.addWidget(author_label)
        layout.addWidget(self.author)
        layout.addWidget(buttons)
        fit_on_show(self, 520, 360)


class ReportView(QDialog):
    continue_draft = Signal(int)
    status_message = Signal(str)
    changed = Signal()          # an addendum or an outcome was added here

    def __init__(self, context: AppContext, report_id: int, parent=None):
        super().__init__(parent)
        self.context = context
        self.report_id = report_id
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Report")
        self.addendum_button = QPushButton("Add &addendum…")
        self.addendum_button.clicked.connect(self.add_addendum)
        self.pdf_button = QPushButton("Save as &PDF…")
        self.pdf_button.clicked.connect(
            lambda: save_report_pdf(self, context, report_id, self.status_message.emit))
        self.outcome_button = QPushButton("Record &outcome…")
        self.outcome_button.clicked.connect(self.record_outcome)
        self.copy_button = QPushButton("Copy as &text")
        self.copy_button.setAccessibleName("Copy the request as plain text, to paste into an "
                                           "email or the police's system")
        self.copy_button.clicked.connect(self.copy_text)
        self.continue_button = QPushButton("&Continue editing")
        self.continue_button.clicked.connect(self._continue)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.continue_button, self.outcome_button, self.addendum_button,
                       self.copy_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        close.setDefault(True)   # Enter in the text closes the window, as in any viewer
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.aids = ViewAids(self)     # the kind's decision aids, recorded here if asked
        layout.insertWidget(1, self.aids)
        fit_on_show(self, 900, 760, Remembered(self, context.db, context.login, "report"))
        self.reload()

    def reload(self) -> None:
        report = incidents.get_report(self.context.db, self.report_id)
        if report is None:
            self.browser.setPlainText("This report no longer exists (a discarded draft).")
            for button in (self.addendum_button, self.pdf_button, self.continue_button,
                           self.outcome_button, self.copy_button):
                button.setEnabled(False)
            return
        self.report = report
        kind = rk.kind_of(report.data)
        noun = kind.words.view
        self.setWindowTitle(f"{noun} {report.reference}" if report.reference
                            else f"Draft: {noun.lower()}")
        self.browser.setAccessibleName(noun)
        position = self.browser.verticalScrollBar().value()
        self.browser.setHtml(report_html(report, incidents.timeline(self.context.db,
                                                                    self.report_id),
                                         messages_for_report(self.context.db, self.report_id)))
        self.browser.verticalScrollBar().setValue(position)
        self.continue_button.setVisible(report.is_draft)
        self.addendum_button.setVisible(not report.is_draft)
        self.outcome_button.setVisible(kind.outcome is not None and not report.is_draft)
        if kind.outcome is not None:
            self.outcome_button.setText(kind.outcome.button)
        # Once the advisor has the request, a shared PC keeps no name or address to copy.
        self.copy_button.setVisible(kind.copyable and not report.is_draft
                                    and kind.author_key in report.data)
        self.aids.refresh()             # a draft offers none; submitted, its kind's aids

    def _author(self) -> str:
        kind = rk.kind_of(self.report.data)
        remembered = incidents.remembered_reporter(self.context.db, self.context.login,
                                                   kind.key)
        return remembered.get(kind.author_key, "")

    def record_outcome(self) -> OutcomeDialog:
        self.outcome_dialog = dialog = OutcomeDialog(self.context, self.report, self._author(),
                                                     self)
        dialog.accepted.connect(self._outcome_saved)
        dialog.open()
        return dialog

    def _outcome_saved(self) -> None:
        self.status_message.emit(f"Outcome recorded for {self.report.reference}.")
        self.reload()
        self.changed.emit()
        self.browser.verticalScrollBar().setValue(0)

    def copy_text(self) -> str:
        return copy_as_text(self.context, self.report_id, self.status_message.emit)

    def add_addendum(self) -> AddendumDialog:
        """Open the addendum dialog (window-modal); it stays open until the text is valid."""
        self.addendum_dialog = dialog = AddendumDialog(self._author(), self)
        dialog.accepted.connect(lambda: self._save_addendum(dialog))
        dialog.open()
        dialog.text.setFocus()
        return dialog

    def _save_addendum(self, dialog: AddendumDialog) -> None:
        try:
            incidents.add_addendum(self.context.db, self.report_id, dialog.text.toPlainText(),
                                   dialog.author.text())
        except incidents.ReportError as exc:
            QMessageBox.warning(self, "Addendum not added", str(exc))
            dialog.open()  # keep what was typed; let them fix it
            return
        self.status_message.emit("Addendum added.")
        self.reload()
        self.changed.emit()
        self.browser.verticalScrollBar().setValue(self.browser.verticalScrollBar().maximum())

    def _continue(self) -> None:
        self.continue_draft.emit(self.report_id)
        self.accept()
