"""Submission: check everything, give the record a reference (CG-2026-K7Q2-000123) and make
it final. The database itself refuses to change a submitted record (triggers in migration
2); corrections are addenda in its timeline."""

from __future__ import annotations

import datetime as dt
import json

from ..install import install_tag
from ..storage.db import Database
from ..timeutil import iso, now_local
from . import columns
from . import kinds as rk
from .drafts import get_report
from .people import committee_text_problems
from .record import Report, ReportError, add_event
from .validation import Problem, ValidationFailed, validate


def _next_reference(conn, db: Database, moment: dt.datetime) -> str:
    year = moment.year
    row = conn.execute("SELECT last FROM reference_counters WHERE year = ?", (year,)).fetchone()
    number = (row["last"] if row else 0) + 1
    conn.execute("INSERT INTO reference_counters(year, last) VALUES (?, ?) "
                 "ON CONFLICT(year) DO UPDATE SET last = excluded.last", (year, number))
    return f"CG-{year}-{install_tag(db)}-{number:06d}"


def submit(db: Database, report_id: int, login: str, now: dt.datetime | None = None,
           rules: "rk.Rules | None" = None) -> Report:
    """Check, number and seal a draft. What its kind records beside the fields (a request's
    notice and the rule it was measured against, ``rules`` being local policy; an incident's
    lateness) is added, and warnings that do not stop it (a late request, a detention over
    the limit) are kept with the record as ``flags``."""
    moment = now or now_local()
    install_tag(db)  # make the install id outside the transaction below
    with db.transaction() as conn:
        row = conn.execute("SELECT * FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            raise ReportError("This draft no longer exists (it may have been discarded).")
        if row["status"] != "draft":
            raise ReportError(f"This report was already submitted as {row['reference']}.")
        data = json.loads(row["data"])
        problems = validate(data, now=moment) + [
            Problem(key, message) for key, message in committee_text_problems(conn, data)]
        if problems:
            raise ValidationFailed(problems)
        data["reported_at"] = iso(moment)
        data.update(rk.submission_facts(data, moment, rules or rk.Rules()))
        reference = _next_reference(conn, db, moment)
        conn.execute(
            "UPDATE reports SET status = 'queued', reference = ?, submitted_at = ?, "
            "updated_at = ?, data = ?, revision = revision + 1 WHERE id = ?",
            (reference, iso(moment), iso(moment), json.dumps(data, ensure_ascii=False),
             report_id))
        add_event(conn, report_id, iso(moment), columns.author_of(data, login), "submitted",
                  {"reference": reference})
        columns.index(conn, report_id, reference, data)
    return get_report(db, report_id)
