"""Build the QApplication and the main window; nothing else."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def _qt_messages_to_log() -> None:
    """Qt's own warnings go to our log file, not to the user's terminal."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind, context, message):
        if "propagateSizeHints" in message:
            return  # the offscreen platform's harmless notice
        qt_log.log(levels.get(kind, logging.WARNING), message)
    qInstallMessageHandler(handler)


def _application():
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is None:
        _qt_messages_to_log()
    app = existing or QApplication(sys.argv[:1])
    app.setApplicationName("Common Ground")
    app.setOrganizationName("Common Ground")
    app.setApplicationDisplayName("Common Ground")
    return app


def _fatal(title: str, message: str) -> int:
    from PySide6.QtWidgets import QMessageBox

    print(f"commonground: {message}", file=sys.stderr)
    QMessageBox.critical(None, title, message)
    return 1


def run_gui(data_dir: Path) -> int:
    from PySide6.QtWidgets import QMessageBox

    from . import logsetup, paths
    from .context import AppContext
    from .core.db import DatabaseError
    from .ui import crash
    from .ui.main_window import MainWindow
    from .ui.single_instance import SingleInstance

    app = _application()
    try:
        data_paths = paths.prepare_data_dir(data_dir)
    except paths.DataFolderError as exc:
        return _fatal("Common Ground cannot start", str(exc))
    log_file = logsetup.configure(data_paths.logs)
    crash.install(log_file)

    instance = SingleInstance(data_paths)
    if not instance.acquire():
        if instance.ask_running_instance_to_raise():
            print("Common Ground is already open; its window was brought forward.")
            return 0
        QMessageBox.information(
            None, "Common Ground is already open",
            f"Common Ground is already open for the data folder {data_paths.root} "
            f"({instance.holder()}). Use that window, or close it first.")
        return 0

    try:
        context = AppContext.open(data_paths.root)
    except DatabaseError as exc:
        instance.release()
        return _fatal("Common Ground cannot open its database", str(exc))

    window = MainWindow(context)

    def bring_forward():
        window.showNormal()
        window.raise_()
        window.activateWindow()
    instance.raise_requested.connect(bring_forward)
    window.show()
    window.go_to_search()
    try:
        return app.exec()
    finally:
        from .ui import tasks
        tasks.wait_for_all()
        context.close()
        instance.release()


def build_window_for_selftest(context) -> str:
    """Build and show the main window offscreen; used by ``commonground selftest``."""
    app = _application()
    from .ui.main_window import MainWindow

    window = MainWindow(context)
    window.show()
    app.processEvents()
    window.protocols.search_box.setText("section 136")
    window.protocols.run_search()
    rows = window.protocols.model.rowCount()
    window.close()
    if rows == 0:
        raise RuntimeError("the window's search found nothing for 'section 136'")
    return f"window built on the '{app.platformName()}' platform, search shows {rows} results"
