"""Approving a ward PC on the advisor hub: its fingerprint, and the instruction to compare
it with the one on that PC's This computer screen before saying yes."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from ..core.timeutil import format_time


class ApproveDialog(QDialog):
    """Shows one waiting PC; Approve is not the default button, so Enter approves nothing."""

    def __init__(self, pending: dict, parent=None):
        super().__init__(parent)
        self.finished.connect(self.deleteLater)   # the Sync screen opens a new one each time
        self.pending = pending
        self.setWindowTitle("Approve a ward PC")
        name = pending.get("name") or "A computer with no name"
        intro = QLabel(
            f"<p><b>{html.escape(name)}</b> has sent {pending['bundles']} bundle"
            f"{'s' if pending['bundles'] != 1 else ''} since "
            f"{html.escape(format_time(pending['since']))}. They wait, unread, until this "
            "computer is approved.</p>"
            f"<p>Install id: {html.escape(pending['install_id'])}</p>")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.RichText)
        self.fingerprint = QLabel(pending["fingerprint"])
        font = QFont("monospace")
        font.setStyleHint(QFont.Monospace)
        font.setPointSizeF(self.fingerprint.font().pointSizeF() * 1.6)
        font.setBold(True)
        self.fingerprint.setFont(font)
        self.fingerprint.setTextInteractionFlags(Qt.TextSelectableByMouse |
                                                 Qt.TextSelectableByKeyboard)
        self.fingerprint.setAccessibleName(f"Fingerprint {pending['fingerprint']}")
        self.fingerprint.setFocusPolicy(Qt.StrongFocus)
        compare = QLabel(
            "Compare this fingerprint with the one on that PC's <b>This computer</b> "
            "screen (or ask whoever is at it to read it out). Approve only if every "
            "character matches: otherwise someone else may be sending in its name, and "
            "what it sent stays unread.")
        compare.setWordWrap(True)
        compare.setTextFormat(Qt.RichText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.approve_button = self.buttons.addButton("&Approve this PC",
                                                     QDialogButtonBox.AcceptRole)
        self.approve_button.setAutoDefault(False)
        self.approve_button.setDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.Cancel)
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Fingerprint:"))
        layout.addWidget(self.fingerprint)
        layout.addWidget(compare)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        cancel.setFocus()
