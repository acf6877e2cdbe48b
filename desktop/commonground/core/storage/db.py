"""The one place that opens SQLite.

Every connection gets the same pragmas (WAL, synchronous=FULL, foreign keys on,
trusted_schema off, a busy timeout). The schema moves forward by numbered migrations
keyed by ``PRAGMA user_version``; each step and its version bump commit together, and
an existing database is backed up before it is migrated.

One writer connection per process: ``Database`` serialises write transactions with a
lock so a worker thread can write through it safely. Workers that only read open their
own ``mode=ro`` connection with :meth:`Database.reader`. With a single writer, the
WAL-reset race fixed in SQLite 3.51.3 (two connections writing or checkpointing at the
same instant) cannot occur, whatever SQLite version Python ships with.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .. import privatefiles as private
from ..errors import UserError
from . import migrations as _migrations
from .atomic import fsync_directory

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class DatabaseError(UserError):
    """A database problem the user can act on; the message is written for them."""


class DatabaseTooNew(DatabaseError):
    pass


class DatabaseDamaged(DatabaseError):
    pass


def _apply_pragmas(conn: sqlite3.Connection, *, read_only: bool = False) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    if not read_only:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() not in ("wal", "memory"):
            log.warning("journal_mode is %s, not WAL", mode)
        conn.execute("PRAGMA synchronous = FULL")


def connect(path: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    _apply_pragmas(conn, read_only=read_only)
    return conn


class Database:
    """The app's SQLite database: the writer connection, migrations and checks."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self.conn = conn
        self.path = path
        self._write_lock = threading.RLock()
        self._depth = 0
        self._writer_thread: int | None = None
        self._readers = threading.local()
        self._all_readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path | str, *, backup_dir: Path | None = None) -> "Database":
        path = Path(path)
        existed = path.exists() and path.stat().st_size > 0
        # For its owner only, before SQLite makes it (on Linux and macOS its -wal and -shm
        # take its rights; on Windows they would take the folder's, so they are made first,
        # at every open: SQLite deletes them when the last connection closes).
        parts = (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
        for part in parts:
            private.tighten(part)
        made = parts if os.name == "nt" else () if existed else (path,)
        for part in made if path.parent.is_dir() else ():
            private.create(part)
        latest = _migrations.latest_version()
        try:
            if existed:
                # Look before touching: switching to WAL would rewrite the header of a
                # database we are about to refuse.
                probe = connect(path, read_only=True)
                try:
                    version = probe.execute("PRAGMA user_version").fetchone()[0]
                finally:
                    probe.close()
                if version > latest:
                    raise DatabaseTooNew(
                        f"The database {path} was written by a newer version of Common Ground "
                        f"(schema {version}; this version knows up to {latest}). Install the "
                        "newer version, or ask IT.")
            conn = connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(
                f"The database {path} cannot be opened ({exc}). It may be damaged."
            ) from exc
        db = cls(conn, path)
        if version < latest:
            if existed and version > 0 and backup_dir is not None:
                backup_dir.mkdir(parents=True, exist_ok=True)
                stamp = time.strftime("%Y%m%d-%H%M%S")
                db.backup_to(backup_dir / f"before-migration-v{version}-{stamp}.sqlite3")
            db.migrate()
        return db

    @classmethod
    def in_memory(cls) -> "Database":
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        _apply_pragmas(conn)
        db = cls(conn, None)
        db.migrate()
        return db

    def migrate(self, target: int | None = None) -> None:
        target = _migrations.latest_version() if target is None else target
        current = self.user_version()
        for step in _migrations.steps():
            if current < step.version <= target:
                with self.transaction():
                    for statement in step.statements:
                        self.conn.execute(statement)
                    # Same transaction as the step: a crash leaves old or new, never between.
                    self.conn.execute(f"PRAGMA user_version = {step.version:d}")
                log.info("database migrated to schema %d (%s)", step.version, step.title)
                current = step.version

    def user_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        with self._write_lock:
            with self._readers_lock:
                for reader in self._all_readers:
                    reader.close()
                self._all_readers.clear()
            self.conn.close()

    # ------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE); nested calls join the outer one."""
        with self._write_lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            self._writer_thread = threading.get_ident()
            try:
                yield self.conn
            except BaseException:
                self._depth = 0
                self._writer_thread = None
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self._depth = 0
                self._writer_thread = None
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise

    def _thread_reader(self) -> sqlite3.Connection | None:
        """This thread's read-only connection, so reads never wait behind a long write.

        None where a reader cannot be used: an in-memory database, or a thread inside a
        write transaction (it must see its own uncommitted changes).
        """
        if self.path is None or self._writer_thread == threading.get_ident():
            return None
        reader = getattr(self._readers, "conn", None)
        if reader is None:
            try:
                reader = connect(self.path, read_only=True)
            except sqlite3.Error:
                return None
            self._readers.conn = reader
            with self._readers_lock:
                self._all_readers.append(reader)
        return reader

    @contextmanager
    def use(self) -> Iterator[sqlite3.Connection]:
        """A connection to read with: this thread's reader, or the writer when it must be."""
        reader = self._thread_reader()
        if reader is not None:
            yield reader
            return
        with self._write_lock:
            yield self.conn

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self.use() as conn:
            return conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        with self.use() as conn:
            return conn.execute(sql, params).fetchone()

    def reader(self) -> sqlite3.Connection:
        """A read-only connection for a worker thread (the caller closes it)."""
        if self.path is None:
            raise DatabaseError("An in-memory database has no separate readers.")
        return connect(self.path, read_only=True)

    # -------------------------------------------------------- settings (k/v)
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else row["value"]

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def checkpoint(self) -> None:
        """Fold the WAL back into the database (after bulk writes it can be as big as them)."""
        with self._write_lock:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ------------------------------------------------------------ checks, backup
    def quick_check(self) -> list[str]:
        rows = self.query("PRAGMA quick_check")
        return [] if [r[0] for r in rows] == ["ok"] else [r[0] for r in rows]

    def integrity_check(self) -> list[str]:
        rows = self.query("PRAGMA integrity_check")
        return [] if [r[0] for r in rows] == ["ok"] else [r[0] for r in rows]

    def backup_to(self, target: Path, progress=None) -> Path:
        """Copy the live database with the backup API to ``target``, atomically.

        Written to a temporary name, checked with integrity_check, flushed, then renamed:
        a crash or a full disk never leaves a half-written file under the final name.
        """
        target = Path(target)
        tmp = target.with_name(target.name + ".partial")
        if tmp.exists():
            tmp.unlink()
        if tmp.parent.is_dir():
            private.create(tmp)            # a backup is the whole database: owner only
        dest = sqlite3.connect(str(tmp))
        ok = False
        try:
            def _progress(status, remaining, total):
                if progress:
                    progress(total - remaining, total)
            if self.path is None:
                with self._write_lock:
                    self.conn.backup(dest, progress=_progress)
            else:
                # From a reader's snapshot, in one step: writers carry on meanwhile (WAL).
                source = self.reader()
                try:
                    source.backup(dest, pages=-1, progress=_progress)
                finally:
                    source.close()
            problems = [r[0] for r in dest.execute("PRAGMA integrity_check").fetchall()]
            if problems != ["ok"]:
                raise DatabaseDamaged("The backup copy failed its integrity check: "
                                      + "; ".join(problems[:3]))
            dest.execute("PRAGMA journal_mode = DELETE")
            ok = True
        finally:
            dest.close()
            if not ok:
                tmp.unlink(missing_ok=True)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        fsync_directory(target.parent)
        return target
