"""Drafts: saved as you type, valid or not, one transaction per save.

A record is a draft until submitted (``submission``). Saving the whole form again is the
only way a draft changes; a stretch of typing is one 'edited' event in its timeline.
Times are the install's local wall-clock time, written ISO 8601 without an offset.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import iso, now_local, parse_time
from . import columns
from . import kinds as rk
from .record import Report, ReportError, add_event, row_to_report

EDIT_COALESCE = dt.timedelta(minutes=10)


def start_draft(db: Database, login: str, data: dict | None = None,
                now: dt.datetime | None = None) -> Report:
    data = clean_text(dict(data or {}))
    stamp = iso(now or now_local())
    with db.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO reports(uuid, status, created_at, updated_at, incident_at, place, "
            "types, reporter_name, created_by, revision, kind, data) "
            "VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (str(uuid.uuid4()), stamp, stamp, columns.when(data), columns.place_label(data),
             columns.types_label(data), columns.reporter_name(data), login,
             rk.kind_of(data).key, json.dumps(data, ensure_ascii=False)))
        report_id = cursor.lastrowid
        add_event(conn, report_id, stamp, columns.author_of(data, login), "created", {})
        columns.index(conn, report_id, None, data)
    return get_report(db, report_id)


def save_draft(db: Database, report_id: int, data: dict, login: str,
               now: dt.datetime | None = None) -> int:
    """Save the whole form as the draft's new content, in one transaction.

    Returns the draft's revision. Saving the same content again changes nothing.
    """
    moment = now or now_local()
    stamp = iso(moment)
    data = clean_text(data)
    encoded = json.dumps(data, ensure_ascii=False)
    with db.transaction() as conn:
        row = conn.execute("SELECT status, data, revision FROM reports WHERE id = ?",
                           (report_id,)).fetchone()
        if row is None:
            raise ReportError("This draft no longer exists (it may have been discarded).")
        if row["status"] != "draft":
            raise ReportError("This report has been submitted and can no longer be changed; "
                              "add an addendum instead.")
        if row["data"] == encoded:
            return row["revision"]
        old = json.loads(row["data"])
        changed = sorted(k for k in set(old) | set(data) if old.get(k) != data.get(k))
        revision = row["revision"] + 1
        conn.execute(
            "UPDATE reports SET data = ?, updated_at = ?, revision = ?, incident_at = ?, "
            "place = ?, types = ?, reporter_name = ? WHERE id = ?",
            (encoded, stamp, revision, columns.when(data), columns.place_label(data),
             columns.types_label(data), columns.reporter_name(data), report_id))
        _record_edit(conn, report_id, moment, columns.author_of(data, login), changed)
        columns.index(conn, report_id, None, data)
    return revision


def _record_edit(conn, report_id: int, moment: dt.datetime, author: str,
                 changed: list[str]) -> None:
    """One 'edited' event per stretch of typing, not one per autosave."""
    last = conn.execute("SELECT id, at, author, kind, detail FROM report_events "
                        "WHERE report_id = ? ORDER BY id DESC LIMIT 1", (report_id,)).fetchone()
    if last is not None and last["kind"] == "edited" and last["author"] == author:
        started = parse_time(json.loads(last["detail"]).get("since")) or parse_time(last["at"])
        if started and moment - started <= EDIT_COALESCE:
            fields = sorted(set(json.loads(last["detail"]).get("fields", [])) | set(changed))
            conn.execute("UPDATE report_events SET at = ?, detail = ? WHERE id = ?",
                         (iso(moment), json.dumps({"fields": fields, "since": iso(started)}),
                          last["id"]))
            return
    add_event(conn, report_id, iso(moment), author, "edited",
              {"fields": changed, "since": iso(moment)})


def discard_draft(db: Database, report_id: int) -> None:
    with db.transaction() as conn:
        row = conn.execute("SELECT status FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            return
        if row["status"] != "draft":
            raise ReportError("A submitted report cannot be discarded.")
        conn.execute("DELETE FROM reports_fts WHERE rowid = ?", (report_id,))
        conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))


def get_report(db: Database, report_id: int) -> Report | None:
    row = db.query_one("SELECT * FROM reports WHERE id = ?", (report_id,))
    return row_to_report(row) if row else None


def find_report(db: Database, reference: str) -> Report | None:
    row = db.query_one("SELECT * FROM reports WHERE reference = ? COLLATE NOCASE",
                       (reference.strip(),))
    return row_to_report(row) if row else None


def drafts(db: Database) -> list[Report]:
    rows = db.query("SELECT * FROM reports WHERE status = 'draft' ORDER BY updated_at DESC")
    return [row_to_report(row) for row in rows]
