"""Protocol packs, committee to every PC: built from a folder, signed, checked, installed."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import shutil
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground import paths
from commonground.core.protocols.files import split_sections
from commonground.core.protocols.library import Library
from commonground.core.protocols.versions import SectionChange, compare_sections, previous_version
from commonground.core.storage.db import Database
from commonground.core.sync import bundle as bundles
from commonground.core.sync import engine, keys, outgoing, state
from commonground.core.sync.packs import (
    build_pack,
    import_pack,
    installed_pack_version,
    pack_file_name,
    what_changed,
)
from commonground.core.sync.packs_check import check_pack_record
from tests import fuzzing
from tests.conftest import with_new_version

COMMITTEE_INSTALL = "0a1b2c3d-0000-4000-8000-00000000c0de"
NOW = dt.datetime(2026, 12, 1, 9, 30)
S136 = "s136-place-of-safety"
NEW_WORDING = ("Officers put anything they keep in the yellow property wallet and hand it "
               "over with the person.")


def edited_copy(tmp_path: Path, name: str, version: str = "1.2", extra: str = NEW_WORDING,
                ) -> Path:
    """A copy of the bundled protocols with section 136 edited and given a new version."""
    folder = tmp_path / name
    shutil.copytree(paths.bundled_protocols_dir(), folder)
    path = folder / f"{S136}.md"
    text = path.read_text(encoding="utf-8")
    assert "\nversion: 1.1\n" in text
    text = with_new_version(text, version)
    text = text.replace("Searches by health staff follow the Trust's own search policy.\n",
                        f"Searches by health staff follow the Trust's own search policy.\n"
                        f"- {extra}\n", 1)
    path.write_text(text, encoding="utf-8")
    return folder


def pack(folder: Path, version: str, key: Ed25519PrivateKey, sequence: int = 1) -> bytes:
    return build_pack(folder, version, key, COMMITTEE_INSTALL, "Police Liaison Committee",
                      sequence, now=NOW)


def read(data: bytes) -> bundles.Bundle:
    return bundles.read_bytes(data, check_record=check_pack_record)


def open_library(db: Database, folder: Path | None = None) -> Library:
    return Library.open(db, [folder or paths.bundled_protocols_dir()], paths.resources_dir())


def installed(db: Database) -> dict:
    """Everything a pack import may change, to compare before and after."""
    return {table: [tuple(row) for row in db.query(f"SELECT * FROM {table} ORDER BY 1, 2")]
            for table in ("pack_protocols", "protocol_history", "protocol_packs")} | {
        "library": [tuple(row) for row in db.query(
            "SELECT id, version, source, content_hash FROM protocols ORDER BY id")]}


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def ward(tmp_path):
    db = Database.open(tmp_path / "ward.sqlite3")
    open_library(db)
    yield db
    db.close()


# ------------------------------------------------------------------ installing
def test_a_pack_installs_the_new_version_and_search_finds_its_wording(ward, key, tmp_path):
    library = open_library(ward)
    wanted = (S136, "Searching the person")
    assert wanted not in [(h.protocol_id, h.section) for h in library.search("yellow wallet").hits]

    changed = import_pack(ward, read(pack(edited_copy(tmp_path, "v1"), "2026.1", key)), NOW)

    assert changed == 1                       # only section 136 differs from this PC's texts
    assert installed_pack_version(ward) == "2026.1"
    library = open_library(ward)              # the next start of the app
    shown = library.get(S136)
    assert (shown.version, shown.source) == ("1.2", "pack")
    assert NEW_WORDING in shown.body
    first = library.search("yellow wallet").hits[0]
    assert (first.protocol_id, first.section) == wanted
    assert library.get("appropriate-adult").version == "1.1"


def test_reload_shows_a_pack_installed_while_the_app_is_open(ward, key, tmp_path):
    library = open_library(ward)
    import_pack(ward, read(pack(edited_copy(tmp_path, "v1"), "2026.1", key)), NOW)
    assert library.get(S136).version == "1.1"  # not until the library is read again
    assert library.reload() == [S136]
    assert library.get(S136).version == "1.2"
    first = library.search("yellow wallet").hits[0]
    assert (first.protocol_id, first.section) == (S136, "Searching the person")
    assert library.reload() == []              # nothing changed: nothing reindexed


def test_what_changed_names_the_changed_section_against_the_previous_version(ward, key,
                                                                             tmp_path):
    assert what_changed(ward, S136) == []      # a bundled protocol with no earlier version
    import_pack(ward, read(pack(edited_copy(tmp_path, "v1"), "2026.1", key)), NOW)
    open_library(ward)

    assert previous_version(ward, S136) == "1.1"
    assert what_changed(ward, S136) == [
        SectionChange("Searching the person", "changed", "searching-the-person")]
    [kept] = ward.query("SELECT version, text, source FROM protocol_history")
    bundled = (paths.bundled_protocols_dir() / f"{S136}.md").read_text(encoding="utf-8")
    assert (kept["version"], kept["text"], kept["source"]) == ("1.1", bundled, "bundled")


def test_importing_the_same_pack_twice_changes_nothing(ward, key, tmp_path):
    made = read(pack(edited_copy(tmp_path, "v1"), "2026.1", key))
    assert import_pack(ward, made, NOW) == 1
    before = installed(ward)
    assert import_pack(ward, made, NOW + dt.timedelta(days=1)) == 0
    assert installed(ward) == before


def test_a_later_pack_replaces_the_pack_text_and_keeps_it_in_history(ward, key, tmp_path):
    import_pack(ward, read(pack(edited_copy(tmp_path, "v1"), "2026.1", key)), NOW)
    second = edited_copy(tmp_path, "v2", "1.3", extra="Write the wallet number on the form.")
    assert import_pack(ward, read(pack(second, "2026.2", key, sequence=2)), NOW) == 1
    open_library(ward)
    assert previous_version(ward, S136) == "1.2"
    assert [v for (v,) in ward.query("SELECT version FROM protocol_history ORDER BY 1")] == \
        ["1.1", "1.2"]
    assert what_changed(ward, S136) == [
        SectionChange("Searching the person", "changed", "searching-the-person")]


def test_the_pack_text_wins_over_a_bundled_file_of_the_same_version(ward, key, tmp_path):
    adopted = edited_copy(tmp_path, "adopted", version="1.1")   # local wording, same number
    assert import_pack(ward, read(pack(adopted, "2026.1", key)), NOW) == 1
    library = open_library(ward)
    assert NEW_WORDING in library.get(S136).body
    assert previous_version(ward, S136) == "1.1"
    assert [c.heading for c in what_changed(ward, S136)] == ["Searching the person"]


def test_a_bundled_file_newer_than_the_pack_wins_and_the_pack_cannot_go_back(ward, key,
                                                                            tmp_path):
    import_pack(ward, read(pack(edited_copy(tmp_path, "v1"), "2026.1", key)), NOW)
    newer_release = edited_copy(tmp_path, "release", "1.3", extra="From the app update.")
    library = open_library(ward, newer_release)
    assert (library.get(S136).version, library.get(S136).source) == ("1.3", "bundled")
    again = read(pack(edited_copy(tmp_path, "v1b"), "2026.2", key, 2))   # still 1.2
    with pytest.raises(bundles.BundleRejected, match=r"\(this computer has 1\.3\)"):
        import_pack(ward, again, NOW)


def test_a_new_text_under_an_installed_version_number_is_refused_as_bad(ward, key, tmp_path):
    import_pack(ward, read(pack(edited_copy(tmp_path, "v1"), "2026.1", key)), NOW)
    before = installed(ward)
    same_number = edited_copy(tmp_path, "v1-reworded", "1.2", extra="Different words.")
    with pytest.raises(bundles.BundleRejected) as refused:
        import_pack(ward, read(pack(same_number, "2026.2", key, 2)), NOW)
    assert refused.value.move is True
    assert "a changed protocol needs a new version number" in str(refused.value)
    assert installed(ward) == before


def test_a_new_version_with_the_same_sections_says_no_section_changed(ward, key, tmp_path):
    bumped = edited_copy(tmp_path, "bumped", "1.2", extra="")
    path = bumped / f"{S136}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n- \n", "\n", 1),
                    encoding="utf-8")
    assert import_pack(ward, read(pack(bumped, "2026.1", key)), NOW) == 1
    open_library(ward)
    assert previous_version(ward, S136) == "1.1"
    assert what_changed(ward, S136) == []


# ------------------------------------------------------------------- refusing
def test_an_older_pack_is_refused_and_installs_nothing(ward, key, tmp_path):
    import_pack(ward, read(pack(edited_copy(tmp_path, "v2", "1.3"), "2026.2", key, 2)), NOW)
    before = installed(ward)
    older = read(pack(edited_copy(tmp_path, "v3", "1.4"), "2026.1", key, 3))
    with pytest.raises(bundles.BundleRejected) as refused:
        import_pack(ward, older, NOW)
    assert refused.value.move is False
    assert str(refused.value) == ("it is protocol pack 2026.1, older than pack 2026.2 that "
                                  "this computer already has. Protocols never go back to an "
                                  "older version. Nothing was changed.")
    assert installed(ward) == before


@pytest.mark.hazard("H-012")
def test_a_newer_pack_carrying_an_older_protocol_is_refused(ward, key, tmp_path):
    import_pack(ward, read(pack(edited_copy(tmp_path, "v1"), "2026.1", key)), NOW)
    open_library(ward)
    before = installed(ward)
    rollback = read(pack(paths.bundled_protocols_dir(), "2026.2", key, 2))  # s136 1.1 again
    with pytest.raises(bundles.BundleRejected) as refused:
        import_pack(ward, rollback, NOW)
    assert refused.value.move is False
    assert f"would take '{S136}' version 1.1 (this computer has 1.2) back to an older " \
        "version" in str(refused.value)
    assert installed(ward) == before
    assert open_library(ward).get(S136).version == "1.2"


def test_a_pack_cannot_take_a_protocol_below_the_bundled_file(tmp_path, key):
    db = Database.open(tmp_path / "ward.sqlite3")
    open_library(db, edited_copy(tmp_path, "newer-app", "1.2"))   # this release ships 1.2
    with pytest.raises(bundles.BundleRejected, match=r"version 1\.1 \(this computer has "
                                                     r"1\.2\)") as refused:
        import_pack(db, read(pack(paths.bundled_protocols_dir(), "2026.1", key)), NOW)
    assert refused.value.move is False
    assert db.query("SELECT * FROM pack_protocols") == []
    assert installed_pack_version(db) is None


def test_a_pack_whose_protocol_has_broken_front_matter_is_refused_as_bad(ward, key):
    text = (paths.bundled_protocols_dir() / f"{S136}.md").read_text(encoding="utf-8")
    broken = text.replace("\neffective: 2026-12-06\n", "\neffective: 23/11/2026\n", 1)
    record = {"type": "protocol", "id": S136, "version": "1.1", "text": broken,
              "sha256": hashlib.sha256(broken.encode()).hexdigest()}
    data, _ = bundles.build("protocol-pack",
                            bundles.Source(COMMITTEE_INSTALL, "Committee", key), 1, [record],
                            extra={"pack_version": "2026.1",
                                   "protocols": [{"id": S136, "version": "1.1"}]})
    with pytest.raises(bundles.BundleRejected) as refused:
        import_pack(ward, read(data), NOW)
    assert refused.value.move is True
    assert str(refused.value) == (f"the protocol '{S136}' in it has a problem on line 5: "
                                  "'effective' must be a date written YYYY-MM-DD, not "
                                  "'23/11/2026'")
    assert ward.query("SELECT * FROM pack_protocols") == []


def test_a_pack_whose_signed_list_does_not_match_its_protocols_is_refused(ward, key):
    data = pack(paths.bundled_protocols_dir(), "2026.1", key)
    made = read(data)
    manifest = dict(made.manifest, protocols=made.manifest["protocols"][1:])
    with pytest.raises(bundles.BundleRejected, match="does not match") as refused:
        import_pack(ward, bundles.Bundle(manifest, made.records), NOW)
    assert refused.value.move is True


# ------------------------------------------------------------------- building
def test_building_refuses_a_broken_file_naming_the_file_the_line_and_the_problem(tmp_path,
                                                                                 key):
    folder = edited_copy(tmp_path, "broken", version="one")
    with pytest.raises(ValueError) as refused:
        pack(folder, "2026.1", key)
    message = str(refused.value)
    assert message.startswith("The pack was not made: 1 problem in the protocol files.")
    assert f"- {S136}.md, line 4: 'version' must be dotted numbers such as 1.0, not " \
        "'one'." in message


@pytest.mark.parametrize("version", ["2026-1", "v3", "", "2026.1.2.3.4", "1..2"])
def test_a_pack_version_must_be_dotted_numbers(version, key):
    with pytest.raises(ValueError, match="A pack version is dotted numbers such as 2026.1"):
        pack(paths.bundled_protocols_dir(), version, key)


def test_a_pack_carries_every_protocol_with_its_version_signed_by_the_committee(key):
    made = read(pack(paths.bundled_protocols_dir(), "3", key))
    assert made.manifest["pack_version"] == "3"
    assert made.kind == "protocol-pack"
    assert made.signer == keys.b64(keys.raw_public(key.public_key()))
    assert {(p["id"], p["version"]) for p in made.manifest["protocols"]} == \
        {(r["id"], r["version"]) for r in made.records}
    assert len(made.records) == 6


def test_the_committee_key_made_with_a_passphrase_signs_packs(tmp_path):
    made = keys.create_role_key(tmp_path / "keys", "committee", "a long committee passphrase")
    private = keys.unlock_role_key(tmp_path / "keys", "committee", "a long committee passphrase")
    assert read(pack(paths.bundled_protocols_dir(), "1", private)).signer == made.public


# ----------------------------------------------------------- through the engine
def ward_setup(db: Database) -> engine.SyncSetup:
    ward_id = str(uuid.uuid4())
    sender = outgoing.Sender(bundles.Source(ward_id, "Ward PC", Ed25519PrivateKey.generate()))
    return engine.SyncSetup("frontline", {}, sender, ward_id, pack_importer=import_pack)


def arrive(db, setup, folder: Path, data: bytes, sequence: int = 1) -> engine.SyncResult:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / pack_file_name(COMMITTEE_INSTALL, sequence)
    path.write_bytes(data)
    result = engine.SyncResult()
    engine.import_file(db, setup, "protocols", path, ("protocol-pack",), NOW, result)
    return result


def trust_committee(db, key) -> None:
    state.trust(db, keys.b64(keys.raw_public(key.public_key())), "committee", "policy")


def test_a_pack_signed_by_another_key_is_not_installed(ward, key, tmp_path):
    trust_committee(ward, key)
    setup = ward_setup(ward)
    forged = pack(edited_copy(tmp_path, "v1"), "2026.1", Ed25519PrivateKey.generate())
    result = arrive(ward, setup, tmp_path / "share" / "a", forged)
    assert result.received == 0
    [problem] = result.problems
    assert "which is not the committee's key this computer trusts" in problem
    assert ward.query("SELECT * FROM pack_protocols") == []

    genuine = arrive(ward, setup, tmp_path / "share" / "b",
                     pack(edited_copy(tmp_path, "v1b"), "2026.1", key))
    assert (genuine.received, genuine.problems) == (1, [])
    assert genuine.lines == [f"Received {pack_file_name(COMMITTEE_INSTALL, 1)}: 1 new or "
                             "changed"]
    assert open_library(ward).get(S136).version == "1.2"


def test_an_older_pack_is_noted_once_and_left_in_the_folder(ward, key, tmp_path):
    trust_committee(ward, key)
    setup = ward_setup(ward)
    arrive(ward, setup, tmp_path / "share", pack(edited_copy(tmp_path, "v1"), "2026.2", key, 2),
           sequence=2)
    result = arrive(ward, setup, tmp_path / "share", pack(paths.bundled_protocols_dir(),
                                                          "2026.1", key, 1))
    assert result.problems == []  # not a problem to nag about on every pass
    [note] = [line for line in result.lines if line.startswith("Not for this computer")]
    assert note.startswith(f"Not for this computer: {pack_file_name(COMMITTEE_INSTALL, 1)}: "
                           "it is protocol pack 2026.1, older than pack 2026.2")
    assert (tmp_path / "share" / pack_file_name(COMMITTEE_INSTALL, 1)).exists()  # not moved
    again = engine.SyncResult()
    engine.read_folder(ward, setup, "protocols", tmp_path / "share", ("protocol-pack",), NOW,
                        again)
    assert again.problems == [] and again.lines == []  # noted once, not retried


def test_damaged_packs_never_crash_the_reader_and_never_change_the_protocols(ward, key,
                                                                             tmp_path):
    trust_committee(ward, key)
    setup = ward_setup(ward)
    data = pack(edited_copy(tmp_path, "v1"), "2026.1", key)
    original = read(data)
    assert arrive(ward, setup, tmp_path / "share" / "good", data).received == 1
    open_library(ward)
    before = installed(ward)
    cases = itertools.count()
    size = len(data)
    position = st.one_of(st.integers(0, size - 1), st.integers(max(0, size - 300), size - 1),
                         st.integers(0, 200))
    mutation = st.one_of(
        st.tuples(st.just("flip"), st.lists(st.tuples(position, st.integers(1, 255)),
                                            min_size=1, max_size=6)),
        st.tuples(st.just("truncate"), st.integers(0, size - 1)),
        st.tuples(st.just("append"), st.binary(min_size=1, max_size=300)))

    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutation)
    def check(change):
        counter[0] += 1
        kind, detail = change
        if kind == "flip":
            damaged = bytearray(data)
            for at, xor in detail:
                damaged[at] ^= xor
            damaged = bytes(damaged)
        elif kind == "truncate":
            damaged = data[:detail]
        else:
            damaged = data + detail
        try:
            got = read(damaged)
        except bundles.BundleRejected:
            pass
        else:
            assert (got.manifest, got.records) == (original.manifest, original.records)
        arrive(ward, setup, tmp_path / "share" / f"case{next(cases)}", damaged)
        assert installed(ward) == before

    with fuzzing.measured("protocol packs, damaged, through the engine") as counter:
        check()


def test_every_changed_zip_header_byte_is_refused_or_harmless(key):
    """Random flips rarely hit the zip headers; these are swept byte by byte instead."""
    data = pack(paths.bundled_protocols_dir(), "2026.1", key)
    original = read(data)
    starts = [at for at in range(len(data) - 3) if data[at:at + 2] == b"PK"
              and data[at + 2:at + 4] in (b"\x01\x02", b"\x03\x04", b"\x05\x06")]
    assert len(starts) == 5          # two local headers, two central entries, the end record
    for at in sorted({min(s + k, len(data) - 1) for s in starts for k in range(46)}):
        for value in {data[at] ^ 0x01, data[at] ^ 0x80, 0x00, 0xFF} - {data[at]}:
            damaged = data[:at] + bytes([value]) + data[at + 1:]
            try:
                got = read(damaged)
            except bundles.BundleRejected:
                continue
            assert (got.manifest, got.records) == (original.manifest, original.records), at


# ------------------------------------------------------------- comparing texts
def test_sections_are_compared_added_removed_and_changed_in_reading_order():
    old = split_sections("## A\none\n## B\ntwo\n### Police\nthree\n## C\nfour\n")
    new = split_sections("## A\none\n## B\ntwo, now longer\n### Police\nthree\n## D\nfive\n")
    assert compare_sections(old, new) == [
        SectionChange("B", "changed", "b"),
        SectionChange("C", "removed", None),
        SectionChange("D", "added", "d"),
    ]
    spaced = split_sections("## A\none\n\n## B\ntwo\n### Police\n  three\n## C\nfour\n")
    assert compare_sections(old, spaced) == []   # spacing alone is not a change
