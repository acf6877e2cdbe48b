"""Start-up checks on the window's side: is the database whole, and if not, restore it.

The full database check reads the whole file; ``DatabaseCheck`` runs it on a thread of its
own so it overlaps the imports of Qt and the screens. A damaged database is never used:
the newest good backup is offered and the damaged file is kept for IT.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)


def quietly(action, *args) -> None:
    """A start-up bookkeeping file that cannot be written costs a full check, nothing more."""
    try:
        action(*args)
    except OSError as exc:
        log.warning("%s failed: %s", action.__name__, exc.strerror or type(exc).__name__)


class DatabaseCheck:
    """``backups.check_file`` on a thread of its own, started now; ``result()`` waits."""

    def __init__(self, database: Path):
        from .core.storage import backups

        self._check_file = backups.check_file
        self._problems: list[str] = []
        self._database = database
        self._thread: threading.Thread | None = None
        if database.exists() and database.stat().st_size > 0:
            self._thread = threading.Thread(target=self._run, args=(database,),
                                            name="database check", daemon=True)
            self._thread.start()

    def _run(self, database: Path) -> None:
        try:
            self._problems = self._check_file(database)
        except Exception as exc:  # an unexpected failure counts as damage, never as health
            self._problems = [f"the check could not run: {exc}"]

    def result(self) -> list[str]:
        if self._thread is not None:
            self._thread.join()
        return self._problems

    @property
    def ran(self) -> bool:
        return self._thread is not None

    def done(self) -> bool:
        return self._thread is None or not self._thread.is_alive()

    def header_problems(self) -> list[str]:
        """The cheap check now; if it fails, the full check's findings (waited for, so no
        connection is left open on a file that may be restored over)."""
        from .core.storage import backups

        if not self._database.exists() or self._database.stat().st_size == 0:
            return []
        problems = backups.check_header(self._database)
        return (self.result() or problems) if problems else []


def watch_background_check(window, check: DatabaseCheck, root: Path) -> None:
    """When the background check ends: record it, or warn that the database is damaged."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from .core.storage import backups

    def poll():
        if not check.done():
            return
        timer.stop()
        problems = check.result()
        if not problems:
            quietly(backups.record_full_check, root)
            return
        log.error("background database check failed: %s", problems[:5])
        quietly(backups.forget_full_check, root)
        window.show_status("The database check found damage: close Common Ground and open "
                           "it again to restore a backup.")
        QMessageBox.warning(
            window, "The database may be damaged",
            "Common Ground's check of its database found damage. What you type is still "
            "saved, but please close Common Ground and open it again soon: it will check "
            "the database and offer to restore the newest good backup.\n\nDetails: "
            + "; ".join(problems[:3]))
    timer = QTimer(window)
    timer.setInterval(250)
    timer.timeout.connect(poll)
    timer.start()


def check_database_or_restore(data_paths, problems: list[str] | None = None) -> bool:
    """A damaged database is never used: offer the newest good backup, keep the damaged file.

    ``problems``: what ``backups.check_file`` found, if it has been run already.
    Returns False if the app should not start.
    """
    from PySide6.QtWidgets import QMessageBox

    from .core.storage import backups
    from .core.timeutil import format_time

    database = data_paths.database
    if not database.exists() or database.stat().st_size == 0:
        return True
    if problems is None:
        problems = backups.check_file(database)
    if not problems:
        return True
    log.error("database check failed: %s", problems[:5])
    good = backups.newest_good_backup(data_paths.backups)
    if good is None:
        QMessageBox.critical(
            None, "The database is damaged",
            f"Common Ground's database ({database}) is damaged and there is no good backup "
            "to restore. Nothing has been changed or deleted. Please call IT and do not "
            "delete the data folder.\n\nDetails: " + "; ".join(problems[:3]))
        return False
    import datetime as dt
    when = format_time(dt.datetime.fromtimestamp(good.stat().st_mtime).isoformat())
    box = QMessageBox(QMessageBox.Warning, "The database is damaged",
                      f"Common Ground's database is damaged. The newest good backup is from "
                      f"{when}. Restore it? Anything saved after that time is not in it. The "
                      "damaged file is kept (not deleted) for IT to look at.",
                      QMessageBox.NoButton)
    restore = box.addButton("Restore the backup", QMessageBox.AcceptRole)
    box.addButton("Quit", QMessageBox.RejectRole)
    box.setDetailedText("; ".join(problems[:10]))
    box.exec()
    if box.clickedButton() is not restore:
        return False
    kept = backups.restore(database, good)
    QMessageBox.information(None, "Backup restored",
                            f"The backup from {when} is restored. The damaged database was "
                            f"kept as {kept.name} in {kept.parent}.")
    return True
