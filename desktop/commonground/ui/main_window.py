"""The main window: a navigation list on the left, one page at a time on the right.

Ctrl+F or Ctrl+K from anywhere goes to the protocol search; Ctrl+1, Ctrl+2, ... go to
each area in order.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QStackedWidget, QVBoxLayout, QWidget)

from .. import paths
from ..context import AppContext
from .placeholder import ComingSoonPage
from .protocols_page import ProtocolsPage


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
        self.add_page("Protocols", self.protocols)
        self.add_page("Report an incident", ComingSoonPage(
            "Report an incident",
            "Report an assault or incident at work in minutes, offline, with every keystroke "
            "kept, and a PDF fit to hand to the police.",
            "Report through your organisation's usual incident system for now, and if you "
            "were assaulted, tell the police and your manager. The protocol "
            "“Reporting assaults on staff” in Protocols says what to keep and who to call."))
        self.add_page("My reports", ComingSoonPage(
            "My reports",
            "Every report made on this computer, with its status and any news from the "
            "violence and prosecution advisor.",
            "Nothing has been reported from this computer with Common Ground yet."))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
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
            shortcut.activated.connect(lambda row=number - 1: self.nav.setCurrentRow(row))

    def go_to_search(self) -> None:
        self.nav.setCurrentRow(0)
        self.protocols.focus_search()

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message)
