"""Taking in what has arrived in a shared folder, one file at a time; no file can stop,
starve or half-import the others.

Each file is handled inside one boundary: whatever goes wrong with it (a check that fails,
or an error nobody foresaw) is recorded with its reason, the file is set aside in
``rejected/`` with a ``.reason.txt``, and the pass goes on. Only this computer's own
storage failing (a full disk, a read-only data folder) stops the pass (see failures.py).

What is judged is a file's content, never its name: a file is read again whenever its size
or modification time changes. One that is not yet complete (cut short, locked, still being
copied) waits, and is set aside only after an hour unchanged. The fingerprint noted for a
file (``inbox.sha256``) is that of its signed manifest once the manifest could be read
(it holds the payload's SHA-256, so it names the whole content without reading it all),
else that of the file's bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ..storage.db import Database
from ..timeutil import iso
from . import bundle as bundles
from . import failures, incoming, keys, packs_check, reader, state, trust, wire

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
CHECKS = {"reports": incoming.check_report_record,
          "acknowledgements": incoming.check_report_record,
          "receipts": incoming.check_receipt_record,
          "deidentified": incoming.check_deidentified_record,
          "protocol-pack": packs_check.check_pack_record}
SETTLE = dt.timedelta(hours=1)   # an incomplete file unchanged this long is not arriving
DONE = ("imported", "skipped", "rejected")


@dataclass(frozen=True)
class Seen:
    """What this computer last made of a file name in a folder."""
    status: str
    sha256: str
    size: int | None
    mtime_ns: int | None
    seen_at: str

    def same(self, info: os.stat_result | None) -> bool:
        return info is not None and (self.size, self.mtime_ns) == (info.st_size,
                                                                   info.st_mtime_ns)


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


def os_problem(exc: OSError) -> str:
    import errno
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder is read-only for this computer"
    return exc.strerror or str(exc)


def decryptor(setup):
    def find(mark: str):
        key = setup.advisor_private
        if key is not None and keys.fingerprint(keys.raw_public(key.public_key())) == mark:
            return key
        return None
    return find


# ----------------------------------------------------------------- a folder
def read_folder(db: Database, setup, folder_key: str, folder: Path, kinds: tuple[str, ...],
                now: dt.datetime, result) -> None:
    problem = folder_problem(folder)
    if problem:
        result.problems.append(f"{FOLDER_NAMES[folder_key].capitalize()} folder: {problem}")
        return
    try:
        entries = sorted((entry.name, entry) for entry in os.scandir(folder)
                         if entry.is_file())
    except OSError as exc:
        result.problems.append(f"Could not list {folder}: {os_problem(exc)}")
        return
    last = latest(db, folder_key)
    for name, entry in entries:
        parsed = bundles.parse_name(name)
        if parsed is None or parsed["source"] == setup.install_id:
            continue
        if parsed.get("to") and parsed["to"] != setup.install_id:
            continue  # for another ward PC
        try:
            info = entry.stat()
        except OSError:
            continue  # gone since the listing
        seen = last.get(name)
        if seen is not None and seen.status in DONE and seen.same(info):
            continue  # judged before, and not changed since
        import_file(db, setup, folder_key, folder / name, kinds, now, result, seen=seen)


def latest(db: Database, folder_key: str) -> dict[str, Seen]:
    rows = db.query("SELECT file_name, status, sha256, size, mtime_ns, seen_at FROM inbox "
                    "WHERE id IN (SELECT max(id) FROM inbox WHERE folder = ? "
                    "GROUP BY file_name)", (folder_key,))
    return {row["file_name"]: Seen(row["status"], row["sha256"], row["size"], row["mtime_ns"],
                                   row["seen_at"]) for row in rows}


# ------------------------------------------------------------------ one file
def import_file(db: Database, setup, folder_key: str, path: Path, kinds: tuple[str, ...],
                now: dt.datetime, result, seen: Seen | None = None) -> None:
    """Check one arrived file and import it, or set it aside with its reason. Nothing
    raised while handling it escapes, except this computer's own storage failing."""
    try:
        _take(db, setup, folder_key, path, kinds, now, result, seen)
    except Exception as exc:  # the boundary: one file never stops the others
        if failures.storage_problem(exc) is not None:
            raise
        log.exception("could not handle %s", path)
        reason = (f"it could not be handled ({exc.__class__.__name__}: {str(exc)[:120]}); it "
                  "was set aside so that the other files go on")
        try:
            _reject(db, path, folder_key, _digest_of(path), reason, True, None, now, result)
        except Exception as again:
            if failures.storage_problem(again) is not None:
                raise
            log.exception("could not record the rejection of %s", path)
            result.problems.append(f"Could not handle {path.name}: {reason}")


def _take(db, setup, folder_key, path, kinds, now, result, seen) -> None:
    manifest, digest, info = None, "", None
    try:
        try:
            info = path.stat()
            with open(path, "rb") as handle:
                opened = reader.open_envelope(handle, info.st_size)
                manifest, digest = opened.manifest, opened.identity
                decision = _authorise(db, setup, manifest, kinds)
                with db.use() as conn:
                    duplicate = state.already_imported(conn, manifest["kind"],
                                                       manifest["source"]["install_id"],
                                                       manifest["sequence"])
                if duplicate:
                    _record(db, path, folder_key, digest, "skipped",
                            f"bundle {manifest['sequence']} from this sender was already "
                            "imported", manifest, now, info, code=state.DUPLICATE)
                    return
                bundle = reader.read_opened(opened, decrypt_key=decryptor(setup),
                                            check_record=CHECKS[manifest["kind"]], path=path)
            after = path.stat()
            if (after.st_size, after.st_mtime_ns) != (info.st_size, info.st_mtime_ns):
                raise bundles.BundleRejected("it changed while it was being read (still being "
                                             "copied?)", incomplete=True)
        except OSError as exc:
            raise bundles.BundleRejected(f"it cannot be read here yet "
                                         f"({exc.strerror or exc})", locked=True) from exc
        with db.transaction() as conn:
            trust.keep(db, decision, now)
            count = _import(db, setup, bundle, now)
            # It no longer waits (for its sender's key, say): only what became of it stays.
            conn.execute("DELETE FROM inbox WHERE folder = ? AND file_name = ? AND status = "
                         "'waiting'", (folder_key, path.name))
            state.record_inbox(conn, file_name=path.name, folder=folder_key, sha256=digest,
                               status="imported", reason="", manifest=manifest, now=now,
                               size=info.st_size, mtime_ns=info.st_mtime_ns)
    except bundles.BundleRejected as exc:
        digest = digest or _known_digest(path, info, seen)
        if exc.incomplete:
            _wait_or_reject(db, path, folder_key, digest, str(exc), now, result, info, seen,
                            settles=not exc.locked)
            return
        _reject(db, path, folder_key, digest, str(exc), exc.move, manifest, now, result,
                retry=exc.retry, info=info, code=exc.code)
        return
    except incoming.RecordProblem as exc:
        _reject(db, path, folder_key, digest, str(exc), True, manifest, now, result)
        return
    result.received += 1
    result.lines.append(f"Received {path.name}: {count} new or changed")


def _authorise(db, setup, manifest: dict, kinds) -> trust.Decision:
    """Everything decided from the signed manifest alone, before the payload is touched."""
    kind = manifest["kind"]
    if kind not in kinds:
        raise bundles.BundleRejected(f"a '{kind}' bundle does not belong in this folder")
    if wire.RULES[kind].addressed and manifest.get("to") != setup.install_id:
        raise bundles.BundleRejected("it is addressed to another computer", move=False,
                                     retry=False)
    if kind == "protocol-pack" and setup.pack_importer is None:
        raise bundles.BundleRejected(f"this computer does not take '{kind}' bundles",
                                     move=False)
    return trust.decide(db, manifest, getattr(setup, "enrolled", ()))


def _digest(handle) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _digest_of(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            return _digest(handle)
    except OSError:
        return ""


def _known_digest(path: Path, info, seen: Seen | None) -> str:
    """The file's SHA-256: remembered if it has not changed since, else read again."""
    if seen is not None and seen.same(info) and seen.sha256:
        return seen.sha256
    return _digest_of(path)


def _import(db: Database, setup, bundle: bundles.Bundle, now) -> int:
    if bundle.kind in ("reports", "acknowledgements"):
        return incoming.import_reports(db, bundle.records, bundle.source, "violence and "
                                       "prosecution advisor", now)
    if bundle.kind == "receipts":
        return incoming.import_receipts(db, bundle.records, setup.retention, now)
    if bundle.kind == "deidentified":
        places = bundle.manifest.get("places")
        return incoming.import_deidentified(
            db, bundle.records, bundle.source, now, bundle.sequence,
            places=[p for p in places if isinstance(p, str)] if isinstance(places, list)
            else ())
    return setup.pack_importer(db, bundle, now)


# ------------------------------------------------------------- what is noted
def _record(db, path, folder_key, digest, status, reason, manifest, now, info=None,
            code: str = "") -> None:
    size, mtime = (info.st_size, info.st_mtime_ns) if info is not None else (None, None)
    with db.transaction() as conn:
        if status == "waiting":
            same = conn.execute("SELECT id FROM inbox WHERE folder = ? AND file_name = ? AND "
                                "status = 'waiting' AND sha256 = ? ORDER BY id DESC LIMIT 1",
                                (folder_key, path.name, digest)).fetchone()
            if same is not None:  # the same bytes still waiting: keep when first seen
                conn.execute("UPDATE inbox SET reason = ?, code = ?, size = ?, mtime_ns = ? "
                             "WHERE id = ?", (reason, code, size, mtime, same["id"]))
                conn.execute("DELETE FROM inbox WHERE folder = ? AND file_name = ? AND status "
                             "= 'waiting' AND id != ?", (folder_key, path.name, same["id"]))
                return
        conn.execute("DELETE FROM inbox WHERE folder = ? AND file_name = ? AND status = "
                     "'waiting'", (folder_key, path.name))
        state.record_inbox(conn, file_name=path.name, folder=folder_key, sha256=digest,
                           status=status, reason=reason, manifest=manifest, now=now,
                           size=size, mtime_ns=mtime, code=code)


def _wait_or_reject(db, path, folder_key, digest, reason, now, result, info, seen,
                    settles: bool = True) -> None:
    """An incomplete file waits; one that stays the same for an hour is not arriving and
    is set aside. One that cannot be read here at all only waits: others may read it."""
    waiting_since = None
    if seen is not None and seen.status == "waiting" and seen.sha256 == digest:
        waiting_since = dt.datetime.fromisoformat(seen.seen_at)
    if settles and info is not None and waiting_since is not None and \
            now - waiting_since >= SETTLE:
        _reject(db, path, folder_key, digest, f"{reason}; it has stayed so since "
                f"{iso(waiting_since)[:16].replace('T', ' ')}, so it is not a bundle still "
                "arriving", True, None, now, result)
        return
    _record(db, path, folder_key, digest, "waiting", reason, None, now, info)
    result.problems.append(f"Not imported yet: {path.name}: {reason}")


def _reject(db, path, folder_key, digest, reason, move, manifest, now, result,
            retry: bool = True, info=None, code: str = "") -> None:
    if move:
        moved = bundles.move_aside(path, reason)
        where = f" (moved to {moved.parent})" if moved else " (the folder is read-only, so it " \
                                                           "stays where it is)"
        _record(db, path, folder_key, digest, "rejected", reason, manifest, now,
                None if moved else _stat(path), code)
        result.rejected += 1
        result.problems.append(f"Rejected {path.name}: {reason}{where}")
    elif retry:
        _record(db, path, folder_key, digest, "waiting", reason, manifest, now, info, code)
        result.problems.append(f"Not imported yet: {path.name}: {reason}")
    else:
        _record(db, path, folder_key, digest, "skipped", reason, manifest, now, info, code)
        result.lines.append(f"Not for this computer: {path.name}: {reason}")


def _stat(path: Path):
    try:
        return path.stat()
    except OSError:
        return None
