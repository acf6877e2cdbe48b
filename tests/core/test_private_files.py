"""Nothing left readable on a shared ward PC: the database (and its write-ahead log), the
backups and the log files are created readable by their owner only (0600 on Linux and
macOS), and files an older version left readable by everyone are tightened when the data
folder is next opened. Windows relies on the profile folder's rights (README)."""

from __future__ import annotations

import logging
import os
import stat
import sys

import pytest

from commonground.context import AppContext
from commonground.core.storage import backups

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_database_backups_and_logs_are_for_their_owner_only(tmp_path):
    old_umask = os.umask(0o022)          # the usual default: files readable by everyone
    try:
        context = AppContext.open(tmp_path / "data")
        try:
            with context.db.transaction() as conn:
                conn.execute("INSERT INTO settings(key, value) VALUES ('x', 'y')")
            logging.getLogger("commonground.test").warning("a line in the log")
            made = backups.daily_backup(context.db, context.paths.backups)
            database = context.paths.database
            found = {path.name: mode(path) for path in (
                database, database.with_name(database.name + "-wal"),
                database.with_name(database.name + "-shm"), made,
                *context.paths.logs.iterdir())}
        finally:
            context.close()
    finally:
        os.umask(old_umask)
    assert found and all(value == 0o600 for value in found.values()), \
        {name: oct(value) for name, value in found.items()}


def test_files_an_older_version_left_readable_are_tightened_at_the_next_open(tmp_path):
    context = AppContext.open(tmp_path / "data")
    backups.daily_backup(context.db, context.paths.backups)
    context.close()
    loose = [context.paths.database, *context.paths.backups.iterdir(),
             *context.paths.logs.iterdir()]
    for path in loose:
        os.chmod(path, 0o644)
    again = AppContext.open(tmp_path / "data")
    try:
        backups.daily_backup(again.db, again.paths.backups)
    finally:
        again.close()
    assert {path.name: oct(mode(path)) for path in loose} == {
        path.name: oct(0o600) for path in loose}


def test_after_the_receipt_the_ward_pcs_timeline_keeps_the_role_not_the_name(tmp_path):
    from commonground.core.records import timeline
    from tests.core.test_sync import World

    world = World(tmp_path / "world")
    try:
        report = world.report(reporter_name="Zeb Quillfeather", reporter_role="Staff nurse")
        timeline.add_addendum(world.front.db, report.id, "One more thing.",
                              "Zeb Quillfeather")
        world.sync(world.front)
        world.sync(world.advisor)
        world.sync(world.front)                      # the advisor's receipt arrives
        db = world.front.db
        assert db.query_one("SELECT status FROM reports WHERE id = ?",
                            (report.id,))["status"] != "sent"
        authors = {row["author"] for row in db.query(
            "SELECT author FROM report_events WHERE report_id = ?", (report.id,))}
        assert "Zeb Quillfeather" not in authors and "ward-pc" not in authors
        assert "Staff nurse" in authors
        world.front.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for path in world.front.paths.root.glob("commonground.sqlite3*"):
            assert b"Quillfeather" not in path.read_bytes(), path.name
    finally:
        world.close()


def test_the_timeline_stays_append_only_but_for_the_name_after_the_receipt(tmp_path):
    import sqlite3

    from commonground.core.records import reports as incidents
    from tests.core.test_incidents import full_report

    context = AppContext.open(tmp_path / "data")
    try:
        db = context.db
        draft = incidents.start_draft(db, "ward-pc")
        incidents.save_draft(db, draft.id, full_report(), "ward-pc")
        report = incidents.submit(db, draft.id, "ward-pc")
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
            with db.transaction() as conn:   # not yet received: not even the name
                conn.execute("UPDATE report_events SET author = 'x' WHERE report_id = ?",
                             (report.id,))
        with db.transaction() as conn:
            conn.execute("UPDATE reports SET redacted = 1 WHERE id = ?", (report.id,))
            conn.execute("UPDATE report_events SET author = 'Staff nurse' WHERE report_id = ?",
                         (report.id,))
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
            with db.transaction() as conn:   # received: still nothing but the name
                conn.execute("UPDATE report_events SET detail = '{}' WHERE report_id = ?",
                             (report.id,))
    finally:
        context.close()
