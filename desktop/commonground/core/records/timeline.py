"""A record's timeline: every event in order (started, edited, submitted, addenda, status
changes, outcomes), each with who and when. Events are only ever added."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import iso, now_local
from . import kinds as rk
from .drafts import get_report
from .record import STATUS_LABELS, ReportError, add_event

# What a ward PC keeps of an addendum or aid answer once the advisor has it: the day it went.
SCRUBBED = {"addendum": "Addendum", "aid": "Decision aid answer"}


@dataclass(frozen=True)
class Event:
    at: str
    author: str
    kind: str
    detail: dict
    record_kind: str = ""      # the kind of record it belongs to (its outcome's words)

    def describe(self) -> str:
        if self.kind in SCRUBBED and "sent_on" in self.detail and "text" not in self.detail:
            return f"{SCRUBBED[self.kind]} sent to the advisor {self.detail['sent_on']}"
        if self.kind == "created":
            return "Draft started"
        if self.kind == "edited":
            fields = self.detail.get("fields", [])
            labels = [rk.field_label(f) for f in fields]
            shown = ", ".join(labels[:6]) + (" and more" if len(labels) > 6 else "")
            return f"Draft edited ({shown})" if shown else "Draft edited"
        if self.kind == "submitted":
            return f"Submitted as {self.detail.get('reference', '')}"
        if self.kind == "addendum":
            return f"Addendum: {self.detail.get('text', '')}"
        if self.kind == "status":
            note = self.detail.get("note")
            label = STATUS_LABELS.get(self.detail.get("status"), self.detail.get("status"))
            return f"Status: {label}" + (f" ({note})" if note else "")
        if self.kind == "pdf":
            return "PDF made"
        if self.kind == "outcome":
            outcome = rk.outcome_of(self.record_kind)
            values = self.detail.get("values") or {}
            return "Outcome: " + (outcome.summary(values) if outcome else str(values))
        if self.kind == "message":
            return self.detail.get("text", "")
        return self.detail.get("text", self.kind)


def add_addendum(db: Database, report_id: int, text: str, author: str,
                 now: dt.datetime | None = None) -> None:
    text = clean_text((text or "").strip())
    if not text:
        raise ReportError("Write the correction or addition first.")
    if len(text) > 10000:
        raise ReportError("An addendum is at most 10,000 characters.")
    report = get_report(db, report_id)
    if report is None:
        raise ReportError("This report no longer exists.")
    if report.is_draft:
        raise ReportError("A draft can still be edited; addenda are for submitted reports.")
    if not (author or "").strip():
        raise ReportError("Say who is adding this (your name).")
    with db.transaction() as conn:
        add_event(conn, report_id, iso(now or now_local()), author.strip(), "addendum",
                  {"text": text})


def record_event(db: Database, report_id: int, kind: str, author: str, detail: dict,
                 now: dt.datetime | None = None) -> None:
    with db.transaction() as conn:
        add_event(conn, report_id, iso(now or now_local()), author, kind, detail)


def timeline(db: Database, report_id: int) -> list[Event]:
    rows = db.query("SELECT e.at, e.author, e.kind, e.detail, r.kind AS record_kind FROM "
                    "report_events e JOIN reports r ON r.id = e.report_id "
                    "WHERE e.report_id = ? ORDER BY e.id", (report_id,))
    return [Event(row["at"], row["author"], row["kind"], json.loads(row["detail"]),
                  row["record_kind"]) for row in rows]
