"""Enrolment instead of trust on first use: a ward PC's key is trusted only once IT lists it
in the advisor hub's site policy or the advisor approves it after comparing fingerprints;
until then its bundles wait, are listed, and pin nothing (hostile senders from
tests/hostile.py, through the real engine)."""

from __future__ import annotations

import pytest

from commonground.core.install import install_id
from commonground.core.sync import keys, state, trust
from tests import hostile
from tests.core.test_sync import World, count
from tests.core.test_sync_hostile import drop


@pytest.fixture
def world(tmp_path):
    """The ward PC is not in the advisor hub's site policy."""
    made = World(tmp_path, enrol_front=False)
    yield made
    made.close()


def front_mark(world) -> str:
    return keys.install_fingerprint(world.front.paths.keys)


def install_keys(world) -> list[dict]:
    return world.advisor.db.query("SELECT install_id, fingerprint, source, blocked FROM "
                                  "trusted_keys WHERE purpose = 'install'")


def approve_front(world, mark: str | None = None) -> trust.Answer:
    return trust.approve_pc(world.advisor.db, world.advisor.policy.folders,
                            install_id(world.front.db), mark or front_mark(world), by="Advisor")


def test_a_pc_not_enrolled_waits_is_listed_and_pins_nothing(world):
    world.report()
    world.sync(world.front)
    result = world.sync(world.advisor)
    assert result.received == 0 and result.rejected == 0
    assert any("a computer not enrolled here" in p and front_mark(world) in p
               for p in result.problems), result.problems
    assert count(world.advisor, "SELECT count(*) FROM reports") == 0
    assert install_keys(world) == []
    [pending] = state.pending_keys(world.advisor.db)
    assert (pending["install_id"], pending["fingerprint"], pending["bundles"]) == (
        install_id(world.front.db), front_mark(world), 1)
    assert world.files("upward")  # it stays in the shared folder, unread


def test_approved_after_comparing_fingerprints_its_bundles_are_imported(world):
    world.report()
    world.sync(world.front)
    world.sync(world.advisor)
    answer = approve_front(world)
    assert answer.status == trust.APPROVED, answer.message
    assert world.sync(world.advisor).received == 1
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    [row] = install_keys(world)
    assert (row["fingerprint"], row["source"], row["blocked"]) == (
        front_mark(world), "approved by Advisor", 0)
    assert state.pending_keys(world.advisor.db) == []


def test_a_fingerprint_that_does_not_match_approves_nothing(world):
    world.report()
    world.sync(world.front)
    world.sync(world.advisor)
    answer = approve_front(world, "0000 1111 2222 3333 4444")
    assert answer.status == trust.NOT_PENDING
    assert install_keys(world) == []
    assert world.sync(world.advisor).received == 0


def test_whoever_writes_first_under_a_pcs_install_id_does_not_take_it_over(world):
    """Identity hijack: a stranger's bundle under the ward PC's install id arrives first."""
    me = install_id(world.front.db)
    thief = hostile.Sender("Cedar Ward PC", install_id=me)
    drop(world, "upward", hostile.file_name("acknowledgements", thief, 1),
         hostile.bundle("acknowledgements", hostile.lines([hostile.ack()]), thief))
    assert world.sync(world.advisor).received == 0
    assert install_keys(world) == []                  # nothing pinned
    world.report()
    world.sync(world.front)                           # then the real PC sends
    world.sync(world.advisor)
    pending = {(p["install_id"], p["fingerprint"]) for p in
               state.pending_keys(world.advisor.db)}
    assert pending == {(me, front_mark(world)),
                       (me, hostile.fingerprint(hostile.raw(thief.key.public_key())))}
    assert approve_front(world).status == trust.APPROVED   # the one This computer shows
    result = world.sync(world.advisor)
    assert result.received == 1
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    assert count(world.advisor, "SELECT count(*) FROM acknowledgements") == 0
    assert any("signed by a different key than before" in p for p in result.problems)


def test_a_pc_listed_in_the_site_policy_is_taken_at_once(tmp_path):
    world = World(tmp_path)                           # enrolled by IT
    try:
        world.report()
        world.sync(world.front)
        assert world.sync(world.advisor).received == 1
        [row] = install_keys(world)
        assert (row["install_id"], row["source"]) == (install_id(world.front.db), "policy")
    finally:
        world.close()


def test_a_fingerprint_in_the_manifest_that_is_not_the_signers_is_refused(world):
    """The fingerprint is what a person compares: a bundle may not claim another's."""
    liar = hostile.Sender("Cedar Ward PC")
    manifest_mark = front_mark(world) or keys.fingerprint(keys.raw_public(
        keys.install_signing_key(world.front.paths.keys).public_key()))
    data = hostile.bundle("acknowledgements", hostile.lines([hostile.ack()]), liar,
                          extra={"source": {"install_id": liar.install_id, "name": liar.name,
                                            "key": liar.public,
                                            "fingerprint": manifest_mark}})
    drop(world, "upward", hostile.file_name("acknowledgements", liar, 1), data)
    result = world.sync(world.advisor)
    assert result.rejected == 1
    assert any("not that of the key that signed it" in p for p in result.problems)
    assert state.pending_keys(world.advisor.db) == []


def test_a_rotated_key_waits_for_approval_and_a_revoked_key_is_refused(world):
    world.report()
    world.sync(world.front)
    world.sync(world.advisor)
    approve_front(world)
    world.sync(world.advisor)
    old, old_key = front_mark(world), keys.install_signing_key(world.front.paths.keys)
    keys.rotate_install_key(world.front.paths.keys)
    new = front_mark(world)
    assert new != old
    world.report()
    world.sync(world.front)
    result = world.sync(world.advisor)
    assert result.received == 0
    assert any("signed by a different key than before" in p and new in p
               for p in result.problems)
    assert approve_front(world).status == trust.APPROVED
    assert world.sync(world.advisor).received == 1
    assert count(world.advisor, "SELECT count(*) FROM reports") == 2
    assert state.revoke(world.advisor.db, old)["fingerprint"] == old
    rows = {r["fingerprint"]: r["blocked"] for r in install_keys(world)}
    assert rows == {old: 1, new: 0}
    # A bundle still signed with the old key (a copy of the stolen PC's, say) is refused.
    thief = hostile.Sender("Cedar Ward PC", install_id(world.front.db), old_key)
    drop(world, "upward", hostile.file_name("acknowledgements", thief, 1),
         hostile.bundle("acknowledgements", hostile.lines([hostile.ack()]), thief))
    result = world.sync(world.advisor)
    assert result.rejected == 1
    assert any("has been revoked or replaced on this computer" in p for p in result.problems)
    assert count(world.advisor, "SELECT count(*) FROM acknowledgements") == 0


def test_a_revoked_pcs_bundles_are_refused_with_their_reason(tmp_path):
    world = World(tmp_path)
    try:
        world.report()
        world.sync(world.front)
        world.sync(world.advisor)
        state.revoke(world.advisor.db, front_mark(world))
        world.report()
        world.sync(world.front)
        result = world.sync(world.advisor)
        assert result.received == 0 and result.rejected == 1
        assert any("has been revoked or replaced on this computer" in p
                   for p in result.problems)
        assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    finally:
        world.close()


def test_keys_kept_from_first_use_still_take_bundles_after_the_upgrade(world):
    """Upgrade: a ward PC trusted on first use by the old version (step 13 marks it
    'upgrade') goes on sending, with the same bundle format, without being listed again."""
    state.trust(world.advisor.db, keys.b64(keys.raw_public(keys.install_signing_key(
        world.front.paths.keys).public_key())), "install", "upgrade", name="Cedar Ward PC",
        install_id=install_id(world.front.db))
    world.report()
    world.sync(world.front)
    assert world.sync(world.advisor).received == 1
    [row] = install_keys(world)
    assert row["source"] == "upgrade"
