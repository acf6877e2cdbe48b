"""Rotating log files in the data folder; the log keeps the detail a message leaves out.

The log is for IT and developers, and may be read on another PC: it never holds what
people typed (report text, names, identifiers, searches). An exception's message can carry
such text (a value quoted back, a file name a person chose), so logs record an exception's
type, where it happened and the code on each line, never its message; ``safe_traceback``
and ``describe`` do that.
"""

from __future__ import annotations

import errno as errno_names
import logging
import logging.handlers
import traceback
from pathlib import Path

from .core import privatefiles as private

LOG_NAME = "commonground.log"
_configured: set[str] = set()


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file (the first, and each after a rollover) for its owner only: a log names
    what happened on a shared PC."""

    def _open(self):
        private.create(Path(self.baseFilename))
        return super()._open()


def configure(log_dir: Path, *, level: int = logging.INFO) -> Path:
    path = log_dir / LOG_NAME
    for old in log_dir.glob(LOG_NAME + "*") if log_dir.is_dir() else ():
        private.tighten(old)   # one an older version left readable by everyone
    if str(path) in _configured:
        return path
    root = logging.getLogger()
    root.setLevel(level)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                             encoding="utf-8")
    except OSError:
        return path  # a log we cannot write must never stop the app
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    root.addHandler(handler)
    _configured.add(str(path))
    return path


def describe(exc: BaseException) -> str:
    """An exception for the log: its type, and for an OSError its error code; no message."""
    if isinstance(exc, OSError) and exc.errno is not None:
        name = errno_names.errorcode.get(exc.errno, str(exc.errno))
        return f"{type(exc).__name__} ({name}: {exc.strerror or ''})"
    return f"{type(exc).__name__} (message withheld from the log)"


def safe_traceback(exc: BaseException) -> str:
    """A traceback a developer can use (every frame, every line of code) without the
    exception messages, which may quote what was typed."""
    parts = []
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)
        lines = "".join(traceback.format_list(frames))
        parts.append(f"Traceback (most recent call last):\n{lines}{describe(current)}")
        current = current.__cause__ or (None if current.__suppress_context__
                                        else current.__context__)
    return "\n\nwhich happened while handling:\n".join(parts)
