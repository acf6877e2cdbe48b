"""Protocol packs: the committee's signed, numbered set of protocols, for every PC.

Building reads the committee's protocol folder with the loader the app itself uses, and
refuses a folder with any broken file. Importing (the sync engine calls ``import_pack``
once it has checked that the committee's key signed the pack) checks the pack again and
installs all of it in one transaction, or nothing. It never installs an older pack, never
takes a protocol back to an older version than this computer has (bundled or from a pack),
and never installs a text that fails the loader's checks.

A pack may also carry the committee's directory of who to contact (records of type
"contact", their number signed in the manifest as ``contacts``); a pack that carries one
replaces this computer's copy whole, in the same transaction. A pack without the
``contacts`` entry leaves the directory as it is.

After an import the library shows the new texts at its next open, or at once after
``Library.reload()``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..errors import UserError
from ..protocols import directory, directory_store
from ..protocols.acknowledgements import acknowledge, acknowledged  # noqa: F401 (one place to import)
from ..protocols.files import load_directory, parse_protocol, version_key
from ..protocols.versions import (
    current_texts,  # noqa: F401
    installed_pack_version,
    keep_previous,
    sha256_text,
    what_changed,
)
from ..storage.db import Database
from ..timeutil import iso, now_local
from . import bundle as bundles
from .packs_check import check_pack_record

KIND = "protocol-pack"
_PACK_VERSION = re.compile(r"^\d+(?:\.\d+){0,3}$")
_INSTALL_ID = re.compile(r"^[0-9a-f-]{36}$")

__all__ = ["KIND", "build_pack", "import_pack", "pack_file_name", "what_changed",
           "acknowledge", "acknowledged", "installed_pack_version"]



class PackError(UserError, ValueError):
    """A pack that cannot be made; the message says what to fix."""

def pack_file_name(install_id: str, sequence: int) -> str:
    """The only name under which ward PCs pick a pack up from the protocol folder."""
    return bundles.bundle_name(KIND, install_id, sequence)


# -------------------------------------------------------------------- building
def build_pack(protocols_dir: Path, version: str, committee_key: Ed25519PrivateKey,
               install_id: str, name: str, sequence: int,
               now: dt.datetime | None = None, contacts: list[dict] | None = None) -> bytes:
    """The bytes of a pack of every protocol in ``protocols_dir``, signed by the committee.

    Raises ValueError, with a message for the committee, if the version is not dotted
    numbers or any protocol file has a problem (naming the file, the line and the problem).
    ``contacts``: the committee's directory (``directory_store.records_for_pack``), carried
    to replace every PC's copy; None leaves the PCs' copies as they are.
    """
    version = (version or "").strip()
    if not _PACK_VERSION.match(version):
        raise PackError(f"A pack version is dotted numbers such as 2026.1 or 3, not "
                         f"'{version}'.")
    if not _INSTALL_ID.match(install_id or ""):
        raise PackError("This computer's install id is not valid; the pack was not made.")
    if int(sequence) < 1:
        raise PackError("A pack's sequence number starts at 1.")
    folder = Path(protocols_dir)
    protocols, problems = load_directory(folder)
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        lines = "\n".join(f"- {_where(problem.path, problem.line)}: {problem.message}."
                          for problem in errors)
        raise PackError(f"The pack was not made: {len(errors)} problem"
                         f"{'s' if len(errors) != 1 else ''} in the protocol files. Correct "
                         f"{'them' if len(errors) != 1 else 'it'} and make the pack again.\n"
                         + lines)
    if not protocols:
        raise PackError(f"There are no protocol files (.md) in {folder}; the pack was not "
                         "made.")
    records = []
    for protocol in sorted(protocols, key=lambda p: p.id):
        path = Path(protocol.source_path or "")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != protocol.content_hash:
            raise PackError(f"{path.name} changed while the pack was being made; make the "
                             "pack again.")
        text = data.decode("utf-8")
        record = {"type": "protocol", "id": protocol.id, "version": protocol.version,
                  "text": text, "sha256": sha256_text(text)}
        problem = check_pack_record(record)
        if problem:
            raise PackError(f"{path.name}: {problem}; the pack was not made.")
        records.append(record)
    listed = [{"id": r["id"], "version": r["version"]} for r in records]
    extra = {"pack_version": version, "protocols": listed}
    if contacts is not None:
        for record in contacts:
            problem = check_pack_record(record)
            if problem:
                raise PackError(f"The directory of who to contact: {problem}; the pack was "
                                "not made.")
        problem = directory.check_routes([directory.check(r) for r in contacts])
        if problem:
            raise PackError(f"The directory of who to contact: {problem}; the pack was not "
                            "made.")
        records = records + list(contacts)
        extra["contacts"] = len(contacts)
    source = bundles.Source(install_id, name, committee_key)
    data, _manifest = bundles.build(KIND, source, int(sequence), records, now=now,
                                    extra=extra)
    return data


def _where(path: str, line: int) -> str:
    return f"{Path(path).name}, line {line}" if line else Path(path).name


# ------------------------------------------------------------------- importing
def _refuse(message: str, move: bool) -> None:
    # A pack refused here will never fit this computer: noted once, not retried every pass.
    raise bundles.BundleRejected(message, move=move, retry=False)


def _checked(bundle: bundles.Bundle) -> tuple[str, list[dict], list | None]:
    """The pack version, its protocols and its directory of routes (None: it carries
    none), once every check of the pack itself has passed."""
    if bundle.kind != KIND:
        _refuse(f"a '{bundle.kind}' bundle is not a protocol pack", move=False)
    manifest, everything = bundle.manifest, list(bundle.records)
    version = manifest.get("pack_version")
    if not isinstance(version, str) or not _PACK_VERSION.match(version):
        _refuse("it does not say properly which pack version it is", move=True)
    for number, record in enumerate(everything, start=1):
        problem = check_pack_record(record)
        if problem:
            _refuse(f"record {number} is not valid: {problem}", move=True)
    records = [record for record in everything if record["type"] == "protocol"]
    routes = _routes(manifest, [r for r in everything if r["type"] == "contact"])
    if not records:
        _refuse("it carries no protocols", move=True)
    ids = [record["id"] for record in records]
    if len(set(ids)) != len(ids):
        _refuse("it carries the same protocol twice", move=True)
    listed = manifest.get("protocols")
    pairs = sorted((item.get("id"), item.get("version")) for item in listed
                   if isinstance(item, dict)) if isinstance(listed, list) else None
    if pairs != sorted((r["id"], r["version"]) for r in records):
        _refuse("its signed list of protocols does not match the protocols it carries",
                move=True)
    for record in records:
        where = f"{record['id']} in pack {version}"
        protocol, problems = parse_protocol(record["text"], where, record["sha256"])
        if protocol is None:
            first = problems[0]
            line = f" on line {first.line}" if first.line else ""
            _refuse(f"the protocol '{record['id']}' in it has a problem{line}: "
                    f"{first.message}", move=True)
        if protocol.id != record["id"] or protocol.version != record["version"]:
            _refuse(f"the protocol listed as '{record['id']}' version {record['version']} "
                    f"says inside that it is '{protocol.id}' version {protocol.version}",
                    move=True)
    return version, records, routes


def _routes(manifest: dict, records: list[dict]) -> list | None:
    """The directory a pack carries, checked against the number its manifest signs."""
    count = manifest.get("contacts")
    if count is None and not records:
        return None
    if type(count) is not int or count != len(records):
        _refuse("its signed number of contacts does not match the contacts it carries",
                move=True)
    routes = [directory.check(record) for record in records]
    problem = directory.check_routes(routes)
    if problem:
        _refuse(f"its directory of who to contact is not valid: {problem}", move=True)
    return routes


def import_pack(db: Database, bundle: bundles.Bundle, now: dt.datetime | None = None) -> int:
    """Install a checked pack; return how many protocols it changed on this computer.

    Raises BundleRejected (``move=False``) for a pack older than the one installed, or one
    that would take any protocol back to an older version; (``move=True``) for a pack that
    is itself broken. Importing the same pack again changes nothing and returns 0.
    """
    version, records, routes = _checked(bundle)
    when = iso(now or now_local())
    with db.transaction() as conn:
        installed = installed_pack_version(conn)
        in_packs = {row["id"]: row for row in conn.execute(
            "SELECT id, version, sha256 FROM pack_protocols").fetchall()}
        if installed is not None and version_key(version) <= version_key(installed):
            same = all(r["id"] in in_packs and in_packs[r["id"]]["sha256"] == r["sha256"]
                       for r in records) and (
                routes is None or directory_store.same_as_installed(conn, routes))
            if version_key(version) == version_key(installed) and same:
                return 0
            if version_key(version) == version_key(installed):
                _refuse(f"protocol pack {version} is already installed here, with different "
                        "contents. A changed pack needs a new version number. Nothing was "
                        "changed.", move=False)
            _refuse(f"it is protocol pack {version}, older than pack {installed} that this "
                    "computer already has. Protocols never go back to an older version. "
                    "Nothing was changed.", move=False)
        current = current_texts(conn)
        older = [f"'{r['id']}' version {r['version']} (this computer has "
                 f"{current[r['id']].version})" for r in records if r["id"] in current
                 and version_key(r["version"]) < version_key(current[r["id"]].version)]
        if older:
            _refuse(f"protocol pack {version} would take {_join(older)} back to an older "
                    "version. Protocols never go back. Nothing was changed.", move=False)
        for record in records:
            row = in_packs.get(record["id"])
            if row is not None and row["version"] == record["version"] \
                    and row["sha256"] != record["sha256"]:
                _refuse(f"it carries a different text of '{record['id']}' version "
                        f"{record['version']} from the one installed here; a changed "
                        "protocol needs a new version number", move=True)
        changed = 0
        for record in records:
            before = current.get(record["id"])
            if before is not None and before.sha256 == record["sha256"]:
                if record["id"] in in_packs:
                    continue  # the same text, already installed from an earlier pack
            else:
                changed += 1
                if before is not None:
                    keep_previous(conn, record["id"], before, when)
            conn.execute(
                "INSERT INTO pack_protocols(id, version, text, sha256, pack_version, "
                "installed_at) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                "version = excluded.version, text = excluded.text, sha256 = excluded.sha256, "
                "pack_version = excluded.pack_version, installed_at = excluded.installed_at",
                (record["id"], record["version"], record["text"], record["sha256"], version,
                 when))
        if routes is not None:
            directory_store.install_from_pack(conn, routes, version, when)
        conn.execute("INSERT INTO protocol_packs(pack_version, source_install, sequence, "
                     "signer, installed_at, protocols, changed) VALUES (?,?,?,?,?,?,?)",
                     (version, bundle.source, bundle.sequence,
                      bundle.manifest["source"].get("fingerprint", ""), when, len(records),
                      changed))
    return changed


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
