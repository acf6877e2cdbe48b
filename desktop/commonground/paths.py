"""Where Common Ground keeps its data and finds its bundled files.

One place decides every path, so tests (and IT) can point the app somewhere else:
``--data-dir`` beats ``COMMONGROUND_DATA_DIR``, which beats the platform's user data
folder. Nothing is ever written next to the code or into the current directory.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .core.errors import UserError
from .core.resources import bundled_protocols_dir, install_root, resources_dir  # noqa: F401

APP_NAME = "CommonGround"
DATA_DIR_ENV = "COMMONGROUND_DATA_DIR"
DATABASE_NAME = "commonground.sqlite3"

# File systems on which SQLite's locking (and WAL) cannot be trusted.
_NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "9p", "ncpfs",
    "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "fuse.rclone", "glusterfs", "ceph",
}


class DataFolderError(UserError):
    """The data folder cannot be used. The message is written for the user."""


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | os.PathLike | None = None,
                     environ: dict | None = None, policy_value: str | None = None) -> Path:
    """--data-dir, then COMMONGROUND_DATA_DIR, then the site policy, then the default."""
    environ = os.environ if environ is None else environ
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    if environ.get(DATA_DIR_ENV):
        return Path(environ[DATA_DIR_ENV]).expanduser().resolve()
    if policy_value:
        return Path(os.path.expandvars(policy_value)).expanduser().resolve()
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def lock_file(self) -> Path:
        """The writer lock the window and every command take (see writer.py)."""
        return self.root / "writer.lock"

    @property
    def keys(self) -> Path:
        return self.root / "keys"


def prepare_data_dir(root: Path) -> DataPaths:
    """Create the data folder if needed and refuse one SQLite cannot live in safely."""
    refuse_network_folder(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / "logs").mkdir(exist_ok=True)
        (root / "backups").mkdir(exist_ok=True)
    except OSError as exc:
        raise DataFolderError(
            f"Common Ground cannot create its data folder {root}: {exc.strerror or exc}. "
            "Ask IT to check the folder's permissions or set another one with --data-dir."
        ) from exc
    if not os.access(root, os.W_OK):
        raise DataFolderError(
            f"Common Ground cannot write to its data folder {root}. "
            "Ask IT to give your account write access or set another folder with --data-dir."
        )
    return DataPaths(root)


def refuse_network_folder(root: Path) -> None:
    """SQLite on a network share corrupts under concurrent use; say so instead."""
    text = str(root)
    if text.startswith("\\\\") or text.startswith("//"):
        raise DataFolderError(_network_message(root))
    if sys.platform == "win32":
        if _windows_drive_is_remote(root):
            raise DataFolderError(_network_message(root))
        return
    fstype = _posix_fstype(root)
    if fstype and fstype.lower() in _NETWORK_FILESYSTEMS:
        raise DataFolderError(_network_message(root, fstype))


def _network_message(root: Path, fstype: str | None = None) -> str:
    kind = f" ({fstype})" if fstype else ""
    return (
        f"The data folder {root} is on a network drive{kind}. Common Ground keeps its "
        "database on this computer's own disk, because a database on a shared or redirected "
        "folder can be damaged. Ask IT to set a local data folder (for example with "
        "--data-dir or the site policy)."
    )


def _existing_ancestor(path: Path) -> Path:
    path = path.resolve() if path.exists() else path
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _posix_fstype(root: Path) -> str | None:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as mounts:
            entries = [line.split() for line in mounts]
    except OSError:
        return None
    target = str(_existing_ancestor(root))
    best, best_type = "", None
    for entry in entries:
        if len(entry) < 3:
            continue
        mount_point = entry[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) \
                and len(mount_point) >= len(best):
            best, best_type = mount_point, entry[2]
    return best_type


def _windows_drive_is_remote(root: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = _existing_ancestor(root).anchor
    if not drive:
        return False
    DRIVE_REMOTE = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive) == DRIVE_REMOTE
