"""Outcomes: what happened after a record was submitted (today a police assistance
request's assessment), for the kinds that have one (``RecordKind.outcome``).

The record itself is sealed when it is submitted; its outcome is an event in its timeline,
so a correction is a newer outcome and the history of what was said stays. It travels to
the advisor with the record's addenda, and from there, de-identified, to the committee.
The kind says what an outcome holds and what is wrong with one; this module stores it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import iso, now_local
from . import kinds as rk
from .drafts import get_report
from .fields import is_shown
from .record import ReportError, add_event


class OutcomeProblems(ReportError):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems[0][1])
        self.problems = problems


def clean_values(outcome: rk.Outcome, values: dict) -> dict:
    """Only the outcome's own fields, trimmed, and only those that apply."""
    out = {}
    for spec in outcome.fields:
        value = values.get(spec.key)
        if isinstance(value, str):
            value = clean_text(value.strip())
        if value in (None, "") or not is_shown(spec, values):
            continue
        out[spec.key] = value
    return out


def record_outcome(db: Database, report_id: int, values: dict, author: str,
                   now: dt.datetime | None = None) -> dict:
    moment = now or now_local()
    report = get_report(db, report_id)
    if report is None:
        raise ReportError("This request no longer exists.")
    kind = rk.kind_of(report.data)
    if kind.outcome is None:
        having = [k.words.short.lower() for k in rk.KINDS.values() if k.outcome is not None]
        raise ReportError(f"Only a {' or a '.join(having)} has an outcome to record.")
    if report.is_draft:
        raise ReportError(f"Submit the {kind.noun} first; the outcome is recorded afterwards.")
    if not (author or "").strip():
        raise OutcomeProblems([("author", "Say who is recording the outcome (your name).")])
    problems = kind.outcome.problems(values, report.data, moment)
    if problems:
        raise OutcomeProblems(problems)
    clean = clean_values(kind.outcome, values)
    with db.transaction() as conn:
        add_event(conn, report_id, iso(moment), clean_text(author.strip()), "outcome",
               {"values": clean, "uuid": str(uuid.uuid4())})
    return clean


def latest_outcome(db: Database, report_id: int) -> dict | None:
    row = db.query_one("SELECT detail FROM report_events WHERE report_id = ? AND "
                       "kind = 'outcome' ORDER BY id DESC LIMIT 1", (report_id,))
    return json.loads(row["detail"]).get("values") if row else None


def check_values(values) -> str | None:
    """For an outcome arriving in a bundle (which names its record, not the record's kind):
    only text, and only what the outcome of some kind of record holds."""
    if not isinstance(values, dict):
        return "the outcome has no values"
    problems = [_check(outcome, values) for outcome in
                (kind.outcome for kind in rk.KINDS.values()) if outcome is not None]
    return None if None in problems else (problems[0] if problems else
                                          "no kind of record has an outcome in this version")


def _check(outcome: rk.Outcome, values: dict) -> str | None:
    unknown = set(values) - set(outcome.field_map)
    if unknown:
        return f"the outcome has fields this version does not know: {sorted(unknown)[:3]}"
    if not all(isinstance(v, str) and len(v) <= 2000 for v in values.values()):
        return "the outcome's values are not text"
    first = outcome.fields[0]
    if values.get(first.key) not in dict(first.choices):
        return "the outcome is not one this version knows"
    return None
