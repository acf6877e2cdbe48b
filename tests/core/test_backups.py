"""Daily backups, and restoring the newest good one when the database is damaged."""

import datetime as dt

from commonground.core.records import reports as incidents
from commonground.core.storage import backups
from commonground.core.storage.db import Database


def make_db(path):
    db = Database.open(path)
    draft = incidents.start_draft(db, "pc")
    incidents.save_draft(db, draft.id, {"narrative": "kept in the backup"}, "pc")
    return db


def test_one_backup_a_day_and_only_the_last_seven_kept(tmp_path):
    db = make_db(tmp_path / "live.sqlite3")
    folder = tmp_path / "backups"
    start = dt.date(2026, 11, 1)
    for day in range(10):
        made = backups.daily_backup(db, folder, today=start + dt.timedelta(days=day))
        assert made is not None
    assert backups.daily_backup(db, folder, today=start + dt.timedelta(days=9)) is None
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"daily-2026-11-{d:02d}.sqlite3" for d in range(4, 11)]
    assert not list(folder.glob("*.partial"))


def corrupt(path):
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over every page after the first
        data[offset + 100:offset + 400] = b"\xde\xad\xbe\xef" * 75
    path.write_bytes(bytes(data))


def test_a_damaged_database_is_detected_and_restored_without_losing_the_damaged_file(tmp_path):
    live = tmp_path / "commonground.sqlite3"
    db = make_db(live)
    backup = backups.daily_backup(db, tmp_path / "backups", today=dt.date(2026, 11, 22))
    db.close()
    for side in ("-wal", "-shm"):
        (tmp_path / f"commonground.sqlite3{side}").unlink(missing_ok=True)
    assert backups.check_file(live) == []
    corrupt(live)
    damaged_bytes = live.read_bytes()
    assert backups.check_file(live) != []

    good = backups.newest_good_backup(tmp_path / "backups")
    assert good == backup
    kept = backups.restore(live, good, now=dt.datetime(2026, 11, 23, 9, 30))

    assert kept.name == "damaged-20261123-093000-commonground.sqlite3"
    assert kept.read_bytes() == damaged_bytes
    reopened = Database.open(live)
    assert reopened.integrity_check() == []
    assert incidents.drafts(reopened)[0].data == {"narrative": "kept in the backup"}


def test_a_damaged_backup_is_skipped_for_an_older_good_one(tmp_path):
    db = make_db(tmp_path / "live.sqlite3")
    folder = tmp_path / "backups"
    older = backups.daily_backup(db, folder, today=dt.date(2026, 11, 21))
    newer = backups.daily_backup(db, folder, today=dt.date(2026, 11, 22))
    import os
    os.utime(older, (1_000_000, 1_000_000))
    corrupt(newer)
    assert backups.newest_good_backup(folder) == older


def test_start_up_waits_for_the_full_check_after_a_crash_or_once_a_week(tmp_path):
    today = dt.date(2026, 11, 23)
    assert backups.full_check_due(tmp_path, today) == "no full check is recorded"
    backups.record_full_check(tmp_path, today - dt.timedelta(days=6))
    assert backups.full_check_due(tmp_path, today) is None
    assert backups.full_check_due(tmp_path, today + dt.timedelta(days=1)) == \
        "the last full check was on 2026-11-17"
    backups.record_full_check(tmp_path, today + dt.timedelta(days=3))   # a clock set back
    assert backups.full_check_due(tmp_path, today) is not None
    backups.record_full_check(tmp_path, today)
    backups.mark_open(tmp_path)
    assert backups.full_check_due(tmp_path, today) == \
        "Common Ground did not close normally last time"
    backups.mark_closed(tmp_path)
    assert backups.full_check_due(tmp_path, today) is None
    backups.forget_full_check(tmp_path)
    assert backups.full_check_due(tmp_path, today) == "no full check is recorded"
    (tmp_path / backups.LAST_CHECK).write_text("garbage", encoding="ascii")
    assert backups.full_check_due(tmp_path, today) == "no full check is recorded"


def test_the_cheap_check_refuses_a_file_that_is_not_a_database(tmp_path):
    healthy = tmp_path / "healthy.sqlite3"
    make_db(healthy).close()
    assert backups.check_header(healthy) == []
    scribbled = tmp_path / "scribbled.sqlite3"
    scribbled.write_bytes(b"\x00" * 50 + b"not a database at all" * 300)
    assert backups.check_header(scribbled) != []
