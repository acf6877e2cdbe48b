"""Ways to an aid: a row of buttons naming the aids that fit where the person is.

``AidOffer`` is that row: under the protocol search (the aids a query names), above a
protocol ("Work it out for this person" for the aids written from it), on a record form
(the aids its kind pre-fills). Each button opens the aid's dialog; the place that made the
row decides what it pre-fills and where "Record this" writes, if anywhere.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ...core.aids import AidInfo
from .dialog import AidDialog, RecordTarget
from .env import AidEnv


def open_aid(parent: QWidget, env: AidEnv, key: str, prefill: dict | None = None,
             target: RecordTarget | None = None) -> AidDialog:
    dialog = AidDialog(key, env, parent, prefill=prefill, target=target)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog


class AidOffer(QWidget):
    """``lead`` words, then one button per aid. ``prepare(key)`` gives the pre-filled
    answers and the record target for an aid when its button is pressed."""

    def __init__(self, env: AidEnv, lead: str, parent=None, *, after: QWidget | None = None,
                 prepare: Callable[[str], tuple[dict | None, RecordTarget | None]] | None
                 = None):
        super().__init__(parent)
        self.env, self.prepare, self.after = env, prepare, after
        self.lead = QLabel(lead)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.lead)
        self.buttons: list[QPushButton] = []
        self.dialog: AidDialog | None = None
        self.hide()

    def set_aids(self, aids: list[AidInfo]) -> None:
        for button in self.buttons:
            self.row.removeWidget(button)
            button.hide()           # off the screen now; Qt frees it at its next chance
            button.deleteLater()
        self.buttons = []
        stretch = self.row.itemAt(self.row.count() - 1)
        if stretch is not None and stretch.spacerItem() is not None:
            self.row.removeItem(stretch)
        for aid in aids:
            button = QPushButton(f"{aid.title}…")
            button.setAccessibleName(f"Work it out for this person: {aid.title}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, key=aid.key: self.open(key))
            self.row.addWidget(button)
            self.buttons.append(button)
        self.row.addStretch(1)
        chain = ([self.after] if self.after is not None else []) + self.buttons
        for first, second in zip(chain, chain[1:]):    # Tab reaches them where they are
            QWidget.setTabOrder(first, second)
        self.setVisible(bool(aids))

    def open(self, key: str) -> AidDialog:
        prefill, target = self.prepare(key) if self.prepare else (None, None)
        self.dialog = open_aid(self, self.env, key, prefill, target)
        return self.dialog
