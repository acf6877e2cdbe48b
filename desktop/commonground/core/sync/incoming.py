"""Importing a bundle that has passed its checks: all of it in one transaction, or none.

Importing the same records twice changes nothing (everything is keyed by a uuid), so a
bundle written twice, or copied back by a sync tool, is harmless.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Iterable

from ..cases import workflow as cases
from ..errors import UserError
from ..records import columns, outcomes
from ..records import kinds as rk
from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import iso, parse_time
from . import deidentify, scrub

REPORT_STATUSES = ("received", "case_open", "closed")
MAX_ADDENDUM = 10_000       # as reports.add_addendum allows
MAX_AID_RESULT = 200_000    # a decision aid's whole answer, as JSON: rules, steps, inputs
# What submission adds to a record's data besides its fields.
META_KEYS = {"reported_at", "riddor_suggested", "late_report", "_entered", rk.KIND_KEY, "flags",
             "notice"}


class RecordProblem(UserError):
    pass


def _json(value, **options) -> str:
    """JSON for the database: NaN and Infinity are refused here, never stored."""
    return json.dumps(value, allow_nan=False, **options)


def _too_long(kind: rk.RecordKind, data: dict) -> str | None:
    """The form's own length limits, held again at the door: a text no form could send."""
    for key, value in data.items():
        spec = kind.fields.get(key)
        if spec is None:
            continue
        if spec.kind == "list" and isinstance(value, list):
            for item in value:
                for sub in spec.item_fields if isinstance(item, dict) else ():
                    text = item.get(sub.key)
                    if sub.max_length and isinstance(text, str) and len(text) > sub.max_length:
                        return (f"'{spec.document_label}: {sub.document_label}' is "
                                f"{len(text):,} characters long; at most {sub.max_length:,} "
                                "are allowed")
        elif spec.max_length and isinstance(value, str) and len(value) > spec.max_length:
            return (f"'{spec.document_label}' is {len(value):,} characters long; at most "
                    f"{spec.max_length:,} are allowed")
    return None


# ------------------------------------------------------------ record shapes
def check_report_record(record: dict) -> str | None:
    kind = record.get("type")
    if kind == "report":
        for key in ("uuid", "reference", "submitted_at", "created_at"):
            if not isinstance(record.get(key), str) or not record[key] or len(record[key]) > 64:
                return f"'{key}' is missing or not text"
        data = record.get("data")
        if not isinstance(data, dict):
            return "the report has no data"
        if not rk.is_known(rk.key_of(data)):
            return "the record is of a kind this version does not know"
        kind = rk.kind_of(data)
        unknown = set(data) - set(kind.fields) - META_KEYS
        if unknown:
            return f"the report has fields this version does not know: {sorted(unknown)[:3]}"
        if parse_time(data.get(kind.when_key)) is None:
            return f"the {kind.noun} has no {kind.when_label.lower()} time"
        return _too_long(kind, data)
    if kind == "outcome":
        for key in ("uuid", "report_uuid", "at", "author"):
            if not isinstance(record.get(key), str) or len(record[key]) > 200:
                return f"the outcome's '{key}' is missing"
        return outcomes.check_values(record.get("values"))
    if kind == "addendum":
        for key in ("uuid", "report_uuid", "at", "author", "text"):
            if not isinstance(record.get(key), str):
                return f"the addendum's '{key}' is missing"
        if len(record["text"]) > MAX_ADDENDUM:
            return (f"the addendum is {len(record['text']):,} characters long; at most "
                    f"{MAX_ADDENDUM:,} are allowed")
        return None
    if kind == "aid":
        return _aid_problem(record)
    if kind == "ack":
        for key in ("uuid", "protocol_id", "version", "name", "at"):
            if not isinstance(record.get(key), str) or len(record[key]) > 200:
                return f"the acknowledgement's '{key}' is missing"
        return deidentify.role_agency_problem(record)
    return f"unknown record type {str(kind)[:20]!r}"


def _aid_problem(record: dict) -> str | None:
    """A decision-aid answer recorded on a ward PC against a report it sent."""
    for key in ("uuid", "report_uuid", "at", "author", "aid"):
        if not isinstance(record.get(key), str) or not record[key] or len(record[key]) > 200:
            return f"the decision-aid answer's '{key}' is missing"
    text, outcome = record.get("text"), record.get("outcome", "")
    if not isinstance(text, str) or not text.strip():
        return "the decision-aid answer has no text"
    if len(text) > MAX_ADDENDUM:
        return (f"the decision-aid answer is {len(text):,} characters long; at most "
                f"{MAX_ADDENDUM:,} are allowed")
    if not isinstance(outcome, str) or len(outcome) > 200:
        return "the decision-aid answer's 'outcome' is not text"
    result = record.get("result", {})
    if not isinstance(result, dict):
        return "the decision-aid answer's 'result' is not an object"
    try:
        size = len(_json(result))
    except (TypeError, ValueError):
        return "the decision-aid answer's 'result' holds a value JSON cannot keep"
    if size > MAX_AID_RESULT:
        return (f"the decision-aid answer's 'result' is {size:,} characters long; at most "
                f"{MAX_AID_RESULT:,} are allowed")
    return None


def check_receipt_record(record: dict) -> str | None:
    kind = record.get("type")
    if not isinstance(record.get("report_uuid"), str):
        return "no report id"
    if kind == "receipt":
        return None if isinstance(record.get("received_at"), str) else "no received time"
    if kind == "status":
        return None if record.get("status") in REPORT_STATUSES else "an unknown status"
    if kind == "message":
        ok = all(isinstance(record.get(k), str) for k in ("uuid", "at", "text"))
        return None if ok and len(record["text"]) <= 2000 else "a message without text"
    return f"unknown record type {str(kind)[:20]!r}"


# ---------------------------------------------------------------- advisor
def import_reports(db: Database, records: list[dict], source_install: str, by: str,
                   now: dt.datetime) -> int:
    """Reports (and addenda) from a ward PC: stored, received, a case opened where due."""
    added = 0
    with db.transaction() as conn:
        for record in records:
            if record["type"] == "report":
                exists = conn.execute("SELECT id FROM reports WHERE uuid = ?",
                                      (record["uuid"],)).fetchone()
                if exists:
                    continue
                data = clean_text(record["data"])
                cursor = conn.execute(
                    "INSERT INTO reports(uuid, reference, status, created_at, updated_at, "
                    "submitted_at, incident_at, place, types, reporter_name, created_by, "
                    "revision, data, source_install, kind) "
                    "VALUES (?,?, 'sent', ?,?,?,?,?,?,?,?,1,?,?,?)",
                    (record["uuid"], record["reference"], record["created_at"],
                     iso(now), record["submitted_at"], columns.when(data),
                     columns.place_label(data), columns.types_label(data),
                     columns.reporter_name(data), source_install,
                     _json(data, ensure_ascii=False), source_install,
                     rk.kind_of(data).key))
                report_id = cursor.lastrowid
                author = columns.author_of(data, "ward PC")
                for at, kind, detail in ((record["created_at"], "created", {}),
                                         (record["submitted_at"], "submitted",
                                          {"reference": record["reference"]})):
                    conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) "
                                 "VALUES (?,?,?,?,?)", (report_id, at, author, kind,
                                                        _json(detail)))
                columns.index(conn, report_id, record["reference"], data)
                cases.receive_report(db, report_id, by, now=now)
                added += 1
            elif record["type"] == "addendum":
                report = _own_report(conn, record, source_install, "an addendum")
                duplicate = conn.execute(
                    "SELECT 1 FROM report_events WHERE report_id = ? AND kind = 'addendum' "
                    "AND json_extract(detail, '$.uuid') = ?",
                    (report["id"], record["uuid"])).fetchone()
                if not duplicate:
                    conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) "
                                 "VALUES (?,?,?,?,?)",
                                 (report["id"], record["at"], record["author"], "addendum",
                                  _json({"text": record["text"], "uuid": record["uuid"]},
                                             ensure_ascii=False)))
                    added += 1
            elif record["type"] == "outcome":
                added += _store_outcome(conn, record, source_install)
            elif record["type"] == "aid":
                added += _store_aid(conn, record, source_install)
            elif record["type"] == "ack":
                added += _store_ack(conn, record, source_install)
    return added


def senders_of(conn, install: str) -> set[str]:
    """The installs whose reports ``install`` may add to: itself, and the installs the
    advisor linked it to (a replaced or reimaged PC enrolled again), and theirs in turn."""
    found, todo = {install}, [install]
    while todo:
        rows = conn.execute("SELECT replaces FROM install_links WHERE install_id = ?",
                            (todo.pop(),)).fetchall()
        for row in rows:
            if row["replaces"] not in found:
                found.add(row["replaces"])
                todo.append(row["replaces"])
    return found


def _own_report(conn, record: dict, source_install: str, what: str):
    """The report an addendum or outcome is for, if the computer that sent it sent the
    report (or was linked to the one that did); anything else refuses the bundle."""
    report = conn.execute("SELECT id, source_install FROM reports WHERE uuid = ?",
                          (record["report_uuid"],)).fetchone()
    if report is None:
        raise RecordProblem(f"{what} arrived for a report this computer has not received")
    if report["source_install"] not in senders_of(conn, source_install):
        raise RecordProblem(f"{what} arrived for a report sent by another computer; only the "
                            "computer that sent a report (or one the advisor linked to it) "
                            "may add to it")
    return report


def _already_stored(conn, report_id: int, kind: str, marker: str) -> bool:
    """Whether this report's timeline already holds the entry of this kind and uuid."""
    return conn.execute("SELECT 1 FROM report_events WHERE report_id = ? AND kind = ? AND "
                        "json_extract(detail, '$.uuid') = ?",
                        (report_id, kind, marker)).fetchone() is not None


def _store_outcome(conn, record: dict, source_install: str) -> int:
    report = _own_report(conn, record, source_install, "an outcome")
    if _already_stored(conn, report["id"], "outcome", record["uuid"]):
        return 0
    conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) "
                 "VALUES (?,?,?,?,?)",
                 (report["id"], record["at"], clean_text(record["author"]), "outcome",
                  _json({"values": clean_text(record["values"]),
                              "uuid": record["uuid"]}, ensure_ascii=False)))
    return 1


def _store_aid(conn, record: dict, source_install: str) -> int:
    """A decision-aid answer the ward PC recorded on a report it sent: on the report's
    timeline, as the advisor's case shows it, from that PC (or one linked to it) only."""
    report = _own_report(conn, record, source_install, "a decision-aid answer")
    if _already_stored(conn, report["id"], "aid", record["uuid"]):
        return 0
    detail = {"text": record["text"], "aid": record["aid"],
              "outcome": record.get("outcome", ""), "result": record.get("result", {}),
              "uuid": record["uuid"], "from_ward": True}
    conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) "
                 "VALUES (?,?,?,?,?)",
                 (report["id"], record["at"], clean_text(record["author"]), "aid",
                  _json(clean_text(detail), ensure_ascii=False)))
    return 1


def _store_ack(conn, record: dict, source_install: str | None) -> int:
    """An acknowledgement from another computer: its role, agency, site and day, never a
    name (a ward PC of the previous release sends one; nothing here needs it)."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO acknowledgements(uuid, protocol_id, version, name, at, site, "
        "source_install, role, agency) VALUES (?,?,?,'',?,?,?,?,?)",
        (record["uuid"], record["protocol_id"], record["version"],
         record.get("at") or record.get("date") or "", record.get("site") or "",
         source_install, record.get("role") or "", record.get("agency") or ""))
    return cursor.rowcount


# -------------------------------------------------------------- frontline
def import_receipts(db: Database, records: list[dict], retention: set[str],
                    now: dt.datetime) -> int:
    """Receipts, status changes and news from the advisor for this computer's reports."""
    with scrub.overwriting(db):       # what the receipt scrubs is overwritten, not freed
        changed = _import_receipts(db, records, retention)
    scrub.forget_old_pages(db)
    return changed


def _import_receipts(db: Database, records: list[dict], retention: set[str]) -> int:
    changed = 0
    with db.transaction() as conn:
        for record in records:
            report = conn.execute("SELECT id, status, redacted FROM reports WHERE uuid = ? AND "
                                  "source_install IS NULL", (record["report_uuid"],)).fetchone()
            if report is None:
                continue  # a report this computer no longer holds: nothing to update
            if record["type"] == "receipt":
                if report["status"] in ("queued", "sent"):
                    _status(conn, report["id"], "received", record["received_at"])
                    changed += 1
                if not report["redacted"]:
                    scrub.redact(conn, report["id"], retention)
            elif record["type"] == "status":
                if report["status"] != record["status"]:
                    _status(conn, report["id"], record["status"], record["at"])
                    changed += 1
            elif record["type"] == "message":
                cursor = conn.execute("INSERT OR IGNORE INTO report_messages(report_id, at, "
                                      "text, uuid) VALUES (?,?,?,?)",
                                      (report["id"], record["at"],
                                       clean_text(record["text"]), record["uuid"]))
                changed += cursor.rowcount
    return changed


def _status(conn, report_id: int, status: str, at: str) -> None:
    conn.execute("UPDATE reports SET status = ?, updated_at = ? WHERE id = ?",
                 (status, at, report_id))
    conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) "
                 "VALUES (?,?,?,?,?)", (report_id, at, ADVISOR, "status",
                                        _json({"status": status})))


ADVISOR, SYSTEM_AUTHOR, DEFAULT_RETENTION = scrub.ADVISOR, scrub.SYSTEM_AUTHOR, \
    scrub.DEFAULT_RETENTION


# -------------------------------------------------------------- committee
def import_deidentified(db: Database, records: list[dict], source_install: str,
                        now: dt.datetime, sequence: int = 0,
                        places: Iterable[str] | None = None) -> int:
    """De-identified records of every kind, acknowledgements and cases of note.
    ``sequence`` is the bundle's number from its sender: a record already stored from a
    later bundle is left as it is, so an export that arrives late cannot roll a case (or a
    request's outcome) back. ``places`` is the list of sites and wards the advisor hub
    signed into the bundle (an arrived bundle always has one, empty if it named none): a
    record naming any other place refuses the bundle. None: records made on this computer
    (demo data), not held to a list."""
    changed = 0
    listed = None if places is None else frozenset(places)
    with db.transaction() as conn:
        for number, record in enumerate(records, start=1):
            problem = deidentify.free_text_problem(record) or (
                None if listed is None else deidentify.places_problem(record, listed))
            if problem:
                raise RecordProblem(f"record {number} cannot be used: {problem}")
            if record["type"] == "ack":
                # An older hub's, with a name: counted, and the name not kept.
                changed += _store_ack(conn, {**record, "at": record.get("date") or ""},
                                      source_install)
                continue
            if record["type"] == "ack_week":
                cursor = conn.execute(
                    "INSERT INTO deid_ack_weeks(protocol_id, version, site, role, agency, "
                    "week, count, source_install) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT("
                    "protocol_id, version, site, role, agency, week, source_install) DO "
                    "UPDATE SET count = excluded.count WHERE count != excluded.count",
                    (record["protocol_id"], record["version"], record["site"],
                     record.get("role") or "", record.get("agency") or "",
                     record["week"], record["count"], source_install))
                changed += cursor.rowcount
                continue
            if record["type"] == "note":
                cursor = conn.execute(
                    "INSERT OR REPLACE INTO deid_notes(uuid, source_install, date, title, text) "
                    "VALUES (?,?,?,?,?)", (record["uuid"], source_install, record["date"],
                                           record["title"], record["text"]))
                changed += cursor.rowcount
                continue
            changed += _store_deidentified(conn, rk.by_wire(record["type"]), record,
                                           source_install, now, sequence)
    return changed


def _store_deidentified(conn, kind: rk.RecordKind, record: dict, source_install: str,
                        now: dt.datetime, sequence: int) -> int:
    """Upsert one record into its kind's table, with the plain columns its figures read:
    the same record from two exports counts once, an identical copy changes nothing, and
    the sender's latest bundle wins."""
    table, codes = kind.committee.table, kind.committee.codes
    encoded = _json(record, sort_keys=True)
    existing = conn.execute(f"SELECT record, source_install, sequence FROM {table} "
                            "WHERE id = ?", (record["id"],)).fetchone()
    if existing is not None and (existing["record"] == encoded or (
            existing["source_install"] == source_install and existing["sequence"] > sequence)):
        return 0
    columns = {"source_install": source_install, "sequence": sequence,
               "updated_at": iso(now), "record": encoded, **kind.committee.columns(record)}
    if existing is None:
        conn.execute(f"INSERT INTO {table}(id, {', '.join(columns)}) "
                     f"VALUES (?{',?' * len(columns)})", (record["id"], *columns.values()))
    else:
        conn.execute(f"UPDATE {table} SET {', '.join(f'{name} = ?' for name in columns)} "
                     "WHERE id = ?", (*columns.values(), record["id"]))
        if codes is not None:
            conn.execute(f"DELETE FROM {codes.table} WHERE {codes.key} = ?", (record["id"],))
    if codes is not None:
        conn.executemany(f"INSERT INTO {codes.table}({codes.key}, kind, code) VALUES (?,?,?)",
                         [(record["id"], which, code) for which, code in codes.of(record)])
    return 1


check_deidentified_record = deidentify.check_record
