"""What the Sync screen lists and what it lets a person trust, decided by the inbox's codes,
never by the wording of a reason (which changes, and once let a bundle refused for a wrong
record count pass as "waiting for a key")."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from commonground.core.storage.db import Database
from commonground.core.sync import state, trust
from commonground.policy import parse_policy
from tests.core.test_sync import World

NOW = dt.datetime(2026, 11, 20, 10, 0)


@pytest.fixture
def world(tmp_path):
    """A committee whose site policy does not name the advisor hub's signing key."""
    made = World(tmp_path)
    made.committee.policy = parse_policy(json.dumps(
        {**made.policy, "keys": {}, "role": "committee"}))
    yield made
    made.close()


def waiting_bundle(world) -> dict:
    world.report()
    world.sync(world.front)
    world.sync(world.advisor)             # the report in; de-identified figures out
    result = world.sync(world.committee)
    assert any("not the advisor's key this computer trusts" in p for p in result.problems)
    [entry] = [e for e in state.not_imported(world.committee.db)
               if e["kind"] == "deidentified"]
    return entry


def test_a_bundle_waiting_for_its_senders_key_is_trusted_and_then_imported(world):
    entry = waiting_bundle(world)
    assert (entry["status"], entry["code"]) == ("waiting", state.UNTRUSTED_SIGNER)
    db = world.committee.db
    answer = trust.accept_sender(db, world.committee.policy.folders, entry["id"], now=NOW)
    assert answer.status == trust.TRUSTED
    assert answer.message == f"Trusted the advisor key {entry['signer']}. Syncing again."
    [key] = [k for k in state.all_keys(db) if k["purpose"] == "advisor"]
    assert key["source"] == "accepted" and not key["blocked"]
    assert world.sync(world.committee).received == 1
    assert db.query_one("SELECT count(*) FROM deid_incidents")[0] == 1
    assert [e for e in state.not_imported(db) if e["kind"] == "deidentified"] == []


def test_a_bundle_refused_for_anything_else_cannot_be_trusted_from_the_screen(world):
    db = world.committee.db
    with db.transaction() as conn:
        # The words say "not the", as the old screen looked for; the code says why.
        state.record_inbox(conn, file_name="deidentified_x.zip", folder="committee",
                           sha256="0" * 64, status="rejected",
                           reason="it holds 3 records, not the 4 its manifest says",
                           manifest={"kind": "deidentified", "source": {}}, now=NOW)
    [entry] = state.not_imported(db)
    answer = trust.accept_sender(db, world.committee.policy.folders, entry["id"], now=NOW)
    assert answer.status == trust.NOT_WAITING_FOR_A_KEY
    assert answer.message == ("Only a bundle waiting for an unknown sender's key can be "
                              "trusted from here.")
    assert trust.accept_sender(db, {}, 12345).status == trust.NOT_WAITING_FOR_A_KEY
    assert [k for k in state.all_keys(db) if k["purpose"] == "advisor"] == []


def test_a_bundle_gone_since_or_a_folder_no_longer_set_trusts_nothing(world):
    entry = waiting_bundle(world)
    db = world.committee.db
    assert trust.accept_sender(db, {}, entry["id"]).status == trust.NO_FOLDER
    for path in world.files("committee"):
        path.write_bytes(b"PK\x03\x04 not a bundle any more")
    answer = trust.accept_sender(db, world.committee.policy.folders, entry["id"])
    assert (answer.status, answer.message) == (
        trust.UNREADABLE, "That bundle can no longer be read; nothing was trusted.")
    assert [k for k in state.all_keys(db) if k["purpose"] == "advisor"] == []


def test_a_bundle_imported_before_is_noted_but_not_listed(world):
    db = world.committee.db
    with db.transaction() as conn:
        for status, reason, code in (
                ("skipped", "bundle 3 from this sender was already imported", state.DUPLICATE),
                ("skipped", "it is addressed to another computer", ""),
                ("waiting", "it is cut short", ""),
                ("imported", "", "")):
            state.record_inbox(conn, file_name=f"{reason[:10]}.zip", folder="committee",
                               sha256="0" * 64, status=status, reason=reason, manifest=None,
                               now=NOW, code=code)
    assert [e["reason"] for e in state.not_imported(db)] == [
        "it is cut short", "it is addressed to another computer"]
    assert [r["file_name"] for r in state.received_recently(db)] == [".zip"]


def test_step_11_gives_files_noted_before_it_their_codes(tmp_path):
    path = tmp_path / "v10.sqlite3"
    old = Database(sqlite3.connect(str(path), isolation_level=None), path)
    old.migrate(target=10)
    rows = (("skipped", "already imported"),
            ("skipped", "bundle 7 from this sender was already imported"),
            ("skipped", "it is addressed to another computer"),
            ("waiting", "it is signed by Hub with key ab:cd, which is not the advisor's key "
                        "this computer trusts. If that is right, IT adds it to the site policy "
                        "(or accept it in Sync)."),
            ("rejected", "it holds 3 records, not the 4 its manifest says"))
    with old.transaction() as conn:
        for status, reason in rows:
            conn.execute("INSERT INTO inbox(file_name, folder, sha256, seen_at, status, reason) "
                         "VALUES ('f.zip', 'committee', '', '2026-01-01T00:00:00', ?, ?)",
                         (status, reason))
    old.conn.close()
    upgraded = Database.open(path, backup_dir=tmp_path / "backups")
    try:
        codes = [row["code"] for row in upgraded.query("SELECT code FROM inbox ORDER BY id")]
        assert codes == [state.DUPLICATE, state.DUPLICATE, "", state.UNTRUSTED_SIGNER, ""]
        assert [e["reason"][:10] for e in state.not_imported(upgraded)] == [
            "it holds 3", "it is sign", "it is addr"]
    finally:
        upgraded.close()


def test_showing_this_computers_key_makes_none(tmp_path):
    from commonground.core.sync import keys

    folder = tmp_path / "keys"
    assert keys.install_fingerprint(folder) is None
    assert not folder.exists()                     # looking made no private key file
    made = keys.install_signing_key(folder)
    assert keys.install_fingerprint(folder) == keys.fingerprint(keys.raw_public(
        made.public_key()))


def test_on_a_ward_pc_no_one_trusts_news_or_packs_from_the_screen(tmp_path):
    """News and packs on a ward PC come only from the keys in its site policy: a forged
    "your case is closed" cannot be let in with a click."""
    made = World(tmp_path)
    try:
        made.front.policy = parse_policy(json.dumps(
            {**made.policy, "keys": {k: v for k, v in made.policy["keys"].items()
                                     if k != "advisor_signing"}, "role": "frontline"}))
        made.report()
        made.sync(made.front)
        made.sync(made.advisor)
        made.sync(made.front)
        [entry] = [e for e in state.not_imported(made.front.db) if e["kind"] == "receipts"]
        assert entry["code"] == state.UNTRUSTED_SIGNER
        answer = trust.accept_sender(made.front.db, made.front.policy.folders, entry["id"],
                                     now=NOW, role="frontline")
        assert answer.status == trust.POLICY_ONLY
        assert "ask IT to add it to the site policy" in answer.message
        assert [k for k in state.all_keys(made.front.db) if k["purpose"] == "advisor"] == []
    finally:
        made.close()
