"""What the form says once a record is submitted: its reference and what happens next."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.records import reports as incidents


def done_message(kind: str, report: incidents.Report, police_route: str = "") -> str:
    """What the page says once a record is submitted: what happens next, in words."""
    reference = html.escape(report.reference or "")
    notes = "".join(f"<p>⚠ {html.escape(flag)}</p>" for flag in report.data.get("flags") or [])
    if kind == "police_assistance":
        route = f" ({html.escape(police_route)})" if police_route else ""
        return (f"<h2>Request recorded</h2><p>Reference: <b>{reference}</b></p>{notes}"
                f"<p><b>Now send it to the police by the local route{route}.</b> Use "
                "<b>Copy as text</b> to paste it into an email or the police's system, or "
                "<b>Save as PDF</b> to attach it. Common Ground does not send it to the police "
                "itself.</p><p>After the assessment, or if it is cancelled, open it in "
                "<b>My reports</b> and choose <b>Record outcome</b>.</p><p>A copy goes to the "
                "Trust's violence and prosecution advisor and, without names or addresses, "
                "into the Police Liaison Committee's figures.</p>")
    if kind == "s136":
        return (f"<h2>Section 136 episode recorded</h2><p>Reference: <b>{reference}</b></p>"
                f"{notes}<p>A copy goes to the Trust's violence and prosecution advisor and, "
                "without names, into the Police Liaison Committee's figures.</p><p>The record "
                "can no longer be changed. If something needs correcting, open it in <b>My "
                "reports</b> and add an addendum.</p>")
    return (f"<h2>Report submitted</h2><p>Reference: <b>{reference}</b></p>"
            "<p>It is queued for the Trust's violence and prosecution advisor, who will see it "
            "once it has been sent. You can find it, and any news about it, in "
            "<b>My reports</b>.</p><p>The report can no longer be changed. If something needs "
            "correcting, open it in My reports and add an addendum.</p>")


class DonePanel(QWidget):
    """The reference, what happens next, and what to do now (PDF, copy, another, list)."""

    def __init__(self, kind, parent=None):
        super().__init__(parent)
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse |
                                          Qt.TextSelectableByKeyboard)
        self.text.setAccessibleName("Report submitted")
        self.text.setFocusPolicy(Qt.StrongFocus)
        self.pdf = QPushButton("Save as &PDF…")
        self.new = QPushButton(f"Start a &new {kind.noun}")
        self.my_reports = QPushButton("Go to &My reports")
        self.copy = QPushButton("&Copy as text")
        self.copy.setAccessibleName("Copy the request as plain text, to paste into an email "
                                    "or the police's system")
        buttons = QHBoxLayout()
        for button in (self.copy, self.pdf, self.new, self.my_reports):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)
        # Only once it has a parent: shown before, it was a window of its own for a moment,
        # which took the keyboard focus from the main window.
        self.copy.setVisible(kind.key == "police_assistance")
