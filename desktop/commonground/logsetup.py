"""Rotating log files in the data folder; the log keeps the detail a message leaves out."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "commonground.log"
_configured: set[str] = set()


def configure(log_dir: Path, *, level: int = logging.INFO) -> Path:
    path = log_dir / LOG_NAME
    if str(path) in _configured:
        return path
    root = logging.getLogger()
    root.setLevel(level)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                       encoding="utf-8")
    except OSError:
        return path  # a log we cannot write must never stop the app
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    root.addHandler(handler)
    _configured.add(str(path))
    return path
