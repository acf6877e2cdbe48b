"""``commonground contacts``: the directory of who to contact, from the terminal."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile

from commonground import paths
from commonground.context import AppContext
from commonground.core import roles
from tests.conftest import run_cli


def old() -> str:
    """120 days before today, read when the test runs (a run may cross midnight)."""
    return (dt.date.today() - dt.timedelta(days=120)).isoformat()


def as_committee(data_dir) -> None:
    context = AppContext.open(data_dir)
    roles.set_role(context.db, "committee", "test", "test")
    context.close()


def add(*extra: str):
    return run_cli("contacts", "add", "--role", "Mental health desk", "--organisation",
                   "Police", "--mailbox", "mh.desk@police.example.uk", "--hours", "24 hours",
                   *extra)


def test_contacts_list_stale_shows_only_the_routes_not_confirmed_for_ninety_days(data_dir):
    as_committee(data_dir)
    fresh = run_cli("contacts", "add", "--role", "Duty AMHP", "--organisation",
                    "Borough Council", "--phone", "03069 990100", "--hours", "9:00 to 17:00",
                    "--fills", "amhp_service_phone")
    assert fresh.returncode == 0, fresh.stderr
    assert "reaches the other computers with the next protocol pack" in fresh.stdout
    assert add("--confirmed", old(), "--fills", "police_mh_liaison").returncode == 0

    listed = run_cli("contacts", "list")
    assert listed.stdout.startswith("The committee's directory, kept on this computer:")
    assert "    03069 990100 | 9:00 to 17:00\n    Fills: AMHP service (daytime) telephone" \
        in listed.stdout
    stale = run_cli("contacts", "list", "--stale")
    assert "Mental health desk (Police)" in stale.stdout
    assert "Duty AMHP" not in stale.stdout
    assert "NOT CONFIRMED FOR 120 DAYS" in stale.stdout
    rows = json.loads(run_cli("contacts", "list", "--stale", "--json").stdout)
    assert [(r["role"], r["stale"], r["days_since_confirmed"]) for r in rows] == [
        ("Mental health desk", True, 120)]

    confirmed = run_cli("contacts", "confirm", rows[0]["id"][:8])
    assert confirmed.returncode == 0 and "confirmed" in confirmed.stdout
    assert run_cli("contacts", "list", "--stale").stdout == \
        "No routes not confirmed for more than 90 days.\n"


def test_bad_input_is_said_and_changes_nothing(data_dir):
    as_committee(data_dir)
    wrong = add("--mailbox", "nobody", "--fills", "police_mh_liaison")
    assert wrong.returncode == 1
    assert "A shared mailbox is an address such as amhp.duty@example.nhs.uk." in wrong.stderr
    unknown = add("--fills", "no_such_placeholder")
    assert unknown.returncode == 1 and "not a placeholder the protocols use" in unknown.stderr
    assert run_cli("contacts", "list").stdout == \
        "The directory of who to contact is empty on this computer.\n"


def test_only_the_committee_keeps_the_directory(data_dir):
    refused = add()
    assert refused.returncode == 1
    assert "kept on the committee's computer" in refused.stderr


def built(tmp_path, version: str) -> tuple[dict, list[dict]]:
    folder = tmp_path / version
    folder.mkdir()
    os.environ["COMMONGROUND_PASSPHRASE"] = "a long enough passphrase"
    try:
        made = run_cli("pack", "build", "--from", str(paths.bundled_protocols_dir()),
                       "--version", version, "-o", str(folder))
    finally:
        os.environ.pop("COMMONGROUND_PASSPHRASE", None)
    assert made.returncode == 0, made.stderr
    [pack] = list(folder.glob("protocol-pack_*.zip"))
    with zipfile.ZipFile(io.BytesIO(pack.read_bytes())) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        records = [json.loads(line) for line in archive.read("payload.jsonl").splitlines()]
    return manifest, records


def test_pack_build_carries_the_directory_once_there_is_one_then_always(data_dir, tmp_path):
    as_committee(data_dir)
    os.environ["COMMONGROUND_PASSPHRASE"] = "a long enough passphrase"
    try:
        assert run_cli("keys", "create", "--role", "committee").returncode == 0
    finally:
        os.environ.pop("COMMONGROUND_PASSPHRASE", None)
    manifest, records = built(tmp_path, "2027.1")      # never used: packs as before
    assert "contacts" not in manifest and {r["type"] for r in records} == {"protocol"}

    assert add("--fills", "police_mh_liaison").returncode == 0
    manifest, records = built(tmp_path, "2027.2")
    assert manifest["contacts"] == 1
    [contact] = [r for r in records if r["type"] == "contact"]
    assert (contact["mailbox"], contact["fills"]) == ("mh.desk@police.example.uk",
                                                      "police_mh_liaison")

    assert run_cli("contacts", "remove", contact["id"][:8]).returncode == 0
    manifest, records = built(tmp_path, "2027.3")      # emptied: every PC's copy too
    assert manifest["contacts"] == 0 and {r["type"] for r in records} == {"protocol"}
