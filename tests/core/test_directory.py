"""Who to contact: the committee's directory of duty routes, kept, packed, signed, installed
on a ward PC and shown beside the placeholders it fills."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground import paths
from commonground.core.protocols import directory
from commonground.core.protocols.directory_store import (
    DirectoryError,
    confirm_route,
    kept_routes,
    pack_routes,
    records_for_pack,
    remove_route,
    save_route,
    shown_routes,
    stale_routes,
)
from commonground.core.protocols.library import Library
from commonground.core.protocols.render import protocol_html
from commonground.core.storage.db import Database
from commonground.core.sync import bundle as bundles
from commonground.core.sync.packs import build_pack, import_pack
from commonground.core.sync.packs_check import check_pack_record
from tests import fuzzing

COMMITTEE_INSTALL = "0a1b2c3d-0000-4000-8000-00000000c0de"
NOW = dt.datetime(2026, 12, 1, 9, 30)
def today() -> dt.date:
    """Read when the test runs, not when the file loads: a run may cross midnight."""
    return dt.date.today()
AMHP = {"role": "Duty AMHP", "organisation": "Borough Council", "phone": "03069 990100",
        "hours": "Monday to Friday, 9:00 to 17:00", "fills": "amhp_service_phone",
        "deputy": "Emergency duty team, 03069 990199"}
DESK = {"role": "Mental health desk", "organisation": "Police",
        "mailbox": "mh.desk@police.example.uk", "hours": "24 hours",
        "fills": "police_mh_liaison"}
KNOWN = {"amhp_service_phone", "police_mh_liaison", "police_non_emergency"}


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def committee(tmp_path):
    db = Database.open(tmp_path / "committee.sqlite3")
    yield db
    db.close()


@pytest.fixture
def ward(tmp_path):
    db = Database.open(tmp_path / "ward.sqlite3")
    yield db
    db.close()


def open_library(db: Database, values: dict | None = None) -> Library:
    return Library.open(db, [paths.bundled_protocols_dir()], paths.resources_dir(), values)


def pack(db: Database, version: str, key, sequence: int = 1, contacts="kept") -> bytes:
    routes = records_for_pack(db) if contacts == "kept" else contacts
    return build_pack(paths.bundled_protocols_dir(), version, key, COMMITTEE_INSTALL,
                      "Police Liaison Committee", sequence, now=NOW, contacts=routes)


def read(data: bytes) -> bundles.Bundle:
    return bundles.read_bytes(data, check_record=check_pack_record)


def payload(data: bytes) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [json.loads(line) for line in archive.read("payload.jsonl").splitlines()]


# ------------------------------------------------------------ keeping the directory
def test_a_route_is_kept_as_one_row_and_bad_input_changes_nothing(committee):
    route = save_route(committee, AMHP, KNOWN)
    [row] = committee.query("SELECT * FROM contact_routes")
    assert (row["role"], row["phone"], row["fills"], row["confirmed"]) == (
        "Duty AMHP", "03069 990100", "amhp_service_phone", today().isoformat())
    assert row["id"] == route.id
    for bad, box, words in (
            (dict(AMHP, phone="ring Bob"), "phone", "digits, spaces and brackets"),
            (dict(AMHP, phone="", mailbox=""), "phone", "duty phone number or a shared"),
            (dict(AMHP, mailbox="not an address"), "mailbox", "amhp.duty@example.nhs.uk"),
            (dict(AMHP, role=" "), "role", "Say the role"),
            (dict(AMHP, hours=""), "hours", "Say the hours"),
            (dict(AMHP, fills="made_up_key"), "fills", "not a placeholder the protocols"),
            (dict(AMHP, role="x" * 121), "role", "at most 120"),
            (dict(AMHP, confirmed=(today() + dt.timedelta(days=5)).isoformat()), "confirmed",
             "in the future")):
        with pytest.raises(DirectoryError, match=words) as refused:
            save_route(committee, bad, KNOWN)
        assert refused.value.field == box
    with pytest.raises(DirectoryError, match="two routes fill the placeholder"):
        save_route(committee, dict(DESK, fills="amhp_service_phone"), KNOWN)
    assert [tuple(r) for r in committee.query("SELECT * FROM contact_routes")] == [tuple(row)]


def test_confirming_changing_and_removing_a_route(committee):
    old = (today() - dt.timedelta(days=120)).isoformat()
    route = save_route(committee, dict(DESK, confirmed=old), KNOWN)
    assert [r.id for r in stale_routes(kept_routes(committee), today())] == [route.id]
    assert route.confirmed_text(today()).startswith("NOT CONFIRMED FOR 120 DAYS")
    confirmed = confirm_route(committee, route.id)
    assert confirmed.confirmed == today() and stale_routes(kept_routes(committee), today()) == []
    changed = save_route(committee, dict(confirmed.wire(), hours="08:00 to 20:00"), KNOWN)
    assert changed.id == route.id
    assert committee.query_one("SELECT hours FROM contact_routes")[0] == "08:00 to 20:00"
    remove_route(committee, route.id)
    assert kept_routes(committee) == []
    with pytest.raises(DirectoryError, match="no longer in the directory"):
        save_route(committee, changed.wire(), KNOWN)


def test_a_route_is_stale_after_ninety_days_not_before():
    values = dict(AMHP, id=directory.new_id())
    on_time = directory.check(dict(values, confirmed=(today() - dt.timedelta(90)).isoformat()))
    late = directory.check(dict(values, confirmed=(today() - dt.timedelta(91)).isoformat()))
    assert not on_time.stale(today()) and late.stale(today())


# ------------------------------------------------- packed, signed, installed, shown
def test_the_directory_travels_in_the_signed_pack_and_fills_the_ward_placeholders(
        committee, ward, key):
    save_route(committee, AMHP, KNOWN)
    save_route(committee, dict(DESK, confirmed=(today() - dt.timedelta(days=200)).isoformat()),
               KNOWN)
    data = pack(committee, "2026.1", key)
    carried = [record for record in payload(data) if record["type"] == "contact"]
    assert sorted(r["role"] for r in carried) == ["Duty AMHP", "Mental health desk"]
    assert read(data).manifest["contacts"] == 2          # the count is signed

    library = open_library(ward)
    before = protocol_html(library.get("information-sharing"), library.contacts)
    assert "AMHP service (daytime) telephone: not set for this site" in before
    import_pack(ward, read(data), NOW)
    assert [r.role for r in pack_routes(ward)] == ["Duty AMHP", "Mental health desk"]
    assert shown_routes(ward)[1] == "pack"

    library = open_library(ward)                           # the next start of the app
    shown = protocol_html(library.get("information-sharing"), library.contacts)
    assert "AMHP service (daytime): <strong>03069 990100</strong> <em>(Duty AMHP, Borough " \
        "Council; Monday to Friday, 9:00 to 17:00; if no answer: Emergency duty team, " \
        f"03069 990199; confirmed {directory.day_text(today())})</em>" in shown
    assert "mh.desk@police.example.uk</strong> <em>(Mental health desk, Police; 24 hours; " \
        "NOT CONFIRMED FOR 200 DAYS" in shown
    assert library.search("03069 990100").hits              # the number is searchable


def test_the_site_policy_contact_still_wins_over_the_directory(committee, ward, key):
    save_route(committee, AMHP, KNOWN)
    import_pack(ward, read(pack(committee, "2026.1", key)), NOW)
    library = open_library(ward, {"amhp_service_phone": "01632 960 123"})
    shown = protocol_html(library.get("information-sharing"), library.contacts)
    assert "AMHP service (daytime): 01632 960 123" in shown
    assert "03069 990100" not in shown
    assert library.contacts.source("amhp_service_phone") == "policy"


def test_reload_after_a_pack_shows_the_new_directory_on_screens_already_open(
        committee, ward, key):
    library = open_library(ward)
    contacts = library.contacts                         # what an open reader holds
    save_route(committee, AMHP, KNOWN)
    import_pack(ward, read(pack(committee, "2026.1", key)), NOW)
    assert "information-sharing" in library.reload()    # reindexed with the number
    assert contacts.render("amhp_service_phone", plain=True) == "03069 990100"


def test_a_new_pack_replaces_the_directory_whole_and_one_without_leaves_it(
        committee, ward, key):
    first = save_route(committee, AMHP, KNOWN)
    save_route(committee, DESK, KNOWN)
    import_pack(ward, read(pack(committee, "2026.1", key)), NOW)
    remove_route(committee, first.id)
    import_pack(ward, read(pack(committee, "2026.2", key, 2)), NOW)
    assert [r.role for r in pack_routes(ward)] == ["Mental health desk"]
    import_pack(ward, read(pack(committee, "2026.3", key, 3, contacts=None)), NOW)
    assert [r.role for r in pack_routes(ward)] == ["Mental health desk"]
    assert ward.query_one("SELECT pack_version FROM pack_contacts")[0] == "2026.2"


def test_the_same_pack_version_with_a_changed_directory_is_refused(committee, ward, key):
    route = save_route(committee, AMHP, KNOWN)
    import_pack(ward, read(pack(committee, "2026.1", key)), NOW)
    assert import_pack(ward, read(pack(committee, "2026.1", key)), NOW) == 0  # same: no-op
    save_route(committee, dict(route.wire(), phone="03069 990111"), KNOWN)
    with pytest.raises(bundles.BundleRejected, match="already installed here, with different"):
        import_pack(ward, read(pack(committee, "2026.1", key, 2)), NOW)
    assert pack_routes(ward)[0].phone == "03069 990100"


# ------------------------------------------------------------------ hostile packs
def forged(key, contacts: list[dict], count) -> bytes:
    """A pack signed by the committee's key but carrying a directory built by hand."""
    good = read(build_pack(paths.bundled_protocols_dir(), "2026.1", key, COMMITTEE_INSTALL,
                           "Committee", 1, now=NOW))
    extra = {"pack_version": "2026.1", "protocols": good.manifest["protocols"]}
    if count is not None:
        extra["contacts"] = count
    data, _ = bundles.build("protocol-pack", bundles.Source(COMMITTEE_INSTALL, "Committee",
                                                            key),
                            1, list(good.records) + contacts, extra=extra)
    return data


def wired(**changes) -> dict:
    route = directory.check(dict(AMHP, id=directory.new_id(), confirmed="2026-11-01"))
    return dict(route.wire(), **changes)


@pytest.mark.parametrize("contacts, count, words", [
    ([wired()], 2, "signed number of contacts does not match"),
    ([wired()], None, "signed number of contacts does not match"),
    ([wired(), wired()], 2, "two routes fill the placeholder"),
    ([wired(phone="<script>alert(1)</script>")], 1, "digits, spaces and brackets"),
    ([wired(extra="x")], 1, "missing or unexpected fields"),
    ([wired(confirmed="01/11/2026")], 1, "the day the route was last confirmed"),
    ([wired(role=7)], 1, "must be text"),
    ([wired(fills="../etc")], 1, "not a placeholder"),
])
def test_a_pack_with_a_bad_directory_is_refused_and_changes_nothing(ward, key, contacts,
                                                                   count, words):
    data = forged(key, contacts, count)
    with pytest.raises(bundles.BundleRejected, match=words) as refused:
        import_pack(ward, bundles.read_bytes(data), NOW)
    assert refused.value.move is True
    assert ward.query("SELECT * FROM pack_contacts") == []
    assert ward.query("SELECT * FROM pack_protocols") == []


def test_markup_in_a_route_is_shown_as_text_never_run(committee, ward, key):
    save_route(committee, dict(AMHP, role="<b>Duty</b> *AMHP* [x](javascript:y)"), KNOWN)
    import_pack(ward, read(pack(committee, "2026.1", key)), NOW)
    library = open_library(ward)
    shown = protocol_html(library.get("information-sharing"), library.contacts)
    assert "&lt;b&gt;Duty&lt;/b&gt; *AMHP* [x](javascript:y)" in shown
    assert "<b>Duty</b>" not in shown and 'href="javascript' not in shown


def test_the_contact_check_never_raises_on_any_record():
    text = st.one_of(st.text(max_size=60), st.integers(), st.none(), st.lists(st.text()))
    record = st.fixed_dictionaries(
        {"type": st.sampled_from(["contact", "protocol", 3])},
        optional={name: text for name in directory.FIELDS} | {"junk": text})

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(record, st.builds(lambda r, f: dict(wired(), **{f: r}), text,
                                       st.sampled_from(directory.FIELDS))))
    def check(candidate):
        counter[0] += 1
        problem = directory.check_record(candidate)
        assert problem is None or isinstance(problem, str)
        if problem is None:
            directory.check(candidate)        # what passes the check makes a route

    with fuzzing.measured("directory of who to contact, records") as counter:
        check()
