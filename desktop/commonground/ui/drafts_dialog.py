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

from ..core.records import reports as incidents
from ..core.timeutil import format_time


def describe(draft: incidents.Report) -> str:
    data = draft.data
    bits = [f"started {format_time(draft.created_at)}"]
    place = incidents.place_label(data)
    kinds = incidents.types_label(data)
    if kinds:
        bits.append(kinds)
    if place:
        bits.append(place)
    if data.get("reporter_name"):
        bits.append(f"by {data['reporter_name']}")
    bits.append(f"last saved {format_time(draft.updated_at)}")
    return "Unfinished report " + ", ".join(bits)


class DraftsDialog(QDialog):
    """Lists unfinished reports; the chosen one is in ``chosen`` after Continue."""

    def __init__(self, db, drafts: list[incidents.Report], parent=None):
        super().__init__(parent)
        self.db = db
        self.chosen: int | None = None
        count = len(drafts)
        self.setWindowTitle("Unfinished report" if count == 1 else "Unfinished reports")
        if count == 1:
            text = (f"You have an unfinished report started "
                    f"{format_time(drafts[0].created_at)}. Everything typed up to "
                    f"{format_time(drafts[0].updated_at)} was kept.")
        else:
            text = (f"You have {count} unfinished reports. Everything typed in them was kept. "
                    "Choose one to continue, or discard the ones you do not need.")
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Unfinished reports")
        for draft in drafts:
            item = QListWidgetItem(describe(draft))
            item.setData(Qt.UserRole, draft.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._continue())
        self.continue_button = QPushButton("&Continue")
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
        self.resize(620, 140 + 40 * min(count, 5))

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
