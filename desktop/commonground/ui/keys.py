"""Keyboard habits shared by every screen.

- **Enter presses the focused button**, in the main window as in dialogs. Qt does this only
  inside dialogs; elsewhere a focused button took Space alone, so Enter on "Add witness" or
  "Submit report" did nothing. The filter sits on the window, so it sees only a key no
  control inside wanted (a text box's Enter still goes to the text box).
- **Escape clears a search box**, and **Enter on a search with one match opens it**.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QToolButton

ENTER_KEYS = (Qt.Key_Return, Qt.Key_Enter)


class EnterPressesButtons(QObject):
    """Installed on a window: Enter or Return on a focused push or tool button clicks it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.KeyPress and event.key() in ENTER_KEYS and \
                not event.modifiers() & ~Qt.KeypadModifier:
            button = QApplication.focusWidget()
            if isinstance(button, (QPushButton, QToolButton)) and button.isEnabled() and \
                    button.isVisible() and watched.isAncestorOf(button):
                button.click()
                return True
        return False


def enter_presses_buttons(window) -> EnterPressesButtons:
    keys = EnterPressesButtons(window)
    window.installEventFilter(keys)
    return keys


class _SearchKeys(QObject):
    def __init__(self, box: QLineEdit, open_single: Callable[[], bool] | None):
        super().__init__(box)
        self.box, self.open_single = box, open_single

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.KeyPress:
            return False
        if event.key() == Qt.Key_Escape and self.box.text():
            self.box.clear()
            return True
        if event.key() in ENTER_KEYS and self.open_single is not None:
            return bool(self.open_single())
        return False


def search_box_keys(box: QLineEdit, open_single: Callable[[], bool] | None = None) -> None:
    """Escape clears ``box``; Enter calls ``open_single`` (which opens the one match and
    returns True, or returns False and Enter does what it did before)."""
    box.installEventFilter(_SearchKeys(box, open_single))
    box.setToolTip("Escape clears the box." + (" Enter opens the match when there is only "
                                               "one." if open_single else ""))
