"""What sync remembers: sequence numbers, the outbox, what has been sent and received,
the gaps in what has arrived, and which keys are trusted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..storage.db import Database
from ..timeutil import iso, now_local
from .keys import fingerprint, unb64


# ---------------------------------------------------------------- sending
def next_sequence(conn, kind: str, recipient: str = "") -> int:
    row = conn.execute("SELECT last FROM sequences WHERE kind = ? AND recipient = ?",
                       (kind, recipient)).fetchone()
    number = (row["last"] if row else 0) + 1
    conn.execute("INSERT INTO sequences(kind, recipient, last) VALUES (?,?,?) "
                 "ON CONFLICT(kind, recipient) DO UPDATE SET last = excluded.last",
                 (kind, recipient, number))
    return number


def enqueue(conn, *, kind: str, folder: str, recipient: str, sequence: int, file_name: str,
            data: bytes, records: int, items: dict[str, str], now: dt.datetime) -> int:
    """Keep a finished bundle in the database until it has been written to its folder.

    ``items`` (item key -> version) are marked sent in the same transaction, so an item is
    either in exactly one queued bundle or not sent at all.
    """
    cursor = conn.execute(
        "INSERT INTO outbox(kind, folder, recipient, sequence, file_name, created_at, records, "
        "data) VALUES (?,?,?,?,?,?,?,?)",
        (kind, folder, recipient, sequence, file_name, iso(now), records, data))
    outbox_id = cursor.lastrowid
    conn.executemany("INSERT INTO sent_items(item, outbox_id, version) VALUES (?,?,?) "
                     "ON CONFLICT(item) DO UPDATE SET outbox_id = excluded.outbox_id, "
                     "version = excluded.version",
                     [(item, outbox_id, version) for item, version in items.items()])
    return outbox_id


def sent_versions(db: Database, prefix: str) -> dict[str, str]:
    rows = db.query("SELECT item, version FROM sent_items WHERE item LIKE ?", (prefix + "%",))
    return {row["item"]: row["version"] for row in rows}


@dataclass(frozen=True)
class Waiting:
    id: int
    kind: str
    folder: str
    file_name: str
    records: int
    created_at: str
    attempts: int
    last_error: str | None


def waiting(db: Database) -> list[Waiting]:
    rows = db.query("SELECT id, kind, folder, file_name, records, created_at, attempts, "
                    "last_error FROM outbox WHERE written_at IS NULL ORDER BY id")
    return [Waiting(*tuple(row)) for row in rows]


def outbox_data(db: Database, outbox_id: int) -> bytes:
    return db.query_one("SELECT data FROM outbox WHERE id = ?", (outbox_id,))["data"]


def mark_written(db: Database, outbox_id: int, now: dt.datetime | None = None) -> None:
    with db.transaction() as conn:
        conn.execute("UPDATE outbox SET written_at = ?, attempts = attempts + 1, "
                     "last_error = NULL WHERE id = ?", (iso(now or now_local()), outbox_id))


def mark_failed(db: Database, outbox_id: int, error: str) -> None:
    with db.transaction() as conn:
        conn.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                     (error, outbox_id))


# --------------------------------------------------------------- receiving
def already_imported(conn, kind: str, source: str, sequence: int) -> bool:
    return conn.execute("SELECT 1 FROM inbox WHERE kind = ? AND source_install = ? AND "
                        "sequence = ? AND status = 'imported'",
                        (kind, source, sequence)).fetchone() is not None


# What the inbox notes beside a reason in words, where a screen acts on it.
DUPLICATE = "duplicate"                 # a bundle imported before: not worth listing
UNTRUSTED_SIGNER = "untrusted_signer"   # waits for its sender's key to be trusted
PENDING_KEY = "pending_key"             # a ward PC not (or not with this key) enrolled


def record_inbox(conn, *, file_name: str, folder: str, sha256: str, status: str, reason: str,
                 manifest: dict | None, now: dt.datetime, size: int | None = None,
                 mtime_ns: int | None = None, code: str = "") -> None:
    """Note what was made of a file; ``size`` and ``mtime_ns`` (while the file stays in its
    folder) let the next pass skip it until it changes."""
    source = (manifest or {}).get("source") or {}
    conn.execute(
        "INSERT INTO inbox(file_name, folder, sha256, kind, source_install, source_name, "
        "signer, sequence, seen_at, status, reason, records, size, mtime_ns, code) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (file_name, folder, sha256, (manifest or {}).get("kind"), source.get("install_id"),
         source.get("name"), source.get("fingerprint"), (manifest or {}).get("sequence"),
         iso(now), status, reason, (manifest or {}).get("records", 0), size, mtime_ns, code))


def not_imported(db: Database, limit: int = 200) -> list[dict]:
    """Arrived files that were refused, wait, or are not for this computer, newest first;
    a bundle imported before is left out."""
    return [dict(row) for row in db.query(
        "SELECT id, seen_at, file_name, folder, kind, source_name, signer, status, reason, "
        "code FROM inbox WHERE status IN ('rejected', 'waiting') OR (status = 'skipped' AND "
        "code != ?) ORDER BY id DESC LIMIT ?", (DUPLICATE, limit))]


def received_recently(db: Database, limit: int = 20) -> list[dict]:
    return [dict(row) for row in db.query(
        "SELECT seen_at, file_name, source_name, records FROM inbox WHERE status = 'imported' "
        "ORDER BY id DESC LIMIT ?", (limit,))]


@dataclass(frozen=True)
class Gap:
    kind: str
    source_install: str
    source_name: str
    missing: tuple[int, ...]      # the first few numbers missing
    since: str
    count: int = 0                # how many are missing in all

    def describe(self) -> str:
        total = max(self.count, len(self.missing))
        numbers = ", ".join(str(n) for n in self.missing[:5]) + \
            (" and more" if total > 5 else "")
        plural = "s" if total > 1 else ""
        return (f"{self.source_name or self.source_install[:8]}: {self.kind} bundle{plural} "
                f"{numbers} missing since {self.since[:16].replace('T', ' ')}")


def gaps(db: Database) -> list[Gap]:
    """Sequence numbers never received, per sender and kind, and since when they are owed.

    Counted from the numbers held, never by walking every number up to the highest, so a
    sequence number in the billions costs nothing."""
    # A bundle that arrived but was not for this computer (an older pack) is not missing.
    rows = db.query("SELECT kind, source_install, source_name, sequence, seen_at FROM inbox "
                    "WHERE status IN ('imported', 'skipped') AND sequence IS NOT NULL "
                    "ORDER BY kind, source_install, sequence")
    found: list[Gap] = []
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault((row["kind"], row["source_install"]), []).append(row)
    for (kind, source), items in groups.items():
        first: list[int] = []
        count, expected = 0, 1
        for number in sorted({item["sequence"] for item in items}):
            if number > expected:
                count += number - expected
                first.extend(range(expected, min(number, expected + 6 - len(first))))
            expected = number + 1
        if count:
            after = min((item for item in items if item["sequence"] > first[0]),
                        key=lambda item: item["sequence"])
            found.append(Gap(kind, source, items[-1]["source_name"] or "", tuple(first[:6]),
                             after["seen_at"], count))
    return found


# ------------------------------------------------------------- trusted keys
PURPOSES = {"receipts": "advisor", "deidentified": "advisor", "protocol-pack": "committee"}


def trust(db: Database, public_b64: str, purpose: str, source: str, *, name: str = "",
          install_id: str | None = None, now: dt.datetime | None = None) -> str:
    mark = fingerprint(unb64(public_b64))
    with db.transaction() as conn:
        conn.execute("INSERT INTO trusted_keys(fingerprint, public_key, purpose, install_id, "
                     "name, source, first_seen) VALUES (?,?,?,?,?,?,?) "
                     "ON CONFLICT(fingerprint) DO UPDATE SET purpose = excluded.purpose, "
                     "source = CASE WHEN trusted_keys.source = 'policy' THEN 'policy' "
                     "ELSE excluded.source END, blocked = 0",
                     (mark, public_b64, purpose, install_id, name, source,
                      iso(now or now_local())))
    return mark


def trusted(db: Database, public_b64: str, purpose: str) -> bool:
    row = db.query_one("SELECT purpose, blocked FROM trusted_keys WHERE public_key = ?",
                       (public_b64,))
    return row is not None and not row["blocked"] and row["purpose"] == purpose


def key_for_install(db: Database, install_id: str) -> dict | None:
    """The key an install signs with now (not revoked or replaced), if it is enrolled."""
    row = db.query_one("SELECT * FROM trusted_keys WHERE install_id = ? AND purpose = 'install' "
                       "AND blocked = 0 ORDER BY first_seen DESC", (install_id,))
    return dict(row) if row else None


def install_keys(db: Database, install_id: str) -> list[dict]:
    """Every key an install has been enrolled with, revoked and replaced ones included."""
    return [dict(row) for row in db.query("SELECT * FROM trusted_keys WHERE install_id = ? "
                                          "AND purpose = 'install'", (install_id,))]


def approve_install_key(db: Database, public_b64: str, install_id: str, name: str = "",
                        source: str = "approved", now: dt.datetime | None = None) -> str:
    """Enrol a ward PC's key. A key it was enrolled with before (a rotated one) stays
    valid until it is revoked (``revoke``), so bundles it signed before the rotation still
    arrive."""
    return trust(db, public_b64, "install", source, name=name, install_id=install_id,
                 now=now)


def revoke(db: Database, mark: str) -> dict | None:
    """Stop trusting a key (a stolen or replaced PC's): its bundles are refused from now on.
    The key's row, or None if this computer does not know it."""
    row = db.query_one("SELECT * FROM trusted_keys WHERE fingerprint = ?", (mark,))
    if row is not None:
        set_blocked(db, mark, True)
    return dict(row) if row else None


def pending_keys(db: Database) -> list[dict]:
    """Ward PCs whose bundles wait for their key to be approved: one row per install and
    key, with how many bundles wait and since when."""
    return [dict(row) for row in db.query(
        "SELECT source_install AS install_id, signer AS fingerprint, "
        "max(source_name) AS name, count(*) AS bundles, min(seen_at) AS since, max(reason) "
        "AS reason FROM inbox WHERE status = 'waiting' AND code = ? GROUP BY source_install, "
        "signer ORDER BY since", (PENDING_KEY,))]


def pending_bundles(db: Database, install_id: str, mark: str) -> list[dict]:
    return [dict(row) for row in db.query(
        "SELECT id, folder, file_name, source_name FROM inbox WHERE status = 'waiting' AND "
        "code = ? AND source_install = ? AND signer = ? ORDER BY id",
        (PENDING_KEY, install_id, mark))]


def key_owner(db: Database, public_b64: str) -> dict | None:
    """The trusted key row holding this public key, whatever it is trusted for."""
    row = db.query_one("SELECT * FROM trusted_keys WHERE public_key = ?", (public_b64,))
    return dict(row) if row else None


def set_blocked(db: Database, mark: str, blocked: bool) -> None:
    with db.transaction() as conn:
        conn.execute("UPDATE trusted_keys SET blocked = ? WHERE fingerprint = ?",
                     (1 if blocked else 0, mark))


def all_keys(db: Database) -> list[dict]:
    return [dict(row) for row in db.query("SELECT fingerprint, purpose, name, install_id, "
                                          "source, first_seen, blocked FROM trusted_keys "
                                          "ORDER BY purpose, first_seen")]


# ------------------------------------------------------ a replaced PC, linked
def link_install(db: Database, install_id: str, replaces: str, by: str = "",
                 now: dt.datetime | None = None) -> None:
    """Let ``install_id`` (a reimaged or replaced PC, enrolled again) add to the reports
    ``replaces`` sent."""
    with db.transaction() as conn:
        conn.execute("INSERT INTO install_links(install_id, replaces, linked_at, by) "
                     "VALUES (?,?,?,?) ON CONFLICT(install_id) DO UPDATE SET "
                     "replaces = excluded.replaces, linked_at = excluded.linked_at, "
                     "by = excluded.by", (install_id, replaces, iso(now or now_local()), by))


def links(db: Database) -> list[dict]:
    return [dict(row) for row in db.query("SELECT install_id, replaces, linked_at, by FROM "
                                          "install_links ORDER BY linked_at")]
