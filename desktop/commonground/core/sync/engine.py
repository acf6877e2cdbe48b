"""One sync pass: make what should go, write it to its folder, take in what has arrived.

Every folder problem (missing, read-only, full, vanished mid-write) becomes a sentence in
the result; what could not be written stays queued in the database and is tried again on
the next pass. Every arriving file is checked whole before anything of it is imported, and
is imported in one transaction with the note that it was (receiving.py). If this
computer's own storage fails (a full disk, a read-only data folder) the pass stops with
``SyncStopped``, one sentence, and nothing half-done.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..storage.db import Database
from ..timeutil import iso, now_local
from . import bundle as bundles
from . import failures, incoming, outgoing, scrub, state
from .failures import SyncStopped  # noqa: F401 (what a pass raises, for its callers)
from .receiving import (  # noqa: F401 (the receiving half, for callers of engine)
    FOLDER_NAMES,
    READS,
    decryptor,
    folder_problem,
    import_file,
    os_problem,
    read_folder,
)

log = logging.getLogger(__name__)


@dataclass
class SyncSetup:
    role: str
    folders: dict[str, Path]
    sender: outgoing.Sender
    install_id: str
    advisor_private: object | None = None
    retention: set[str] = field(default_factory=lambda: set(incoming.DEFAULT_RETENTION))
    pack_importer: Callable | None = None   # (db, bundle, now) -> int: packs.import_pack
    # The ward PCs the site policy enrols: (install id, fingerprint, name).
    enrolled: tuple[tuple[str, str, str], ...] = ()


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
    """One pass. Raises SyncStopped (one sentence) if this computer's storage fails."""
    try:
        return _pass(db, setup, now or now_local())
    except Exception as exc:
        message = failures.storage_problem(exc)
        if message is None:
            raise
        log.warning("sync stopped: %s", exc)
        raise SyncStopped(message) from exc


def _pass(db: Database, setup: SyncSetup, now: dt.datetime) -> SyncResult:
    result = SyncResult()
    if not setup.folders:
        result.problems.append("No sync folders are set in the site policy; reports stay on "
                               "this computer.")
    for folder in setup.folders.values():  # what a killed pass of ours left half-written
        failures.clean_partials(folder, setup.install_id)
    # Send first (reports must leave even if reading fails), read, then send what reading
    # produced (the advisor's receipts for reports that just arrived).
    _make_outgoing(db, setup, now, result)
    _write_outbox(db, setup, now, result)
    for folder_key, kinds in READS.get(setup.role, {}).items():
        folder = setup.folders.get(folder_key)
        if folder is not None:
            read_folder(db, setup, folder_key, folder, kinds, now, result)
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
            message = os_problem(exc)
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
    """A reports bundle is in the folder: its reports are sent, and what it carried for
    reports the advisor already has (an addendum, an aid answer) leaves only its day."""
    with scrub.overwriting(db), db.transaction() as conn:
        _sent(conn, outbox_id, now)
        scrubbed = scrub.scrub_sent(conn)
    if scrubbed:
        scrub.forget_old_pages(db)


def _sent(conn, outbox_id: int, now) -> None:
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
