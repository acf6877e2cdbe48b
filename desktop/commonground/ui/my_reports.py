"""My reports: every report made on this computer, searchable, sortable, a page at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.records import reports as incidents
from ..core.records.listing import ReportQuery, ReportRow, count_reports, list_reports
from ..core.storage.db import Database
from ..core.timeutil import format_time
from .keys import search_box_keys
from .paged_model import ROW_ID_ROLE, PagedTableModel

# One list for every kind of record: "When" is the incident, the planned assessment or the
# detention; "What" says which kind it is.
COLUMNS = (("reference", "Reference"), ("status", "Status"), ("when", "When"),
           ("place", "Where"), ("types", "What"), ("updated", "Last changed"),
           ("news", "Latest news"))


def _cell(row: ReportRow, key: str) -> str:
    if key == "reference":
        return row.reference or "Draft (not submitted)"
    if key == "status":
        return incidents.STATUS_LABELS.get(row.status, row.status)
    if key == "when":
        return format_time(row.incident_at) or "Not given"
    if key == "updated":
        return format_time(row.updated_at)
    return getattr(row, key) or ""


class ReportsTableModel(PagedTableModel):
    """This install's reports, a page at a time, filtered and sorted by core."""

    def __init__(self, db: Database, parent=None, received: bool = False):
        self.db = db
        self.query = ReportQuery(received=received)
        super().__init__(COLUMNS, lambda: count_reports(self.db, self.query),
                         lambda offset, limit: list_reports(self.db, self.query, offset, limit),
                         _cell, lambda row: row.id, parent)
        self.on_sort = self._sort

    def _sort(self, key: str, descending: bool) -> None:
        query = ReportQuery(self.query.text, self.query.status, key, descending,
                            self.query.received)
        if query != self.query:  # the view sorts again when sorting is switched on
            self.set_query(query)

    def set_query(self, query: ReportQuery) -> None:
        self.query = query
        self.refresh()


class MyReportsPage(QWidget):
    """My reports (made here) or, on the advisor hub, the inbox (arrived from ward PCs)."""

    open_report = Signal(int)
    status_message = Signal(str)

    def __init__(self, db: Database, parent=None, received: bool = False):
        super().__init__(parent)
        self.db = db
        self.received = received
        heading = QLabel("Inbox" if received else "My reports")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        explain = QLabel(
            "Every report that has reached you from the ward PCs, with its status. Reports "
            "about a staff member, police officer or ambulance crew open a case by themselves."
            if received else "Every report made on this computer, with its status. Open one "
            "to read it, see its timeline, add a correction or save it as a PDF.")
        explain.setWordWrap(True)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Reference, ward, type or any words in the report")
        self.filter.setAccessibleName("Search my reports")
        filter_label = QLabel("&Find:")
        filter_label.setBuddy(self.filter)
        self.status = QComboBox()
        self.status.setAccessibleName("Show reports with status")
        self.status.addItem("All statuses", None)
        for code, label in incidents.STATUS_LABELS.items():
            self.status.addItem(label, code)
        status_label = QLabel("S&tatus:")
        status_label.setBuddy(self.status)
        self.count_label = QLabel("")
        self.count_label.setAccessibleName("Number of reports shown")

        self.model = ReportsTableModel(db, self, received=received)
        self.table = QTableView()
        self.table.setModel(self.model)
        # Newest change first, as the query already is: rows are counted when the page is
        # shown (refresh), not three times while the window is built at start-up.
        self.table.horizontalHeader().setSortIndicator(5, Qt.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName("Reports")
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        metrics = self.table.fontMetrics()
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        # Widths from the font, never from the rows (100,000 rows must not be measured).
        for column, sample in enumerate(("CG-2026-WWWW-000000", "Queued to send",
                                         "30 Nov 2026 23:59", "Kingfisher Ward · Riverside H",
                                         "Physical assault, Spitting", "30 Nov 2026 23:59",
                                         "Police have been told")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        self.table.activated.connect(self._open_index)
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the selected report")
        self.open_button.clicked.connect(lambda: self._open_index(self.table.currentIndex()))

        self.empty = QLabel("No reports on this computer yet. Use “New report or request” to "
                            "make one.")
        self.empty.setWordWrap(True)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        search_box_keys(self.filter, self.open_single_match)
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())

        bar = QHBoxLayout()
        bar.addWidget(filter_label)
        bar.addWidget(self.filter, 1)
        bar.addWidget(status_label)
        bar.addWidget(self.status)
        bar.addWidget(self.count_label)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def apply_filter(self) -> None:
        self._timer.stop()
        current = self.model.query
        self.model.set_query(ReportQuery(self.filter.text(), self.status.currentData(),
                                         current.sort, current.descending, self.received))
        self._update_count()

    def refresh(self) -> None:
        self.model.refresh()
        self._update_count()

    def _update_count(self) -> None:
        count = self.model.rowCount()
        filtered = bool(self.filter.text().strip() or self.status.currentData())
        self.count_label.setText(f"{count:,} report{'s' if count != 1 else ''}")
        self.empty.setVisible(count == 0)
        if count == 0 and filtered:
            self.empty.setText("No reports match. Clear the search or choose “All statuses”.")
        elif count == 0 and self.received:
            self.empty.setText("No reports have arrived from ward PCs yet.")
        elif count == 0:
            self.empty.setText("No reports on this computer yet. Use “New report or request” to "
                               "make one.")
        if count and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def open_single_match(self) -> bool:
        """Enter in the Find box: when the search finds exactly one report, open it."""
        if self._timer.isActive():
            self.apply_filter()
        if self.model.rowCount() != 1:
            return False
        self._open_index(self.model.index(0, 0))
        return True

    def _open_index(self, index) -> None:
        if not index.isValid():
            return
        report_id = self.model.data(index, ROW_ID_ROLE)
        if report_id is not None:
            self.open_report.emit(report_id)
