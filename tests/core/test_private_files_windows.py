"""Owner-only files on Windows: the database, its -wal and -shm, the backups and the logs
get an explicit, protected DACL (the user, Administrators, SYSTEM; nothing inherited),
read back from Windows itself; a data folder IT shares with every user keeps its rights;
and a failure is logged, never raised. Linux and macOS: test_private_files.py.

The Windows tests run under Windows Python in Wine (installer/check_wine.sh); Wine keeps
security descriptors only as far as its file system lets it, so where the read-back shows
that Wine dropped what was set, the test is skipped with that reason ("WINE: ..."), and
needs a real Windows run."""

from __future__ import annotations

import ctypes
import logging
import sys

import pytest

from commonground.context import AppContext
from commonground.core import privatefiles
from commonground.core import privatefiles_win as win
from commonground.core.storage import backups

on_windows = pytest.mark.skipif(sys.platform != "win32",
                                reason="Windows DACLs (Linux and macOS: test_private_files.py)")


def under_wine() -> bool:
    try:
        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except (AttributeError, OSError):
        return False


def owner_only(sddl: str, user: str) -> bool:
    found = set(win.entries(sddl))
    users = {user} | ({"LA"} if user.endswith("-500") else set())
    return sddl.startswith("D:P") and len(found) == 3 and \
        {("A", "", "FA", "BA"), ("A", "", "FA", "SY")} < found and \
        any(entry[:3] == ("A", "", "FA") and entry[3] in users for entry in found)


@on_windows
def test_the_database_its_log_backups_and_logs_get_an_owner_only_protected_dacl(tmp_path):
    context = AppContext.open(tmp_path / "data")
    try:
        with context.db.transaction() as conn:
            conn.execute("INSERT INTO settings(key, value) VALUES ('x', 'y')")
        logging.getLogger("commonground.test").warning("a line in the log")
        made = backups.daily_backup(context.db, context.paths.backups)
        database = context.paths.database
        paths = [database, database.with_name(database.name + "-wal"),
                 database.with_name(database.name + "-shm"), made,
                 *context.paths.logs.iterdir()]
        found = {path.name: win.dacl_sddl(path) for path in paths}
    finally:
        context.close()
    user = win.current_user_sid()
    wrong = {name: sddl for name, sddl in found.items() if not owner_only(sddl, user)}
    if wrong and under_wine():
        pytest.skip(f"WINE: Wine did not keep the DACL set on {sorted(wrong)[0]}: it reads "
                    f"back {next(iter(wrong.values()))!r}; needs a real Windows run")
    assert not wrong, wrong


@on_windows
def test_a_data_folder_it_shares_with_every_user_keeps_its_rights(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    advapi32, kernel32 = win._dlls()
    descriptor = ctypes.c_void_p()
    assert advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(
        "D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;BU)", 1,
        ctypes.byref(descriptor), None)
    try:
        assert advapi32.SetFileSecurityW(str(folder), win.DACL_SECURITY_INFORMATION
                                         | win.PROTECTED_DACL_SECURITY_INFORMATION,
                                         descriptor)
    finally:
        kernel32.LocalFree(descriptor)
    if not win.grants_everyone_write(win.dacl_sddl(folder)):
        pytest.skip(f"WINE: Wine did not keep the shared folder's DACL: it reads back "
                    f"{win.dacl_sddl(folder)!r}; needs a real Windows run")
    privatefiles.create(folder / "commonground.sqlite3")
    assert not win.dacl_sddl(folder / "commonground.sqlite3").startswith("D:P")


# ----------------------------------------------------------- anywhere: the decisions
@pytest.mark.parametrize("sddl, shared", [
    ("D:AI(A;OICI;0x1301bf;;;BU)(A;OICIID;FA;;;SY)", True),       # install_folders' share
    ("D:AI(A;OICI;FA;;;AU)", True),
    ("D:AI(A;OICIID;0x1200a9;;;BU)(A;OICIID;FA;;;BA)", False),    # C:\\'s inherited read
    ("D:AI(A;OICIID;0x1301bf;;;AU)", False),                      # inherited: by accident
    ("D:P(A;OICI;FA;;;S-1-5-21-1-2-3-1001)(A;OICI;FA;;;SY)", False),  # a profile folder
    ("D:(A;OICI;0x1200a9;;;BU)", False),                          # Users may read only
    ("D:(A;CI;FA;;;BU)", False),                                  # folders only, not files
    ("D:(D;OICI;FA;;;BU)", False),                                # a deny entry
])
def test_only_a_folder_shared_on_purpose_counts_as_shared(sddl, shared):
    assert win.grants_everyone_write(sddl) is shared


def test_a_windows_failure_is_logged_and_the_file_still_made(tmp_path, monkeypatch, caplog):
    def refused(path):
        raise OSError(5, f"SetFileSecurityW on {path} failed: Access is denied.")

    monkeypatch.setattr(privatefiles, "shared_on_purpose", lambda folder: False)
    monkeypatch.setattr(win, "protect", refused)
    path = tmp_path / "commonground.sqlite3"
    with caplog.at_level(logging.WARNING, logger="commonground.core.privatefiles"):
        privatefiles._windows(path, make=True)
    assert path.exists()
    assert "could not make" in caplog.text and "Access is denied" in caplog.text


def test_the_dacl_protect_sets_is_the_user_administrators_and_system(monkeypatch):
    monkeypatch.setattr(win, "current_user_sid", lambda: "S-1-5-21-1-2-3-1001")
    sddl = win.owner_only_sddl()
    assert sddl.startswith("D:P")                  # protected: nothing inherited
    assert win.entries(sddl) == [("A", "", "FA", "S-1-5-21-1-2-3-1001"),
                                 ("A", "", "FA", "BA"), ("A", "", "FA", "SY")]
    assert owner_only(sddl, "S-1-5-21-1-2-3-1001")
