"""A record as stored: its row, its status in words, and the error a record action raises.

Every kind of record (an incident report, a request, an episode) is one row of ``reports``
whose ``data`` holds the form as typed; the kind travels inside it (see ``kinds``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import UserError

STATUS_LABELS = {
    "draft": "Draft", "queued": "Queued to send", "sent": "Sent", "received": "Received",
    "case_open": "Case open", "closed": "Closed",
}


class ReportError(UserError):
    """A report action that cannot be done; the message is written for the user."""


@dataclass(frozen=True)
class Report:
    id: int
    uuid: str
    reference: str | None
    status: str
    created_at: str
    updated_at: str
    submitted_at: str | None
    created_by: str
    revision: int
    data: dict

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def row_to_report(row) -> Report:
    return Report(row["id"], row["uuid"], row["reference"], row["status"], row["created_at"],
                  row["updated_at"], row["submitted_at"], row["created_by"], row["revision"],
                  json.loads(row["data"]))


def add_event(conn, report_id: int, at: str, author: str, kind: str, detail: dict) -> None:
    """One event in a record's timeline (in the caller's transaction)."""
    conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) "
                 "VALUES (?,?,?,?,?)",
                 (report_id, at, author, kind, json.dumps(detail, ensure_ascii=False)))
