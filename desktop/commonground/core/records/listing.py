"""My reports: this install's reports, filtered, sorted and fetched a page at a time.

The list never loads every row: the screen asks for the count and for the pages it shows,
so 100,000 reports open as fast as 10.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from ..storage.db import Database
from ..textutil import words

SORTS = {
    "updated": "r.updated_at",
    "when": "r.incident_at",        # the column holds every kind's date (frozen name)
    "reference": "r.reference",
    "status": "r.status",
    "place": "r.place",
    "types": "r.types",
}


@dataclass(frozen=True)
class ReportQuery:
    text: str = ""
    status: str | None = None      # one status code, or None for all
    sort: str = "updated"
    descending: bool = True
    received: bool = False         # False: made on this computer; True: arrived from others


@dataclass(frozen=True)
class ReportRow:
    id: int
    reference: str | None
    status: str
    incident_at: str | None
    updated_at: str
    place: str
    types: str
    reporter_name: str
    news: str = ""


def _fts_expression(text: str) -> str | None:
    """Every word typed must appear (as a prefix), in any column."""
    tokens = words(text)[:12]
    if not tokens:
        return None
    return " AND ".join(f'"{token}"*' for token in tokens)


def _where(query: ReportQuery) -> tuple[str, list]:
    clauses = ["r.source_install IS NOT NULL" if query.received else "r.source_install IS NULL"]
    params = []
    if query.status:
        clauses.append("r.status = ?")
        params.append(query.status)
    expression = _fts_expression(query.text)
    if expression:
        reference = query.text.strip().upper()
        if re.fullmatch(r"CG-[0-9A-Z-]+", reference):
            clauses.append("r.reference LIKE ?")
            params.append(reference + "%")
        else:
            clauses.append("r.id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)")
            params.append(expression)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _run(conn, sql: str, params: list):
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []  # only reachable for text FTS5 rejects; treat as no matches


def count_reports(db: Database, query: ReportQuery) -> int:
    where, params = _where(query)
    with db.use() as conn:
        rows = _run(conn, f"SELECT count(*) FROM reports AS r{where}", params)
    return rows[0][0] if rows else 0


def list_reports(db: Database, query: ReportQuery, offset: int, limit: int) -> list[ReportRow]:
    where, params = _where(query)
    column = SORTS.get(query.sort, SORTS["updated"])
    direction = "DESC" if query.descending else "ASC"
    sql = (f"SELECT r.id, r.reference, r.status, r.incident_at, r.updated_at, r.place, "
           f"r.types, r.reporter_name, (SELECT m.text FROM report_messages AS m "
           f"WHERE m.report_id = r.id ORDER BY m.id DESC LIMIT 1) FROM reports AS r{where} "
           f"ORDER BY {column} {direction}, r.id {direction} LIMIT ? OFFSET ?")
    with db.use() as conn:
        rows = _run(conn, sql, params + [int(limit), int(offset)])
    return [ReportRow(*tuple(row[:8]), news=row[8] or "") for row in rows]
