"""Sync: the shared folders, what waits to go, what arrived, what was refused and why, the
gaps, and the keys this computer trusts. Sync itself runs in the background on a timer and
when asked; the window never waits for it."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import syncing
from ..context import AppContext
from ..core.sync import engine, keys, state, trust
from ..core.timeutil import format_time
from . import tasks
from .approve_dialog import ApproveDialog

INTERVAL_MS = 60_000
# How a key came to be trusted, in words for the key list.
SOURCES = {"policy": "site policy", "accepted": "accepted on the Sync screen",
           "upgrade": "kept at the upgrade (trusted on first use by the old version: check "
                      "it, and revoke it if you do not know this PC)",
           "first use": "trusted on first use (old version)"}


def failure_text(message: str) -> str:
    """What a failed pass says on the Sync screen and in the status bar: a pass stopped by
    this computer's storage (a full or read-only data disk) says so in its own words."""
    return message if message.startswith("Sync stopped") else f"Sync failed: {message}"


class SyncController(QObject):
    """Runs sync passes in a worker: on a timer, and on demand. One at a time."""

    finished = Signal(object)      # engine.SyncResult
    started = Signal()
    failed = Signal(str)

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.advisor_private = None
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.sync_now)

    def start_timer(self) -> None:
        if self.context.policy.folders:
            self.timer.start()

    def sync_now(self) -> bool:
        if self.running:
            return False
        self.running = True
        self.started.emit()
        context, private = self.context, self.advisor_private

        def work(progress, cancelled):
            return syncing.run(context, advisor_private=private, progress=progress)

        def done(result):
            self.running = False
            self.finished.emit(result)

        def failed(message):
            self.running = False
            self.failed.emit(message)
        tasks.start(work, name="Sync", on_done=done, on_failed=failed)
        return True

    def status_text(self) -> str:
        db = self.context.db
        last = db.get_setting("sync_last")
        waiting = len(state.waiting(db))
        summary = (db.get_setting("sync_last_summary") or "").split("\n")
        problems = len([line for line in summary[1:] if line])
        if not self.context.policy.folders:
            return "Sync: no shared folders set (this computer works on its own)"
        text = f"Sync: last {format_time(last)}" if last else "Sync: not yet run"
        text += f" · {waiting} waiting to go"
        if problems:
            text += f" · {problems} problem{'s' if problems != 1 else ''}"
        return text


class PassphraseDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.finished.connect(self.deleteLater)   # the Sync screen opens a new one each time
        self.setWindowTitle("Unlock the advisor key")
        intro = QLabel("Reports from ward PCs are encrypted to the advisor key. Type its "
                       "passphrase to receive them on this computer until it closes.")
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.Password)
        self.passphrase.setAccessibleName("Advisor key passphrase")
        label = QLabel("&Passphrase:")
        label.setBuddy(self.passphrase)
        self.error = QLabel("")
        self.error.setStyleSheet("QLabel { color: #8b0000; font-weight: bold; }")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, label, self.passphrase, self.error, self.buttons):
            layout.addWidget(widget)


class SyncPage(QWidget):
    status_message = Signal(str)

    def __init__(self, context: AppContext, controller: SyncController, parent=None):
        super().__init__(parent)
        self.context = context
        self.controller = controller
        heading = QLabel("Sync")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        self.state_label = QLabel("")
        self.state_label.setWordWrap(True)
        self.state_label.setAccessibleName("Sync status")
        self.sync_button = QPushButton("&Sync now")
        self.sync_button.clicked.connect(self.sync_now)
        self.unlock_button = QPushButton("&Unlock the advisor key…")
        self.unlock_button.clicked.connect(self.unlock)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Sync folders, queue, arrivals, gaps and keys")
        self.details.setOpenLinks(False)

        self.refused = QTableWidget(0, 4)
        self.refused.setHorizontalHeaderLabels(("When", "File", "Status", "Why"))
        self.refused.setAccessibleName("Bundles not imported, with the reason")
        self._table(self.refused)
        self.trust_button = QPushButton("&Trust this sender's key")
        self.trust_button.setAccessibleName("Trust the key of the selected sender")
        self.trust_button.clicked.connect(self.trust_selected)

        self.pending = QTableWidget(0, 4)
        self.pending.setHorizontalHeaderLabels(("Computer", "Fingerprint", "Bundles waiting",
                                                "Since"))
        self.pending.setAccessibleName("Ward PCs waiting to be approved")
        self._table(self.pending)
        self.pending.setMaximumHeight(130)
        self.pending_label = QLabel("&Ward PCs waiting to be approved")
        self.pending_label.setBuddy(self.pending)
        self.approve_button = QPushButton("&Approve…")
        self.approve_button.setAccessibleName("Approve the selected ward PC")
        self.approve_button.clicked.connect(self.approve_selected)
        self._pending: list[dict] = []

        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        refused_row = QHBoxLayout()
        refused_label = QLabel("&Not imported")
        refused_label.setBuddy(self.refused)
        refused_row.addWidget(refused_label)
        refused_row.addStretch(1)
        refused_row.addWidget(self.trust_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.state_label)
        layout.addLayout(buttons)
        layout.addWidget(self.details, 3)
        pending_row = QHBoxLayout()
        pending_row.addWidget(self.pending_label)
        pending_row.addStretch(1)
        pending_row.addWidget(self.approve_button)
        layout.addLayout(pending_row)
        layout.addWidget(self.pending, 1)
        layout.addLayout(refused_row)
        layout.addWidget(self.refused, 2)
        controller.started.connect(lambda: self._busy(True))
        controller.finished.connect(self._finished)
        controller.failed.connect(self._failed)
        self.refresh()

    @staticmethod
    def _table(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    def _busy(self, busy: bool) -> None:
        self.sync_button.setEnabled(not busy)
        if busy:
            self.state_label.setText("Syncing…")

    def _finished(self, result: engine.SyncResult) -> None:
        self._busy(False)
        self.refresh()
        self.status_message.emit(f"Sync: {result.summary()}.")

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.state_label.setText(failure_text(message))

    def sync_now(self) -> None:
        if not self.controller.sync_now():
            self.status_message.emit("A sync is already running.")

    def unlock(self) -> PassphraseDialog:
        dialog = PassphraseDialog(self)

        def accept():
            try:
                self.controller.advisor_private = syncing.unlock_advisor_key(
                    self.context, dialog.passphrase.text())
            except keys.KeyError_ as exc:
                dialog.error.setText(f"Problem: {exc}")
                dialog.error.show()
                dialog.passphrase.selectAll()
                return
            dialog.accept()
            self.refresh()
            self.sync_now()
        dialog.buttons.accepted.connect(accept)
        dialog.open()
        self.passphrase_dialog = dialog
        return dialog

    # ------------------------------------------------------------------ view
    def refresh(self) -> None:
        db, policy = self.context.db, self.context.policy
        role = syncing.effective_role(self.context)
        has_key = keys.role_key(self.context.paths.keys, "advisor") is not None
        self.unlock_button.setVisible(role == "advisor" and has_key)
        self.unlock_button.setEnabled(self.controller.advisor_private is None)
        summary = (db.get_setting("sync_last_summary") or "").split("\n")
        text = self.controller.status_text()
        if role == "advisor" and has_key:
            text += " · advisor key " + ("unlocked" if self.controller.advisor_private
                                         else "locked: reports from ward PCs wait until it is "
                                              "unlocked")
        self.state_label.setText(text)
        parts = ["<h3>Shared folders</h3>"]
        if not policy.folders:
            parts.append("<p>None set. IT sets them in the site policy (see the README).</p>")
        for key, label in engine.FOLDER_NAMES.items():
            value = (policy.folders or {}).get(key)
            if value:
                folder = engine.Path(value)
                problem = engine.folder_problem(folder, writing=True)
                parts.append(f"<p><b>{html.escape(label.capitalize())}</b>: "
                             f"{html.escape(value)} – {html.escape(problem or 'reachable')}</p>")
        waiting = state.waiting(db)
        parts.append(f"<h3>Waiting to go ({len(waiting)})</h3>")
        parts += [f"<p>{html.escape(w.file_name)} ({w.records} records, made "
                  f"{html.escape(format_time(w.created_at))})"
                  + (f": <b>{html.escape(w.last_error)}</b>" if w.last_error else "") + "</p>"
                  for w in waiting[:50]]
        problems = [line for line in summary[1:] if line]
        if problems:
            parts.append("<h3>Problems at the last sync</h3>" + "".join(
                f"<p>• {html.escape(p)}</p>" for p in problems))
        received = state.received_recently(db)
        parts.append("<h3>Received recently</h3>" + ("".join(
            f"<p>{html.escape(format_time(r['seen_at']))}: {html.escape(r['file_name'])} from "
            f"{html.escape(r['source_name'] or '')} ({r['records']} records)</p>"
            for r in received) or "<p>Nothing yet.</p>"))
        parts.append("<h3>Keys</h3>")
        mark = keys.install_fingerprint(self.context.paths.keys)
        parts.append(f"<p>This computer signs with key <b>{mark}</b>.</p>" if mark else
                     "<p>This computer has no signing key yet: it makes one when it first "
                     "sends.</p>")
        for item in state.all_keys(db):
            blocked = " (revoked)" if item["blocked"] else ""
            source = SOURCES.get(item["source"], item["source"])
            parts.append(f"<p>Trusted {html.escape(item['purpose'])} key "
                         f"<b>{html.escape(item['fingerprint'])}</b> "
                         f"{html.escape(item['name'] or '')} – {html.escape(source)}"
                         f"{blocked}</p>")
        self.details.setHtml("".join(parts))
        self._show_pending(role == "advisor")
        rows = state.not_imported(db)
        self.refused.setRowCount(len(rows))
        self._refused_ids = [row["id"] for row in rows]
        for number, row in enumerate(rows):
            status = {"rejected": "Rejected (moved aside)", "waiting": "Waiting",
                      "skipped": "Not for this computer"}[row["status"]]
            cells = (format_time(row["seen_at"]), row["file_name"], status, row["reason"])
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.refused.setItem(number, column, item)

    def trust_selected(self) -> None:
        row = self.refused.currentRow()
        if row < 0:
            return
        answer = trust.accept_sender(self.context.db, self.context.policy.folders or {},
                                     self._refused_ids[row],
                                     role=syncing.effective_role(self.context))
        self.status_message.emit(answer.message)
        if answer.status == trust.TRUSTED:
            self.sync_now()

    # ------------------------------------------------- ward PCs waiting (advisor)
    def _show_pending(self, advisor: bool) -> None:
        self._pending = state.pending_keys(self.context.db) if advisor else []
        for widget in (self.pending, self.pending_label, self.approve_button):
            widget.setVisible(advisor)
        self.pending_label.setText(f"&Ward PCs waiting to be approved ({len(self._pending)})")
        self.approve_button.setEnabled(bool(self._pending))
        self.pending.setRowCount(len(self._pending))
        for number, item in enumerate(self._pending):
            cells = (item["name"] or item["install_id"], item["fingerprint"],
                     str(item["bundles"]), format_time(item["since"]))
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(item["reason"] if column == 0 else value)
                self.pending.setItem(number, column, cell)
        if self._pending and self.pending.currentRow() < 0:
            self.pending.selectRow(0)

    def approve_selected(self) -> ApproveDialog | None:
        row = self.pending.currentRow()
        if not 0 <= row < len(self._pending):
            return None
        item = self._pending[row]
        dialog = ApproveDialog(item, self)

        def approve():
            answer = trust.approve_pc(self.context.db, self.context.policy.folders or {},
                                      item["install_id"], item["fingerprint"],
                                      by="the advisor (Sync screen)")
            self.status_message.emit(answer.message)
            self.refresh()
            if answer.status == trust.APPROVED:
                self.sync_now()
        dialog.accepted.connect(approve)
        dialog.open()
        self.approve_dialog = dialog
        return dialog
