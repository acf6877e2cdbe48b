"""Sync that no file can stop, starve or half-import: hostile and unlucky files dropped where
real bundles arrive, through the real engine with three installs (see test_sync.World)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from commonground.core.install import install_id
from commonground.core.sync import engine, incoming, keys, state
from tests import hostile
from tests.conftest import REPO
from tests.core.test_sync import count

NOW = dt.datetime(2026, 11, 21, 9, 0)



def advisor_public(world):
    return keys.load_encryption_public(world.policy["keys"]["advisor_encryption"])


def drop(world, folder: str, name: str, data: bytes) -> Path:
    path = world.shared[folder] / name
    path.write_bytes(data)
    return path


def real_report_bundle(world) -> Path:
    world.report()
    world.sync(world.front)
    return world.files("upward")[-1]


def enrolled(world, name: str = "Ward 9 PC") -> hostile.Sender:
    """A ward PC the advisor hub has enrolled, gone bad: its bundles' payloads are read."""
    sender = hostile.Sender(name)
    state.approve_install_key(world.advisor.db, sender.public, sender.install_id, name,
                              "policy")
    return sender


def rejected(world, folder: str) -> list[str]:
    where = world.shared[folder] / "rejected"
    return sorted(p.name for p in where.iterdir()) if where.exists() else []


def keys_of(world, context) -> set[str]:
    return {row["public_key"] for row in context.db.query("SELECT public_key FROM "
                                                         "trusted_keys")}


# ------------------------------------------------------- 1. one file stops sync forever
@pytest.mark.parametrize("kind, depth", [("reports", 100_000), ("acknowledgements", 5_000)])
def test_a_payload_nested_deep_is_set_aside_and_the_pass_goes_on(world, kind, depth):
    stranger = enrolled(world)
    to = advisor_public(world) if kind == "reports" else None
    bad = drop(world, "upward", hostile.file_name(kind, stranger, 1),
               hostile.deep_nesting(stranger, depth, kind=kind, to=to))
    real_report_bundle(world)
    result = world.sync(world.advisor)
    assert result.received == 1
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    assert not bad.exists() and bad.name in rejected(world, "upward")
    reason = (world.shared["upward"] / "rejected" / (bad.name + ".reason.txt")).read_text()
    assert "record 1 cannot be used: it is nested more than" in reason
    assert world.sync(world.advisor).problems == []  # and the next pass is clean


def test_a_sequence_beyond_sqlite_is_refused_before_any_key_is_trusted(world):
    stranger = hostile.Sender()
    bad = drop(world, "upward", hostile.file_name("acknowledgements", stranger, 1),
               hostile.huge_sequence(stranger))
    real_report_bundle(world)
    result = world.sync(world.advisor)
    assert result.received == 1 and result.rejected == 1, result.problems
    assert any("'sequence' is a number too large to keep" in p for p in result.problems)
    assert not bad.exists()
    assert stranger.public not in keys_of(world, world.advisor)
    assert count(world.advisor, "SELECT count(*) FROM acknowledgements") == 0


def test_news_and_packs_that_break_the_reader_do_not_stop_a_ward_pc(world):
    me = install_id(world.front.db)
    advisor = hostile.Sender("advisor", install_id(world.advisor.db),
                             keys.install_signing_key(world.advisor.paths.keys))
    news = drop(world, "downward", hostile.file_name("receipts", advisor, 7, to=me),
                hostile.deep_nesting(advisor, kind="receipts", sequence=7,
                                     extra={"to": me}))
    committee = hostile.Sender("committee")
    state.trust(world.front.db, committee.public, "committee", "policy")
    pack = drop(world, "protocols", hostile.file_name("protocol-pack", committee, 1),
                hostile.deep_nesting(committee, kind="protocol-pack",
                                     extra={"pack_version": "2027.1", "protocols": []}))
    report = world.report()
    world.sync(world.front)
    world.sync(world.advisor)           # the advisor's real receipt for the report
    result = world.sync(world.front)
    assert result.received == 1
    assert world.front.db.query_one("SELECT status FROM reports WHERE id = ?",
                                    (report.id,))["status"] == "case_open"
    assert not news.exists() and not pack.exists()
    assert news.name in rejected(world, "downward")
    assert pack.name in rejected(world, "protocols")


# ------------------------------------------------------ 2. real reports lost by name
def test_a_half_copied_bundle_waits_and_is_imported_once_complete(world):
    path = real_report_bundle(world)
    whole = path.read_bytes()
    path.write_bytes(hostile.half_copied(whole))
    first = world.sync(world.advisor)
    assert first.received == 0 and first.rejected == 0
    assert path.exists() and rejected(world, "upward") == []
    assert any("Not imported yet" in p and path.name in p for p in first.problems)
    path.write_bytes(whole)             # the copy completes under the same name
    second = world.sync(world.advisor)
    assert second.received == 1
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    assert not [p for p in second.problems if "missing since" in p]


def test_junk_under_the_next_name_never_loses_the_real_bundle(world):
    real_report_bundle(world)
    assert world.sync(world.advisor).received == 1
    me = install_id(world.front.db)
    junk = drop(world, "upward", f"reports_{me}_00000002.zip", hostile.junk())
    world.report()
    blocked = world.sync(world.front)   # its next name is taken: the bundle waits
    assert any("reports_" in p and "tried again" in p for p in blocked.problems)
    later = engine.sync_once(world.advisor.db, world.setup(world.advisor), now=NOW)
    assert junk.exists() and later.rejected == 0     # it might still be arriving
    settled = engine.sync_once(world.advisor.db, world.setup(world.advisor),
                               now=NOW + dt.timedelta(hours=2))
    assert settled.rejected == 1 and not junk.exists()
    assert any("stayed so since" in p for p in settled.problems)
    assert world.sync(world.front).sent == 1         # the name is free again
    assert world.sync(world.advisor).received == 1
    assert count(world.advisor, "SELECT count(*) FROM reports") == 2


# ----------------------------------------------------------- 3. memory before trust
LIMIT = textwrap.dedent("""
    import resource, runpy, sys
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
    sys.argv = ["commonground"] + sys.argv[1:]
    try:
        runpy.run_module("commonground", run_name="__main__")
    finally:
        # VmHWM: this program's own high-water mark (ru_maxrss can include the parent's
        # size at the fork that started it).
        try:
            status = open("/proc/self/status").read()
            peak = int(status.split("VmHWM:")[1].split()[0]) // 1024
        except (OSError, IndexError):
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"peak {peak} MB", file=sys.stderr)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_a_10_mb_hostile_file_takes_no_more_memory_than_the_caps(tmp_path):
    """Once: 6.5 GB. The file is junk prepended to a 500 MB bomb of tiny records."""
    stranger = hostile.Sender()
    path = tmp_path / hostile.file_name("acknowledgements", stranger, 1)
    path.write_bytes(hostile.prepended_junk(hostile.compression_bomb(stranger)))
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"role": "advisor"}))
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    done = subprocess.run([sys.executable, "-c", LIMIT, "--data-dir", str(tmp_path / "hub"),
                           "--policy", str(policy), "import", str(path)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "Rejected" in done.stdout and "bytes before, between or after" in done.stdout
    peak = int(done.stderr.rsplit("peak ", 1)[1].split()[0])
    assert peak < 150, f"{peak} MB"


# ------------------------------------------------- 5. NaN, Infinity, over-long text
def test_nan_and_infinity_never_reach_the_database(world):
    stranger = enrolled(world)
    drop(world, "upward", hostile.file_name("reports", stranger, 1),
         hostile.nan_and_infinity(stranger, advisor_public(world)))
    result = world.sync(world.advisor)
    assert result.received == 0 and result.rejected == 1
    assert any("NaN, which is not a number JSON allows" in p for p in result.problems)
    assert count(world.advisor, "SELECT count(*) FROM reports") == 0


def test_records_with_nan_are_refused_where_they_are_written(world):
    record = hostile.report(hostile.report_data(harm_grade=float("nan")))
    with pytest.raises(ValueError):
        incoming.import_reports(world.advisor.db, [record], "a-ward-pc", "advisor", NOW)
    assert count(world.advisor, "SELECT count(*) FROM reports") == 0
    assert count(world.advisor, "SELECT count(*) FROM reports WHERE NOT json_valid(data)") == 0


def test_a_100000_character_account_is_refused_with_its_reason(world):
    stranger = enrolled(world)
    path = drop(world, "upward", hostile.file_name("reports", stranger, 1),
                hostile.over_long_text(stranger, advisor_public(world)))
    result = world.sync(world.advisor)
    assert result.rejected == 1
    [problem] = [p for p in result.problems if path.name in p]
    assert "'data.narrative' is 100,000 characters long; at most 20,000 are allowed" in problem
    assert count(world.advisor, "SELECT count(*) FROM reports") == 0


def test_a_field_longer_than_its_form_allows_is_refused_by_its_name(world):
    stranger = enrolled(world)
    data = hostile.report_data(reporter_name="N" * 5000)
    drop(world, "upward", hostile.file_name("reports", stranger, 1),
         hostile.bundle("reports", hostile.lines([hostile.report(data)]), stranger,
                        to=advisor_public(world)))
    result = world.sync(world.advisor)
    assert any("'Reporter's name' is 5,000 characters long; at most 120 are allowed" in p
               for p in result.problems), result.problems


# --------------------------------------------------- a killed sync leaves no .partial
SLOW_SYNC = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from commonground import syncing
    from commonground.context import AppContext
    from commonground.core.storage import atomic
    from commonground.core.sync import bundle
    from commonground.policy import parse_policy

    real = atomic.atomic_writer

    class Stuck:
        def __init__(self, target):
            self.inner = real(target)
        def __enter__(self):
            handle = self.inner.__enter__()
            class Half:
                def write(_self, data):
                    handle.write(data[: len(data) // 2])
                    handle.flush()
                    print("writing", flush=True)
                    time.sleep(600)
            return Half()
        def __exit__(self, *exc):
            return self.inner.__exit__(*exc)

    bundle.atomic_writer = Stuck
    context = AppContext.open(Path(sys.argv[1]), policy=parse_policy(sys.argv[2]))
    syncing.run(context)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_a_sync_killed_mid_write_leaves_no_partial_file_for_good(world):
    world.report()
    policy = json.dumps({**world.policy, "role": "frontline"})
    world.front.close()
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    child = subprocess.Popen([sys.executable, "-c", SLOW_SYNC, str(world.root / "front"),
                              policy], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    left = [p.name for p in world.shared["upward"].iterdir()]
    assert len(left) == 1 and left[0].endswith(".partial")
    world.front = world._open("front", "frontline")
    result = world.sync(world.front)
    assert result.sent == 1
    names = sorted(p.name for p in world.shared["upward"].iterdir())
    assert len(names) == 1 and names[0].endswith(".zip") and not names[0].startswith(".")
    assert world.sync(world.advisor).received == 1


def test_another_computers_partial_file_is_left_alone(world):
    other = world.shared["upward"] / f".reports_{hostile.Sender().install_id}_00000001.zip." \
                                     "0a1b2c3d.partial"
    other.write_bytes(b"half")
    world.report()
    world.sync(world.front)
    assert other.exists()


# ------------------------------------------- disk full or a read-only data folder
def fill_disk(conn) -> None:
    """Make the database's disk full: no more pages, and none of them with room left."""
    import sqlite3
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 8}")
    number = 0
    for size in (2000, 400, 80, 16, 1):
        while True:
            number += 1
            try:
                conn.execute("INSERT INTO settings(key, value) VALUES (?, ?)",
                             (f"filler:{number}", "x" * size))
            except sqlite3.OperationalError as exc:
                assert "full" in str(exc)
                break


def empty_disk(conn) -> None:
    conn.execute("DELETE FROM settings WHERE key LIKE 'filler:%'")
    conn.execute("PRAGMA max_page_count = 1073741823")


@pytest.mark.parametrize("pragma, words", [
    ("max_page_count", "disk holding Common Ground's data is full"),
    ("query_only", "data folder is read-only"),
])
def test_a_full_or_read_only_data_disk_stops_sync_with_one_sentence_and_loses_nothing(
        world, pragma, words):
    report = world.report()
    setup = world.setup(world.front)
    conn = world.front.db.conn
    if pragma == "max_page_count":
        fill_disk(conn)
    else:
        conn.execute("PRAGMA query_only = 1")
    with pytest.raises(engine.SyncStopped) as stopped:
        engine.sync_once(world.front.db, setup)
    assert words in str(stopped.value) and "\n" not in str(stopped.value)
    assert "Nothing waiting to go was lost" in str(stopped.value)
    if pragma == "max_page_count":
        empty_disk(conn)
    else:
        conn.execute("PRAGMA query_only = 0")
    world.sync(world.front)
    assert world.sync(world.advisor).received == 1
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    assert world.front.db.query_one("SELECT status FROM reports WHERE id = ?",
                                    (report.id,))["status"] == "sent"
    assert world.front.db.integrity_check() == []


def test_a_full_disk_while_importing_leaves_the_file_for_the_next_pass(world):
    path = real_report_bundle(world)
    setup = world.setup(world.advisor)
    conn = world.advisor.db.conn
    fill_disk(conn)
    with pytest.raises(engine.SyncStopped):
        engine.sync_once(world.advisor.db, setup)
    assert path.exists() and rejected(world, "upward") == []
    empty_disk(conn)
    assert world.sync(world.advisor).received == 1


# ------------------------------------------------------------ huge gaps cost nothing
def test_a_far_ahead_sequence_number_is_a_short_gap_message(world):
    sender = enrolled(world)
    drop(world, "upward", hostile.file_name("acknowledgements", sender, 2 ** 62),
         hostile.bundle("acknowledgements", hostile.lines([hostile.ack()]), sender,
                        sequence=2 ** 62))
    result = world.sync(world.advisor)
    assert result.received == 1
    [gap] = [p for p in result.problems if "missing since" in p]
    assert "acknowledgements bundles 1, 2, 3, 4, 5 and more missing" in gap


def test_the_file_is_read_again_only_when_it_changes(world, monkeypatch):
    real_report_bundle(world)
    assert world.sync(world.advisor).received == 1
    from commonground.core.sync import reader
    opened = []
    real_open = reader.open_envelope
    monkeypatch.setattr(reader, "open_envelope",
                        lambda *a, **k: opened.append(1) or real_open(*a, **k))
    world.sync(world.advisor)
    assert opened == []


# ------------------------------------------------------------- the whole corpus
@pytest.mark.parametrize("case", sorted(hostile.corpus()))
@pytest.mark.parametrize("sender", ["enrolled", "stranger"])
def test_no_file_of_the_hostile_corpus_stops_starves_or_half_imports(world, case, sender):
    """Each hostile file beside a real report: the report arrives, nothing of the file does,
    no key is learnt from it, and the file is set aside or waits with its reason. Signed by
    an enrolled PC gone bad, its payload is read (and refused); by a stranger, it waits
    unread."""
    signer = enrolled(world) if sender == "enrolled" else hostile.Sender()
    bad = drop(world, "upward", f"reports_{signer.install_id}_00000001.zip",
               hostile.corpus(sender=signer)[case](advisor_public(world)))
    real_report_bundle(world)
    result = world.sync(world.advisor)
    assert result.received == 1
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    assert count(world.advisor, "SELECT count(*) FROM acknowledgements") == 0
    learnt = world.advisor.db.query("SELECT install_id FROM trusted_keys WHERE purpose = "
                                    "'install'")
    expected = {install_id(world.front.db)} | ({signer.install_id} if sender == "enrolled"
                                               else set())
    assert {row["install_id"] for row in learnt} == expected
    [row] = world.advisor.db.query("SELECT status, reason FROM inbox WHERE file_name = ?",
                                   (bad.name,))
    assert row["status"] in ("rejected", "waiting") and row["reason"]
    assert (row["status"] == "rejected") == (not bad.exists())


def test_after_the_upgrade_files_already_imported_are_read_once_more_and_noted(
        world, monkeypatch, tmp_path):
    """Step 10 adds size and time to the inbox; rows from before have neither. The next pass
    reads each file once more, finds it already imported, and then leaves it be."""
    import sqlite3

    from commonground.core.storage.db import Database
    from commonground.core.storage.migrations import MIGRATIONS

    saved = tmp_path / "v9.sqlite3"
    old = Database(sqlite3.connect(str(saved), isolation_level=None), saved)
    old.migrate(target=9)
    assert "size" not in {row[1] for row in old.query("PRAGMA table_info(inbox)")}
    old.conn.close()
    upgraded = Database.open(saved, backup_dir=tmp_path / "backups")
    assert upgraded.user_version() == MIGRATIONS[-1].version >= 10
    assert {"size", "mtime_ns"} <= {row[1] for row in upgraded.query("PRAGMA table_info(inbox)")}
    upgraded.close()

    real_report_bundle(world)
    assert world.sync(world.advisor).received == 1
    with world.advisor.db.transaction() as conn:   # as the upgrade leaves earlier rows
        conn.execute("UPDATE inbox SET size = NULL, mtime_ns = NULL")
    again = world.sync(world.advisor)
    assert (again.received, again.rejected, again.problems) == (0, 0, [])
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    from commonground.core.sync import reader
    opened = []
    real_open = reader.open_envelope
    monkeypatch.setattr(reader, "open_envelope",
                        lambda *a, **k: opened.append(1) or real_open(*a, **k))
    world.sync(world.advisor)
    assert opened == []


def test_a_file_this_computer_may_not_open_waits_and_is_never_moved(world, monkeypatch):
    """Locked here (another program, no permission) is not the file's fault: others on the
    share may read it, so it is never set aside for it, however long it stays locked."""
    import builtins

    path = real_report_bundle(world)
    real_open = builtins.open

    def locked(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", locked)
    for hours in (0, 2, 30):
        result = engine.sync_once(world.advisor.db, world.setup(world.advisor),
                                  now=NOW + dt.timedelta(hours=hours))
        assert result.rejected == 0 and path.exists()
        assert any("cannot be read here yet (Permission denied)" in p for p in result.problems)
    monkeypatch.setattr(builtins, "open", real_open)
    assert world.sync(world.advisor).received == 1


def test_a_data_folder_that_refuses_writes_stops_sync_with_one_sentence(world, monkeypatch):
    from commonground import syncing
    from commonground.core.sync import keys as keys_module

    def refused(folder):
        raise PermissionError(13, "Permission denied", str(folder))
    monkeypatch.setattr(keys_module, "install_signing_key", refused)
    with pytest.raises(engine.SyncStopped, match="data folder is read-only"):
        syncing.run(world.front)
