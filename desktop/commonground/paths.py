"""Where Common Ground keeps its data and finds its bundled files.

One place decides every path, so tests (and IT) can point the app somewhere else:
``--data-dir`` beats ``COMMONGROUND_DATA_DIR``, which beats the platform's user data
folder. Nothing is ever written next to the code or into the current directory.
"""

from __future__ import annotations

import errno
import os
import sys
import time
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
    check_writable(root)
    return DataPaths(root)


# Files in the data folder that this account must be able to change, if they exist: a
# database it can only read fails at its first write ("attempt to write a readonly
# database"), and SQLite would first leave -wal and -shm files of this account behind.
_MUST_BE_WRITABLE = (DATABASE_NAME, DATABASE_NAME + "-wal", DATABASE_NAME + "-shm",
                     "logs/commonground.log")


def check_writable(root: Path) -> None:
    """Prove this account can work here: create and remove a file in the data folder and
    each of its folders, and open for writing each file it must change. Real probes, not
    permission bits: on Windows os.access ignores folder ACLs."""
    for folder in (root, root / "logs", root / "backups", root / "keys"):
        if not folder.is_dir():
            continue
        probe = folder / f".write-test-{os.getpid()}-{time.monotonic_ns()}"
        try:
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            os.unlink(probe)
        except OSError as exc:
            raise DataFolderError(rights_message(root, folder, exc, create=True)) from exc
    for name in _MUST_BE_WRITABLE:
        path = root / name
        if path.exists():
            refused = _cannot_write(path)
            if refused is not None:
                raise DataFolderError(rights_message(root, path, refused)) from refused
    keys = root / "keys"
    for path in sorted(keys.glob("*.key")) if keys.is_dir() else ():
        try:
            with open(path, "rb"):
                pass
        except OSError as exc:
            raise DataFolderError(rights_message(root, path, exc, read=True)) from exc


def _cannot_write(path: Path) -> OSError | None:
    """Why this account cannot write the file, or None.

    On Windows the file is opened for writing (the ACLs decide; closing the handle leaves
    SQLite's locks alone). Elsewhere access() is asked instead: closing any descriptor of a
    file drops every POSIX lock this process holds on it, SQLite's included, so the
    database and its -wal and -shm are never opened here."""
    if sys.platform == "win32":
        try:
            with open(path, "r+b"):
                return None
        except OSError as exc:
            return exc
    if os.access(path, os.W_OK):
        return None
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def account_name() -> str:
    if sys.platform == "win32":
        user, domain = os.environ.get("USERNAME", ""), os.environ.get("USERDOMAIN", "")
        return f"{domain}\\{user}" if domain and user else user or "this account"
    try:
        import pwd
        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):
        return "this account"


def _owner(path: Path) -> str:
    if sys.platform == "win32":
        return ""
    try:
        import pwd
        return f" (it belongs to {pwd.getpwuid(path.stat().st_uid).pw_name})"
    except (ImportError, KeyError, OSError):
        return ""


def cannot_write_message(exc: BaseException, root: Path) -> str | None:
    """The one line for an error that means this account may not change the data folder
    (met after start, when rights changed under a running app), or None."""
    import sqlite3

    if isinstance(exc, PermissionError):
        return rights_message(root, Path(exc.filename) if exc.filename else root, exc)
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and ("readonly" in text
                                                      or "read-only" in text):
        return rights_message(root, root / DATABASE_NAME, OSError(str(exc)))
    return None


def rights_message(root: Path, path: Path, exc: OSError, *, create: bool = False,
                   read: bool = False) -> str:
    """One line IT can act on: what cannot be done, by whom, and the fix."""
    doing = "create files in" if create else "read" if read else "write"
    why = exc.strerror or str(exc)
    if sys.platform == "win32":
        fix = (f"Ask IT to give every user Modify rights on the data folder (icacls \"{root}\" "
               "/grant *S-1-5-32-545:(OI)(CI)M /T, as the README's \"Where user data lives\" "
               "says), or set another data folder with --data-dir.")
    else:
        fix = (f"Ask IT to let this account write the data folder {root} and everything in "
               "it, or set another data folder with --data-dir.")
    return (f"Common Ground cannot {doing} {path} ({why}): this account ({account_name()}) "
            f"has no right to change it{_owner(path)}, so nothing was done. {fix}")


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
