"""Cases (advisor hub): what is overdue, due this week, and waiting on police, CPS or the
clinician; every open case a keystroke away."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..core.cases import helpline
from ..core.cases import listing as case_list
from ..core.cases import steps as cs
from ..core.cases import workflow as cases
from ..core.records import reports as incidents
from ..core.timeutil import format_time
from .case_dialogs import DeadlinesDialog, HelplineDialog
from .dates import about, entered_problem
from .keys import search_box_keys
from .paged_model import ROW_ID_ROLE, PagedTableModel

COLUMNS = (("number", "Case"), ("reference", "Report"), ("incident", "Incident"),
           ("victim", "Victim"), ("summary", "What"), ("next", "Next step"),
           ("due", "Due"), ("waiting", "Waiting on"))
BUCKETS = ((None, "All"), ("overdue", "Overdue"), ("due_week", "Due this week"),
           ("waiting", "Waiting on others"))


def format_day(value: str | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value)
    return f"{day.day} {day.strftime('%b %Y')}"


class CasesPage(QWidget):
    open_case = Signal(int)
    status_message = Signal(str)

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.query = case_list.CaseQuery()
        heading = QLabel("Cases")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)

        self.bucket_group = QButtonGroup(self)
        self.bucket_group.setExclusive(True)
        bucket_row = QHBoxLayout()
        for index, (code, _text) in enumerate(BUCKETS):
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("bucket", code)
            self.bucket_group.addButton(button, index)
            bucket_row.addWidget(button)
        self.bucket_group.button(0).setChecked(True)
        self.bucket_group.idClicked.connect(lambda _i: self.apply())
        bucket_row.addStretch(1)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Case number, report reference, victim, crime reference…")
        self.filter.setAccessibleName("Find cases")
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.filter)
        self.state = QComboBox()
        self.state.setAccessibleName("Open or closed cases")
        for code, text in (("open", "Open cases"), ("closed", "Closed cases"),
                           ("all", "All cases")):
            self.state.addItem(text, code)
        state_label = QLabel("S&how:")
        state_label.setBuddy(self.state)
        self.waiting = QComboBox()
        self.waiting.setAccessibleName("Waiting on")
        for code, text in ((None, "Anyone"), ("police", "Police"),
                           ("police or CPS", "Police or CPS"), ("clinician", "Clinician"),
                           ("court", "Court")):
            self.waiting.addItem(text, code)
        waiting_label = QLabel("&Waiting on:")
        waiting_label.setBuddy(self.waiting)
        self.count_label = QLabel("")
        self.count_label.setAccessibleName("Number of cases shown")

        self.model = PagedTableModel(COLUMNS, self._count, self._fetch, self._cell,
                                     lambda row: row.id, self)
        self.model.on_sort = self._sort
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName("Cases")
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        metrics = self.table.fontMetrics()
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, sample in enumerate(("C-2026-0000", "CG-2026-WWWW-000000", "30 Nov 2026",
                                         "Staff member (Staff nu", "Physical assault · Ceda",
                                         "Victim and witness statem", "30 Nov 2026 (overdue)")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20)
        self.table.activated.connect(self._open_index)

        self.open_button = QPushButton("&Open case")
        self.open_button.clicked.connect(lambda: self._open_index(self.table.currentIndex()))
        self.call_button = QPushButton("Log a &helpline call…")
        self.call_button.clicked.connect(self.log_call)
        self.report_button = QPushButton("Open a case for a &report…")
        self.report_button.clicked.connect(self.case_for_report)
        self.deadlines_button = QPushButton("Default &deadlines…")
        self.deadlines_button.clicked.connect(self.edit_deadlines)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.apply)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        search_box_keys(self.filter, self.open_single_match)
        self.state.currentIndexChanged.connect(lambda _i: self.apply())
        self.waiting.currentIndexChanged.connect(lambda _i: self.apply())

        filters = QHBoxLayout()
        for widget in (find_label, self.filter, state_label, self.state, waiting_label,
                       self.waiting, self.count_label):
            filters.addWidget(widget, 1 if widget is self.filter else 0)
        actions = QHBoxLayout()
        for widget in (self.open_button, self.call_button, self.report_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.deadlines_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(bucket_row)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.apply()

    # ----------------------------------------------------------------- data
    def _count(self) -> int:
        return case_list.count_cases(self.context.db, self.query)

    def _fetch(self, offset: int, limit: int):
        return case_list.list_cases(self.context.db, self.query, offset, limit)

    def _cell(self, row: case_list.CaseRow, key: str) -> str:
        if key == "number":
            return row.number
        if key == "reference":
            return row.reference or "Helpline"
        if key == "incident":
            return format_time(row.incident_at)[:11].strip() if row.incident_at else ""
        if key == "next":
            return row.next_step_title if row.status == "open" else "Closed"
        if key == "due":
            if not row.next_due:
                return ""
            overdue = dt.date.fromisoformat(row.next_due) < dt.date.today()
            return format_day(row.next_due) + (" (overdue)" if overdue else "")
        if key == "waiting":
            return case_list.waiting_words(row.waiting_on)
        return getattr(row, key) or ""

    def _sort(self, key: str, descending: bool) -> None:
        sort = {"next": "due", "due": "due", "reference": "number",
                "waiting": "due"}.get(key, key)
        self.query = case_list.CaseQuery(self.query.text, self.query.state, self.query.bucket,
                                         self.query.waiting_on, sort, descending)
        self.model.refresh()

    def apply(self) -> None:
        self._timer.stop()
        bucket = self.bucket_group.checkedButton().property("bucket")
        self.query = case_list.CaseQuery(self.filter.text(), self.state.currentData(), bucket,
                                         self.waiting.currentData(), self.query.sort,
                                         self.query.descending)
        self.refresh()

    def refresh(self) -> None:
        counts = case_list.dashboard_counts(self.context.db)
        for index, (code, text) in enumerate(BUCKETS):
            number = counts["open"] if code is None else counts[code]
            self.bucket_group.button(index).setText(f"{text} ({number})")
            self.bucket_group.button(index).setAccessibleName(f"{text}: {number} open cases")
        self.model.refresh()
        count = self.model.rowCount()
        self.count_label.setText(f"{count:,} case{'s' if count != 1 else ''}")
        if count and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def open_single_match(self) -> bool:
        """Enter in the Find box: when exactly one case matches, open it."""
        if self._timer.isActive():
            self.apply()
        if self.model.rowCount() != 1:
            return False
        self._open_index(self.model.index(0, 0))
        return True

    def _open_index(self, index) -> None:
        if index.isValid():
            self.open_case.emit(self.model.data(index, ROW_ID_ROLE))

    # -------------------------------------------------------------- actions
    def log_call(self) -> HelplineDialog:
        def save(dialog: HelplineDialog) -> str | None:
            when = dialog.when()
            if when is None:
                return about("The time of the call", entered_problem(
                    dialog.date.text(), dialog.time.text()) or "Enter the date and time.")
            incident, typed = dialog.incident()
            if typed and incident is None:
                return about("The incident", entered_problem(
                    dialog.incident_date.text(), dialog.incident_time.text() or "00:00"))
            try:
                _contact, case = helpline.log_helpline_contact(
                    self.context.db, caller=dialog.caller.text(), what=dialog.what.toPlainText(),
                    by=self.context.login, at=when, caller_role=dialog.role.text(),
                    organisation=dialog.organisation.text(), phone=dialog.phone.text(),
                    report_reference=dialog.reference.text(), incident_at=incident,
                    open_case=dialog.open_case.isChecked())
            except cases.CaseError as exc:
                return str(exc)
            self.refresh()
            self.status_message.emit(f"Call logged; case {case.number} opened." if case
                                     else "Call logged.")
            if case:
                self.open_case.emit(case.id)
            return None
        self.call_dialog = HelplineDialog(save, self)
        self.call_dialog.open()
        return self.call_dialog

    def edit_deadlines(self) -> DeadlinesDialog:
        db = self.context.db
        days = cs.due_defaults(db.get_setting("case_due_days"))

        def save(dialog: DeadlinesDialog) -> str | None:
            chosen = dialog.values()
            cctv = chosen.pop("cctv_requested")
            db.set_setting("case_due_days", json.dumps(chosen))
            db.set_setting("cctv_retention_days", str(cctv))
            self.status_message.emit("Default deadlines saved; they apply to new cases.")
            return None
        self.deadlines_dialog = DeadlinesDialog(days, cases.cctv_days(db), save, self)
        self.deadlines_dialog.open()
        return self.deadlines_dialog

    def case_for_report(self) -> None:
        reference, ok = QInputDialog.getText(self, "Open a case for a report",
                                             "Report reference (for example CG-2026-…):")
        if not ok or not reference.strip():
            return
        report = incidents.find_report(self.context.db, reference)
        if report is None:
            QMessageBox.warning(self, "No such report",
                                f"There is no report {reference.strip()} on this computer.")
            return
        try:
            if report.status in ("queued", "sent"):
                cases.receive_report(self.context.db, report.id, self.context.login)
            case = cases.case_for_report(self.context.db, report.id) or \
                cases.open_case_for_report(self.context.db, report.id, self.context.login)
        except cases.CaseError as exc:
            QMessageBox.warning(self, "No case opened", str(exc))
            return
        self.refresh()
        self.open_case.emit(case.id)
