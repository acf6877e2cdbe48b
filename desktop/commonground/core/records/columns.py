"""What a record's row shows beside its data: the columns My reports lists and sorts on
(when, place, what, who) and the words its search index holds. They are copied from the
data each time it is written, so a list of 100,000 records never parses one."""

from __future__ import annotations

from . import kinds as rk


def place_label(data: dict) -> str:
    return rk.kind_of(data).place(data)


def types_label(data: dict) -> str:
    return rk.kind_of(data).summary(data)


def search_body(data: dict) -> str:
    return rk.kind_of(data).search_body(data)


def when(data: dict) -> str | None:
    """The moment that dates the record (for lists and sorting)."""
    return data.get(rk.kind_of(data).when_key) or None


def reporter_name(data: dict) -> str:
    return str(data.get(rk.kind_of(data).author_key) or "")


def author_of(data: dict, login: str) -> str:
    """Whose name goes in the timeline: the one typed in the record, else the login."""
    name = str(data.get(rk.kind_of(data).author_key) or "").strip()
    return name or login


def index(conn, report_id: int, reference: str | None, data: dict) -> None:
    """Write the record's search index entry (in the caller's transaction)."""
    conn.execute("DELETE FROM reports_fts WHERE rowid = ?", (report_id,))
    conn.execute("INSERT INTO reports_fts(rowid, reference, place, types, body) "
                 "VALUES (?,?,?,?,?)",
                 (report_id, reference or "", place_label(data), types_label(data),
                  search_body(data)))
