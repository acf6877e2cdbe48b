"""When a form's draft is saved: soon after typing pauses, never long after the first
unsaved key even if typing never pauses, and at once when the person moves on.

A nurse who types without pausing, then has the app killed, must lose at most the last
moment of typing (tests/promises/test_kill.py measures it). So a change starts two clocks:
a pause clock, restarted by every key, and a longest-wait clock, started only by the first
unsaved key. Whichever runs out first says ``due``; so do moving the focus out of a field
of the form and the app losing the focus to another program.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

PAUSE_MS = 300
MAX_WAIT_MS = 500


class SaveSchedule(QObject):
    due = Signal()

    def __init__(self, form: QWidget):
        super().__init__(form)
        self.form = form
        self.pause = self._timer(PAUSE_MS)
        self.max_wait = self._timer(MAX_WAIT_MS)
        app = QApplication.instance()
        app.focusChanged.connect(self._focus_moved)
        app.applicationStateChanged.connect(self._app_state_changed)

    def _timer(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self.fire)
        return timer

    def changed(self) -> None:
        """Something was typed or chosen."""
        self.pause.start()
        if not self.max_wait.isActive():
            self.max_wait.start()

    def pending(self) -> bool:
        """Typed but not yet handed to the saver."""
        return self.pause.isActive() or self.max_wait.isActive()

    def clear(self) -> None:
        """The form handed its content over (or threw it away) itself."""
        self.pause.stop()
        self.max_wait.stop()

    def fire(self) -> None:
        self.clear()
        self.due.emit()

    def fire_if_pending(self) -> None:
        if self.pending():
            self.fire()

    def _focus_moved(self, old, _new) -> None:
        if old is not None and self.pending() and self.form.isAncestorOf(old):
            self.fire()

    def _app_state_changed(self, state) -> None:
        if state != Qt.ApplicationActive:
            self.fire_if_pending()
