"""Meetings and the action log: record a meeting and who came, raise actions, give dated
updates, and make the meeting pack (in the background)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..core.committee import meetings as mt
from ..core.committee import stats
from . import tasks
from .case_dialogs import _combo, _Dialog, _line, _text, date_row
from .dates import about, date_problem, parse_date
from .saved_banner import show_saved


class MeetingDialog(_Dialog):
    def __init__(self, save, parent=None):
        super().__init__("Record a meeting", save, parent)
        box, self.date = date_row("Meeting date", dt.date.today())
        self.add("&Date", box)
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.present: dict[str, QCheckBox] = {}
        self.names: dict[str, QLineEdit] = {}
        for row, (code, label) in enumerate(mt.AGENCIES):
            check = QCheckBox(label)
            check.setAccessibleName(f"{label} attended")
            names = _line(f"{label}: who came", placeholder="names or roles")
            grid.addWidget(check, row, 0)
            grid.addWidget(names, row, 1)
            self.present[code], self.names[code] = check, names
        self.add("Who came", grid_box)
        self.notes = self.add("&Notes", _text("Meeting notes"))

    def attendees(self) -> dict:
        return {code: {"present": self.present[code].isChecked(),
                       "names": self.names[code].text()} for code, _ in mt.AGENCIES}


class ActionDialog(_Dialog):
    def __init__(self, meetings: list[mt.Meeting], save, parent=None):
        super().__init__("Raise an action", save, parent)
        self.title = self.add("&What needs doing", _line("What needs doing"))
        self.detail = self.add("D&etail", _text("Detail"))
        self.raised_by = self.add("&Raised by", _line("Raised by"))
        self.agency = self.add("Owner's &agency", _combo(mt.AGENCIES, "Owner's agency"))
        self.role = self.add("Owner's r&ole", _line("Owner's role",
                                                     placeholder="for example AMHP lead"))
        box, self.due = date_row("Due date", None)
        self.add("D&ue date", box)
        self.meeting = self.add("Raised at &meeting", _combo(
            [(m.id, f"{m.date.day} {m.date:%b %Y}") for m in meetings], "Raised at meeting",
            meetings[0].id if meetings else None))


class UpdateDialog(_Dialog):
    def __init__(self, action: mt.Action, save, parent=None):
        super().__init__(f"Update: {action.title}", save, parent)
        box, self.date = date_row("Date of the update", dt.date.today())
        self.add("&Date", box)
        self.author = self.add("&By", _line("Update by"))
        self.status = self.add("&Status", _combo(mt.STATUSES, "Action status", action.status))
        self.text = self.add("&Update", _text("Update"))


class MeetingsPage(QWidget):
    status_message = Signal(str)

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        heading = QLabel("Meetings and actions")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        self.meeting_list = QListWidget()
        self.meeting_list.setAccessibleName("Meetings")
        self.meeting_list.currentRowChanged.connect(lambda _r: self._show_meeting())
        self.meeting_text = QTextBrowser()
        self.meeting_text.setAccessibleName("The chosen meeting")
        self.new_meeting = QPushButton("Record a &meeting…")
        self.new_meeting.clicked.connect(self.record_meeting)
        self.pack_button = QPushButton("Meeting &pack PDF…")
        self.pack_button.clicked.connect(lambda: self.make_pack())

        threshold = context.policy.setting("small_count_threshold", 5)
        self.share_pack = QCheckBox(f"Pack to be &shared outside the committee (hide counts "
                                    f"under {threshold})")
        self.share_pack.setChecked(bool(context.policy.setting("suppress_small_counts")))
        self.show_all = QCheckBox("Show done and dropped actions too")
        self.show_all.toggled.connect(lambda _on: self.refresh())
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(("Action", "Owner", "Raised by", "Due", "Status",
                                              "Latest update"))
        self.table.setAccessibleName("Action log")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        for column in (0, 5):  # the action and its latest update share what is left, wrapped
            header.setSectionResizeMode(column, QHeaderView.Stretch)
        self.table.setWordWrap(True)
        # Rows as tall as their wrapped text at the columns' real width: measured while the
        # page was still unshown and narrow, they came out five lines tall.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.activated.connect(lambda _i: self.add_update())
        self.new_action = QPushButton("Raise an &action…")
        self.new_action.clicked.connect(self.raise_action)
        self.update_button = QPushButton("Add an &update…")
        self.update_button.clicked.connect(self.add_update)

        meetings_box = QVBoxLayout()
        label = QLabel("Meeti&ngs")
        label.setBuddy(self.meeting_list)
        meetings_box.addWidget(label)
        meetings_box.addWidget(self.meeting_list, 1)
        meetings_box.addWidget(self.new_meeting)
        meetings_box.addWidget(self.pack_button)
        meetings_box.addWidget(self.share_pack)
        top = QHBoxLayout()
        top.addLayout(meetings_box, 1)
        top.addWidget(self.meeting_text, 2)
        actions_bar = QHBoxLayout()
        log_label = QLabel("Action &log")
        log_label.setBuddy(self.table)
        actions_bar.addWidget(log_label)
        actions_bar.addWidget(self.show_all)
        actions_bar.addStretch(1)
        actions_bar.addWidget(self.new_action)
        actions_bar.addWidget(self.update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top, 1)
        layout.addLayout(actions_bar)
        layout.addWidget(self.table, 2)
        self.refresh()

    # ------------------------------------------------------------------ view
    def refresh(self) -> None:
        db = self.context.db
        self.meetings = mt.meetings(db)
        current = self.meeting_list.currentRow()
        self.meeting_list.clear()
        for meeting in self.meetings:
            missing = len(meeting.absent())
            item = QListWidgetItem(f"{meeting.date.day} {meeting.date:%b %Y}"
                                   + (f" ({missing} agenc{'ies' if missing != 1 else 'y'} "
                                      "absent)" if missing else ""))
            item.setData(Qt.UserRole, meeting.id)
            self.meeting_list.addItem(item)
        self.meeting_list.setCurrentRow(max(min(current, len(self.meetings) - 1), 0))
        statuses = None if self.show_all.isChecked() else ("open", "in_progress")
        self.actions = mt.actions(db, statuses)
        today = dt.date.today()
        self.table.setRowCount(len(self.actions))
        for row, action in enumerate(self.actions):
            latest = action.updates[-1] if action.updates else None
            due = f"{action.due_date.day} {action.due_date:%b %Y}" if action.due_date else ""
            if action.overdue(today):
                due += " (OVERDUE)"
            cells = (action.title, action.owner, action.raised_by, due,
                     mt.status_label(action.status),
                     f"{latest.date.day} {latest.date:%b}: {latest.text}" if latest else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self._show_meeting()

    def _show_meeting(self) -> None:
        row = self.meeting_list.currentRow()
        if not 0 <= row < len(self.meetings):
            self.meeting_text.setHtml("<p>No meetings recorded yet. Record one to start the "
                                      "action log from it.</p>")
            return
        meeting = self.meetings[row]
        lines = [f"<h3>Meeting of {meeting.date.day} {meeting.date:%B %Y}</h3>"]
        for code, label in mt.AGENCIES:
            entry = meeting.attendees.get(code, {})
            state = "present" if entry.get("present") else "<b>not present</b>"
            names = f" ({html.escape(entry.get('names'))})" if entry.get("names") else ""
            lines.append(f"<p>{html.escape(label)}: {state}{names}</p>")
        if meeting.notes:
            lines.append(f"<p>{html.escape(meeting.notes)}</p>")
        self.meeting_text.setHtml("".join(lines))

    # --------------------------------------------------------------- actions
    def record_meeting(self) -> MeetingDialog:
        def save(dialog: MeetingDialog) -> str | None:
            day = parse_date(dialog.date.text())
            if day is None:
                return about("The meeting date", date_problem(dialog.date.text()))
            mt.add_meeting(self.context.db, day, dialog.attendees(),
                           dialog.notes.toPlainText())
            self.refresh()
            self.status_message.emit("Meeting recorded.")
            return None
        self.meeting_dialog = MeetingDialog(save, self)
        self.meeting_dialog.open()
        return self.meeting_dialog

    def raise_action(self) -> ActionDialog:
        def save(dialog: ActionDialog) -> str | None:
            text = dialog.due.text().strip()
            due = parse_date(text) if text else None
            if text and due is None:
                return about("The due date", date_problem(text))
            try:
                mt.add_action(self.context.db, title=dialog.title.text(),
                              raised_by=dialog.raised_by.text(),
                              owner_agency=dialog.agency.currentData() or "",
                              owner_role=dialog.role.text(),
                              detail=dialog.detail.toPlainText(), due_date=due,
                              meeting_id=dialog.meeting.currentData())
            except mt.CommitteeError as exc:
                return str(exc)
            self.refresh()
            self.status_message.emit("Action added to the log.")
            return None
        self.action_dialog = ActionDialog(self.meetings, save, self)
        self.action_dialog.open()
        return self.action_dialog

    def add_update(self) -> UpdateDialog | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.actions):
            return None
        action = self.actions[row]

        def save(dialog: UpdateDialog) -> str | None:
            day = parse_date(dialog.date.text())
            if day is None:
                return date_problem(dialog.date.text())
            try:
                mt.update_action(self.context.db, action.id, date=day,
                                 author=dialog.author.text(), text=dialog.text.toPlainText(),
                                 status=dialog.status.currentData() or "")
            except mt.CommitteeError as exc:
                return str(exc)
            self.refresh()
            self.status_message.emit("Update added.")
            return None
        self.update_dialog = UpdateDialog(action, save, self)
        self.update_dialog.open()
        return self.update_dialog

    def make_pack(self, target: Path | None = None) -> None:
        from ..core.pdf.meeting_pack import meeting_pack

        row = self.meeting_list.currentRow()
        meeting = self.meetings[row] if 0 <= row < len(self.meetings) else None
        end = meeting.date if meeting else dt.date.today()
        previous = mt.previous_meeting(self.context.db, end)
        # From the day after the last meeting, so no day is counted in two packs.
        start = previous.date + dt.timedelta(days=1) if previous else end - dt.timedelta(days=90)
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save the meeting pack", str(Path.home() / f"meeting-pack-{end}.pdf"),
                "PDF files (*.pdf)")
            if not chosen:
                return
            target = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        policy = self.context.policy
        areas = policy.areas()
        share = self.share_pack.isChecked()
        threshold = policy.setting("small_count_threshold", 5)
        current = [(p.id, p.title, p.version, p.effective)
                   for p in self.context.library.protocols()]
        db = self.context.db
        dialog = QProgressDialog("Making the meeting pack…", "Cancel", 0, 0, self)
        dialog.setMinimumDuration(300)

        def work(progress, cancelled):
            meeting_pack(db, stats.Filters(start, end, areas=areas), target, meeting=meeting,
                         share_outside=share, threshold=threshold, current_protocols=current,
                         progress=progress, cancelled=cancelled)
            return target

        def failed(message):
            dialog.reset()
            QMessageBox.warning(self, "Meeting pack not made", f"Not made: {message}")

        task = tasks.start(work, name="Meeting pack", on_failed=failed,
                           on_done=lambda path: (dialog.reset(),
                                                 self.status_message.emit(f"Saved {path}"),
                                                 show_saved(self, path, 1, "Meeting pack")),
                           on_cancelled=dialog.reset,
                           on_progress=lambda d, t: (dialog.setMaximum(max(t, 1)),
                                                     dialog.setValue(min(d, t))))
        dialog.canceled.connect(task.cancel)
        tasks.free_when_ended(task, dialog)
