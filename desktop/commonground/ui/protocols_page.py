"""The Protocols screen: one search box, the results, and the reader.

Search runs as the user types (debounced). Enter opens the best result at the sentence
that answers; Down moves into the list. With the box empty the list shows every protocol to browse.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..context import current_login
from ..core.aids.finder import aids_for_query, aids_for_section
from ..core.protocols.library import Library
from ..core.protocols.search import SearchHit
from .aids.env import AidEnv
from .aids.reach import AidOffer
from .reader import ProtocolReader
from .search_results import BrowseEntry, ResultsModel, RichTextDelegate

DEBOUNCE_MS = 150
RESULT_LIMIT = 30


class ProtocolsPage(QWidget):
    status_message = Signal(str)

    def __init__(self, library: Library, parent=None, *, login: str | None = None,
                 site: str = "", aids: AidEnv | None = None,
                 policy_who: tuple[str | None, str | None] = (None, None)):
        super().__init__(parent)
        self.library = library
        # The decision aids a query names, and those written from the protocol shown.
        self._aids_on = aids is not None
        self._highlight: list[str] = []

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            "Search the protocols: try “under 18 police station”, “who can act as AA”, "
            "“crime reference”")
        self.search_box.setAccessibleName("Search protocols")
        self.search_box.setAccessibleDescription(
            "Type a question, a word or an abbreviation. Results update as you type; "
            "press Enter to open the best match or Down to choose another. Escape clears "
            "the box.")
        self.search_box.installEventFilter(self)
        self.query_aids = AidOffer(aids or AidEnv(library), "Decision aid for this:", self,
                                   after=self.search_box)
        label = QLabel("&Search:")
        label.setBuddy(self.search_box)

        self.count_label = QLabel("")
        self.count_label.setAccessibleName("Search result count")
        # "Showing results for extension" when a word was not in the library and was read
        # as the nearest word that is.
        self.corrected_label = QLabel("")
        self.corrected_label.setTextFormat(Qt.RichText)
        self.corrected_label.setAccessibleName("Search spelling correction")
        self.corrected_label.hide()

        self.problem_label = QLabel("")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("QLabel { background: #fff4ce; color: #4d3800; "
                                         "border: 1px solid #8a6d00; padding: 4px; }")
        self.problem_button = QPushButton("&Details…")
        self.problem_button.setAccessibleName("Details of protocol files that were not loaded")
        self.problem_button.clicked.connect(self.show_problems)
        problem_row = QHBoxLayout()
        problem_row.addWidget(self.problem_label, 1)
        problem_row.addWidget(self.problem_button)
        self.problem_box = QWidget()
        self.problem_box.setLayout(problem_row)
        problem_row.setContentsMargins(0, 0, 0, 0)

        self.model = ResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setResizeMode(QListView.Adjust)
        self.results.setAlternatingRowColors(True)
        self.results.setAccessibleName("Search results")
        self.results.setVerticalScrollMode(QListView.ScrollPerPixel)
        self.results.activated.connect(self._open_index)
        self.results.clicked.connect(self._open_index)
        self.protocol_aids = AidOffer(aids or AidEnv(library), "Work it out for this person:",
                                      self, after=self.results)

        self.reader = ProtocolReader(library.contacts, db=library.db,
                                     login=login or current_login(), site=site,
                                     policy_who=policy_who)
        self.reader.status_message.connect(self.status_message)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _text: self._timer.start())
        self.search_box.returnPressed.connect(self.open_best)

        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count_label)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.results_label = QLabel("&Results")
        self.results_label.setBuddy(self.results)
        left_layout.addWidget(self.results_label)
        left_layout.addWidget(self.results)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.protocol_aids)
        right_layout.addWidget(self.reader, 1)

        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([330, 830])
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.corrected_label)
        layout.addWidget(self.query_aids)
        layout.addWidget(self.problem_box)
        layout.addWidget(split, 1)

        self._show_problems_banner()
        self.run_search()

    # ------------------------------------------------------------------ search
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.ShortcutFocusReason)
        self.search_box.selectAll()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search_box.text()
        self.corrected_label.hide()
        self.query_aids.set_aids(aids_for_query(text) if self._aids_on else [])
        if not text.strip():
            entries = [BrowseEntry(p.id, p.title, p.summary, p.version, p.review_overdue())
                       for p in self.library.protocols()]
            self._highlight = []
            self.model.set_items(entries)
            self.count_label.setText(f"{len(entries)} protocols")
            self.results_label.setText("&All protocols")
            self.results.setAccessibleName("All protocols")
            return
        self.results_label.setText("&Results")
        self.results.setAccessibleName("Search results")
        result = self.library.search(text, limit=RESULT_LIMIT)
        self._highlight = list(result.highlight)
        if result.showing_for and result.hits:
            self.corrected_label.setText(f"Showing results for <i>{html.escape(result.showing_for)}"
                                         "</i>")
            self.corrected_label.show()
        self.model.set_items(list(result.hits))
        if result.hits:
            count = len(result.hits)
            self.count_label.setText(f"{count} match{'es' if count != 1 else ''}")
        else:
            self.count_label.setText("No matches")
        if result.hits:
            self.results.setCurrentIndex(self.model.index(0))

    def open_best(self) -> None:
        if self._timer.isActive():
            self.run_search()
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0)
        if index.isValid():
            self._open_index(index)

    def _open_index(self, index) -> None:
        entry = self.model.item(index.row())
        if entry is None:
            return
        protocol = self.library.get(entry.protocol_id)
        if protocol is None:
            return
        if isinstance(entry, SearchHit):
            self.reader.show_protocol(protocol, entry.anchor, self._highlight,
                                      sentence=entry.sentence)
            self._offer_aids(protocol.id, entry.section)
            self.status_message.emit(f"{protocol.title} › {entry.section}")
        else:
            self.reader.show_protocol(protocol)
            self._offer_aids(protocol.id, None)
            self.status_message.emit(protocol.title)

    def _offer_aids(self, protocol_id: str, section: str | None) -> None:
        self.protocol_aids.set_aids(aids_for_section(protocol_id, section)
                                    if self._aids_on else [])

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if watched is self.search_box and event.type() == QEvent.KeyPress:
            if event.key() == Qt.Key_Down and self._timer.isActive():
                self.run_search()  # never move into results that are about to change
            if event.key() == Qt.Key_Down and self.model.rowCount():
                self.results.setFocus(Qt.TabFocusReason)
                if not self.results.currentIndex().isValid():
                    self.results.setCurrentIndex(self.model.index(0))
                return True
            if event.key() == Qt.Key_Escape and self.search_box.text():
                self.search_box.clear()
                return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        """Show the library as it is now: call after ``library.reload()`` (for example when
        a sync installed a protocol pack). The open protocol is shown again if it changed."""
        self._show_problems_banner()
        self.run_search()
        shown = self.reader.protocol
        current = self.library.get(shown.id) if shown is not None else None
        contacts = self.library.contacts.fingerprint()  # a pack may bring new duty routes
        routes_changed, self._contacts_shown = (
            contacts != getattr(self, "_contacts_shown", contacts), contacts)
        if current is not None and routes_changed:
            self.reader.show_protocol(current)
        elif current is not None and current.content_hash != shown.content_hash:
            self.reader.show_protocol(current)
            self.status_message.emit(f"{current.title} is now version {current.version}.")

    def reload_library(self) -> None:
        """Read the protocols again and show them (the quick path; a worker may call
        ``library.reload()`` itself, then ``refresh()`` here)."""
        self.library.reload()
        self.refresh()

    # ---------------------------------------------------------------- problems
    def _show_problems_banner(self) -> None:
        errors = [p for p in self.library.problems if p.severity == "error"]
        warnings = [p for p in self.library.problems if p.severity != "error"]
        if not self.library.problems:
            self.problem_box.hide()
            return
        parts = []
        if errors:
            parts.append(f"{len(errors)} protocol file{'s' if len(errors) != 1 else ''} could "
                         f"not be loaded ({errors[0]})")
        if warnings:
            parts.append(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")
        self.problem_label.setText("Warning: " + "; ".join(parts) + ". Tell whoever looks "
                                   "after your protocols.")
        self.problem_box.show()

    def show_problems(self) -> None:
        text = "\n\n".join(str(p) for p in self.library.problems)
        box = QMessageBox(QMessageBox.Warning, "Protocol files with problems",
                          "These protocol files have problems. Files with errors were "
                          "skipped; the others are in the library.", QMessageBox.Ok, self)
        box.setDetailedText(text)
        box.exec()
