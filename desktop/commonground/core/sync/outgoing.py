"""Making outgoing bundles: what each role sends, and only what has not gone before.

Every bundle is made and queued in one transaction with the note of what it carries, so
an item is in exactly one bundle or in none. Writing it to the shared folder comes after,
and is retried until it works.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from ..storage.db import Database
from ..timeutil import now_local
from . import bundle as bundles
from . import deidentify, scrub, wire
from .state import enqueue, next_sequence, sent_versions

MAX_RECORDS = 20000  # per bundle; more waits for the next pass


@dataclass
class Sender:
    source: bundles.Source
    advisor_key: object | None = None        # X25519PublicKey for reports, if known
    advisor_key_problem: str = ""
    site: str = ""
    known_places: frozenset[str] = frozenset()


_item_hash = scrub.item_hash


def _queue(db: Database, sender: Sender, kind: str, folder: str,
           entries: list[tuple[dict, str, str]], now: dt.datetime, *, recipient: str = "",
           encrypt_to=None, extra: dict | None = None) -> str | None:
    """Make and queue bundles of ``entries`` (record, item key, item version): as many as
    the format's sending limits need, all in one transaction. Returns their names."""
    if not entries:
        return None
    lines = list(wire.encode_records(record for record, _item, _version in entries))
    names = []
    with db.transaction() as conn:
        for start, end in chunks(lines):
            sequence = next_sequence(conn, kind, recipient)
            data, _manifest = bundles.build_encoded(
                kind, sender.source, sequence, lines[start:end], recipient=encrypt_to, now=now,
                extra={**({"to": recipient} if recipient else {}), **(extra or {})} or None)
            name = bundles.bundle_name(kind, sender.source.install_id, sequence,
                                       recipient or None)
            enqueue(conn, kind=kind, folder=folder, recipient=recipient, sequence=sequence,
                    file_name=name, data=data, records=end - start,
                    items={item: version for _record, item, version in entries[start:end]},
                    now=now)
            names.append(name)
    return ", ".join(names)


def chunks(lines: list[bytes]) -> list[tuple[int, int]]:
    """Where to cut encoded records into bundles every reader takes: at most
    ``wire.SEND_RECORDS`` records and ``wire.SEND_PAYLOAD_BYTES`` bytes each."""
    cuts, start, size = [], 0, 0
    for index, line in enumerate(lines):
        if index > start and (index - start >= wire.SEND_RECORDS
                              or size + len(line) > wire.SEND_PAYLOAD_BYTES):
            cuts.append((start, index))
            start, size = index, 0
        size += len(line)
    if start < len(lines):
        cuts.append((start, len(lines)))
    return cuts


# --------------------------------------------------------------- frontline
def queue_reports(db: Database, sender: Sender, now: dt.datetime | None = None) -> str | None:
    """Submitted reports, requests and episodes, with their addenda, outcomes and recorded
    decision-aid answers, encrypted to the advisor, never in clear."""
    now = now or now_local()
    sent = sent_versions(db, "report:") | sent_versions(db, "addendum:") | \
        sent_versions(db, "outcome:") | sent_versions(db, "aid:")
    entries = []
    # A report already received (and so trimmed on this PC) is not sent again, but an
    # outcome or addendum written after the receipt still goes.
    for row in db.query("SELECT id, uuid, reference, submitted_at, created_at, data, redacted "
                        "FROM reports WHERE source_install IS NULL AND status != 'draft' "
                        "ORDER BY id"):
        key = f"report:{row['uuid']}"
        if key not in sent and not row["redacted"]:
            entries.append(({"type": "report", "uuid": row["uuid"],
                             "reference": row["reference"], "submitted_at": row["submitted_at"],
                             "created_at": row["created_at"], "data": json.loads(row["data"])},
                            key, ""))
        for event in db.query("SELECT id, at, author, kind, detail FROM report_events WHERE "
                              "report_id = ? AND kind IN ('addendum', 'outcome', 'aid') "
                              "ORDER BY id", (row["id"],)):
            detail = json.loads(event["detail"])
            if event["kind"] == "outcome":
                if f"outcome:{detail['uuid']}" not in sent:
                    entries.append(({"type": "outcome", "uuid": detail["uuid"],
                                     "report_uuid": row["uuid"], "at": event["at"],
                                     "author": event["author"], "values": detail["values"]},
                                    f"outcome:{detail['uuid']}", ""))
                continue
            item = scrub.sent_item(row["uuid"], event)
            if item in sent or scrub.is_scrubbed(detail):
                continue      # gone already (only "sent <day>" is left of it here)
            marker = item.split(":", 1)[1]
            if event["kind"] == "aid":
                entries.append(({"type": "aid", "uuid": marker, "report_uuid": row["uuid"],
                                 "at": event["at"], "author": event["author"],
                                 "text": detail.get("text", ""), "aid": detail.get("aid", ""),
                                 "outcome": detail.get("outcome") or "",
                                 "result": detail.get("result") or {}}, item, ""))
                continue
            entries.append(({"type": "addendum", "uuid": marker, "report_uuid": row["uuid"],
                             "at": event["at"], "author": event["author"],
                             "text": detail.get("text", "")}, item, ""))
        if len(entries) >= MAX_RECORDS:
            break
    if not entries or sender.advisor_key is None:
        # Encryption that silently fails is the worst failure: nothing leaves in clear.
        return None
    # Aid answers go in bundles of their own, after the reports: a hub one release older
    # refuses a whole bundle with a record type it does not know, and must still get every
    # report (the refused aid bundle waits, moved aside, for the hub's upgrade).
    aids = [entry for entry in entries if entry[0]["type"] == "aid"]
    names = [_queue(db, sender, "reports", "upward", part, now, encrypt_to=sender.advisor_key)
             for part in ([entry for entry in entries if entry[0]["type"] != "aid"], aids)]
    return ", ".join(name for name in names if name) or None


def reports_waiting_for_key(db: Database) -> int:
    sent = sent_versions(db, "report:")
    rows = db.query("SELECT uuid FROM reports WHERE source_install IS NULL AND status = "
                    "'queued' AND redacted = 0")
    return sum(1 for row in rows if f"report:{row['uuid']}" not in sent)


def queue_acknowledgements(db: Database, sender: Sender,
                           now: dt.datetime | None = None) -> str | None:
    """Confirmations made here, with the reader's role and agency but not their name (it
    stays on this PC; "name" goes empty, as a hub of the previous release requires it)."""
    now = now or now_local()
    if sender.advisor_key is None:
        return None           # they travel encrypted or not at all: they wait for the key
    sent = sent_versions(db, "ack:")
    entries = []
    for row in db.query("SELECT * FROM acknowledgements WHERE source_install IS NULL "
                        "ORDER BY id LIMIT ?", (MAX_RECORDS,)):
        if f"ack:{row['uuid']}" in sent:
            continue
        entries.append(({"type": "ack", "uuid": row["uuid"], "protocol_id": row["protocol_id"],
                         "version": row["version"], "name": "", "at": row["at"],
                         "site": row["site"], "role": row["role"], "agency": row["agency"]},
                        f"ack:{row['uuid']}", ""))
    return _queue(db, sender, "acknowledgements", "upward", entries, now,
                  encrypt_to=sender.advisor_key)


# ------------------------------------------------------------- advisor hub
def queue_receipts(db: Database, sender: Sender, now: dt.datetime | None = None) -> list[str]:
    """For each ward PC: receipts for its reports, status changes, news for its reporters."""
    now = now or now_local()
    with db.transaction() as conn:  # messages made before sync existed get an id now
        for row in conn.execute("SELECT id FROM report_messages WHERE uuid IS NULL").fetchall():
            conn.execute("UPDATE report_messages SET uuid = ? WHERE id = ?",
                         (str(uuid.uuid4()), row["id"]))
    sent = sent_versions(db, "receipt:") | sent_versions(db, "status:") | \
        sent_versions(db, "message:")
    per_install: dict[str, list] = {}
    rows = db.query("SELECT r.uuid, r.status, r.source_install, r.updated_at, "
                    "(SELECT min(e.at) FROM report_events e WHERE e.report_id = r.id AND "
                    "e.kind = 'status' AND json_extract(e.detail, '$.status') = 'received') "
                    "AS received_at FROM reports r WHERE r.source_install IS NOT NULL")
    for row in rows:
        entries = per_install.setdefault(row["source_install"], [])
        if f"receipt:{row['uuid']}" not in sent:
            entries.append(({"type": "receipt", "report_uuid": row["uuid"],
                             "received_at": row["received_at"] or row["updated_at"]},
                            f"receipt:{row['uuid']}", ""))
        if row["status"] in ("case_open", "closed") and \
                sent.get(f"status:{row['uuid']}") != row["status"]:
            entries.append(({"type": "status", "report_uuid": row["uuid"],
                             "status": row["status"], "at": row["updated_at"]},
                            f"status:{row['uuid']}", row["status"]))
    for row in db.query("SELECT m.uuid, m.at, m.text, r.uuid AS report_uuid, r.source_install "
                        "FROM report_messages m JOIN reports r ON r.id = m.report_id "
                        "WHERE r.source_install IS NOT NULL ORDER BY m.id"):
        if f"message:{row['uuid']}" in sent:
            continue
        per_install.setdefault(row["source_install"], []).append((
            {"type": "message", "uuid": row["uuid"], "report_uuid": row["report_uuid"],
             "at": row["at"], "text": row["text"]}, f"message:{row['uuid']}", ""))
    made = []
    for install, entries in sorted(per_install.items()):
        name = _queue(db, sender, "receipts", "downward", entries, now, recipient=install)
        if name:
            made.append(name)
    return made


def deidentified_records(db: Database, known_places) -> list[dict]:
    """Everything the committee receives, as sync sends it; ``export`` carries the same."""
    return deidentify.all_records(db, known_places)


def _deid_item(record: dict) -> tuple[str, str]:
    """The sent-item key and version of a de-identified record."""
    if record["type"] == "ack_week":
        # Sent again whenever the week's count changes. Counts with no role or agency keep
        # the key they had before either was asked, so the upgrade sends nothing again.
        key = "|".join(record[k] for k in ("protocol_id", "version", "site", "week"))
        if record.get("role") or record.get("agency"):
            key += f"|{record.get('role', '')}|{record.get('agency', '')}"
        return f"ackweek:{key}", str(record["count"])
    version = _item_hash(json.dumps(record, sort_keys=True))
    if record["type"] == "note":
        return f"note:{record['uuid']}", version
    return f"deid:{record['id']}", version


def queue_deidentified(db: Database, sender: Sender,
                       now: dt.datetime | None = None) -> str | None:
    """Records of every kind whose de-identified record changed since last sent (a case
    moving on or an outcome recorded later changes it), new acknowledgements, and cases of
    note written or changed."""
    now = now or now_local()
    sent = sent_versions(db, "deid:") | sent_versions(db, "ackweek:") | \
        sent_versions(db, "note:")
    entries = []
    for record in deidentified_records(db, sender.known_places):
        item, version = _deid_item(record)
        if item not in sent or (version and sent[item] != version):
            entries.append((record, item, version))
    return _queue(db, sender, "deidentified", "committee", entries, now,
                  extra=places_signed(sender.known_places))


def places_signed(known_places) -> dict:
    """The sites and wards of this hub's site policy, signed into every de-identified
    bundle: the committee takes no other place name (it has no ward PC's policy)."""
    return {"places": sorted(known_places)[:wire.MAX_MANIFEST_LIST]}
