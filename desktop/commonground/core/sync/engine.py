"""One sync pass: make what should go, write it to its folder, take in what has arrived.

Every folder problem (missing, read-only, full, vanished mid-write) becomes a sentence in
the result; what could not be written stays queued in the database and is tried again on
the next pass. Every arriving file is checked whole before anything of it is imported, and
is imported in one transaction with the note that it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..storage.db import Database
from ..timeutil import iso, now_local
from . import bundle as bundles
from . import incoming, keys, outgoing, state

log = logging.getLogger(__name__)

# What may arrive in each folder, by role.
READS = {
    "frontline": {"downward": ("receipts",), "protocols": ("protocol-pack",)},
    "advisor": {"upward": ("reports", "acknowledgements"), "protocols": ("protocol-pack",)},
    "committee": {"committee": ("deidentified",), "downward": ("receipts",)},
}
FOLDER_NAMES = {"upward": "upward (reports to the advisor)",
                "downward": "downward (news from the advisor)",
                "committee": "committee (de-identified data)",
                "protocols": "protocol packs"}


@dataclass
class SyncSetup:
    role: str
    folders: dict[str, Path]
    sender: outgoing.Sender
    install_id: str
    advisor_private: object | None = None
    retention: set[str] = field(default_factory=lambda: set(incoming.DEFAULT_RETENTION))
    pack_importer: Callable | None = None   # (db, bundle, now) -> int: packs.import_pack


@dataclass
class SyncResult:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sent: int = 0
    received: int = 0
    rejected: int = 0

    def summary(self) -> str:
        parts = [f"{self.sent} sent", f"{self.received} received"]
        if self.rejected:
            parts.append(f"{self.rejected} rejected")
        return ", ".join(parts)


def sync_once(db: Database, setup: SyncSetup, now: dt.datetime | None = None,
              progress: Callable[[int, int], None] | None = None) -> SyncResult:
    now = now or now_local()
    result = SyncResult()
    if not setup.folders:
        result.problems.append("No sync folders are set in the site policy; reports stay on "
                               "this computer.")
    # Send first (reports must leave even if reading fails), read, then send what reading
    # produced (the advisor's receipts for reports that just arrived).
    _make_outgoing(db, setup, now, result)
    _write_outbox(db, setup, now, result)
    for folder_key, kinds in READS.get(setup.role, {}).items():
        folder = setup.folders.get(folder_key)
        if folder is not None:
            _read_folder(db, setup, folder_key, folder, kinds, now, result)
    if result.received:
        _make_outgoing(db, setup, now, result, quiet=True)
        _write_outbox(db, setup, now, result)
    for gap in state.gaps(db):
        result.problems.append(gap.describe())
    db.set_setting("sync_last", iso(now))
    db.set_setting("sync_last_summary", result.summary() + "".join(
        f"\n{p}" for p in result.problems))
    return result


# ------------------------------------------------------------------ sending
def _make_outgoing(db, setup, now, result, quiet: bool = False) -> None:
    sender = setup.sender
    if setup.role in ("frontline", "committee"):
        made = outgoing.queue_reports(db, sender, now)
        waiting = outgoing.reports_waiting_for_key(db)
        if waiting and sender.advisor_key is None and not quiet:
            result.problems.append(
                f"{waiting} report{'s wait' if waiting != 1 else ' waits'} for the advisor's "
                f"key ({sender.advisor_key_problem}): ask IT. Reports never leave this "
                "computer unencrypted.")
        if made:
            result.lines.append(f"Made {made}")
        made = outgoing.queue_acknowledgements(db, sender, now)
        if made:
            result.lines.append(f"Made {made}")
    if setup.role == "advisor":
        for made in outgoing.queue_receipts(db, sender, now):
            result.lines.append(f"Made {made}")
        made = outgoing.queue_deidentified(db, sender, now)
        if made:
            result.lines.append(f"Made {made}")


def _write_outbox(db, setup, now, result) -> None:
    for item in state.waiting(db):
        folder = setup.folders.get(item.folder)
        if folder is None:
            continue
        problem = folder_problem(folder, writing=True)
        if problem:
            state.mark_failed(db, item.id, problem)
            result.problems.append(f"{FOLDER_NAMES[item.folder].capitalize()} folder: {problem}"
                                   f" {item.file_name} waits and will be tried again.")
            continue
        try:
            bundles.write(folder, item.file_name, state.outbox_data(db, item.id))
        except OSError as exc:
            message = _os_problem(exc)
            state.mark_failed(db, item.id, message)
            result.problems.append(f"Could not write {item.file_name} to {folder}: {message}. "
                                   "It waits and will be tried again.")
            continue
        state.mark_written(db, item.id, now)
        result.sent += 1
        result.lines.append(f"Sent {item.file_name} ({item.records} records) to {folder}")
        if item.kind == "reports":
            _mark_sent(db, item.id, now)


def _mark_sent(db, outbox_id: int, now) -> None:
    with db.transaction() as conn:
        for row in conn.execute("SELECT item FROM sent_items WHERE outbox_id = ? AND item LIKE "
                                "'report:%'", (outbox_id,)).fetchall():
            report = conn.execute("SELECT id FROM reports WHERE uuid = ? AND status = 'queued'",
                                  (row["item"][7:],)).fetchone()
            if report:
                conn.execute("UPDATE reports SET status = 'sent', updated_at = ? WHERE id = ?",
                             (iso(now), report["id"]))
                conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) "
                             "VALUES (?,?, 'Common Ground', 'status', '{\"status\": \"sent\"}')",
                             (report["id"], iso(now)))


def folder_problem(folder: Path, writing: bool = False) -> str | None:
    if not folder.exists():
        return "the folder is missing or not reachable (network, USB stick?)."
    if not folder.is_dir():
        return "this is a file, not a folder."
    if not os.access(folder, os.R_OK):
        return "this computer may not read the folder."
    if writing and not os.access(folder, os.W_OK):
        return "the folder is read-only for this computer."
    return None


def _os_problem(exc: OSError) -> str:
    import errno
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder is read-only for this computer"
    return exc.strerror or str(exc)


# ---------------------------------------------------------------- receiving
def _read_folder(db, setup, folder_key, folder, kinds, now, result) -> None:
    problem = folder_problem(folder)
    if problem:
        result.problems.append(f"{FOLDER_NAMES[folder_key].capitalize()} folder: {problem}")
        return
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.is_file())
    except OSError as exc:
        result.problems.append(f"Could not list {folder}: {_os_problem(exc)}")
        return
    done = {row["file_name"] for row in db.query(
        "SELECT file_name FROM inbox WHERE folder = ? AND status IN ('imported', 'rejected', "
        "'skipped')", (folder_key,))}
    for name in names:
        parsed = bundles.parse_name(name)
        if parsed is None or name in done or parsed["source"] == setup.install_id:
            continue
        if parsed.get("to") and parsed["to"] != setup.install_id:
            continue  # for another ward PC
        import_file(db, setup, folder_key, folder / name, kinds, now, result)


def import_file(db: Database, setup: SyncSetup, folder_key: str, path: Path,
                kinds: tuple[str, ...], now: dt.datetime, result: SyncResult) -> None:
    """Check one arrived file and import it, or reject it with its reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.problems.append(f"Could not read {path.name}: {_os_problem(exc)}")
        return
    digest = hashlib.sha256(data).hexdigest()
    manifest = None
    try:
        if len(data) > bundles.MAX_BUNDLE_BYTES:
            raise bundles.BundleRejected("it is larger than a bundle may be")
        if state.seen(db, digest) == "imported":
            _record(db, path, folder_key, digest, "skipped", "already imported", None, now)
            return
        bundle = bundles.read_bytes(data, decrypt_key=_decryptor(setup),
                                    check_record=_checker(data), path=path)
        manifest = bundle.manifest
        if bundle.kind not in kinds:
            raise bundles.BundleRejected(f"a '{bundle.kind}' bundle does not belong in this "
                                         "folder")
        _check_signer(db, setup, bundle, now)
        with db.use() as conn:
            duplicate = state.already_imported(conn, bundle.kind, bundle.source,
                                               bundle.sequence)
        if duplicate:
            _record(db, path, folder_key, digest, "skipped",
                    f"bundle {bundle.sequence} from this sender was already imported", manifest,
                    now)
            return
        with db.transaction() as conn:
            count = _import(db, setup, bundle, now)
            state.record_inbox(conn, file_name=path.name, folder=folder_key, sha256=digest,
                               status="imported", reason="", manifest=manifest, now=now)
    except bundles.BundleRejected as exc:
        _reject(db, path, folder_key, digest, str(exc), exc.move, manifest, now, result,
                retry=exc.retry)
        return
    except incoming.RecordProblem as exc:
        _reject(db, path, folder_key, digest, str(exc), True, manifest, now, result)
        return
    result.received += 1
    result.lines.append(f"Received {path.name}: {count} new or changed")


def _decryptor(setup: SyncSetup):
    def find(mark: str):
        key = setup.advisor_private
        if key is not None and keys.fingerprint(keys.raw_public(key.public_key())) == mark:
            return key
        return None
    return find


def _checker(data: bytes):
    """The record check for whatever kind the manifest says (read before the records)."""
    from . import packs_check

    kinds = {"reports": incoming.check_report_record,
             "acknowledgements": incoming.check_report_record,
             "receipts": incoming.check_receipt_record,
             "deidentified": incoming.check_deidentified_record,
             "protocol-pack": packs_check.check_pack_record}

    def check(record: dict) -> str | None:
        kind = check.kind
        return kinds[kind](record) if kind in kinds else "unknown kind"
    check.kind = _peek_kind(data)
    return check


def _peek_kind(data: bytes) -> str | None:
    import io
    import json
    import zipfile
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            with archive.open("manifest.json") as handle:
                return json.loads(handle.read(bundles.MAX_MANIFEST_BYTES)).get("kind")
    except Exception:  # the full read reports what is wrong; this only picks the checker
        return None


def _check_signer(db: Database, setup: SyncSetup, bundle: bundles.Bundle, now) -> None:
    signer = bundle.signer
    name = bundle.manifest["source"].get("name", "")
    if bundle.kind in ("reports", "acknowledgements"):
        # Ward PCs are many: the first key seen for a PC is kept, and must not change.
        known = state.key_for_install(db, bundle.source)
        if known is None:
            state.trust(db, signer, "install", "first use", name=name,
                        install_id=bundle.source, now=now)
        elif known["public_key"] != signer:
            raise bundles.BundleRejected(f"it claims to come from {name or bundle.source}, but "
                                         "is signed by a different key than before (possible "
                                         "forgery)")
        elif known["blocked"]:
            raise bundles.BundleRejected(f"the sender {name} has been blocked on this computer")
        return
    purpose = state.PURPOSES[bundle.kind]
    if not state.trusted(db, signer, purpose):
        mark = keys.fingerprint(keys.unb64(signer))
        raise bundles.BundleRejected(
            f"it is signed by {name or 'an unknown sender'} with key {mark}, which is not the "
            f"{purpose}'s key this computer trusts. If that is right, IT adds it to the site "
            "policy (or accept it in Sync).", move=False)


def _import(db: Database, setup: SyncSetup, bundle: bundles.Bundle, now) -> int:
    if bundle.kind in ("reports", "acknowledgements"):
        return incoming.import_reports(db, bundle.records, bundle.source, "violence and "
                                       "prosecution advisor", now)
    if bundle.kind == "receipts":
        if bundle.manifest.get("to") != setup.install_id:
            raise bundles.BundleRejected("it is addressed to another computer", move=False,
                                         retry=False)
        return incoming.import_receipts(db, bundle.records, setup.retention, now)
    if bundle.kind == "deidentified":
        return incoming.import_deidentified(db, bundle.records, bundle.source, now,
                                            bundle.sequence)
    if bundle.kind == "protocol-pack" and setup.pack_importer is not None:
        return setup.pack_importer(db, bundle, now)
    raise bundles.BundleRejected(f"this computer does not take '{bundle.kind}' bundles",
                                 move=False)


def _record(db, path, folder_key, digest, status, reason, manifest, now) -> None:
    with db.transaction() as conn:
        conn.execute("DELETE FROM inbox WHERE folder = ? AND file_name = ? AND status = "
                     "'waiting'", (folder_key, path.name))
        state.record_inbox(conn, file_name=path.name, folder=folder_key, sha256=digest,
                           status=status, reason=reason, manifest=manifest, now=now)


def _reject(db, path, folder_key, digest, reason, move, manifest, now, result,
            retry: bool = True) -> None:
    if move:
        moved = bundles.move_aside(path, reason)
        where = f" (moved to {moved.parent})" if moved else " (the folder is read-only, so it " \
                                                           "stays where it is)"
        _record(db, path, folder_key, digest, "rejected", reason, manifest, now)
        result.rejected += 1
        result.problems.append(f"Rejected {path.name}: {reason}{where}")
    elif retry:
        _record(db, path, folder_key, digest, "waiting", reason, manifest, now)
        result.problems.append(f"Not imported yet: {path.name}: {reason}")
    else:
        _record(db, path, folder_key, digest, "skipped", reason, manifest, now)
        result.lines.append(f"Not for this computer: {path.name}: {reason}")
