"""Who to contact: the directory of duty routes, on every PC.

Every PC shows the directory its last protocol pack brought. On the committee's install it
is the committee's own list, which it keeps here: add, change, confirm and remove routes;
the routes not confirmed for 90 days are counted above the list and say so in it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..core import roles
from ..core.protocols import directory_store as store
from ..core.protocols.directory import STALE_DAYS, Route, day_text
from . import tasks
from .case_dialogs import _combo, _Dialog, _line, date_row
from .dates import parse_date

COLUMNS = ("Role", "Organisation", "Phone or mailbox", "Hours", "If no answer",
           "Fills in protocols", "Last confirmed")


class RouteDialog(_Dialog):
    def __init__(self, labels: dict[str, str], route: Route | None, save, parent=None):
        super().__init__("Change a route" if route else "Add a route", save, parent)
        self.route = route
        note = QLabel("A duty line or shared mailbox that is answered by whoever is on duty: "
                      "never a person's own mobile.")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.role = self.add("&Role", _line("Role", route.role if route else "",
                                            "for example Duty AMHP"))
        self.organisation = self.add("&Organisation", _line(
            "Organisation", route.organisation if route else "", "for example Borough Council"))
        self.phone = self.add("Duty &phone", _line("Duty phone", route.phone if route else "",
                                                   "for example 03069 990100"))
        self.mailbox = self.add("Shared &mailbox", _line(
            "Shared mailbox", route.mailbox if route else "", "for example amhp.duty@..."))
        self.hours = self.add("&Hours", _line("Hours", route.hours if route else "",
                                              "for example Monday to Friday, 9:00 to 17:00"))
        self.deputy = self.add("If no &answer", _line(
            "If no answer", route.deputy if route else "",
            "the route to use instead, for example Emergency duty team, 03069 990199"))
        self.fills = self.add("&Fills in the protocols", _combo(
            sorted(labels.items(), key=lambda item: item[1]), "Fills in the protocols",
            route.fills if route and route.fills else None))
        self.fills.setItemText(0, "No placeholder")
        box, self.confirmed = date_row("Last confirmed", route.confirmed if route
                                       else dt.date.today())
        self.add("Last &confirmed", box)
        # Wide enough for the note, tall enough that a problem shown below moves nothing.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 100)
        self.setMinimumHeight(self.sizeHint().height() + 3 * self.fontMetrics().lineSpacing())

    def values(self) -> dict:
        values = {"role": self.role.text(), "organisation": self.organisation.text(),
                  "phone": self.phone.text(), "mailbox": self.mailbox.text(),
                  "hours": self.hours.text(), "deputy": self.deputy.text(),
                  "fills": self.fills.currentData() or ""}
        if self.route is not None:
            values["id"] = self.route.id
        day = parse_date(self.confirmed.text())
        values["confirmed"] = day.isoformat() if day else self.confirmed.text()
        return values


class ContactsPage(QWidget):
    status_message = Signal(str)

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.routes: list[Route] = []
        heading = QLabel("Who to contact")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        self.origin = QLabel("")
        self.origin.setWordWrap(True)
        self.origin.setAccessibleName("Where this directory comes from")
        self.stale_note = QLabel("")
        self.stale_note.setWordWrap(True)
        self.stale_note.setAccessibleName("Routes not confirmed recently")
        self.only_stale = QCheckBox(f"Only routes not confirmed for more than {STALE_DAYS} "
                                    "&days")
        self.only_stale.toggled.connect(lambda _on: self.refresh())
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Duty routes")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)   # Tab leaves the table
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents if column == 2
                                        else QHeaderView.Stretch)
        # Rows grow to their wrapped text whenever the columns settle or change width.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemActivated.connect(lambda _item: self.change_route())
        self.add_button = QPushButton("&Add a route…")
        self.add_button.clicked.connect(lambda: self.add_route())
        self.change_button = QPushButton("C&hange…")
        self.change_button.clicked.connect(lambda: self.change_route())
        self.confirm_button = QPushButton("Con&firmed today")
        self.confirm_button.setAccessibleName("Record that the chosen route was checked today "
                                              "and works")
        self.confirm_button.clicked.connect(self.confirm_today)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self.remove)
        self.committee_buttons = QWidget()
        buttons = QHBoxLayout(self.committee_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.change_button, self.confirm_button,
                       self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.origin)
        layout.addWidget(self.stale_note)
        layout.addWidget(self.only_stale)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.committee_buttons)
        self.refresh()

    # ------------------------------------------------------------------- showing
    def keeps_directory(self) -> bool:
        return roles.current_role(self.context.db) == "committee"

    def refresh(self) -> None:
        today = dt.date.today()
        routes, origin = store.shown_routes(self.context.db)
        keeper = self.keeps_directory()
        self.committee_buttons.setVisible(keeper)
        if origin == "kept" or keeper:
            self.origin.setText("The committee's directory of duty routes, kept on this "
                                "computer. Changes reach the other computers with the next "
                                "protocol pack.")
        elif origin == "pack":
            version = store.pack_version_of_directory(self.context.db)
            self.origin.setText(f"Duty routes from the committee, brought by protocol pack "
                                f"{version}. A number set by this site's IT is shown in the "
                                "protocols instead, where there is one.")
        else:
            self.origin.setText("No directory of who to contact has reached this computer "
                                "yet: it comes with the committee's protocol packs.")
        stale = store.stale_routes(routes, today)
        if stale:
            names = "; ".join(f"{r.role} ({r.organisation})" for r in stale[:5])
            more = f" and {len(stale) - 5} more" if len(stale) > 5 else ""
            self.stale_note.setText(
                f"{len(stale)} of {len(routes)} route{'s' if len(routes) != 1 else ''} not "
                f"confirmed for more than {STALE_DAYS} days: {names}{more}. Check "
                f"{'them' if len(stale) != 1 else 'it'} before relying on "
                f"{'them' if len(stale) != 1 else 'it'}.")
        else:
            self.stale_note.setText(f"Every route was confirmed in the last {STALE_DAYS} days."
                                    if routes else "")
        self.stale_note.setVisible(bool(routes))
        self.routes = stale if self.only_stale.isChecked() else routes
        labels = self.context.library.contacts
        self.table.setRowCount(len(self.routes))
        for row, route in enumerate(self.routes):
            fills = labels.label(route.fills) if route.fills else ""
            if route.fills and labels.source(route.fills) == "policy":
                fills += " (this site's IT number is shown instead)"
            how = "\n".join(part for part in (route.phone, route.mailbox) if part)
            confirmed = (f"NOT CONFIRMED FOR {route.days_since_confirmed(today)} DAYS\n"
                         f"last {day_text(route.confirmed)}" if route.stale(today)
                         else day_text(route.confirmed))
            texts = (route.role, route.organisation, how, route.hours, route.deputy, fills,
                     confirmed)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self._selection_changed()

    def chosen(self) -> Route | None:
        rows = self.table.selectionModel().selectedRows()
        return self.routes[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.chosen() is not None
        for button in (self.change_button, self.confirm_button, self.remove_button):
            button.setEnabled(chosen)

    # ----------------------------------------------------------------- keeping
    def _edit(self, route: Route | None) -> RouteDialog:
        def save(dialog: RouteDialog) -> str | None:
            try:
                saved = store.save_route(self.context.db, dialog.values(),
                                         set(self.context.library.contacts.labels))
            except store.DirectoryError as exc:
                return str(exc)
            self.status_message.emit(f"Saved: {saved.role} ({saved.organisation}). It reaches "
                                     "the other computers with the next protocol pack.")
            return None
        return RouteDialog(self.context.library.contacts.labels, route, save, self)

    def add_route(self) -> RouteDialog:
        dialog = self._edit(None)
        dialog.accepted.connect(self._changed)
        dialog.open()
        return dialog

    def change_route(self) -> RouteDialog | None:
        route = self.chosen()
        if route is None or not self.keeps_directory():
            return None
        dialog = self._edit(route)
        dialog.accepted.connect(self._changed)
        dialog.open()
        return dialog

    def confirm_today(self) -> None:
        route = self.chosen()
        if route is None:
            return
        confirmed = store.confirm_route(self.context.db, route.id)
        self.status_message.emit(f"{confirmed.role} ({confirmed.organisation}) confirmed "
                                 "today.")
        self._changed()

    def remove(self) -> None:
        route = self.chosen()
        if route is None:
            return
        answer = QMessageBox.question(
            self, "Remove a route", f"Remove {route.role} ({route.organisation}) from the "
            "directory? The other computers lose it with the next protocol pack.")
        if answer != QMessageBox.Yes:
            return
        store.remove_route(self.context.db, route.id)
        self.status_message.emit(f"Removed {route.role} ({route.organisation}).")
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        # The protocols on this computer show the directory at once (read off the UI thread).
        library = self.context.library
        tasks.start(lambda progress, cancelled: library.reload(), name="Protocol library")
