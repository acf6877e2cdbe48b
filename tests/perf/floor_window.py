"""The start-up floor: a bare PySide6 window with a line edit, a list and a text browser.

Run as a plain script (``python floor_window.py READY_FILE``), or frozen with PyInstaller for
the frozen figure. Like the app under COMMONGROUND_READY_FILE, it appends
"ready <epoch seconds> <peak memory KiB>" to READY_FILE once the window is shown with the
line edit focused, then quits. Nothing of Common Ground is imported.
"""

import sys
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


def peak_memory_kib() -> int:
    try:
        import resource
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def main() -> int:
    ready_file = sys.argv[1]
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    central = QWidget()
    layout = QVBoxLayout(central)
    line = QLineEdit()
    layout.addWidget(line)
    layout.addWidget(QListWidget())
    layout.addWidget(QTextBrowser())
    window.setCentralWidget(central)
    window.resize(1280, 800)
    window.show()
    line.setFocus()

    def check():
        if app.activeWindow() is window and app.focusWidget() is line:
            timer.stop()
            with open(ready_file, "a", encoding="utf-8") as handle:
                handle.write(f"ready {time.time():.6f} {peak_memory_kib()}\n")
            app.quit()
    timer = QTimer(window)
    timer.setTimerType(Qt.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(check)
    timer.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
