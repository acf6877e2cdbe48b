"""Unexpected errors are caught once, at the top: logged, shown once, and the app goes on."""

from __future__ import annotations

import hashlib
import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from ..paths import cannot_write_message

log = logging.getLogger(__name__)
_seen: set[str] = set()


def install(log_file: Path) -> None:
    def hook(kind, value, tb):
        text = "".join(traceback.format_exception(kind, value, tb))
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
