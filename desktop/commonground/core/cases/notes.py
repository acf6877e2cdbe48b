"""Cases of note: short summaries the advisor writes for the committee's meeting pack.

They travel with the de-identified data, so they must carry no names or identifiers. The
advisor is told so where they type; this module also refuses the identifiers it can
recognise: NHS numbers, report references, case numbers, and the names of the people in
the report behind the note's case (in any report here, for a note with no case).
"""

from __future__ import annotations

import datetime as dt
import uuid

from ..errors import UserError
from ..identifiers import identifier_problem
from ..records.people import name_problem, report_names
from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import iso, now_local

MAX_NOTE = 4000


class NoteError(UserError, ValueError):
    pass


def add_case_note(db: Database, title: str, text: str, author: str,
                  case_id: int | None = None, now: dt.datetime | None = None) -> str:
    title = clean_text((title or "").strip())
    text = clean_text((text or "").strip())
    if not title:
        raise NoteError("Give the case of note a short title.")
    if not text:
        raise NoteError("Write the summary for the committee.")
    if len(title) > 200 or len(text) > MAX_NOTE:
        raise NoteError(f"Keep the title under 200 and the summary under {MAX_NOTE:,} "
                        "characters.")
    for part in (title, text):
        problem = identifier_problem(part)
        if problem:
            raise NoteError(problem)
    problem = note_name_problem(db, title, text, case_id)
    if problem:
        raise NoteError(problem)
    marker = str(uuid.uuid4())
    with db.transaction() as conn:
        conn.execute("INSERT INTO case_notes(uuid, case_id, at, title, text, author) "
                     "VALUES (?,?,?,?,?,?)", (marker, case_id, iso(now or now_local()), title,
                                              text, author))
    return marker


def note_name_problem(db: Database, title: str, text: str, case_id: int | None,
                      names: dict | None = None) -> str | None:
    """The name of someone in the note's case's report (any report here, without a case)
    that its title or text contains, said for the advisor. ``names``: the names already
    read, by case id (None for every report), kept for the next note."""
    names = {} if names is None else names
    if case_id not in names:
        names[case_id] = report_names(db, case_id)
    where = "this case's report" if case_id is not None else "a report on this computer"
    return name_problem((("The title", title), ("The summary", text)), names[case_id], where)


def case_notes(db: Database) -> list[dict]:
    return [dict(row) for row in db.query("SELECT * FROM case_notes ORDER BY at DESC, id DESC")]
