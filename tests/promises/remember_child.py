"""Run by test_screens.py on an offscreen platform with two screens side by side (a laptop's
1366x728 and a 1024x728 monitor): opens the main window on each, moves and sizes it, closes
it, opens it again, and prints where it came back, as one JSON line.

    python -m tests.promises.remember_child DATA_DIR
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "desktop"))

from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def main() -> int:
    app = QApplication.instance() or QApplication([])
    from commonground.context import AppContext
    from commonground.ui.main_window import MainWindow

    context = AppContext.open(Path(sys.argv[1]))
    laptop, monitor = app.screens()[:2]
    seen = {"screens": [rect(s.availableGeometry()) for s in (laptop, monitor)]}

    def open_on(screen, name: str, move: QRect | None = None) -> None:
        window = MainWindow(context)
        window.setScreen(screen)
        window.move(screen.availableGeometry().topLeft())
        window.show()
        app.processEvents()
        seen[name] = rect(window.geometry())
        if move is not None:
            window.setGeometry(move)
            app.processEvents()
        window.close()
        app.processEvents()

    open_on(laptop, "laptop first", QRect(100, 60, 1000, 600))
    open_on(laptop, "laptop again")
    open_on(monitor, "monitor first", QRect(1400, 80, 900, 500))
    open_on(monitor, "monitor again")
    open_on(laptop, "laptop after the monitor")
    print(json.dumps(seen), flush=True)
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
