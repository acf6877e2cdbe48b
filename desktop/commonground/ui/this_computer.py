"""This computer: its role, where its data lives, its site policy and any problems."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from .. import __version__
from ..context import AppContext
from ..core import roles
from ..core.install import install_id
from ..core.sync import keys
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
        by_whom = " (set by IT in the site policy)" if policy.set_by_machine("role") else \
            f" (set in the site policy: {policy.origins.get('role')})" if set_by_policy else ""
        rows = [
            ("Role", roles.ROLE_NAMES.get(role, "Not chosen yet") + by_whom),
            ("Common Ground version", __version__),
            ("Data folder", str(context.paths.root)),
            ("Backups", str(context.paths.backups)),
            ("Log file", str(context.paths.logs / "commonground.log")),
            ("Site policy", policy.describe_sources()),
            ("Site", policy.site or "Not set"),
            ("Install id", install_id(context.db)),
            ("Signing key fingerprint", keys.install_fingerprint(context.paths.keys)
             or "Not made yet: it is made when this computer first syncs (or by "
                "`commonground keys show`)"),
        ]
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
            + "<p>The advisor compares the fingerprint above with the one shown on the "
              "advisor hub's Sync screen before approving this computer; IT lists the "
              "install id and fingerprint in the hub's site policy.</p>"
            + policy_sections(policy)
            + (f"<p><b>Role changes</b></p><ul>{changes}</ul>" if changes else ""))
        self.role_button.setEnabled(not set_by_policy)
        self.role_button.setToolTip("IT sets the role in the site policy" if set_by_policy
                                    else "")


def _items(lines) -> str:
    return "".join(f"<li>{html.escape(line)}</li>" for line in lines)


def policy_sections(policy) -> str:
    """What IT must act on: an untrusted machine policy, problems, ignored user values."""
    text = ""
    if policy.untrusted:
        text += ("<p><b>Warning: the machine policy is not trusted, so sync is off.</b></p>"
                 f"<ul>{_items(policy.untrusted)}</ul>")
    if policy.problems:
        text += ("<p><b>Problems in the site policy (defaults used instead):</b></p><ul>"
                 + _items(f"{p.where}: {p}" if p.where else str(p) for p in policy.problems)
                 + "</ul>")
    if policy.ignored:
        text += ("<p><b>Ignored, because the machine policy decides them:</b></p>"
                 f"<ul>{_items(str(p) for p in policy.ignored)}</ul>")
    return text


def policy_status(policy) -> str | None:
    """One line for the status bar at start, or None when the policy needs no attention."""
    if policy.untrusted:
        return ("The machine policy can be changed by users, so sync is off until IT fixes "
                "it (see This computer).")
    if policy.problems:
        return (f"The site policy has problems: {policy.problems[0]} (see This computer). "
                "Defaults are used.")
    if policy.ignored:
        count = len(policy.ignored)
        return (f"{count} site policy value{'s' if count != 1 else ''} set by this user "
                f"{'were' if count != 1 else 'was'} ignored: the machine policy decides "
                "(see This computer).")
    return None
