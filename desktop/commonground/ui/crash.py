"""Unexpected errors are caught once, at the top: the draft is saved, the error logged, a
message shown once, and the app goes on.

The log never holds what was typed: the traceback is logged without exception messages
(logsetup.safe_traceback). A native crash (a fault in Qt or SQLite) cannot run Python, so
``faulthandler`` writes the stacks of every thread to ``native-crash.log`` in the log
folder: code locations only, no data.
"""

from __future__ import annotations

import faulthandler
import hashlib
import logging
import sys
import weakref
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QApplication, QMessageBox

from ..logsetup import safe_traceback
from ..paths import cannot_write_message

log = logging.getLogger(__name__)
NATIVE_LOG = "native-crash.log"
_seen: set[str] = set()
_before_report: list[weakref.WeakMethod] = []
_native_file = None


def save_first(method: Callable[[], object]) -> None:
    """Run ``method`` (a window's "save the drafts") before an unexpected error is
    reported, for as long as its object lives."""
    _before_report.append(weakref.WeakMethod(method))


def install(log_file: Path) -> None:
    global _native_file
    try:
        _native_file = open(log_file.parent / NATIVE_LOG, "a", encoding="utf-8")
        faulthandler.enable(file=_native_file, all_threads=True)
    except OSError as exc:
        log.warning("native crash log not available: %s", exc.strerror)

    def hook(kind, value, tb):
        for reference in list(_before_report):
            callback = reference()
            if callback is None:
                _before_report.remove(reference)
                continue
            try:
                callback()
            except Exception as exc:  # saving must not hide the first error
                log.error("saving before the error report failed: %s", type(exc).__name__)
        if value is None:
            value = kind()
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        text = safe_traceback(value)
        log.error("unexpected error:\n%s", text)
        digest = hashlib.sha1(text.encode()).hexdigest()
        if digest in _seen or QApplication.instance() is None:
            return
        _seen.add(digest)
        # The data folder's rights changed under the running app: say that, in one line.
        rights = cannot_write_message(value, log_file.parent.parent)
        if rights is not None:
            if "rights" not in _seen:
                _seen.add("rights")
                QMessageBox.critical(None, "Common Ground cannot save", rights)
            return
        box = QMessageBox(QMessageBox.Critical, "Something went wrong",
                          "Common Ground hit an unexpected problem. What you have typed is "
                          "saved, and the app is still running.\n\n"
                          f"The details are in the log file:\n{log_file}\n\n"
                          "Please tell IT what you were doing when this appeared.")
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook
