"""The main window: a navigation list on the left, one area at a time on the right.

Ctrl+F or Ctrl+K from anywhere goes to the protocol search; Ctrl+1, Ctrl+2, ... go to
each area in order. Closing the window saves any typing not yet saved; it never asks.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QStackedWidget, QVBoxLayout, QWidget)

from .. import paths
from ..context import AppContext
from ..core import backups, incidents
from . import tasks
from .drafts_dialog import DraftsDialog
from .my_reports import MyReportsPage
from .protocols_page import ProtocolsPage
from .report_form import ReportFormPage
from .report_view import ReportView

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context
        self.setWindowTitle("Common Ground")
        icon = paths.resources_dir() / "icons" / "commonground.svg"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))

        self.nav = QListWidget()
        self.nav.setAccessibleName("Areas of Common Ground")
        self.nav.setFixedWidth(self.fontMetrics().horizontalAdvance("Report an incident") + 36)
        self.pages = QStackedWidget()

        self.protocols = ProtocolsPage(context.library)
        self.protocols.status_message.connect(self.show_status)
        self.report_form = ReportFormPage(context)
        self.report_form.status_message.connect(self.show_status)
        self.report_form.show_my_reports.connect(lambda: self.go_to(self.my_reports))
        self.my_reports = MyReportsPage(context.db)
        self.my_reports.status_message.connect(self.show_status)
        self.my_reports.open_report.connect(self.open_report)
        self.add_page("Protocols", self.protocols)
        self.add_page("Report an incident", self.report_form)
        self.add_page("My reports", self.my_reports)
        self.nav.currentRowChanged.connect(self._page_changed)
        self.nav.setCurrentRow(0)

        areas = QWidget()
        areas_layout = QVBoxLayout(areas)
        areas_layout.setContentsMargins(0, 0, 0, 0)
        nav_label = QLabel("&Go to")
        nav_label.setBuddy(self.nav)
        areas_layout.addWidget(nav_label)
        areas_layout.addWidget(self.nav)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(areas)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        for keys in ("Ctrl+F", "Ctrl+K"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ApplicationShortcut)
            shortcut.activated.connect(self.go_to_search)

        count = len(context.library.protocols())
        self.show_status(f"{count} protocols ready · data folder {context.paths.root}")
        self.resize(1280, 800)

    def add_page(self, title: str, page: QWidget) -> None:
        self.pages.addWidget(page)
        item = QListWidgetItem(title)
        item.setData(Qt.AccessibleTextRole, title)
        self.nav.addItem(item)
        number = self.nav.count()
        if number <= 9:
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.setContext(Qt.ApplicationShortcut)
            shortcut.activated.connect(lambda row=number - 1: self.nav.setCurrentRow(row))

    def go_to(self, page: QWidget) -> None:
        self.nav.setCurrentRow(self.pages.indexOf(page))

    def _page_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        if self.pages.currentWidget() is self.my_reports:
            self.my_reports.refresh()

    def go_to_search(self) -> None:
        self.go_to(self.protocols)
        self.protocols.focus_search()

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message)

    # ---------------------------------------------------------------- reports
    def open_report(self, report_id: int) -> None:
        view = ReportView(self.context, report_id, self)
        view.status_message.connect(self.show_status)
        view.continue_draft.connect(self.continue_draft)
        view.finished.connect(lambda _r: self.my_reports.refresh())
        view.show()

    def continue_draft(self, report_id: int) -> None:
        self.report_form.flush()
        self.report_form.load_draft(report_id)
        self.go_to(self.report_form)

    def offer_drafts(self) -> None:
        """After a crash or a closed lid: offer back what was being typed."""
        waiting = incidents.drafts(self.context.db)
        if not waiting:
            return
        dialog = DraftsDialog(self.context.db, waiting, self)
        if dialog.exec() and dialog.chosen is not None:
            self.continue_draft(dialog.chosen)

    def start_background_work(self) -> None:
        def backup(progress, cancelled):
            return backups.daily_backup(self.context.db, self.context.paths.backups)

        tasks.start(backup, name="Daily backup",
                    on_done=lambda made: made and log.info("daily backup %s", made),
                    on_failed=lambda message: self.show_status(
                        f"Today's backup could not be made: {message}"))

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not self.report_form.flush():
            log.error("a draft could not be saved on close")
        super().closeEvent(event)
