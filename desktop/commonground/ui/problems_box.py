"""The list of problems at the top of a form: stable while they are fixed, and scrolling.

Submit lists every problem; Enter (or a click) on one goes to its field. As the person
fixes them the list does not reflow under the pointer: a fixed problem stays where it was,
marked "Fixed" in words (not only in colour), and a new one joins the end. The heading
counts what is left, and says so when nothing is. The list is a few lines tall and scrolls,
so a long list never pushes the form off a small screen. It is one Tab stop; the arrows
move through the problems, and a screen reader reads each whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

STYLE = ("#problems { background: #fde2e1; border: 2px solid #8b0000; } "
         "#problems QLabel, #problems QListWidget { color: #5c0000; background: #fde2e1; "
         "border: none; }")
DONE_STYLE = ("#problems { background: #e3f4e1; border: 2px solid #2d6a26; } "
              "#problems QLabel, #problems QListWidget { color: #0f3d0a; "
              "background: #e3f4e1; border: none; }")
VISIBLE_ROWS = 6


@dataclass
class _Entry:
    field: str
    message: str
    fixed: bool = False


class ProblemsBox(QFrame):
    """Shown after a Submit that found problems; ``link`` says which field to go to."""

    link = Signal(str)

    def __init__(self, noun: str, label_for: Callable[[str], str], parent=None):
        super().__init__(parent)
        self.setObjectName("problems")
        self.noun, self.label_for = noun, label_for
        self.entries: list[_Entry] = []
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setAccessibleName("Problems to fix before submitting")
        self.list.itemActivated.connect(lambda item: self.link.emit(item.data(Qt.UserRole)))
        self.list.itemClicked.connect(lambda item: self.link.emit(item.data(Qt.UserRole)))
        self.heading.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.setStyleSheet(STYLE)
        self.hide()

    def text(self) -> str:
        """The heading and every problem, as a screen reader hears them."""
        return "\n".join([self.heading.text()] + [self.list.item(row).text()
                                                  for row in range(self.list.count())])

    def setFocus(self, reason=Qt.OtherFocusReason) -> None:  # noqa: N802 (Qt's name)
        self.list.setFocus(reason)

    def left(self) -> int:
        return sum(1 for entry in self.entries if not entry.fixed)

    def show_problems(self, problems) -> None:
        """A new list, as Submit found it."""
        self.entries = [_Entry(p.field, p.message) for p in problems]
        self._render()
        self.list.setCurrentRow(0)
        self.setVisible(bool(self.entries))

    def update_problems(self, problems) -> None:
        """The form changed: mark what is fixed, add what is new, keep every place."""
        current = {p.field: p.message for p in problems}
        for entry in self.entries:
            entry.fixed = entry.field not in current
            if not entry.fixed:
                entry.message = current[entry.field]
        known = {entry.field for entry in self.entries}
        self.entries += [_Entry(p.field, p.message) for p in problems if p.field not in known]
        self._render()

    def _render(self) -> None:
        left, total = self.left(), len(self.entries)
        if left:
            fixed = total - left
            heading = (f"Problem: {left} thing{'s' if left != 1 else ''} to fix before this "
                       f"{self.noun} can be submitted" + (f" ({fixed} fixed)" if fixed else "")
                       + ". Press Enter on one to go to it.")
        else:
            heading = (f"All {total} problems are fixed" if total != 1 else
                       "The problem is fixed") + f": you can submit the {self.noun} now."
        self.heading.setText(heading)
        self.setStyleSheet(STYLE if left else DONE_STYLE)
        for row, entry in enumerate(self.entries):
            text = f"{self.label_for(entry.field)}: " + (
                f"Fixed. {entry.message}" if entry.fixed else entry.message)
            item = self.list.item(row)
            if item is None:
                item = QListWidgetItem()
                self.list.addItem(item)
            if item.text() != text:
                item.setText(text)
                font = item.font()
                font.setStrikeOut(entry.fixed)
                item.setFont(font)
            item.setData(Qt.UserRole, entry.field)
        rows = max(min(self.list.count(), VISIBLE_ROWS), 1)
        height = sum(self.list.sizeHintForRow(row) for row in range(rows))
        self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 4)
