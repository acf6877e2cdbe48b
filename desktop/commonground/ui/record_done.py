"""What the form says once a record is submitted: its reference and what happens next."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.records import reports as incidents


def done_message(kind, report: incidents.Report, police_route: str = "") -> str:
    """What the page says once a record is submitted: what happens next, in words."""
    notes = "".join(f"<p>⚠ {html.escape(flag)}</p>" for flag in report.data.get("flags") or [])
    return kind.words.done(html.escape(report.reference or ""), notes,
                           html.escape(police_route))


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
        self.copy.setVisible(kind.copyable)
