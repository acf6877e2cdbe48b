"""Files for their owner only: the database, its backups and the logs hold reports, and a
ward PC is shared by many accounts.

On Linux and macOS such a file is created 0600 (0660 where IT shares the data folder with
a group: a group-writable, setgid folder, as ``install_folders`` makes one), before any
library opens it, and one an older version left readable by everyone is tightened. On
Windows it gets an explicit, protected DACL (the user, Administrators, SYSTEM; nothing
inherited: ``privatefiles_win``) rather than relying on what the profile folder passes on,
except in a data folder IT shares with every user on purpose (``install_folders``). A
failure there is logged and never stops the app: the file keeps the folder's rights.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
from pathlib import Path

log = logging.getLogger(__name__)


def mode_for(folder: Path) -> int:
    try:
        shared = os.stat(folder).st_mode
    except OSError:
        return 0o600
    return 0o660 if shared & stat.S_ISGID and shared & stat.S_IWGRP else 0o600


def create(path: Path) -> None:
    """Make ``path`` (empty) if it does not exist, and leave it for its owner only."""
    path = Path(path)
    if os.name == "nt":
        _windows(path, make=True)
        return
    wanted = mode_for(path.parent)
    try:
        handle = os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), wanted)
        os.close(handle)
        if stat.S_IMODE(os.stat(path).st_mode) & ~wanted:
            os.chmod(path, wanted)
    except OSError:
        pass   # not ours to change (another account's file in a shared folder): leave it


def tighten(path: Path) -> None:
    """An existing file left readable by others is made its owner's only."""
    if not os.path.isfile(path):
        return
    if os.name == "nt":
        _windows(Path(path), make=False)
        return
    create(path)


def shared_on_purpose(folder: Path) -> bool:
    """Windows: whether IT gave every user of the PC write access to ``folder`` (and the
    files made in it) on purpose, as ``install_folders`` does for a shared DATA_DIR."""
    from . import privatefiles_win as win
    return win.grants_everyone_write(win.dacl_sddl(folder))


def _windows(path: Path, make: bool) -> None:
    try:
        if make and not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_BINARY", 0)))
        if shared_on_purpose(path.parent):
            return
        from . import privatefiles_win as win
        win.protect(path)
    except Exception as exc:  # noqa: BLE001 - never a reason not to start: rights stay
        _warn(path, exc)


_warning = threading.local()


def _warn(path: Path, exc: Exception) -> None:
    """Logged once, not again from the log file's own opening (which comes back here)."""
    if getattr(_warning, "active", False):
        return
    _warning.active = True
    try:
        log.warning("could not make %s its owner's only (it keeps its folder's rights): %s",
                    path, exc)
    finally:
        _warning.active = False
