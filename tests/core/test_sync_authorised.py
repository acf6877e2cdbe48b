"""Each key does only its own job: a ward PC may add to its own reports only, reports travel
only encrypted to the advisor, news only from the advisor hub's key, packs only from the
committee's (hostile bundles from tests/hostile.py, through the real engine)."""

from __future__ import annotations

import json

import pytest

from commonground.core.install import install_id
from commonground.core.sync import keys, state
from tests import hostile
from tests.core.test_sync import count
from tests.core.test_sync_hostile import advisor_public, drop, rejected


def enrolled_other_pc(world, name: str = "Other ward PC") -> hostile.Sender:
    """Another ward PC the advisor trusts: a real key, but not the one that sent the
    report."""
    other = hostile.Sender(name)
    state.trust(world.advisor.db, other.public, "install", "policy", name=name,
                install_id=other.install_id)
    return other


def received_report(world) -> str:
    report = world.report()
    world.sync(world.front)
    world.sync(world.advisor)
    return report.uuid


@pytest.mark.parametrize("make, what", [
    (hostile.forged_addendum, "addendum"), (hostile.forged_outcome, "outcome"),
    (hostile.forged_aid, "aid")])
def test_an_addition_to_another_pcs_report_is_refused_with_its_reason(world, make, what):
    uuid = received_report(world)
    other = enrolled_other_pc(world)
    bad = drop(world, "upward", hostile.file_name("reports", other, 1),
               make(other, advisor_public(world), uuid))
    result = world.sync(world.advisor)
    assert result.received == 0 and result.rejected == 1
    assert count(world.advisor, f"SELECT count(*) FROM report_events WHERE kind = '{what}'") \
        == 0
    assert bad.name in rejected(world, "upward")
    reason = (world.shared["upward"] / "rejected" / (bad.name + ".reason.txt")).read_text()
    said = {"aid": "a decision-aid answer"}.get(what, f"an {what}")
    assert f"{said} arrived for a report sent by another computer" in reason


def test_the_pc_that_sent_the_report_may_add_to_it(world):
    uuid = received_report(world)
    me = hostile.Sender("ward", install_id(world.front.db),
                        keys.install_signing_key(world.front.paths.keys))
    drop(world, "upward", hostile.file_name("reports", me, 2),
         hostile.bundle("reports", hostile.lines([hostile.addendum(uuid, "More detail.")]), me,
                        sequence=2, to=advisor_public(world)))
    assert world.sync(world.advisor).received == 1
    [row] = world.advisor.db.query("SELECT detail FROM report_events WHERE kind = 'addendum'")
    assert json.loads(row["detail"])["text"] == "More detail."


def test_a_report_bundle_in_clear_is_refused_and_opens_no_case(world):
    other = enrolled_other_pc(world)
    bad = drop(world, "upward", hostile.file_name("reports", other, 1),
               hostile.reports_in_clear(other))
    result = world.sync(world.advisor)
    assert result.received == 0 and result.rejected == 1
    assert any("is always encrypted, and this one is not" in p for p in result.problems)
    assert count(world.advisor, "SELECT count(*) FROM reports") == 0
    assert count(world.advisor, "SELECT count(*) FROM cases") == 0
    assert bad.name in rejected(world, "upward")


def test_news_signed_by_a_ward_pcs_key_is_not_imported(world):
    """A ward PC's key, trusted on the advisor hub for its own reports, is not the advisor's
    key anywhere."""
    report = world.report()
    world.sync(world.front)
    world.sync(world.advisor)
    other = enrolled_other_pc(world)
    state.trust(world.front.db, other.public, "install", "policy", name=other.name,
                install_id=other.install_id)
    me = install_id(world.front.db)
    news = hostile.lines([{"type": "message", "report_uuid": report.uuid, "uuid": "m-1",
                           "at": "2026-11-21T08:00:00", "text": "Case closed, no action."}])
    drop(world, "downward", hostile.file_name("receipts", other, 1, to=me),
         hostile.bundle("receipts", news, other, extra={"to": me}))
    result = world.sync(world.front)
    assert any("not the advisor's key this computer trusts" in p for p in result.problems)
    assert count(world.front, "SELECT count(*) FROM report_messages WHERE text LIKE "
                              "'Case closed%'") == 0


def test_a_pack_signed_by_the_advisor_hub_is_not_imported(world):
    advisor = hostile.Sender("advisor", install_id(world.advisor.db),
                             keys.install_signing_key(world.advisor.paths.keys))
    drop(world, "protocols", hostile.file_name("protocol-pack", advisor, 1),
         hostile.bundle("protocol-pack", b"", advisor,
                        extra={"pack_version": "2099.1", "protocols": []}))
    result = world.sync(world.front)
    assert any("not the committee's key this computer trusts" in p for p in result.problems)
    assert count(world.front, "SELECT count(*) FROM inbox WHERE status = 'imported'") == 0


def test_a_replaced_pc_linked_by_the_advisor_may_add_to_the_old_pcs_reports(world):
    uuid = received_report(world)
    new = enrolled_other_pc(world, "Cedar Ward PC (replaced)")
    first = drop(world, "upward", hostile.file_name("reports", new, 1),
                 hostile.forged_addendum(new, advisor_public(world), uuid))
    assert world.sync(world.advisor).rejected == 1
    assert first.name in rejected(world, "upward")
    state.link_install(world.advisor.db, new.install_id, install_id(world.front.db),
                       by="Advisor")
    drop(world, "upward", hostile.file_name("reports", new, 2),
         hostile.bundle("reports", hostile.lines([hostile.addendum(uuid, "Still here.", 2)]),
                        new, sequence=2, to=advisor_public(world)))
    assert world.sync(world.advisor).received == 1
    [row] = world.advisor.db.query("SELECT detail FROM report_events WHERE kind = 'addendum'")
    assert json.loads(row["detail"])["text"] == "Still here."


def test_step_13_marks_keys_trusted_on_first_use_as_kept_at_upgrade(tmp_path):
    import sqlite3

    from commonground.core.storage.db import Database

    path = tmp_path / "v12.sqlite3"
    old = Database(sqlite3.connect(str(path), isolation_level=None), path)
    old.migrate(target=12)
    with old.transaction() as conn:
        for mark, purpose, source in (("aaaa", "install", "first use"),
                                      ("bbbb", "advisor", "policy"),
                                      ("cccc", "install", "policy")):
            conn.execute("INSERT INTO trusted_keys(fingerprint, public_key, purpose, "
                         "install_id, source, first_seen) VALUES (?, 'k', ?, 'i', ?, "
                         "'2026-01-01T00:00:00')", (mark, purpose, source))
    old.conn.close()
    upgraded = Database.open(path, backup_dir=tmp_path / "backups")
    try:
        rows = upgraded.query("SELECT fingerprint, source FROM trusted_keys ORDER BY 1")
        assert [tuple(r) for r in rows] == [("aaaa", "upgrade"), ("bbbb", "policy"),
                                            ("cccc", "policy")]
        assert upgraded.query("SELECT * FROM install_links") == []
    finally:
        upgraded.close()


def test_a_nurses_name_never_crosses_the_share_in_clear(world):
    from commonground.core.protocols import acknowledgements

    acknowledgements.acknowledge(world.front.db, "s136-place-of-safety", "1.0",
                                 "Zeb Quillfeather", site="Riverside Hospital")
    world.sync(world.front)
    [sent] = [p for p in world.files("upward") if p.name.startswith("acknowledgements_")]
    import zipfile
    with zipfile.ZipFile(sent) as archive:           # unpacked, as anyone on the share can
        assert archive.namelist()[1] == "payload.jsonl.enc"
        assert not any(b"Quillfeather" in archive.read(name) for name in archive.namelist())
    assert world.sync(world.advisor).received == 1
    # The hub has the confirmation, and no name: the ward PC keeps it for its reader.
    assert [r["name"] for r in world.advisor.db.query("SELECT name FROM acknowledgements")] \
        == [""]


def test_an_older_ward_pcs_acknowledgements_in_clear_are_still_taken(world):
    other = enrolled_other_pc(world)
    drop(world, "upward", hostile.file_name("acknowledgements", other, 1),
         hostile.bundle("acknowledgements", hostile.lines([hostile.ack()]), other))
    assert world.sync(world.advisor).received == 1
    assert count(world.advisor, "SELECT count(*) FROM acknowledgements") == 1
