"""Save screenshots of Common Ground's screens (offscreen) for the README and for review.

    python tools/screenshots.py [OUTPUT_FOLDER]

Uses a throwaway data folder; nothing of yours is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "desktop"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from commonground.app import _application  # noqa: E402
from commonground.context import AppContext  # noqa: E402
from commonground.ui.main_window import MainWindow  # noqa: E402

SIZE = (1280, 800)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shoot(widget, path: Path, app: QApplication) -> None:
    settle(app)
    widget.grab().save(str(path))
    print(f"saved {path}")


def protocols(out: Path, app: QApplication, context: AppContext) -> None:
    window = MainWindow(context)
    window.resize(*SIZE)
    window.show()
    window.go_to_search()
    shoot(window, out / "protocols-browse.png", app)
    page = window.protocols
    page.search_box.setText("can police use a police station for a 17 year old under "
                            "section 136?")
    page.run_search()
    shoot(window, out / "protocols-results.png", app)
    page.open_best()
    shoot(window, out / "protocols-reading.png", app)
    page.search_box.setText("who can act as AA")
    page.run_search()
    page.open_best()
    shoot(window, out / "protocols-aa.png", app)
    window.close()


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = _application()
    with tempfile.TemporaryDirectory() as folder:
        context = AppContext.open(Path(folder))
        protocols(out, app, context)
        context.close()


if __name__ == "__main__":
    main()
