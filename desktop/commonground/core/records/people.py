"""The names of the people in records: every answer to a field its kind marks as holding a
person's name (``Field.person_name``), in lists too (each person harmed, each witness).
Free text meant for the committee (a case of note, a thank-you) is screened against them
(``identifiers.name_found``)."""

from __future__ import annotations

import json
import sqlite3

from ..identifiers import name_found
from ..storage.db import Database
from . import kinds as rk


def names_in(data: dict) -> list[str]:
    """Every name a record holds, in form order, each once."""
    found: list[str] = []
    for spec in rk.kind_of(data).fields.values():
        if spec.kind == "list":
            keys = [item.key for item in spec.item_fields if item.person_name]
            items = data.get(spec.key)
            for item in items if isinstance(items, list) else ():
                found += [item.get(key) for key in keys] if isinstance(item, dict) else []
        elif spec.person_name:
            found.append(data.get(spec.key))
    return list(dict.fromkeys(str(name).strip() for name in found
                              if isinstance(name, str) and name.strip()))


def report_names(db: Database | sqlite3.Connection, case_id: int | None = None) -> list[str]:
    """The names in the report behind a case; without a case, in every report here (drafts
    too). ``db`` may be a connection inside a transaction."""
    def query(sql: str, params: tuple = ()) -> list:
        if isinstance(db, Database):
            return db.query(sql, params)
        return db.execute(sql, params).fetchall()
    if case_id is None:
        # A report scrubbed after the advisor's receipt keeps no names.
        rows = query("SELECT data FROM reports WHERE redacted = 0 ORDER BY id")
    else:
        rows = query("SELECT r.data FROM reports r JOIN cases c ON c.report_id = r.id "
                     "WHERE c.id = ?", (case_id,))
    names: list[str] = []
    for row in rows:
        try:
            data = json.loads(row["data"])
        except ValueError:
            continue
        names += names_in(data) if isinstance(data, dict) else []
    return list(dict.fromkeys(names))


def name_problem(parts, names, where: str) -> str | None:
    """Which of ``parts`` ((what it is, its text)) names someone in ``names``, in words
    for the one who wrote it (who may see the name: they can read the report)."""
    for what, text in parts:
        name = name_found(text, names)
        if name:
            return (f"{what} contains the name of someone in {where} ({name}). Take it out "
                    "or use their role: the committee must not be able to tell who it is.")
    return None


def committee_text_problems(conn: sqlite3.Connection, data: dict) -> list[tuple[str, str]]:
    """For a record whose kind sends typed words to the committee (a thank-you): each such
    field naming someone in this record or in any record on this computer, with what to
    do. The name is not repeated: on a shared ward PC it may come from someone else's
    report, which the sender has no right to see."""
    keys = rk.kind_of(data).committee_text
    texts = [(key, str(data.get(key) or "")) for key in keys if str(data.get(key) or "")]
    if not texts:
        return []
    names = list(dict.fromkeys(names_in(data) + report_names(conn)))
    return [(key, "It contains a name from a report on this computer; the committee must "
                  "not see names. Use the team or the role.")
            for key, text in texts if name_found(text, names)]
