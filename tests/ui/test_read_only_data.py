"""A data folder this account may not change: one line in the window, never the
"Something went wrong" dialog or a traceback."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys

import pytest

from commonground import paths
from commonground.context import AppContext


@pytest.fixture
def restore_logging(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)   # run_gui installs its own
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def test_the_window_says_in_one_line_that_it_cannot_write_the_database(
        data_dir, qapp, dialogs, monkeypatch, restore_logging):
    from commonground.app import run_gui

    AppContext.open(data_dir).close()
    database = data_dir / paths.DATABASE_NAME
    # What each platform asks, answered as for an account without the right: access() on
    # POSIX; on Windows opening the file for writing, which its access list refuses.
    # (Found under Wine: with only access() answered, Windows went on to the first-run
    # role dialog, which no one answers in a test.)
    if sys.platform == "win32":
        def as_another_account(path, mode="r", *args, **kwargs):
            if str(path) == str(database) and mode == "r+b":
                raise PermissionError(13, "Permission denied", str(path))
            return open(path, mode, *args, **kwargs)
        monkeypatch.setattr(paths, "open", as_another_account, raising=False)
    else:
        real_access = os.access

        def as_another_account(path, mode, *args, **kwargs):
            return False if str(path) == str(database) and mode == os.W_OK \
                else real_access(path, mode, *args, **kwargs)
        monkeypatch.setattr(os, "access", as_another_account)
    assert run_gui(str(data_dir)) == 1
    [(kind, title, text)] = dialogs
    assert kind == "critical" and title == "Common Ground cannot start"
    assert text.startswith(f"Common Ground cannot write {database} (Permission denied): this "
                           f"account ({paths.account_name()}) has no right to change it")
    assert "\n" not in text and "Ask IT" in text


def test_a_read_only_database_met_while_opening_is_one_line(data_dir, qapp, dialogs,
                                                           monkeypatch, restore_logging):
    from commonground import app

    def readonly(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")
    monkeypatch.setattr(AppContext, "open", readonly)
    assert app.run_gui(str(data_dir)) == 1
    [(kind, title, text)] = dialogs
    assert title == "Common Ground cannot open its database"
    assert "attempt to write a readonly database" in text and "Ask IT" in text


def test_rights_lost_while_running_are_one_message_not_the_crash_dialog(data_dir, qapp,
                                                                       dialogs):
    from commonground.ui import crash

    data_paths = paths.prepare_data_dir(data_dir)
    crash.install(data_paths.logs / "commonground.log")
    try:
        for _ in range(2):
            try:
                raise sqlite3.OperationalError("attempt to write a readonly database")
            except sqlite3.OperationalError:
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = sys.__excepthook__
    [(kind, title, text)] = dialogs        # once, however often it happens
    assert (kind, title) == ("critical", "Common Ground cannot save")
    assert text.startswith(f"Common Ground cannot write {data_paths.database}")
