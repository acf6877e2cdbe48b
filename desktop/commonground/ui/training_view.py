"""The dashboard's Training tab: joint training sessions (counts by agency and role, never
names), and for each protocol's current version who has been trained on it and whether that
has lapsed; the committee records a session here."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.committee import training as tr
from ..core.committee.meetings import AGENCIES, CommitteeError, agency_label
from .case_dialogs import _Dialog, _line, date_row
from .dates import parse_date

SESSION_COLUMNS = ("Held", "Topic", "Trainers from", "Who came", "Protocols covered")
COVERAGE_COLUMNS = ("Protocol", "Version", "Trained on this version", "Confirmed reading",
                    "Training")


def _table(columns, name: str, stretch: tuple[int, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)   # Tab leaves the table
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in range(len(columns)):
        header.setSectionResizeMode(column, QHeaderView.Stretch if column in stretch
                                    else QHeaderView.ResizeToContents)
    header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(str(text)))
    table.resizeRowsToContents()


class SessionDialog(_Dialog):
    """A session that was held: the counts of who came go in a row per agency and role."""

    def __init__(self, protocols: list[tuple[str, str, str]], save, parent=None):
        super().__init__("Record a training session", save, parent)
        box, self.held = date_row("Held on", dt.date.today())
        self.add("&Held on", box)
        self.topic = self.add("&Topic", _line("Topic"))
        self.site = self.add("&Site", _line("Site", placeholder="where it was held"))
        self.induction = self.add("", QCheckBox("An &induction for new staff"))
        self.protocols = QListWidget()
        self.protocols.setAccessibleName("Protocols covered")
        for pid, title, version in protocols:
            item = QListWidgetItem(f"{title} (version {version})")
            item.setData(Qt.UserRole, (pid, version))
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.protocols.addItem(item)
        self.protocols.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.add("&Protocols covered", self.protocols)
        trainers = QWidget()
        row = QHBoxLayout(trainers)
        row.setContentsMargins(0, 0, 0, 0)
        self.trainers: dict[str, QCheckBox] = {}
        for code, label in AGENCIES:
            check = QCheckBox(label)
            check.setAccessibleName(f"Trainers from {label}")
            row.addWidget(check)
            self.trainers[code] = check
        self.add("Trainers from", trainers)
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.roles: dict[str, QLineEdit] = {}
        self.counts: dict[str, QSpinBox] = {}
        for number, (code, label) in enumerate(AGENCIES):
            grid.addWidget(QLabel(label), number, 0)
            role = _line(f"{label}: role of those who came", placeholder="a role, such as PC")
            count = QSpinBox()
            count.setRange(0, tr.MAX_COUNT)
            count.setAccessibleName(f"{label}: how many came")
            count.lineEdit().setAccessibleName(f"{label}: how many came")
            grid.addWidget(role, number, 1)
            grid.addWidget(count, number, 2)
            self.roles[code], self.counts[code] = role, count
        self.add("Who came (counts)", grid_box)

    def values(self) -> dict:
        chosen = {}
        for index in range(self.protocols.count()):
            item = self.protocols.item(index)
            if item.checkState() == Qt.Checked:
                pid, version = item.data(Qt.UserRole)
                chosen[pid] = version
        return {"held_on": parse_date(self.held.text()), "topic": self.topic.text(),
                "site": self.site.text(), "induction": self.induction.isChecked(),
                "protocols": chosen,
                "trainers": [code for code, check in self.trainers.items() if check.isChecked()],
                "attended": [(code, self.roles[code].text(), self.counts[code].value())
                             for code, _label in AGENCIES if self.counts[code].value()]}


class TrainingView(QWidget):
    status_message = Signal(str)

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.lapsed = QLabel("")
        self.lapsed.setWordWrap(True)
        self.lapsed.setAccessibleName("Training that has lapsed")
        self.sessions = _table(SESSION_COLUMNS, "Joint training sessions", (1, 3, 4))
        self.coverage = _table(COVERAGE_COLUMNS, "Coverage of each protocol's current version",
                               (0, 2, 4))
        self.add_button = QPushButton("Record a training &session…")
        self.add_button.clicked.connect(lambda: self.add_session())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lapsed)
        sessions = QLabel("Sessions")
        sessions.setBuddy(self.sessions)
        layout.addWidget(sessions)
        layout.addWidget(self.sessions, 2)
        layout.addLayout(buttons)
        coverage = QLabel("Coverage of each protocol's current version")
        coverage.setBuddy(self.coverage)
        layout.addWidget(coverage)
        layout.addWidget(self.coverage, 3)
        self.refresh()

    def current(self) -> list:
        return [(p.id, p.title, p.version, p.effective)
                for p in self.context.library.protocols()]

    def refresh(self) -> None:
        db, today = self.context.db, dt.date.today()
        held = tr.sessions(db)
        _fill(self.sessions, [[
            f"{s.held_on.day} {s.held_on:%b %Y}" + (" (induction)" if s.induction else ""),
            s.topic + (f", {s.site}" if s.site else ""),
            ", ".join(agency_label(t) for t in s.trainers),
            "; ".join(f"{agency_label(a)} {r}: {c}" for a, r, c in s.attended)
            + f" ({s.people} in all)",
            ", ".join(f"{pid} {version}" for pid, version in s.protocols.items())]
            for s in held])
        covered = tr.coverage(db, self.current(), today)
        _fill(self.coverage, [[c.title, c.version, c.trained_text(), str(c.acknowledged),
                               f"LAPSED: {c.lapsed}" if c.lapsed else "Current"]
                              for c in covered])
        lapsed = [c for c in covered if c.lapsed]
        self.lapsed.setText(
            f"{len(lapsed)} of {len(covered)} protocols need training again (training lapses "
            f"after {tr.lapse_days(db)} days, or with a new version)." if lapsed else
            "Every protocol's current version has been covered by a joint session.")

    def add_session(self) -> SessionDialog:
        protocols = [(p.id, p.title, p.version) for p in self.context.library.protocols()]

        def save(dialog: SessionDialog) -> str | None:
            values = dialog.values()
            if values["held_on"] is None:
                return "Write the day it was held as day/month/year."
            try:
                tr.add_session(self.context.db, **values,
                               known_protocols={pid for pid, _t, _v in protocols})
            except CommitteeError as exc:
                return str(exc)
            return None
        dialog = SessionDialog(protocols, save, self)
        dialog.accepted.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self) -> None:
        self.refresh()
        self.status_message.emit("Training session recorded.")
