"""At start: 'You have an unfinished report started 14:32 — continue or discard?'"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ..core.records import kinds as rk
from ..core.records import reports as incidents
from ..core.timeutil import when_words
from .window_fit import fit_on_show


def author(draft: incidents.Report) -> str:
    """Who was typing it, as they gave their name in it (on a shared ward login the
    account says nothing about who that was)."""
    return str(draft.data.get(rk.kind_of(draft.data).author_key) or "").strip()


def whose(draft: incidents.Report) -> str:
    """"Sam Taylor's incident report", or "an unnamed incident report"."""
    noun = rk.kind_of(draft.data).words.short.lower()
    name = author(draft)
    return f"{name}'s {noun}" if name else f"an unnamed {noun} (no name given yet)"


def describe(draft: incidents.Report) -> str:
    data = draft.data
    bits = []
    kinds = incidents.types_label(data)
    place = incidents.place_label(data)
    if kinds and kinds.lower() not in whose(draft).lower():
        bits.append(kinds)
    if place:
        bits.append(place)
    bits.append(f"started {when_words(draft.created_at)}, last saved "
                f"{when_words(draft.updated_at)}")
    text = whose(draft)
    return text[0].upper() + text[1:] + ": " + ", ".join(bits)


class DraftsDialog(QDialog):
    """Lists unfinished reports; the chosen one is in ``chosen`` after Continue."""

    def __init__(self, db, drafts: list[incidents.Report], parent=None):
        super().__init__(parent)
        self.db = db
        self.chosen: int | None = None
        count = len(drafts)
        self.setWindowTitle("Unfinished report" if count == 1 else "Unfinished reports")
        if count == 1:
            name = author(drafts[0])
            text = (f"Continue {whose(drafts[0])} from {when_words(drafts[0].updated_at)}?"
                    + (" If you are not " + name + ", choose Decide later: the draft stays "
                       "in My reports for them." if name else "")
                    + f" Everything typed up to {when_words(drafts[0].updated_at)} was kept.")
        else:
            text = (f"There are {count} unfinished reports on this computer. Everything typed "
                    "in them was kept. Continue only your own; the others stay in My reports "
                    "for the people who started them.")
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Unfinished reports")
        self.list.setWordWrap(True)            # each row whole, never cut off at the edge
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.Adjust)
        self.list.setSpacing(3)                # one draft's two lines apart from the next
        for draft in drafts:
            item = QListWidgetItem(describe(draft))
            item.setData(Qt.UserRole, draft.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._continue())
        self.intro = intro
        name = author(drafts[0]) if count == 1 else ""
        self.continue_button = QPushButton(f"&Continue {name}'s draft" if name
                                           else "&Continue")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._continue)
        self.discard_button = QPushButton("&Discard…")
        self.discard_button.clicked.connect(self._discard)
        self.later_button = QPushButton("Decide &later")
        self.later_button.setAccessibleName("Decide later (the drafts stay in My reports)")
        self.later_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        fit_on_show(self, 640, 150 + 48 * min(count, 5))

    def _current(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item else None

    def _continue(self) -> None:
        self.chosen = self._current()
        if self.chosen is not None:
            self.accept()

    def _discard(self) -> None:
        report_id = self._current()
        if report_id is None:
            return
        answer = QMessageBox.question(self, "Discard this draft?",
                                      "Discard this unfinished report? What was typed will be "
                                      "deleted and cannot be recovered.")
        if answer != QMessageBox.Yes:
            return
        incidents.discard_draft(self.db, report_id)
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.reject()
