"""Above the protocol text: what changed in this version, and 'I have read this version'.

Thin widgets over core/protocol_versions.py and core/acknowledgements.py. Both are reached
with the keyboard (Tab, or Alt+W and Alt+V) and have accessible names.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import roles, staff
from ..core.protocols import acknowledgements as acks
from ..core.protocols.files import Protocol
from ..core.protocols.render import format_date
from ..core.protocols.versions import ChangeSummary, standing_confirmation
from ..core.records.reports import remembered_reporter
from ..core.storage.db import Database

CHANGE_WORDS = {"changed": "Changed", "added": "New section", "removed": "Removed",
                "cited": "Citations only"}



def known_name(db: Database, login: str) -> str:
    """Who this login last said they were: when acknowledging, or else when reporting."""
    return acks.remembered_name(db, login,
                                remembered_reporter(db, login).get("reporter_name", ""))

class WhatChangedPanel(QFrame):
    """The sections a pack changed, each opening its place in the text when activated."""

    open_anchor = Signal(str)
    MAX_ROWS = 7

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("whatChanged")
        self.setStyleSheet("#whatChanged { background: #e8f1fb; border: 1px solid #1f5fa8; }"
                           " #whatChanged QLabel { color: #0b2f5b; }")
        self.heading = QLabel("")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setAccessibleName("What the list of changes compares")
        self.changes = QListWidget()
        self.changes.setWordWrap(True)
        self.changes.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.changes.itemActivated.connect(self._activated)
        self.changes.itemClicked.connect(self._activated)
        self.heading.setBuddy(self.changes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.changes)
        self.hide()

    def show_summary(self, summary: ChangeSummary | None) -> None:
        """Corrections to the law first and by themselves, then other changes, then the
        sections whose citations alone changed (which ask nothing new of the reader)."""
        if summary is None:
            self.hide()
            return
        version, previous = summary.version, summary.previous
        self.heading.setText(f"&What changed in version {version}")
        self.changes.setAccessibleName(f"What changed in version {version}")
        self.changes.clear()
        if previous == version:
            compared = (f"Compared with the earlier text of version {version} on this "
                        "computer (the committee's pack changed it).")
        else:
            compared = f"Compared with version {previous}, which this computer had before."
        if summary.same_substance:
            compared += (" Only citations and sources changed: nothing you do is different, "
                         "and a confirmation of the earlier text still stands.")
        has_rows = bool(summary.corrections or summary.changes or summary.cited)
        self.note.setText(compared + (" Press Enter on a change to go to it." if has_rows
                                      else ""))
        if summary.corrections:
            self._group(f"Corrections to the law in version {version}: read these first")
            for correction in summary.corrections:
                text = f"Correction: {correction.heading}"
                if correction.summary:
                    text += f": {correction.summary}"
                self._row(text, correction.anchor)
        if summary.changes:
            if summary.corrections:
                self._group("Other changes")
            for change in summary.changes:
                self._row(f"{CHANGE_WORDS.get(change.change, change.change)}: "
                          f"{change.heading}", change.anchor)
        if summary.cited:
            names = ", ".join(change.heading for change in summary.cited)
            row = self._row(f"Citations only, nothing to do differently: "
                            f"{len(summary.cited)} section"
                            f"{'s' if len(summary.cited) != 1 else ''} ({names})", None)
            row.setToolTip(names)
        if not has_rows:
            self.changes.addItem("No section's text changed; only the details above (such "
                                 "as its dates) did.")
        rows = min(max(self.changes.count(), 1), self.MAX_ROWS)
        row_height = self.changes.sizeHintForRow(0) if self.changes.count() else 20
        self.changes.setFixedHeight(rows * max(row_height, 18) + 2 * self.changes.frameWidth()
                                    + 4)
        self.show()

    def _group(self, text: str) -> None:
        item = QListWidgetItem(text)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemIsEnabled)
        self.changes.addItem(item)

    def _row(self, text: str, anchor: str | None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(Qt.UserRole, anchor)
        if anchor is None:
            item.setToolTip("This section is no longer in the protocol.")
        self.changes.addItem(item)
        return item

    def _activated(self, item: QListWidgetItem) -> None:
        anchor = item.data(Qt.UserRole)
        if anchor:
            self.open_anchor.emit(anchor)

    def lines(self) -> list[str]:
        return [self.changes.item(row).text() for row in range(self.changes.count())]


class AcknowledgeDialog(QDialog):
    """Asks the reader's name (offering the last one used under this login), role and agency
    (offered from the site policy and this computer's role, never guessed from a name):
    where all three are offered, Enter confirms."""

    def __init__(self, db: Database, protocol: Protocol, login: str, site: str, parent=None,
                 *, defaults: tuple[str, str] = ("", "")):
        super().__init__(parent)
        self.db, self.protocol, self.login, self.site = db, protocol, login, site
        self.made: acks.Acknowledgement | None = None
        self.setWindowTitle("I have read this version")
        explain = QLabel(f"Confirm that you have read version {protocol.version} of "
                         f"“{protocol.title}”.\n\nYour name stays on this computer. Your "
                         "role, agency and today's date go to the Police Liaison Committee "
                         "as counts, so they can see how far each change has reached.")
        explain.setWordWrap(True)
        self.name = QLineEdit(known_name(db, login))
        self.name.setAccessibleName("Your name")
        self.name.setMaxLength(acks.MAX_NAME)
        self.name.selectAll()
        role, agency = defaults
        self.role = _choices("Choose your role…", [(code, label) for code, label, _agency
                                                     in staff.STAFF_ROLES], role)
        self.role.setAccessibleName("Your role")
        self.agency = _choices("Choose your agency…", list(staff.AGENCIES), agency)
        self.agency.setAccessibleName("Your agency")
        # The agency offered is a suggestion until the reader picks one: a role of one
        # agency replaces it (typing "Police o" passes "Psychologist" on the way).
        self._suggested, self._suggesting = True, False
        self.role.currentIndexChanged.connect(self._role_chosen)
        self.agency.currentIndexChanged.connect(self._agency_chosen)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("QLabel { color: #7a0000; font-weight: bold; }")
        self.problem.setAccessibleName("Problem with the confirmation")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setText("&Confirm")
        self.ok_button.setAccessibleName("Confirm I have read this version")
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        for text, widget in (("Your &name:", self.name), ("Your &role:", self.role),
                             ("Your &agency:", self.agency)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _role_chosen(self) -> None:
        """A role of one agency (a nurse, a police officer) offers it, unless the reader
        chose an agency themselves."""
        self.problem.hide()
        implied = staff.implied_agency(self.role.currentData())
        if implied and (self._suggested or not self.agency.currentData()):
            self._suggesting = True
            self.agency.setCurrentIndex(self.agency.findData(implied))
            self._suggesting, self._suggested = False, True

    def _agency_chosen(self) -> None:
        if not self._suggesting:
            self._suggested = False
            self.problem.hide()

    def _refuse(self, message: str, widget: QWidget) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        widget.setFocus(Qt.OtherFocusReason)

    def accept(self) -> None:
        role, agency = self.role.currentData() or "", self.agency.currentData() or ""
        try:
            acks.check_name(self.name.text())
        except acks.AcknowledgementError as exc:
            return self._refuse(str(exc), self.name)
        if not role:
            return self._refuse("Choose your role, so the committee can count who has read "
                                "this version (Another role if none fits).", self.role)
        if not agency:
            return self._refuse("Choose the agency you work for.", self.agency)
        try:
            self.made = acks.acknowledge(self.db, self.protocol.id, self.protocol.version,
                                         self.name.text(), self.site, role=role,
                                         agency=agency)
        except acks.AcknowledgementError as exc:
            return self._refuse(str(exc), self.name)
        acks.remember_name(self.db, self.login, self.made.name)
        super().accept()


def _choices(prompt: str, items: list[tuple[str, str]], chosen: str) -> QComboBox:
    """A list with a first line asking for a choice, set to ``chosen`` where it is one."""
    box = QComboBox()
    box.addItem(prompt, "")
    for code, label in items:
        box.addItem(label, code)
    box.setCurrentIndex(max(0, box.findData(chosen)) if chosen else 0)
    return box


class AcknowledgeBar(QWidget):
    """'I have read this version', and whether this login's reader has confirmed it."""

    confirmed = Signal(str)

    def __init__(self, db: Database, login: str, site: str, parent=None, *,
                 policy_who: tuple[str | None, str | None] = (None, None)):
        super().__init__(parent)
        self.db, self.login, self.site = db, login, site
        self.policy_who = policy_who     # the site policy's staff_role and agency
        self.protocol: Protocol | None = None
        self.dialog: AcknowledgeDialog | None = None
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Your confirmation of reading")
        self.button = QPushButton("I have read this &version…")
        self.button.setAccessibleName("I have read this version: confirm with your name")
        self.button.clicked.connect(self.ask)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.button)

    def show_for(self, protocol: Protocol) -> None:
        self.protocol = protocol
        name = known_name(self.db, self.login)
        standing = standing_confirmation(self.db, protocol, name) if name else None
        if standing is not None and not standing[1]:
            mine = standing[0]
            self.status.setText(f"You confirmed reading version {protocol.version} on "
                                f"{format_date(mine.when.date())}, as {mine.name}.")
        elif standing is not None:
            mine = standing[0]
            self.status.setText(f"You confirmed reading version {mine.version} on "
                                f"{format_date(mine.when.date())}, as {mine.name}. Version "
                                f"{protocol.version} changes only citations and sources, so "
                                "that confirmation still stands.")
        else:
            self.status.setText(f"When you have read version {protocol.version}, confirm it "
                                "with your name.")
        self.show()

    def ask(self) -> None:
        if self.protocol is None:
            return
        defaults = staff.defaults(roles.current_role(self.db), *self.policy_who)
        self.dialog = AcknowledgeDialog(self.db, self.protocol, self.login, self.site,
                                        self.window(), defaults=defaults)
        self.dialog.accepted.connect(self._done)
        self.dialog.open()   # window-modal, without blocking the event loop

    def _done(self) -> None:
        made = self.dialog.made if self.dialog else None
        if made is None or self.protocol is None:
            return
        self.show_for(self.protocol)
        self.confirmed.emit(f"Recorded: {made.name} has read version {made.version} of "
                            f"{self.protocol.title}.")
