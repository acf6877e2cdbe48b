"""Telling a problem of this computer's own storage from a problem of one arriving file.

A full disk, a read-only data folder or a database that cannot be written stops the whole
pass with one sentence (nothing of it is half-done: every write is a transaction, and what
waits to go stays in the database). Anything else that goes wrong while handling one file
is that file's problem: it is set aside and the pass goes on.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from ..errors import UserError
from .wire import parse_name

# SQLite's primary result codes that say "this computer's storage", not "this file".
_STORAGE_CODES = {3, 5, 6, 8, 10, 11, 13, 14, 23, 26}  # PERM BUSY LOCKED READONLY IOERR
#                                                  CORRUPT FULL CANTOPEN AUTH NOTADB
_STORAGE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT} if hasattr(errno, "EDQUOT") \
    else {errno.ENOSPC, errno.EROFS}


class SyncStopped(UserError):
    """Sync could not go on because this computer's own data cannot be written."""


def storage_problem(exc: BaseException, local: bool = False) -> str | None:
    """One sentence if ``exc`` is this computer's storage failing; None if it is not.
    ``local``: any OSError is about this computer's own data folder (not a shared one)."""
    if isinstance(exc, sqlite3.Error) and not isinstance(
            exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        if code == 13:
            return _FULL
        if code in (8, 3, 23):
            return _READ_ONLY
        if code in _STORAGE_CODES:
            return (f"Sync stopped: the database could not be written ({exc}). Nothing waiting "
                    "to go was lost; sync will try again.")
        return None
    if isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS:
        return _FULL if exc.errno != errno.EROFS else _READ_ONLY
    if isinstance(exc, OSError) and local:
        if exc.errno in (errno.EACCES, errno.EPERM):
            return _READ_ONLY
        return (f"Sync stopped: Common Ground's data folder could not be written "
                f"({exc.strerror or exc}). Nothing waiting to go was lost; sync will try again.")
    return None


_FULL = ("Sync stopped: the disk holding Common Ground's data is full. Nothing waiting to go "
         "was lost; free some space and sync again.")
_READ_ONLY = ("Sync stopped: Common Ground's data folder is read-only for this computer, so "
              "nothing could be saved. Nothing waiting to go was lost; ask IT to make it "
              "writable.")


def clean_partials(folder: Path, install_id: str) -> int:
    """Remove this install's own half-written bundles (``.NAME.xxxx.partial``) left by a
    sync that was killed mid-write; returns how many went. Another computer's are left."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(".partial")):
            continue
        target = name[1:].rsplit(".", 2)[0]       # ".NAME.1a2b3c4d.partial" -> "NAME"
        parsed = parse_name(target)
        if parsed is None or parsed["source"] != install_id:
            continue
        try:
            os.unlink(entry.path)
            removed += 1
        except OSError:
            pass  # gone already, or the folder is read-only: tried again next pass
    return removed
