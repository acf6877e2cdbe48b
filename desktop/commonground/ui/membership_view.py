"""The dashboard's Membership tab: each agency's seats with their lead and deputy, attendance
by agency over the last year, the seats without a lead for more than a month, and how often
each lead changed; and the committee keeps it here (add a seat, appoint, record a leaving).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.committee import membership as ms
from ..core.committee.meetings import AGENCIES, CommitteeError, agency_label
from .case_dialogs import _combo, _Dialog, _line, date_row
from .dates import parse_date

SEAT_COLUMNS = ("Seat", "Agency", "What it is for", "Lead", "Deputy", "Lead changes")
BALANCE_COLUMNS = ("Agency", "Seats", "Meetings attended (last year)", "People listed")


def _table(columns, name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)   # Tab leaves the table
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(str(text)))
    table.resizeRowsToContents()


def _day(edit) -> dt.date | None:
    return parse_date(edit.text())


class MembershipView(QWidget):
    status_message = Signal(str)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.seats: list[ms.Seat] = []
        self.attention = QLabel("")
        self.attention.setWordWrap(True)
        self.attention.setAccessibleName("Membership to look at")
        self.seat_table = _table(SEAT_COLUMNS, "Seats, leads and deputies")
        header = self.seat_table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (2, 3, 4):   # what it is for, lead, deputy: wrapped to the width
            header.setSectionResizeMode(column, QHeaderView.Stretch)
        header.sectionResized.connect(lambda *_: self.seat_table.resizeRowsToContents())
        self.balance_table = _table(BALANCE_COLUMNS, "Attendance by agency over the last year")
        self.add_button = QPushButton("Add a &seat…")
        self.add_button.clicked.connect(lambda: self.add_seat())
        self.appoint_button = QPushButton("A&ppoint a lead or deputy…")
        self.appoint_button.clicked.connect(lambda: self.appoint())
        self.leave_button = QPushButton("The lead &left…")
        self.leave_button.clicked.connect(lambda: self.lead_left())
        buttons = QHBoxLayout()
        for button in (self.add_button, self.appoint_button, self.leave_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.attention)
        layout.addWidget(self.seat_table, 3)
        layout.addLayout(buttons)
        balance = QLabel("Attendance by agency over the last year")
        balance.setBuddy(self.balance_table)
        layout.addWidget(balance)
        layout.addWidget(self.balance_table, 2)
        self.seat_table.itemSelectionChanged.connect(self._chosen_changed)
        self.refresh()

    def refresh(self) -> None:
        today = dt.date.today()
        self.seats = ms.seats(self.db)
        lines = ms.summary_lines(self.db, today)
        self.attention.setText("\n".join(lines) if lines else (
            "Every seat has a lead." if self.seats else
            "No seats yet: add each agency's seats with Add a seat."))
        since = today - dt.timedelta(days=ms.YEAR)
        _fill(self.seat_table, [[str(seat.id), agency_label(seat.agency), seat.title,
                                 ms.holder_text(seat, "lead", today),
                                 ms.holder_text(seat, "deputy", today),
                                 f"{seat.lead_changes(seat.opened_on, today)} "
                                 f"({seat.lead_changes(since, today)} in the last year)"]
                                for seat in self.seats])
        _fill(self.balance_table, [[item.label, str(item.seats),
                                    f"{item.attended} of {item.meetings} ({item.share()})",
                                    str(item.people)]
                                   for item in ms.balance(self.db, today)])
        self._chosen_changed()

    def chosen(self) -> ms.Seat | None:
        rows = self.seat_table.selectionModel().selectedRows()
        return self.seats[rows[0].row()] if rows else None

    def _chosen_changed(self) -> None:
        for button in (self.appoint_button, self.leave_button):
            button.setEnabled(self.chosen() is not None)

    def _saved(self, words: str) -> None:
        self.refresh()
        self.status_message.emit(words)

    def add_seat(self) -> _Dialog:
        def save(dialog) -> str | None:
            opened = _day(dialog.opened)
            if opened is None:
                return "Write the day it opened as day/month/year."
            try:
                ms.add_seat(self.db, dialog.agency.currentData() or "", dialog.title.text(),
                            opened)
            except CommitteeError as exc:
                return str(exc)
            return None
        dialog = _Dialog("Add a seat", save, self)
        dialog.agency = dialog.add("&Agency", _combo(AGENCIES, "Agency"))
        dialog.title = dialog.add("&What it is for", _line(
            "What the seat is for", placeholder="for example Mental health liaison officer"))
        box, dialog.opened = date_row("Opened", dt.date.today())
        dialog.add("&Opened", box)
        dialog.accepted.connect(lambda: self._saved("Seat added."))
        dialog.open()
        return dialog

    def appoint(self) -> _Dialog | None:
        seat = self.chosen()
        if seat is None:
            return None

        def save(dialog) -> str | None:
            took = _day(dialog.took)
            if took is None:
                return "Write the day they took the seat as day/month/year."
            try:
                ms.appoint(self.db, seat.id, dialog.position.currentData() or "",
                           dialog.name.text(), dialog.role.text(), took)
            except CommitteeError as exc:
                return str(exc)
            return None
        dialog = _Dialog(f"Appoint: {seat.title}", save, self)
        dialog.position = dialog.add("&Position", _combo(ms.POSITIONS, "Position", "lead"))
        dialog.name = dialog.add("&Name", _line("Name"))
        dialog.role = dialog.add("&Role", _line("Role", placeholder="for example Inspector"))
        box, dialog.took = date_row("Took the seat on", dt.date.today())
        dialog.add("&Took the seat on", box)
        dialog.accepted.connect(lambda: self._saved(f"{seat.title}: appointed."))
        dialog.open()
        return dialog

    def lead_left(self) -> _Dialog | None:
        seat = self.chosen()
        if seat is None:
            return None

        def save(dialog) -> str | None:
            left = _day(dialog.left)
            if left is None:
                return "Write the day they left as day/month/year."
            try:
                ms.vacate(self.db, seat.id, "lead", left)
            except CommitteeError as exc:
                return str(exc)
            return None
        dialog = _Dialog(f"The lead left: {seat.title}", save, self)
        box, dialog.left = date_row("Left on", dt.date.today())
        dialog.add("&Left on", box)
        dialog.accepted.connect(lambda: self._saved(f"{seat.title}: the lead place is empty."))
        dialog.open()
        return dialog
