"""Run slow work (PDF, import, export, crypto, backups) off the UI thread.

A task is a plain callable from core that accepts ``progress(done, total)`` and
``cancelled()`` keyword arguments. Its result, error and progress come back as Qt signals
on the GUI thread, so screens never touch a widget from a worker.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.errors import UserError
from ..logsetup import describe, safe_traceback

log = logging.getLogger(__name__)

# Exceptions whose message is written for the user: core's UserError, and the operating
# system's own (a full disk, a folder that has gone). Anything else is a bug.
USER_ERRORS: tuple[type[BaseException], ...] = (UserError, OSError)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)
    cancelled = Signal()


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], *, name: str):
        super().__init__()
        self.fn = fn
        self.name = name
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        from ..core.pdf import Cancelled  # not .common: that imports reportlab

        try:
            result = self.fn(progress=self.signals.progress.emit, cancelled=self._cancel.is_set)
        except Cancelled:
            self.signals.cancelled.emit()
        except USER_ERRORS as exc:
            log.warning("%s failed: %s", self.name, describe(exc))
            self.signals.failed.emit(_user_message(exc))
        except Exception:  # the worker must never die silently
            log.error("%s crashed:\n%s", self.name, safe_traceback(sys.exc_info()[1]))
            self.signals.failed.emit(f"{self.name} failed unexpectedly. The details are in the "
                                     "log file; please tell IT.")
        else:
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.done.emit(result)


def _user_message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}."
    return str(exc)


_running: set[Task] = set()


def start(fn: Callable[..., Any], *, name: str, on_done: Callable[[Any], None] | None = None,
          on_failed: Callable[[str], None] | None = None,
          on_progress: Callable[[int, int], None] | None = None,
          on_cancelled: Callable[[], None] | None = None) -> Task:
    task = Task(fn, name=name)
    _running.add(task)

    def finish(*_):
        _running.discard(task)
    for signal, handler in ((task.signals.done, on_done), (task.signals.failed, on_failed),
                            (task.signals.cancelled, on_cancelled)):
        if handler is not None:
            signal.connect(handler)
        signal.connect(finish)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(task)
    return task


def free_when_ended(task: Task, widget: QObject) -> None:
    """Delete ``widget`` (a progress dialog made for this task) once the task has ended and
    its own handlers have run: kept, one would pile up per PDF made."""
    for signal in (task.signals.done, task.signals.failed, task.signals.cancelled):
        signal.connect(widget.deleteLater)


def wait_for_all(timeout_ms: int = 10000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
