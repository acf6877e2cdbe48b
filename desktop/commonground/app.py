"""Build the QApplication and the main window; nothing else."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

# Benchmarks (tests/perf) set this to a file: once the window is shown with the search box
# focused, the app appends "ready <epoch seconds> <peak memory KiB>" to it and quits. It
# works the same in a frozen build, where the benchmark cannot reach inside the process.
READY_FILE_ENV = "COMMONGROUND_READY_FILE"


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


def run_gui(data_dir_option: str | None = None, policy_option: str | None = None,
            command_runner=None) -> int:
    """The window. ``command_runner(request, context, reply)`` runs the commands handed to
    it while it is open (cli.serve_request; passed in, as the CLI is what opens the window)."""
    from . import logsetup, paths, startup
    from .policy import load_policy

    policy = load_policy(policy_option)
    data_dir = paths.resolve_data_dir(data_dir_option, policy_value=policy.data_dir)
    try:
        data_paths = paths.prepare_data_dir(data_dir)
    except paths.DataFolderError as exc:
        _application()
        return _fatal("Common Ground cannot start", str(exc))
    # The full database check reads the whole file. SQLite does that without holding
    # Python's lock, so it starts now, beside the imports of Qt and the screens. Start-up
    # waits for it only when it is due (a crash last time, or none for a week); otherwise
    # the file's first page is checked and the full check finishes in the background.
    from .core.storage import backups

    due = backups.full_check_due(data_paths.root)
    check = startup.DatabaseCheck(data_paths.database)

    from PySide6.QtWidgets import QMessageBox

    from .context import AppContext
    from .core.storage.db import DatabaseError
    from .ui import crash
    from .ui.main_window import MainWindow
    from .ui.single_instance import SingleInstance

    app = _application()
    log_file = logsetup.configure(data_paths.logs)
    crash.install(log_file)

    instance = SingleInstance(data_paths)
    if not instance.acquire():
        if instance.ask_running_instance_to_raise():
            print("Common Ground is already open; its window was brought forward.")
            return 0
        if not _wait_for_the_folder(instance):
            QMessageBox.information(
                None, "Common Ground is already open",
                f"Common Ground is already in use for the data folder {data_paths.root} "
                f"({instance.holder()}). Use that window, or try again when it has "
                "finished.")
            return 0

    if due:
        log.info("checking the whole database before starting: %s", due)
        problems = check.result()
    else:
        problems = check.header_problems()
    if not startup.check_database_or_restore(data_paths, problems=problems):
        instance.release()
        return 1
    if due and not problems and check.ran:  # a new, empty database was not checked
        startup.quietly(backups.record_full_check, data_paths.root)
    startup.quietly(backups.mark_open, data_paths.root)
    try:
        context = AppContext.open(data_paths.root, policy=policy)
    except DatabaseError as exc:
        instance.release()
        return _fatal("Common Ground cannot open its database", str(exc))
    except (PermissionError, sqlite3.OperationalError) as exc:
        message = paths.cannot_write_message(exc, data_paths.root)
        instance.release()
        if message is None:
            raise
        return _fatal("Common Ground cannot open its database", message)

    window = MainWindow(context)
    # The channel's thread emits these: queued, so the window is touched on its own thread.
    from PySide6.QtCore import Qt
    instance.command_finished.connect(window.after_command, Qt.QueuedConnection)
    if command_runner is not None:
        instance.set_runner(lambda request, reply: command_runner(request, context, reply))

    def bring_forward():
        window.showNormal()
        window.raise_()
        window.activateWindow()
    instance.raise_requested.connect(bring_forward, Qt.QueuedConnection)
    window.show()
    window.ensure_role()
    window.go_to_search()
    from .ui.this_computer import policy_status
    if policy_status(policy):
        window.show_status(policy_status(policy))
    window.start_background_work()
    if not due and not problems:
        startup.watch_background_check(window, check, data_paths.root)
    window.offer_drafts()
    if os.environ.get(READY_FILE_ENV):
        _report_when_ready(app, window, Path(os.environ[READY_FILE_ENV]))
    closed_normally = False
    try:
        code = app.exec()
        closed_normally = True
        return code
    finally:
        from .ui import tasks
        tasks.wait_for_all()
        instance.set_runner(None)
        if instance.channel is not None:   # commands handed to the window finish first
            instance.channel.close()
            instance.channel = None
        context.close()
        if closed_normally:  # a crash or a kill leaves the marker: the next start checks
            startup.quietly(backups.mark_closed, data_paths.root)
        instance.release()


def _wait_for_the_folder(instance, seconds: float = 60.0) -> bool:
    """A command holds the data folder (a scheduled sync, say): wait for it, showing who,
    with a Cancel button. True once this window holds it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QProgressDialog

    dialog = QProgressDialog(f"Waiting for {instance.holder()} to finish with Common "
                             "Ground's data…", "Cancel", 0, 0)
    dialog.setWindowTitle("Common Ground")
    dialog.setWindowModality(Qt.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.show()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and not dialog.wasCanceled():
            QApplication.processEvents()
            if instance.acquire():
                return True
            time.sleep(0.05)
        return False
    finally:
        dialog.close()


def _report_when_ready(app, window, ready_file: Path) -> None:
    """For benchmarks: note when the window is shown with the search box focused, then quit."""
    from PySide6.QtCore import Qt, QTimer

    def check():
        if app.activeWindow() is window and app.focusWidget() is window.protocols.search_box:
            timer.stop()
            with open(ready_file, "a", encoding="utf-8") as handle:
                handle.write(f"ready {time.time():.6f} {_peak_memory_kib()}\n")
            app.quit()
    timer = QTimer(window)
    timer.setTimerType(Qt.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(check)
    timer.start()


def _peak_memory_kib() -> int:
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


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
