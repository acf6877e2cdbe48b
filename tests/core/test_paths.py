import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from commonground import paths


def test_command_line_beats_environment_beats_platform_default(tmp_path):
    env = {paths.DATA_DIR_ENV: str(tmp_path / "env")}
    assert paths.resolve_data_dir(str(tmp_path / "cli"), env) == (tmp_path / "cli").resolve()
    assert paths.resolve_data_dir(None, env) == (tmp_path / "env").resolve()
    default = paths.resolve_data_dir(None, {})
    assert default == paths.default_data_dir()
    assert "CommonGround" in str(default)


def test_first_run_creates_the_data_folder(tmp_path):
    created = paths.prepare_data_dir(tmp_path / "new" / "data")
    assert created.root.is_dir() and created.logs.is_dir() and created.backups.is_dir()


def test_the_default_data_folder_is_the_platforms_local_user_data_folder(monkeypatch,
                                                                          tmp_path):
    # The README: %LOCALAPPDATA%\CommonGround on Windows (local, not roaming: a database in
    # a roaming profile is copied about at logon and logoff), ~/.local/share elsewhere.
    if sys.platform == "win32":
        local = Path(os.environ["LOCALAPPDATA"])
        assert paths.default_data_dir() == local / "CommonGround"
        assert not paths.default_data_dir().is_relative_to(os.environ["APPDATA"])
    else:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
        assert paths.default_data_dir() == tmp_path / "xdg" / "CommonGround"
        monkeypatch.delenv("XDG_DATA_HOME")
        assert paths.default_data_dir() == Path.home() / ".local" / "share" / "CommonGround"


def pretend_the_folder_is_remote(monkeypatch, fstype: str) -> None:
    """What each platform asks: Windows the drive's type (GetDriveTypeW says
    DRIVE_REMOTE for a mapped network drive), elsewhere the file system's type."""
    if sys.platform == "win32":
        monkeypatch.setattr(paths, "_windows_drive_is_remote", lambda root: True)
    else:
        monkeypatch.setattr(paths, "_posix_fstype", lambda root: fstype)


@pytest.mark.parametrize("fstype", ["cifs", "nfs4", "smb3", "fuse.sshfs"])
def test_a_network_data_folder_is_refused_with_a_clear_message(tmp_path, monkeypatch, fstype):
    pretend_the_folder_is_remote(monkeypatch, fstype)
    with pytest.raises(paths.DataFolderError, match="network drive") as caught:
        paths.prepare_data_dir(tmp_path / "data")
    assert "local data folder" in str(caught.value)
    if sys.platform != "win32":
        assert f"({fstype})" in str(caught.value)
    assert not (tmp_path / "data").exists()


def test_the_local_disk_is_not_a_network_drive(tmp_path):
    # The real question each platform asks, about this machine's temporary folder.
    if sys.platform == "win32":
        assert paths._windows_drive_is_remote(tmp_path) is False
    else:
        assert (paths._posix_fstype(tmp_path) or "").lower() not in paths._NETWORK_FILESYSTEMS
    paths.refuse_network_folder(tmp_path)


NETWORK_DRIVE = os.environ.get("COMMONGROUND_TEST_NETWORK_DRIVE", "")


@pytest.mark.skipif(sys.platform != "win32" or not NETWORK_DRIVE,
                    reason="needs Windows and a mapped network drive named in "
                           "COMMONGROUND_TEST_NETWORK_DRIVE (the Wine check maps N:)")
def test_a_folder_on_a_mapped_network_drive_is_refused_for_real():
    folder = Path(f"{NETWORK_DRIVE}\\commonground-{os.getpid()}")
    assert paths._windows_drive_is_remote(folder) is True      # GetDriveTypeW: DRIVE_REMOTE
    with pytest.raises(paths.DataFolderError, match="is on a network drive"):
        paths.prepare_data_dir(folder)
    assert not folder.exists()


@pytest.mark.parametrize("unc", ["//server/share/commonground", r"\\server\share\commonground",
                                 r"\\?\UNC\server\share\commonground"])
def test_a_unc_path_is_refused(unc):
    with pytest.raises(paths.DataFolderError, match="network drive"):
        paths.refuse_network_folder(Path(unc))
    with pytest.raises(paths.DataFolderError, match="network drive"):
        paths.prepare_data_dir(Path(unc))


def test_a_folder_that_cannot_be_created_says_why(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(paths.DataFolderError, match="cannot create its data folder"):
        paths.prepare_data_dir(blocker / "data")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")
def test_checking_the_folder_never_drops_the_locks_sqlite_holds_in_this_process(tmp_path):
    # Closing any descriptor of a file drops every POSIX lock the process holds on it, so
    # the rights check must not open the database while this process reads it.
    root = paths.prepare_data_dir(tmp_path / "data").root
    database = root / paths.DATABASE_NAME
    reader = sqlite3.connect(database, isolation_level=None)
    reader.execute("CREATE TABLE t(x)")
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM t").fetchall()     # a read transaction: a SHARED lock
    writer = ("import sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1], timeout=0)\n"
              "try:\n    c.execute('BEGIN EXCLUSIVE'); print('got it')\n"
              "except sqlite3.OperationalError as e:\n    print(e)\n")

    def other_process_can_write() -> bool:
        out = subprocess.run([sys.executable, "-c", writer, str(database)],
                             capture_output=True, text=True).stdout
        return out.strip() == "got it"
    assert not other_process_can_write()
    paths.prepare_data_dir(root)
    assert not other_process_can_write()              # the reader still holds its lock
    reader.execute("COMMIT")
    reader.close()
    assert other_process_can_write()
