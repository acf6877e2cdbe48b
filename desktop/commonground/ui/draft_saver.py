"""Saves the report form as a draft, off the UI thread, never losing the latest version.

The form hands over a complete snapshot after each pause in typing. One background thread
writes snapshots in order; if a save is running when a new snapshot arrives, only the
newest waiting one is kept (each snapshot is the whole form). A failed save (a full disk,
say) keeps the snapshot and tries again every few seconds; the text stays on screen.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from ..core.records import reports as incidents
from ..core.storage.db import Database
from ..core.timeutil import iso, now_local
from ..logsetup import describe

log = logging.getLogger(__name__)
RETRY_MS = 5000


class _Signals(QObject):
    saved = Signal(int, int, str)      # report id, revision, time
    failed = Signal(str)


class DraftSaver(QObject):
    saved = Signal(int, int, str)
    failed = Signal(str)
    started = Signal(int)              # a new draft was created with this id

    def __init__(self, db: Database, login: str, parent=None):
        super().__init__(parent)
        self.db = db
        self.login = login
        self.report_id: int | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)   # one writer, snapshots in order
        self._lock = threading.Lock()
        self._pending: dict | None = None
        self._running = False
        self._signals = _Signals()
        self._signals.saved.connect(self._on_saved)
        self._signals.failed.connect(self._on_failed)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._kick)

    def attach(self, report_id: int | None) -> None:
        """Work on this draft from now on (None: the next save starts a new one)."""
        self.flush()
        self.report_id = report_id

    def request(self, data: dict) -> None:
        with self._lock:
            self._pending = data
        self._kick()

    def busy(self) -> bool:
        with self._lock:
            return self._running or self._pending is not None

    def flush(self) -> bool:
        """Write anything waiting now, on this thread; True if nothing is left unsaved."""
        self._pool.waitForDone()
        with self._lock:
            data, self._pending = self._pending, None
        if data is None:
            return True
        try:
            self._write(data)
            return True
        except Exception as exc:
            log.error("draft save failed on flush: %s", describe(exc))
            with self._lock:
                if self._pending is None:
                    self._pending = data
            return False

    def _kick(self) -> None:
        with self._lock:
            if self._running or self._pending is None:
                return
            data, self._pending = self._pending, None
            self._running = True
        saver = self

        class Job(QRunnable):
            def run(self_job):
                try:
                    report_id, revision = saver._write(data)
                    saver._signals.saved.emit(report_id, revision, iso(
                        now_local()))
                except incidents.ReportError as exc:  # discarded or submitted meanwhile
                    saver._signals.failed.emit(str(exc))
                except Exception as exc:  # disk full, read-only, locked: keep and retry
                    log.error("draft save failed: %s", describe(exc))
                    with saver._lock:
                        if saver._pending is None:
                            saver._pending = data
                    saver._signals.failed.emit(_describe(exc))
                finally:
                    with saver._lock:
                        saver._running = False
        self._pool.start(Job())

    def _write(self, data: dict) -> tuple[int, int]:
        if self.report_id is None:
            report = incidents.start_draft(self.db, self.login, data)
            self.report_id = report.id
            self._new_draft = report.id
            return report.id, report.revision
        return self.report_id, incidents.save_draft(self.db, self.report_id, data, self.login)

    def _on_saved(self, report_id: int, revision: int, at: str) -> None:
        if getattr(self, "_new_draft", None) == report_id:
            self._new_draft = None
            self.started.emit(report_id)
        self.saved.emit(report_id, revision, at)
        self._kick()

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)
        if self.busy():
            self._retry.start()


def _describe(exc: Exception) -> str:
    text = str(exc)
    if "full" in text.lower():
        return "the disk is full"
    if "readonly" in text.lower() or "read-only" in text.lower():
        return "the data folder cannot be written to"
    if "locked" in text.lower():
        return "the database is busy"
    return text or exc.__class__.__name__
