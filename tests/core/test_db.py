import sqlite3

import pytest

from commonground.core.storage import migrations
from commonground.core.storage.db import Database, DatabaseTooNew


def test_every_connection_is_safe_wal_full_foreign_keys(tmp_path):
    db = Database.open(tmp_path / "a.sqlite3")
    assert db.query_one("PRAGMA journal_mode")[0] == "wal"
    assert db.query_one("PRAGMA synchronous")[0] == 2
    assert db.query_one("PRAGMA foreign_keys")[0] == 1
    assert db.query_one("PRAGMA trusted_schema")[0] == 0
    reader = db.reader()
    assert reader.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.OperationalError):
        reader.execute("INSERT INTO settings VALUES ('a', 'b')")


def test_a_new_database_is_migrated_to_the_latest_schema(tmp_path):
    db = Database.open(tmp_path / "a.sqlite3")
    assert db.user_version() == migrations.latest_version()
    names = {r[0] for r in db.query("SELECT name FROM sqlite_master")}
    assert {"settings", "protocols", "protocol_sections", "sections_fts"} <= names


def test_each_migration_upgrades_a_database_saved_at_the_previous_version(tmp_path):
    for step in migrations.MIGRATIONS:
        path = tmp_path / f"v{step.version - 1}.sqlite3"
        db = Database(sqlite3.connect(str(path), isolation_level=None), path)
        db.migrate(target=step.version - 1)
        db.conn.close()
        upgraded = Database.open(path, backup_dir=tmp_path / "backups")
        assert upgraded.user_version() == migrations.latest_version()
        assert upgraded.integrity_check() == []
        upgraded.close()


def test_a_database_from_a_newer_version_is_refused_not_damaged(tmp_path):
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(str(path))
    conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version of Common Ground"):
        Database.open(path)
    assert path.read_bytes() == before


def test_a_failed_transaction_changes_nothing(tmp_path):
    db = Database.open(tmp_path / "a.sqlite3")
    with pytest.raises(RuntimeError):
        with db.transaction() as conn:
            conn.execute("INSERT INTO settings VALUES ('a', '1')")
            raise RuntimeError("boom")
    assert db.get_setting("a") is None
    db.set_setting("a", "2")
    assert db.get_setting("a") == "2"


def test_backup_is_a_checked_copy_written_under_its_final_name_last(tmp_path):
    db = Database.open(tmp_path / "a.sqlite3")
    db.set_setting("marker", "kept")
    target = db.backup_to(tmp_path / "backup.sqlite3")
    assert not (tmp_path / "backup.sqlite3.partial").exists()
    copy = sqlite3.connect(str(target))
    assert copy.execute("SELECT value FROM settings WHERE key='marker'").fetchone()[0] == "kept"
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_database_from_the_first_schema_keeps_its_data_when_upgraded(tmp_path):
    from commonground.core.storage.db import connect

    path = tmp_path / "v1.sqlite3"
    db = Database(connect(path), path)
    db.migrate(target=1)
    db.set_setting("marker", "from version 1")
    db.conn.close()

    upgraded = Database.open(path, backup_dir=tmp_path / "backups")
    assert upgraded.user_version() == migrations.latest_version()
    assert upgraded.get_setting("marker") == "from version 1"
    assert upgraded.query_one("SELECT count(*) FROM reports")[0] == 0
    [backup] = list((tmp_path / "backups").glob("before-migration-v1-*.sqlite3"))
    copy = sqlite3.connect(str(backup))
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT value FROM settings").fetchone()[0] == "from version 1"


def test_reads_do_not_wait_for_a_long_write_on_another_thread(tmp_path):
    import threading

    db = Database.open(tmp_path / "a.sqlite3")
    db.set_setting("seen", "before")
    inside, release = threading.Event(), threading.Event()

    def long_write():
        with db.transaction() as conn:
            conn.execute("UPDATE settings SET value = 'during' WHERE key = 'seen'")
            inside.set()
            release.wait(10)

    writer = threading.Thread(target=long_write)
    writer.start()
    inside.wait(10)
    try:
        assert db.get_setting("seen") == "before"  # answered now, from the last commit
    finally:
        release.set()
        writer.join(10)
    assert db.get_setting("seen") == "during"


def test_a_version_5_database_keeps_its_data_and_gains_the_protocol_pack_tables(tmp_path):
    from commonground.core.storage.db import connect

    path = tmp_path / "v5.sqlite3"
    db = Database(connect(path), path)
    db.migrate(target=5)
    db.set_setting("install_id", "kept-install-id")
    with db.transaction() as conn:
        conn.execute("INSERT INTO acknowledgements(uuid, protocol_id, version, name, at) "
                     "VALUES ('u-1', 's136-place-of-safety', '1.0', 'Sam Nurse', "
                     "'2026-11-30T10:00:00')")
        conn.execute("INSERT INTO trusted_keys(fingerprint, public_key, purpose, source, "
                     "first_seen) VALUES ('ab12', 'key', 'committee', 'policy', '2026-11-01')")
    db.conn.close()

    upgraded = Database.open(path, backup_dir=tmp_path / "backups")
    assert upgraded.user_version() == migrations.latest_version() >= 6
    assert upgraded.get_setting("install_id") == "kept-install-id"
    assert [tuple(r) for r in upgraded.query(
        "SELECT name, version FROM acknowledgements")] == [("Sam Nurse", "1.0")]
    assert upgraded.query_one("SELECT purpose FROM trusted_keys")[0] == "committee"
    for table in ("pack_protocols", "protocol_history", "protocol_packs"):
        assert upgraded.query_one(f"SELECT count(*) FROM {table}")[0] == 0
    with upgraded.transaction() as conn:
        conn.execute("INSERT INTO protocol_history(protocol_id, version, text, source, "
                     "replaced_at) VALUES ('a', '1.0', 'x', 'bundled', 'now')")
    with pytest.raises(sqlite3.IntegrityError):   # one kept text per protocol version
        with upgraded.transaction() as conn:
            conn.execute("INSERT INTO protocol_history(protocol_id, version, text, source, "
                         "replaced_at) VALUES ('a', '1.0', 'y', 'bundled', 'now')")
    assert list((tmp_path / "backups").glob("before-migration-v5-*.sqlite3"))
    upgraded.close()


def test_a_version_7_committee_database_keeps_its_incidents_and_a_later_export_still_wins(
        tmp_path):
    import datetime as dt

    from commonground.core.storage.db import connect
    from commonground.core.sync import incoming
    from tests.core.test_committee_stats import RECORDS, SOURCE, case

    path = tmp_path / "v7.sqlite3"
    db = Database(connect(path), path)
    db.migrate(target=7)
    with db.transaction() as conn:
        conn.execute("INSERT INTO deid_incidents(id, source_install, updated_at, site, ward, "
                     "record) VALUES (?, ?, '2026-11-01T09:00:00', 'Riverside Hospital', "
                     "'Cedar Ward', '{}')", (RECORDS[0]["id"], SOURCE))
    db.conn.close()

    upgraded = Database.open(path, backup_dir=tmp_path / "backups")
    assert upgraded.query_one("SELECT ward, sequence FROM deid_incidents")[:] == \
        ("Cedar Ward", 0)
    newer = {**RECORDS[0], "case": case("charge", None, "2026-01-25")}
    assert incoming.import_deidentified(upgraded, [newer], SOURCE,
                                        dt.datetime(2026, 11, 2), sequence=3) == 1
    assert upgraded.query_one("SELECT decision FROM deid_incidents")[0] == "charge"


def test_a_library_indexed_before_asked_as_phrases_is_indexed_again_and_searches(tmp_path):
    from commonground import paths
    from commonground.core.protocols.library import Library

    path = tmp_path / "v10.sqlite3"
    db = Database(sqlite3.connect(str(path), isolation_level=None), path)
    db.migrate(target=10)
    db.conn.execute("INSERT INTO sections_fts(rowid, title, heading, body, keywords) "
                    "VALUES (1, 'old', 'old heading', 'old text', '')")
    db.set_setting("protocol_index_fingerprint", "from the old index")
    db.conn.close()

    upgraded = Database.open(path, backup_dir=tmp_path / "backups")
    library = Library.open(upgraded, [paths.bundled_protocols_dir()], paths.resources_dir())
    assert len(library.reindexed) == 6
    hit = library.search("who can act as AA").hits[0]
    assert hit.anchor == "who-can-act-as-an-appropriate-adult"
    assert upgraded.query_one("SELECT count(*) FROM search_words")[0] > 1000
    upgraded.close()
