"""This computer: its role, where its data lives, its site policy and any problems."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from .. import __version__
from ..context import AppContext
from ..core import roles
from ..core.timeutil import format_time


class ThisComputerPage(QWidget):
    change_role = Signal()

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        heading = QLabel("This computer")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.RichText)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse |
                                             Qt.TextSelectableByKeyboard)
        self.details.setAccessibleName("Details of this computer")
        self.details.setFocusPolicy(Qt.StrongFocus)
        self.role_button = QPushButton("Change &role…")
        self.role_button.clicked.connect(self.change_role)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(heading)
        layout.addWidget(self.details)
        layout.addWidget(self.role_button, 0, Qt.AlignLeft)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        context = self.context
        role = roles.current_role(context.db)
        policy = context.policy
        set_by_policy = bool(policy.role)
        rows = [
            ("Role", roles.ROLE_NAMES.get(role, "Not chosen yet")
             + (" (set by IT in the site policy)" if set_by_policy else "")),
            ("Common Ground version", __version__),
            ("Data folder", str(context.paths.root)),
            ("Backups", str(context.paths.backups)),
            ("Log file", str(context.paths.logs / "commonground.log")),
            ("Site policy", str(policy.source) if policy.source else "None (defaults used)"),
            ("Site", policy.site or "Not set"),
        ]
        problems = "".join(f"<li>{html.escape(str(p))}</li>" for p in policy.problems)
        history = roles.history(context.db)
        changes = "".join(
            f"<li>{html.escape(format_time(h['at']))}: "
            f"{html.escape(roles.ROLE_NAMES.get(h['role'], h['role']))} "
            f"({html.escape(h['source'])}, {html.escape(h['changed_by'])})</li>"
            for h in history[-10:])
        self.details.setText(
            "<table cellpadding='3'>" + "".join(
                f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                for k, v in rows) + "</table>"
            + (f"<p><b>Problems in the site policy (defaults used instead):</b></p><ul>"
               f"{problems}</ul>" if problems else "")
            + (f"<p><b>Role changes</b></p><ul>{changes}</ul>" if changes else ""))
        self.role_button.setEnabled(not set_by_policy)
        self.role_button.setToolTip("IT sets the role in the site policy" if set_by_policy
                                    else "")
