"""At start, a damaged database is never used: restore the newest good backup, keep the rest."""

import datetime as dt

from PySide6.QtWidgets import QMessageBox

from commonground import paths
from commonground.core.records import reports as incidents
from commonground.core.storage import backups
from commonground.core.storage.db import Database
from commonground.startup import check_database_or_restore
from tests.core.test_backups import corrupt


def damaged_install(data_dir):
    data_paths = paths.prepare_data_dir(data_dir)
    db = Database.open(data_paths.database)
    draft = incidents.start_draft(db, "pc")
    incidents.save_draft(db, draft.id, {"narrative": "in the backup"}, "pc")
    backups.daily_backup(db, data_paths.backups, today=dt.date(2026, 11, 22))
    db.close()
    for side in ("-wal", "-shm"):
        data_paths.database.with_name(data_paths.database.name + side).unlink(missing_ok=True)
    corrupt(data_paths.database)
    return data_paths


def test_the_user_is_offered_the_newest_good_backup_and_the_damaged_file_is_kept(
        data_dir, qapp, monkeypatch, dialogs):
    data_paths = damaged_install(data_dir)

    def choose_restore(box):
        dialogs.append(("exec", box.windowTitle(), box.text()))
        [restore] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.AcceptRole]
        restore.click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", choose_restore)
    assert check_database_or_restore(data_paths) is True
    kind, title, text = dialogs[0]
    assert title == "The database is damaged"
    assert "The damaged file is kept" in text
    assert dialogs[-1][0] == "information" and "damaged database was kept" in dialogs[-1][2]
    kept = list(data_dir.glob("damaged-*-commonground.sqlite3"))
    assert len(kept) == 1
    db = Database.open(data_paths.database)
    assert incidents.drafts(db)[0].data == {"narrative": "in the backup"}


def test_without_a_good_backup_nothing_is_touched_and_the_app_does_not_start(
        data_dir, qapp, dialogs):
    data_paths = damaged_install(data_dir)
    for backup in data_paths.backups.iterdir():
        backup.unlink()
    before = data_paths.database.read_bytes()
    assert check_database_or_restore(data_paths) is False
    assert dialogs[0][0] == "critical" and "no good backup" in dialogs[0][2]
    assert data_paths.database.read_bytes() == before


def test_choosing_quit_changes_nothing(data_dir, qapp, dialogs):
    data_paths = damaged_install(data_dir)
    before = data_paths.database.read_bytes()
    assert check_database_or_restore(data_paths) is False  # the recorded box answers Quit
    assert data_paths.database.read_bytes() == before
