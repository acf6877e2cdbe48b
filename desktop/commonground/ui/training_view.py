"""The dashboard's Training tab: joint training sessions (counts by agency and role, never
names), and for each protocol's current version who has been trained on it, who confirmed
reading it (by agency) and why it has lapsed; the committee records a session and a new
recruit intake here."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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

from ..core import staff
from ..core.committee import intakes as it
from ..core.committee import training as tr
from ..core.committee.meetings import AGENCIES, CommitteeError, agency_label
from .case_dialogs import _combo, _Dialog, _line, date_row, row_of
from .dates import parse_date

SESSION_COLUMNS = ("Held", "Topic", "Trainers from", "Who came", "Protocols covered")
COVERAGE_COLUMNS = ("Protocol", "Version", "Trained on this version",
                    "Confirmed reading", "Training")
# What a row of who came suggests for its role: the committee's own words, so only a hint.
EXAMPLE_ROLES = {"police": "PC or sergeant", "health": "staff nurse", "social_care": "AMHP",
                 "ambulance": "paramedic", "service_users": "carer or peer supporter"}
KIND_WORDS = {"new version": "New version", "period": "Period passed",
              "no session": "No session", "intake": "Recruit intake"}


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


def _lapse_cell(item: tr.Coverage) -> str:
    """Why it lapsed, short enough for the table: each intake by its site and role."""
    if not item.any_lapse:
        return "Current"
    parts = [f"{KIND_WORDS[kind]}: {why}" for kind, why in item.reasons() if kind != "intake"]
    parts += [f"Recruit intake: {lapse.short()}" for lapse in item.intakes]
    return "LAPSED. " + "; ".join(parts) + "."


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
        self.trainers: dict[str, QCheckBox] = {}
        for code, label in AGENCIES:
            self.trainers[code] = QCheckBox(label)
            self.trainers[code].setAccessibleName(f"Trainers from {label}")
        self.add("Trainers from", row_of(*self.trainers.values()))
        self.came = AttendanceRows()
        self.add("Who came (counts)", self.came)

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
                "attended": self.came.values()}


class AttendanceRows(QWidget):
    """Who came, a row per agency and role: any agency may have several roles (PCs and
    sergeants), and "Add another role" adds a row. A row with no number is left out."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        for column, text in enumerate(("Agency", "Role of those who came", "How many")):
            self.grid.addWidget(QLabel(text), 0, column)
        self.rows: list[tuple[QComboBox, QLineEdit, QSpinBox]] = []
        for code, _label in AGENCIES:
            self.add_row(code)
        self.more = QPushButton("Add another &role")
        self.more.setAccessibleName("Add another row of who came: an agency, a role and how "
                                    "many")
        self.more.clicked.connect(lambda: self.add_row(focus=True))
        self.grid.addWidget(self.more, 99, 0, 1, 3, Qt.AlignLeft)

    def add_row(self, agency: str | None = None, focus: bool = False) -> None:
        number = len(self.rows) + 1
        previous = self.rows[-1][0].currentData() if self.rows else AGENCIES[0][0]
        combo = _combo(AGENCIES, f"Row {number}: agency", agency or previous, prompt=None)
        role = _line(f"Row {number}: role of those who came")

        def suggest() -> None:
            example = EXAMPLE_ROLES.get(combo.currentData())
            role.setPlaceholderText(f"a role, such as {example}" if example else "a role")
        combo.currentIndexChanged.connect(suggest)
        suggest()
        count = QSpinBox()
        count.setRange(0, tr.MAX_COUNT)
        count.setAccessibleName(f"Row {number}: how many came")
        count.lineEdit().setAccessibleName(f"Row {number}: how many came")
        for column, widget in enumerate((combo, role, count)):
            self.grid.addWidget(widget, number, column)
        if self.rows:                       # Tab goes down the rows, then to the button
            QWidget.setTabOrder(self.rows[-1][2], combo)
        QWidget.setTabOrder(combo, role)
        QWidget.setTabOrder(role, count)
        if hasattr(self, "more"):
            QWidget.setTabOrder(count, self.more)
        self.rows.append((combo, role, count))
        if focus:             # shown now (the layout would later), so it can take the cursor
            for widget in (combo, role, count):
                widget.show()
            combo.setFocus(Qt.TabFocusReason)

    def problem(self) -> str | None:
        for number, (_agency, role, count) in enumerate(self.rows, start=1):
            if role.text().strip() and not count.value():
                return f"Row {number}: say how many came as {role.text().strip()}, or clear " \
                       "the role."
        return None

    def values(self) -> list[tuple[str, str, int]]:
        return [(combo.currentData(), role.text(), count.value())
                for combo, role, count in self.rows if count.value()]


class IntakeDialog(_Dialog):
    """A new recruit intake: how many started, of which role and agency, where and when."""

    def __init__(self, sites: list[str], save, parent=None):
        super().__init__("Record a recruit intake", save, parent)
        intro = QLabel("New starters need the protocols too. Until confirmations of each "
                       "protocol's current version by this site, agency and role, and places "
                       "at joint sessions there, cover as many people as started, the "
                       "training page shows that coverage as lapsed. No names.")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        box, self.taken = date_row("Starting on", dt.date.today())
        self.add("Starting &on", box)
        self.site = QComboBox()
        self.site.setEditable(True)
        self.site.addItems(sites)
        self.site.setAccessibleName("Site")
        self.site.lineEdit().setAccessibleName("Site")
        self.add("&Site", self.site)
        self.agency = self.add("&Agency", _combo(AGENCIES, "Agency of the new starters",
                                                 prompt=None))
        self.role = _combo([(code, label) for code, label, _agency in staff.STAFF_ROLES],
                           "Role of the new starters", prompt=None)
        self.role.currentIndexChanged.connect(self._role_chosen)
        self.add("&Role", self.role)
        self.starters = QSpinBox()
        self.starters.setRange(1, it.MAX_STARTERS)
        self.starters.setAccessibleName("How many started")
        self.starters.lineEdit().setAccessibleName("How many started")
        self.add("&How many started", self.starters)
        self._role_chosen()

    def _role_chosen(self) -> None:
        implied = staff.implied_agency(self.role.currentData())
        if implied:
            self.agency.setCurrentIndex(self.agency.findData(implied))

    def values(self) -> dict:
        return {"taken_on": parse_date(self.taken.text()), "site": self.site.currentText(),
                "agency": self.agency.currentData(), "role": self.role.currentData(),
                "starters": self.starters.value()}


class TrainingView(QWidget):
    status_message = Signal(str)

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.lapsed = QLabel("")
        self.lapsed.setWordWrap(True)
        self.lapsed.setAccessibleName("Training that has lapsed")
        self.sessions = _table(SESSION_COLUMNS, "Joint training sessions", (1, 2, 3, 4))
        # Every column of words shares the width and wraps: sized to its contents, the
        # confirmations by agency ran to one long line and squeezed the protocol's name.
        self.coverage = _table(COVERAGE_COLUMNS, "Coverage of each protocol's current version",
                               (0, 2, 3, 4))
        self.add_button = QPushButton("Record a training &session…")
        self.add_button.clicked.connect(lambda: self.add_session())
        self.intake_button = QPushButton("Record a recruit &intake…")
        self.intake_button.setAccessibleName("Record a recruit intake: new starters who "
                                             "need the protocols")
        self.intake_button.clicked.connect(lambda: self.add_intake())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.intake_button)
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
        _fill(self.coverage, [[
            c.title, c.version, c.trained_text(), f"{c.acknowledged}: {c.confirmed_text()}"
            if c.acknowledged else "0", _lapse_cell(c)] for c in covered])
        for row, item in enumerate(covered):      # every reason in full, where it is short
            cell = self.coverage.item(row, 4)
            cell.setToolTip("\n".join(f"{KIND_WORDS[kind]}: {why}."
                                       for kind, why in item.reasons()))
        lapsed = [c for c in covered if c.any_lapse]
        self.lapsed.setText(
            f"{len(lapsed)} of {len(covered)} protocols need training again (training lapses "
            f"after {tr.lapse_days(db)} days, with a new version, or with a recruit intake "
            "until its starters are covered)." if lapsed else
            "Every protocol's current version has been covered by a joint session, and "
            "every recruit intake is covered.")

    def add_session(self) -> SessionDialog:
        protocols = [(p.id, p.title, p.version) for p in self.context.library.protocols()]

        def save(dialog: SessionDialog) -> str | None:
            values = dialog.values()
            if values["held_on"] is None:
                return "Write the day it was held as day/month/year."
            if dialog.came.problem():
                return dialog.came.problem()
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

    def add_intake(self) -> IntakeDialog:
        db = self.context.db
        sites = sorted({row["site"] for row in db.query(
            "SELECT site FROM deid_ack_weeks UNION SELECT site FROM training_sessions "
            "UNION SELECT site FROM training_intakes") if row["site"]})

        def save(dialog: IntakeDialog) -> str | None:
            values = dialog.values()
            if values["taken_on"] is None:
                return "Write the day they start as day/month/year."
            try:
                it.add_intake(db, **values)
            except CommitteeError as exc:
                return str(exc)
            return None
        dialog = IntakeDialog(sites, save, self)
        dialog.accepted.connect(lambda: (self.refresh(), self.status_message.emit(
            "Recruit intake recorded: coverage for them shows as lapsed until they are "
            "covered.")))
        dialog.open()
        return dialog
