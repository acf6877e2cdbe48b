"""Files for their owner only: the database, its backups and the logs hold reports, and a
ward PC is shared by many accounts.

On Linux and macOS such a file is created 0600 (0660 where IT shares the data folder with
a group: a group-writable, setgid folder, as ``install_folders`` makes one), before any
library opens it, and one an older version left readable by everyone is tightened. On
Windows the data folder in the user's profile passes on the rights of its owner,
Administrators and SYSTEM only, and a data folder IT shares is shared on purpose
(``install_folders``), so nothing is changed there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def mode_for(folder: Path) -> int:
    try:
        shared = os.stat(folder).st_mode
    except OSError:
        return 0o600
    return 0o660 if shared & stat.S_ISGID and shared & stat.S_IWGRP else 0o600


def create(path: Path) -> None:
    """Make ``path`` (empty) if it does not exist, and leave it for its owner only."""
    if os.name == "nt":
        return
    path = Path(path)
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
    if os.name == "nt" or not os.path.isfile(path):
        return
    create(path)
