"""What a shared ward PC keeps once the advisor has a report: only what the site policy
allows of the report, no one's name on its timeline, and of each addendum and decision-aid
answer that has gone to the advisor only the fact and the day it went.

Scrubbed words must not linger in the file either: the scrub runs with ``secure_delete``
on (freed space in pages and freed pages are overwritten with zeros), and afterwards the
write-ahead log is checkpointed and truncated, so no older copy of a page is left in it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from contextlib import contextmanager

from ..records import columns
from ..records import kinds as rk

log = logging.getLogger(__name__)

ADVISOR = "violence and prosecution advisor"
SYSTEM_AUTHOR = "Common Ground"
DEFAULT_RETENTION = {"reference", "dates", "type", "status", "messages"}
ADDITIONS = ("addendum", "aid")     # what a ward PC adds to a report after it is sent


def item_hash(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


def addendum_marker(report_uuid: str, at: str, author: str, text: str) -> str:
    """An addendum's id on the wire (as every earlier version made it)."""
    return item_hash(report_uuid, at, author, text)


def aid_marker(report_uuid: str, event_id: int) -> str:
    """A recorded aid answer's id on the wire: its report and its place on this PC's
    timeline, which no scrub or rename changes."""
    return item_hash(report_uuid, "aid", event_id)


def sent_item(report_uuid: str, event) -> str:
    """The sent-item key of an addendum or aid event (a row with id, at, author, kind,
    detail)."""
    if event["kind"] == "aid":
        return f"aid:{aid_marker(report_uuid, event['id'])}"
    detail = json.loads(event["detail"])
    marker = addendum_marker(report_uuid, event["at"], event["author"], detail.get("text", ""))
    return f"addendum:{marker}"


def is_scrubbed(detail: dict) -> bool:
    return "sent_on" in detail and "text" not in detail


def redact(conn, report_id: int, keep: set[str]) -> None:
    """After the advisor's receipt, keep on this shared PC only what the policy allows."""
    row = conn.execute("SELECT data FROM reports WHERE id = ?", (report_id,)).fetchone()
    data = json.loads(row["data"])
    kind = rk.kind_of(data)
    role = role_of(kind, data)
    kept = {rk.KIND_KEY: data[rk.KIND_KEY]} if rk.KIND_KEY in data else {}
    if "dates" in keep:
        kept.update({k: data[k] for k in (kind.when_key, "reported_at") if data.get(k)})
    if "type" in keep:
        kept.update({k: data[k] for k in kind.type_keys if data.get(k)})
    if "place" in keep:
        kept.update({k: data[k] for k in kind.place_keys if data.get(k)})
    conn.execute("UPDATE reports SET data = ?, place = ?, reporter_name = '', created_by = "
                 "'', redacted = 1 WHERE id = ?",
                 (json.dumps(kept, allow_nan=False), columns.place_label(kept), report_id))
    scrub_sent(conn, report_id, role)     # before the names change: they are in the markers
    # The timeline names no one: the reporter's role (or "the reporter") instead of a name
    # or a login, on every entry this PC wrote; the advisor's own entries stay as they are.
    conn.execute("UPDATE report_events SET author = ? WHERE report_id = ? AND author NOT IN "
                 "(?, ?)", (role, report_id, ADVISOR, SYSTEM_AUTHOR))
    conn.execute("DELETE FROM reports_fts WHERE rowid = ?", (report_id,))
    reference = conn.execute("SELECT reference FROM reports WHERE id = ?",
                             (report_id,)).fetchone()["reference"]
    columns.index(conn, report_id, reference, kept)


def role_of(kind, data: dict) -> str:
    role = str(data.get(kind.role_key) or "").strip() if kind.role_key else ""
    return role or "the reporter"


def scrub_sent(conn, report_id: int | None = None, role: str | None = None) -> int:
    """Addenda and aid answers already in a bundle to the advisor, on reports the advisor
    has received (or on ``report_id``, being marked received): their words and their
    author's name go, "sent <day>" stays. ``role`` names the author instead; without it,
    the role the report's timeline already shows. Returns how many were scrubbed."""
    where = "r.id = ?" if report_id is not None else "1 = 1"
    rows = conn.execute(
        "SELECT e.id, e.report_id, e.at, e.author, e.kind, e.detail, r.uuid FROM report_events "
        f"e JOIN reports r ON r.id = e.report_id WHERE {where} AND r.redacted = 1 AND "
        f"r.source_install IS NULL AND e.kind IN {ADDITIONS!r} AND e.detail NOT GLOB "
        "'{\"sent_on\":*' ORDER BY e.id",
        (report_id,) if report_id is not None else ()).fetchall()
    scrubbed = 0
    for row in rows:
        if is_scrubbed(json.loads(row["detail"])):
            continue
        sent = conn.execute("SELECT o.created_at FROM sent_items s JOIN outbox o ON "
                            "o.id = s.outbox_id WHERE s.item = ?",
                            (sent_item(row["uuid"], row),)).fetchone()
        if sent is None:
            continue              # not gone yet: it is scrubbed once it has
        author = role or _shown_role(conn, row["report_id"])
        kept = json.dumps({"sent_on": str(sent["created_at"])[:10]}, separators=(",", ":"))
        conn.execute("UPDATE report_events SET author = ?, detail = ? WHERE id = ?",
                     (author, kept, row["id"]))
        scrubbed += 1
    return scrubbed


def _shown_role(conn, report_id: int) -> str:
    """Who the received report's timeline says submitted it: the role, never a name."""
    row = conn.execute("SELECT author FROM report_events WHERE report_id = ? AND kind = "
                       "'submitted' ORDER BY id LIMIT 1", (report_id,)).fetchone()
    return row["author"] if row and row["author"] else "the reporter"


@contextmanager
def overwriting(db):
    """What a transaction inside frees is overwritten with zeros (``secure_delete``, set
    outside any transaction), then the connection is as it was (some builds have it on)."""
    before = db.conn.execute("PRAGMA secure_delete").fetchone()[0]
    db.conn.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA secure_delete = {int(before):d}")


def forget_old_pages(db) -> None:
    """Copy the log into the database and empty it: the older versions of the scrubbed
    pages are in the write-ahead log until then. Best effort: a reader holding an old
    snapshot stops it completing, and the next scrub or close tries again."""
    if db.path is None:
        return
    try:
        busy = db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except Exception as exc:       # noqa: BLE001 - a checkpoint that fails changes nothing
        log.warning("could not empty the write-ahead log after a scrub: %s", exc)
        return
    if busy:
        log.warning("the write-ahead log could not be emptied after a scrub (a reader was "
                    "busy); it will be at the next one")
