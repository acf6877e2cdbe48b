"""The in-process benchmarks' Qt: one offscreen QApplication, and waiting without sleeping."""

from __future__ import annotations

import os
import time
from typing import Callable


def application():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["commonground-perf"])


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Run the event loop until ``condition()`` holds (it is checked every millisecond)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + timeout

    def check():
        if condition() or time.monotonic() > deadline:
            loop.quit()
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not condition():
        raise TimeoutError(f"gave up after {timeout:.0f} s")


def settle(app, rounds: int = 3) -> None:
    """Let posted events (layouts, paints) run, as the event loop would before the next input."""
    for _ in range(rounds):
        app.processEvents()
