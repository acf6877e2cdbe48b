"""Rolling daily backups beside the database, checking, and restoring after damage.

A backup is taken with SQLite's backup API into a temporary name, checked, flushed and
renamed, so a half-written backup never sits under a backup's name. The last seven daily
copies are kept. Restoring never deletes the damaged database: it is renamed and kept for
IT to look at.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
from pathlib import Path

from .. import privatefiles as private
from .atomic import fsync_directory, write_bytes_atomic
from .db import Database

log = logging.getLogger(__name__)

KEEP_DAILY = 7
_DAILY = re.compile(r"^daily-(\d{4}-\d{2}-\d{2})\.sqlite3$")


def daily_backup(db: Database, folder: Path, today: dt.date | None = None,
                 keep: int = KEEP_DAILY) -> Path | None:
    """Take today's backup if there is none yet; prune to the newest ``keep``."""
    today = today or dt.date.today()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"daily-{today.isoformat()}.sqlite3"
    made = None
    if not target.exists():
        made = db.backup_to(target)
        log.info("daily backup written to %s", target)
    dailies = sorted((p for p in folder.iterdir() if _DAILY.match(p.name)),
                     key=lambda p: p.name, reverse=True)
    for path in folder.iterdir():
        if path.suffix == ".sqlite3":
            private.tighten(path)   # one an older version left readable by everyone
    for old in dailies[keep:]:
        try:
            old.unlink()
        except OSError as exc:
            log.warning("could not remove old backup %s: %s", old, exc)
    return made


def backups(folder: Path) -> list[Path]:
    """Every backup file, newest first (by modification time)."""
    if not folder.exists():
        return []
    found = [p for p in folder.iterdir() if p.suffix == ".sqlite3" and p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def check_file(path: Path) -> list[str]:
    """Problems ``PRAGMA quick_check`` finds in a database file ([] if healthy)."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    result = [row[0] for row in rows]
    return [] if result == ["ok"] else result


# ------------------------------------------------------------- when to check in full
# ``PRAGMA quick_check`` reads the whole file: 0.3 s for 100,000 reports (about 390 MB) when
# the file is in the operating system's cache, but ten seconds or more on the first start
# after a reboot. So start-up waits for it only when damage is likely or the last full check
# is old; otherwise the file's first page is checked at once and the full check runs in the
# background while the app is used.
FULL_CHECK_DAYS = 7
OPEN_MARKER = "session-open"           # exists while the app runs; left behind by a crash
LAST_CHECK = "last-full-check"         # the date of the last full check that passed


def full_check_due(root: Path, today: dt.date | None = None) -> str | None:
    """Why start-up must wait for the full check (None: it need not)."""
    today = today or dt.date.today()
    if (root / OPEN_MARKER).exists():
        return "Common Ground did not close normally last time"
    try:
        last = dt.date.fromisoformat((root / LAST_CHECK).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return "no full check is recorded"
    if not 0 <= (today - last).days < FULL_CHECK_DAYS:
        return f"the last full check was on {last.isoformat()}"
    return None


def record_full_check(root: Path, today: dt.date | None = None) -> None:
    write_bytes_atomic(root / LAST_CHECK, (today or dt.date.today()).isoformat().encode())


def forget_full_check(root: Path) -> None:
    """The next start waits for a full check (a background check found damage)."""
    (root / LAST_CHECK).unlink(missing_ok=True)


def mark_open(root: Path) -> None:
    write_bytes_atomic(root / OPEN_MARKER, str(os.getpid()).encode())


def mark_closed(root: Path) -> None:
    (root / OPEN_MARKER).unlink(missing_ok=True)


def check_header(path: Path) -> list[str]:
    """The cheap check: the file opens as SQLite and its schema can be read ([] if so)."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return []
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def newest_good_backup(folder: Path) -> Path | None:
    for candidate in backups(folder):
        if not check_file(candidate):
            return candidate
        log.warning("backup %s failed its check; skipped", candidate)
    return None


def restore(database: Path, backup: Path, now: dt.datetime | None = None) -> Path:
    """Put ``backup`` in place of ``database``; return where the damaged file was kept."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    kept = database.with_name(f"damaged-{stamp}-{database.name}")
    if database.exists():
        os.replace(database, kept)
    for suffix in ("-wal", "-shm"):
        side = database.with_name(database.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    temp = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, temp)
    with open(temp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temp, database)
    fsync_directory(database.parent)
    log.warning("database restored from %s; damaged file kept as %s", backup, kept)
    return kept
