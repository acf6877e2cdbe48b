"""Sync through folders, end to end: three installs, shared folders, nothing lost or forged."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground import syncing
from commonground.context import AppContext
from commonground.core import roles
from commonground.core.cases import actions as case_actions
from commonground.core.cases import workflow as cases
from commonground.core.install import install_id
from commonground.core.records import reports as incidents
from commonground.core.sync import bundle as bundles
from commonground.core.sync import engine, keys, receiving, state
from commonground.core.timeutil import now_local, parse_time
from commonground.policy import parse_policy
from tests import fuzzing
from tests.conftest import with_new_version
from tests.core.test_incidents import full_report

PASSPHRASE = "a long test passphrase"
SECRETS = ("punched me", "RX12345", "Sam Taylor", "12/3456/26", "HCA on shift", "Ward phone",
           "Work mobile", "PC 4521", "CAD 0412", "Bruised forearm")


class World:
    """A frontline PC, the advisor hub and the committee, with shared folders between them."""

    def __init__(self, root: Path, advisor_key_in_policy: bool = True,
                 enrol_front: bool = True):
        self.root = root
        self.shared = {name: root / "shared" / name
                       for name in ("upward", "downward", "committee", "protocols")}
        for folder in self.shared.values():
            folder.mkdir(parents=True)
        self.advisor = AppContext.open(root / "advisor")
        made = keys.create_role_key(self.advisor.paths.keys, "advisor", PASSPHRASE)
        signing = keys.install_signing_key(self.advisor.paths.keys)
        policy = {"folders": {k: str(v) for k, v in self.shared.items()},
                  "keys": {"advisor_signing": keys.b64(keys.raw_public(signing.public_key()))},
                  "site": "Riverside Hospital",
                  "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward"]}]}
        if advisor_key_in_policy:
            policy["keys"]["advisor_encryption"] = made.public
        self.policy = policy
        self.advisor.policy = parse_policy(json.dumps({**policy, "role": "advisor"}))
        roles.set_role(self.advisor.db, "advisor", "test", "test")
        self.front = self._open("front", "frontline")
        self.committee = self._open("committee", "committee")
        # IT enrols the ward PC with the advisor hub, as `commonground keys show` prints it.
        front_key = keys.install_signing_key(self.front.paths.keys)
        self.enrolled = [{"install_id": install_id(self.front.db),
                          "fingerprint": keys.fingerprint(keys.raw_public(
                              front_key.public_key())), "name": "Cedar Ward PC"}]
        self.advisor.policy = parse_policy(json.dumps(
            {**policy, "role": "advisor", "enrolled": self.enrolled if enrol_front else []}))
        self.advisor_private = keys.unlock_role_key(self.advisor.paths.keys, "advisor",
                                                    PASSPHRASE)

    def _open(self, name, role):
        context = AppContext.open(self.root / name,
                                  policy=parse_policy(json.dumps({**self.policy, "role": role})))
        roles.set_role(context.db, role, "test", "test")
        return context

    def setup(self, context, role=None):
        role = role or roles.current_role(context.db)
        private = self.advisor_private if role == "advisor" else None
        return syncing.setup_from_policy(context.db, context.paths, context.policy, role,
                                        advisor_private=private)

    def sync(self, context) -> engine.SyncResult:
        return engine.sync_once(context.db, self.setup(context))

    def report(self, **changes) -> incidents.Report:
        db = self.front.db
        draft = incidents.start_draft(db, "ward-pc")
        incidents.save_draft(db, draft.id, full_report(**changes), "ward-pc")
        return incidents.submit(db, draft.id, "ward-pc")

    def files(self, folder: str) -> list[Path]:
        return sorted(p for p in self.shared[folder].iterdir() if p.suffix == ".zip")

    def close(self) -> None:
        for context in (self.front, self.advisor, self.committee):
            context.close()



def count(context, sql):
    return context.db.query_one(sql)[0]


@pytest.mark.hazard("H-014")
def test_a_report_travels_up_encrypted_and_news_comes_back(world):
    report = world.report()
    first = world.sync(world.front)
    assert first.sent == 1 and not first.problems
    [sent] = world.files("upward")
    raw = sent.read_bytes()
    assert not any(secret.encode() in raw for secret in SECRETS)  # encrypted on the share
    assert incidents.get_report(world.front.db, report.id).status == "sent"

    at_advisor = world.sync(world.advisor)
    assert at_advisor.received == 1 and not at_advisor.problems
    [case_row] = world.advisor.db.query("SELECT * FROM cases")
    received = incidents.get_report(world.advisor.db, case_row["report_id"])
    assert received.reference == report.reference
    assert received.data["narrative"] == report.data["narrative"]

    case_actions.record_step(world.advisor.db, case_row["id"], "statements_taken",
                             status="done", by="Advisor",
                             done_on=parse_time(received.data["incident_at"]).date())
    world.sync(world.advisor)
    back = world.sync(world.front)
    assert back.received >= 1
    mine = incidents.get_report(world.front.db, report.id)
    assert mine.status == "case_open"
    news = [text for _at, text in cases.messages_for_report(world.front.db, report.id)]
    assert news[0] == "Received by the Trust's violence and prosecution advisor."
    assert "Police have taken statements." in news
    # After the receipt the shared ward PC keeps only what the policy allows.
    assert set(mine.data) == {"incident_at", "reported_at", "incident_types"}
    assert count(world.front, "SELECT count(*) FROM reports_fts WHERE reports_fts MATCH "
                              "'punched'") == 0


@pytest.mark.hazard("H-017")
def test_the_committee_gets_de_identified_records_with_no_identifier_in_any_byte(world):
    world.report()
    world.report(narrative="The visitor kicked the door hard and shouted at staff.",
                 perpetrator_kind="visitor", location="other", location_other="Room 12 by "
                                                                              "Sam's office")
    world.sync(world.front)
    world.sync(world.advisor)
    result = world.sync(world.committee)
    assert result.received == 1 and not result.problems
    assert count(world.committee, "SELECT count(*) FROM deid_incidents") == 2
    everything = b"".join(p.read_bytes() for p in world.files("committee"))
    everything += (world.committee.paths.database).read_bytes()
    for secret in SECRETS + ("Room 12", "kicked the door", "Sam's office"):
        assert secret.encode() not in everything, secret
    wards = {row["ward"] for row in world.committee.db.query("SELECT ward FROM deid_incidents")}
    assert wards == {"Cedar Ward", "Other"}


def test_an_acknowledgement_flows_up_to_the_advisor_and_on_to_the_committee(world):
    with world.front.db.transaction() as conn:
        conn.execute("INSERT INTO acknowledgements(uuid, protocol_id, version, name, at, site, "
                     "role, agency) VALUES ('a1b2', 's136-place-of-safety', '1.0', 'Sam T', "
                     "'2026-11-20T10:00:00', 'Riverside Hospital', 'nurse', 'health')")
    world.sync(world.front)
    world.sync(world.advisor)
    # The ward PC keeps its reader's name ("you confirmed this on ..."); the advisor hub
    # gets the role, agency, site and day, and no name; the committee gets a count by
    # protocol, site, role, agency and week.
    assert [tuple(r) for r in world.front.db.query("SELECT name FROM acknowledgements")] \
        == [("Sam T",)]
    assert [tuple(r) for r in world.advisor.db.query(
        "SELECT name, role, agency, site FROM acknowledgements")] \
        == [("", "nurse", "health", "Riverside Hospital")]
    hub = world.advisor.paths.database
    assert b"Sam T" not in hub.read_bytes() + hub.with_name(hub.name + "-wal").read_bytes()
    assert world.sync(world.committee).received == 1
    rows = world.committee.db.query("SELECT protocol_id, version, site, role, agency, week, "
                                    "count FROM deid_ack_weeks")
    assert [tuple(r) for r in rows] == [("s136-place-of-safety", "1.0", "Riverside Hospital",
                                         "nurse", "health", "2026-11-16", 1)]
    assert count(world.committee, "SELECT count(*) FROM acknowledgements") == 0
    everything = b"".join(p.read_bytes() for p in world.files("committee"))
    database = world.committee.paths.database
    everything += database.read_bytes() + database.with_name(database.name + "-wal").read_bytes()
    assert b"Sam T" not in everything


def test_an_older_ward_pcs_named_acknowledgement_reaches_the_hub_without_its_name(world):
    """A ward PC of the previous release sends the name and no role: the hub counts it as
    role not recorded and keeps no name; a count made before the upgrade keeps its row."""
    with world.front.db.transaction() as conn:
        conn.execute("INSERT INTO acknowledgements(uuid, protocol_id, version, name, at, site) "
                     "VALUES ('c3d4', 's136-place-of-safety', '1.0', 'Sam T', "
                     "'2026-11-20T10:00:00', 'Riverside Hospital')")
    world.sync(world.front)
    world.sync(world.advisor)
    assert [tuple(r) for r in world.advisor.db.query(
        "SELECT name, role, agency FROM acknowledgements")] == [("", "", "")]
    world.sync(world.committee)
    rows = world.committee.db.query("SELECT role, agency, count FROM deid_ack_weeks")
    assert [tuple(r) for r in rows] == [("", "", 1)]


def test_importing_the_same_bundle_twice_changes_nothing(world):
    world.report()
    world.sync(world.front)
    [original] = world.files("upward")
    copy = original.with_name(original.name.replace("00000001", "00000099"))
    shutil.copyfile(original, copy)  # a sync tool's duplicate, under another name
    world.sync(world.advisor)
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    assert count(world.advisor, "SELECT count(*) FROM inbox WHERE status = 'skipped'") == 1
    again = world.sync(world.advisor)
    assert again.received == 0 and count(world.advisor, "SELECT count(*) FROM reports") == 1


def test_a_missing_bundle_is_listed_as_a_gap(world):
    for _ in range(3):
        world.report()
        world.sync(world.front)
    files = world.files("upward")
    assert len(files) == 3
    files[1].unlink()  # lost by the transport
    result = world.sync(world.advisor)
    gaps = [p for p in result.problems if "missing since" in p]
    assert len(gaps) == 1 and "reports bundle 2 missing since" in gaps[0]
    assert count(world.advisor, "SELECT count(*) FROM reports") == 2


@pytest.mark.hazard("H-014")
def test_without_the_advisors_key_nothing_leaves_and_the_reason_is_given(tmp_path):
    world = World(tmp_path, advisor_key_in_policy=False)
    report = world.report()
    result = world.sync(world.front)
    assert world.files("upward") == []
    assert incidents.get_report(world.front.db, report.id).status == "queued"
    assert any("1 report waits for the advisor's key" in p and "ask IT" in p
               for p in result.problems)
    world.front.close()
    world.advisor.close()
    world.committee.close()


def test_an_unreachable_folder_keeps_the_bundle_queued_then_sends_it(world):
    report = world.report()
    upward = world.shared["upward"]
    upward.rename(upward.with_name("gone"))
    result = world.sync(world.front)
    assert any("missing or not reachable" in p for p in result.problems)
    assert len(state.waiting(world.front.db)) == 1
    assert incidents.get_report(world.front.db, report.id).status == "queued"
    upward.with_name("gone").rename(upward)
    world.sync(world.front)
    assert state.waiting(world.front.db) == []
    assert len(world.files("upward")) == 1


@pytest.mark.parametrize("error, words", [(errno.ENOSPC, "the disk is full"),
                                          (errno.EROFS, "read-only")])
def test_a_full_disk_or_read_only_share_leaves_nothing_half_written(world, monkeypatch,
                                                                     error, words):
    world.report()
    real_write = bundles.atomic_writer

    def failing(target):
        class Failing:
            def __enter__(self_inner):
                self_inner.inner = real_write(target)
                handle = self_inner.inner.__enter__()
                handle.write(b"partial")
                raise OSError(error, "simulated")

            def __exit__(self_inner, *exc):
                return self_inner.inner.__exit__(*exc)
        return Failing()
    monkeypatch.setattr(bundles, "atomic_writer", failing)
    result = world.sync(world.front)
    assert any(words in p for p in result.problems)
    assert list(world.shared["upward"].iterdir()) == []  # no partial file left behind
    assert len(state.waiting(world.front.db)) == 1


# ------------------------------------------------------------------ tampering
def made_bundle(world) -> Path:
    world.report()
    world.sync(world.front)
    [path] = world.files("upward")
    return path


def rewrite(path: Path, change) -> None:
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries = change(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def flip_manifest(entries):
    manifest = json.loads(entries["manifest.json"])
    manifest["records"] += 1
    entries["manifest.json"] = json.dumps(manifest).encode()
    return entries


def swap_payload(entries):
    name = [n for n in entries if n != "manifest.json"][0]
    entries[name] = entries[name][:-1] + bytes([entries[name][-1] ^ 1])
    return entries


def add_traversal(entries):
    entries["../evil.txt"] = b"x"
    return entries


def resign_with_other_key(_world):
    def change(entries):
        manifest = json.loads(entries["manifest.json"])
        other = Ed25519PrivateKey.generate()
        manifest["source"]["key"] = keys.b64(keys.raw_public(other.public_key()))
        manifest["source"]["fingerprint"] = keys.fingerprint(keys.raw_public(
            other.public_key()))
        manifest["signature"] = keys.b64(other.sign(bundles.canonical(manifest)))
        entries["manifest.json"] = json.dumps(manifest).encode()
        return entries
    return change


@pytest.mark.parametrize("tamper, words", [
    ("flip_manifest", "signature does not match"),
    ("swap_payload", "payload does not match"),
    ("truncate", "does not end like a complete zip file"),
    ("not_zip", "does not end like a complete zip file"),
    ("traversal", "contains a file with a path"),
])
@pytest.mark.hazard("H-014")
def test_a_tampered_bundle_is_moved_aside_with_its_reason_and_nothing_imported(world, tamper,
                                                                               words):
    """A file that may still be arriving (cut short, not yet a zip) waits an hour first."""
    path = made_bundle(world)
    if tamper == "flip_manifest":
        rewrite(path, flip_manifest)
    elif tamper == "swap_payload":
        rewrite(path, swap_payload)
    elif tamper == "truncate":
        path.write_bytes(path.read_bytes()[:200])
    elif tamper == "not_zip":
        path.write_bytes(b"%PDF-1.4 this is not a bundle")
    elif tamper == "traversal":
        rewrite(path, add_traversal)
    now = now_local()
    if tamper in ("truncate", "not_zip"):
        waiting = engine.sync_once(world.advisor.db, world.setup(world.advisor), now=now)
        assert waiting.rejected == 0 and path.exists()
        now += dt.timedelta(hours=1)
    result = engine.sync_once(world.advisor.db, world.setup(world.advisor), now=now)
    assert result.rejected == 1
    assert any(words in p for p in result.problems), result.problems
    moved = world.shared["upward"] / "rejected" / path.name
    assert moved.exists() and not path.exists()
    reason = (world.shared["upward"] / "rejected" / (path.name + ".reason.txt")).read_text()
    assert words in reason
    assert count(world.advisor, "SELECT count(*) FROM reports") == 0
    assert count(world.advisor, "SELECT count(*) FROM cases") == 0


@pytest.mark.hazard("H-014")
def test_a_known_sender_signing_with_another_key_is_refused(world):
    world.report()
    world.sync(world.front)
    world.sync(world.advisor)  # the ward PC's key is now known
    world.report()
    world.sync(world.front)
    second = world.files("upward")[-1]
    rewrite(second, resign_with_other_key(world))
    result = world.sync(world.advisor)
    assert any("signed by a different key than before" in p for p in result.problems)
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1


def test_news_signed_by_an_unknown_key_is_not_imported(world):
    world.report()
    world.sync(world.front)
    world.sync(world.advisor)
    [news] = world.files("downward")
    rewrite(news, resign_with_other_key(world))
    result = world.sync(world.front)
    assert any("not the advisor's key this computer trusts" in p for p in result.problems)
    assert count(world.front, "SELECT count(*) FROM report_messages") == 0
    assert news.exists()  # on a shared folder it stays for the other ward PCs


def test_a_record_failing_its_schema_rejects_the_whole_bundle(world):
    signing = keys.install_signing_key(world.front.paths.keys)
    source = bundles.Source(state_install(world.front), "ward", signing)
    good = {"type": "ack", "uuid": "u1", "protocol_id": "p", "version": "1", "name": "A",
            "at": "2026-11-20T10:00:00"}
    bad = {"type": "ack", "uuid": "u2", "protocol_id": "p"}
    data, _ = bundles.build("acknowledgements", source, 1, [good, bad],
                            recipient=advisor_public_key(world))
    path = world.shared["upward"] / bundles.bundle_name("acknowledgements", source.install_id, 1)
    path.write_bytes(data)
    result = world.sync(world.advisor)
    assert any("record 2 is not valid" in p for p in result.problems)
    assert count(world.advisor, "SELECT count(*) FROM acknowledgements") == 0


def advisor_public_key(world):
    return keys.load_encryption_public(world.policy["keys"]["advisor_encryption"])


def state_install(context):
    from commonground.core.install import install_id
    return install_id(context.db)


def test_a_zip_bomb_and_an_oversized_payload_are_refused(world, monkeypatch):
    from commonground.core.sync import wire
    from tests import hostile

    with pytest.raises(bundles.BundleRejected, match="zip bomb"):
        bundles.read_bytes(hostile.compression_bomb(hostile.Sender(), 50 * 1024 * 1024))
    signing = keys.install_signing_key(world.front.paths.keys)
    source = bundles.Source(state_install(world.front), "ward", signing)
    records = [{"type": "ack", "uuid": f"u{i}", "protocol_id": "p", "version": "1",
                "name": "A" * 100, "at": "2026-11-20T10:00:00"} for i in range(30)]
    monkeypatch.setattr(wire, "MAX_PAYLOAD_BYTES", 1000)
    with pytest.raises(bundles.BundleRejected, match="more than the 1,000 allowed"):
        bundles.read_bytes(bundles.build("acknowledgements", source, 2, records,
                                         recipient=advisor_public_key(world))[0])


def test_a_payload_that_packs_too_well_is_written_stored_so_readers_take_it(world):
    """The writer's side of the bomb check: its own bundles never look like one."""
    signing = keys.install_signing_key(world.front.paths.keys)
    source = bundles.Source(state_install(world.front), "ward", signing)
    records = [{"type": "note", "uuid": f"u{i}", "date": "2026-11-20", "title": "T",
                "text": "A" * 2000} for i in range(8000)]
    data, _ = bundles.build("deidentified", source, 1, records)
    assert len(bundles.read_bytes(data).records) == 8000


@pytest.mark.hazard("H-014")
def test_a_report_bundle_for_another_advisor_key_waits_and_is_not_moved(world):
    path = made_bundle(world)
    setup = world.setup(world.advisor)
    setup.advisor_private = X25519PrivateKey.generate()
    result = engine.sync_once(world.advisor.db, setup)
    assert any("which this computer does not hold" in p for p in result.problems)
    assert path.exists()
    assert world.sync(world.advisor).received == 1  # with the right key it goes in


# ------------------------------------------------------------------- fuzzing
def test_any_mutation_of_a_bundle_is_rejected_cleanly_or_reads_identically(tmp_path_factory):
    world = fuzz_world(tmp_path_factory)
    with fuzzing.measured("reader, mutated real report bundles") as counter:
        @settings(max_examples=2000, deadline=None)
        @given(data=st.data())
        def check(data):
            counter[0] += 1
            mutate_and_read(world, data)
        check()


def mutate_and_read(world, data):
    original = world["bytes"]
    mutated = bytearray(original)
    how = data.draw(st.sampled_from(["flip", "truncate", "append", "splice"]))
    if how == "flip":
        for _ in range(data.draw(st.integers(1, 4))):
            spot = data.draw(st.integers(0, len(mutated) - 1))
            mutated[spot] ^= 1 << data.draw(st.integers(0, 7))
    elif how == "truncate":
        mutated = mutated[:data.draw(st.integers(0, len(mutated) - 1))]
    elif how == "append":
        mutated += data.draw(st.binary(min_size=1, max_size=200))
    else:
        spot = data.draw(st.integers(0, len(mutated)))
        mutated[spot:spot] = data.draw(st.binary(min_size=1, max_size=50))
    try:
        found = bundles.read_bytes(bytes(mutated), decrypt_key=world["decrypt"],
                                   check_record=world["check"])
    except bundles.BundleRejected:
        return
    assert found.manifest == world["manifest"] and found.records == world["records"]


_FUZZ = {}


def fuzz_world(factory):
    if not _FUZZ:
        root = factory.mktemp("fuzz")
        world = World(root)
        world.report()
        world.sync(world.front)
        [path] = world.files("upward")
        setup = world.setup(world.advisor)
        decrypt = engine.decryptor(setup)
        check = receiving.CHECKS["reports"]
        good = bundles.read_bytes(path.read_bytes(), decrypt_key=decrypt, check_record=check)
        _FUZZ.update(bytes=path.read_bytes(), decrypt=decrypt, check=check,
                     manifest=good.manifest, records=good.records)
    return _FUZZ


def test_a_mutated_bundle_never_half_imports(world):
    path = made_bundle(world)
    original = path.read_bytes()
    for spot in range(0, len(original), max(1, len(original) // 60)):
        mutated = bytearray(original)
        mutated[spot] ^= 0x40
        path.write_bytes(bytes(mutated))
        engine.import_file(world.advisor.db, world.setup(world.advisor), "upward", path,
                           ("reports",), now_local(), engine.SyncResult())
        if not path.exists():
            path.write_bytes(original)  # moved aside: put a fresh copy back
        reports = count(world.advisor, "SELECT count(*) FROM reports")
        events = count(world.advisor, "SELECT count(*) FROM report_events")
        assert (reports, events) in ((0, 0), (1, events)) and (reports == 0) == (events == 0)
    assert world.advisor.db.integrity_check() == []


def test_a_corrupt_compressed_payload_is_a_rejection_not_a_crash(world):
    """Found by the fuzzer: zlib errors escaped the reader."""
    path = made_bundle(world)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = next(i for i in archive.infolist() if i.filename != "manifest.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start] ^= 0xFF
    with pytest.raises(bundles.BundleRejected):
        bundles.read_bytes(bytes(data))


def test_a_protocol_pack_flows_down_and_the_acknowledgement_flows_up(world, tmp_path):
    from commonground import paths
    from commonground.core.install import install_id
    from commonground.core.protocols import acknowledgements
    from commonground.core.protocols.library import Library
    from commonground.core.sync import packs

    committee_key = keys.create_role_key(world.committee.paths.keys, "committee", PASSPHRASE)
    private = keys.unlock_role_key(world.committee.paths.keys, "committee", PASSPHRASE)
    for context in (world.front, world.advisor):
        state.trust(context.db, committee_key.public, "committee", "policy")
    source = tmp_path / "edited"
    shutil.copytree(paths.bundled_protocols_dir(), source)
    target = source / "appropriate-adult.md"
    target.write_text(with_new_version(target.read_text(encoding="utf-8"), "1.2")
                      + "\n## Local addition\nThe scheme now answers within the hour.\n",
                      encoding="utf-8")
    me = install_id(world.committee.db)
    data = packs.build_pack(source, "2027.1", private, me, "committee", 1)
    bundles.write(world.shared["protocols"], packs.pack_file_name(me, 1), data)

    result = world.sync(world.front)
    assert result.received == 1, result.problems
    library = Library.open(world.front.db, [paths.bundled_protocols_dir()], paths.resources_dir())
    assert library.get("appropriate-adult").version == "1.2"
    # The pack's new sentence is searched (the bundled text has no "answers within the hour").
    hits = library.search("scheme now answers within the hour", limit=3).hits
    assert hits[0].protocol_id == "appropriate-adult"
    assert "Local addition" in [hit.section for hit in hits]

    acknowledgements.acknowledge(world.front.db, "appropriate-adult", "1.1", "Sam Taylor",
                                 site="Riverside Hospital")
    world.sync(world.front)
    world.sync(world.advisor)
    world.sync(world.committee)
    rows = world.committee.db.query("SELECT protocol_id, version, site, count FROM "
                                    "deid_ack_weeks")
    assert [tuple(r) for r in rows] == [("appropriate-adult", "1.1", "Riverside Hospital", 1)]
