"""What the committee receives from the advisor hub: every submitted record of every kind,
de-identified by its kind (``RecordKind.committee``), with the acknowledgements of the
protocols and the cases of note the advisor wrote.

Each record gets a stable pseudonym (a keyed hash of its id, the key known only to the
advisor hub), so the committee counts a record once however many exports carry it, and
cannot link it back. The record's shape is a whitelist: the committee's importer refuses
any other field (``check_record``).
Records travel as codes, days and minutes: never a name, an address, a phone, a team, an
officer's number or anything typed freely ("other: ..." becomes "Other").
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets

from .. import staff
from ..cases.notes import note_name_problem
from ..cases.steps import (
    CLOSING_REASONS,
    COURT_OUTCOMES,
    DECISIONS,
    NFA_REASONS,
    STEP_BY_KEY,
    STEP_STATUS,
)
from ..identifiers import identifier_problem
from ..records import deid, outcomes
from ..records import kinds as rk
from ..records.people import report_names
from ..storage.db import Database

log = logging.getLogger(__name__)

ACK_FIELDS = {"type", "uuid", "protocol_id", "version", "name", "date", "site"}
NOTE_FIELDS = {"type", "uuid", "date", "title", "text"}
ACK_WEEK_FIELDS = {"type", "protocol_id", "version", "site", "week", "count"}
# Said with each confirmation from this release on; a hub of the previous one sends neither.
ACK_WHO = {"role", "agency"}


def _secret(db: Database) -> bytes:
    value = db.get_setting("deidentify_key")
    if not value:
        db.set_setting("deidentify_key", secrets.token_hex(32))
        value = db.get_setting("deidentify_key")
    return bytes.fromhex(value)


# ------------------------------------------------------------------ a case
def case_facts(case: dict, steps: list[dict]) -> dict:
    """What a prosecution case learnt about its report, for the report's de-identified
    record: its own part (dates, step states, the decision, the court's outcome, how it
    closed), and whether the police were told and gave a crime reference since."""
    by_step = {s["step"]: s for s in steps}
    police = by_step.get("police_informed", {})
    informed = police.get("status") == "done"
    decision = by_step.get("decision", {})
    detail = json.loads(decision.get("detail") or "{}")
    court = json.loads(by_step.get("court", {}).get("detail") or "{}")
    decided = decision.get("status") == "done"
    return {
        "police_informed": informed,
        "crime_reference": informed and bool(
            json.loads(police.get("detail") or "{}").get("crime_reference")),
        "part": {
            "opened": deid.day(case["opened_at"]),
            "steps": {key: {"status": step["status"], "done": deid.day(step["done_on"])}
                      for key, step in by_step.items()},
            "decision": detail.get("decision") if decided else None,
            "nfa_reason": detail.get("nfa_reason") if decided else None,
            "decision_date": deid.day(decision.get("done_on")),
            "court_outcome": court.get("outcome"),
            "closed": deid.day(case["closed_at"]),
            "closing_reason": _closing_code(case["closing_reason"]),
        },
    }


def _closing_code(text: str | None) -> str | None:
    if not text:
        return None
    for code, label in CLOSING_REASONS:
        if text == label or text.startswith(label + ":"):
            return code
    return "other"


# ------------------------------------------------------------------ records
def records_of(db: Database, kind: rk.RecordKind, known_places: set[str]) -> list[dict]:
    """Every submitted record of this kind on the advisor hub (its own and received),
    de-identified, with what sync knows of each beside its data."""
    secret = _secret(db)
    reports = db.query("SELECT id, uuid, submitted_at, data FROM reports WHERE status != "
                       "'draft' AND redacted = 0 AND kind = ? ORDER BY id", (kind.key,))
    cases: dict[int, dict] = {}
    steps: dict[int, list] = {}
    if kind.opens_case:
        cases = {row["report_id"]: dict(row) for row in db.query(
            "SELECT id, report_id, opened_at, closed_at, closing_reason FROM cases "
            "WHERE report_id IS NOT NULL")}
        for row in db.query("SELECT case_id, step, status, done_on, detail FROM case_steps"):
            steps.setdefault(row["case_id"], []).append(dict(row))
    # Typed words for the committee must name no one in any report here: a ward PC checks
    # only its own, and the report naming the person may have come from another ward.
    names = report_names(db) if kind.committee_text and reports else []
    out = []
    for row in reports:
        report = {"uuid": row["uuid"], "submitted_at": row["submitted_at"],
                  "data": json.loads(row["data"])}
        extra: dict = {"places": known_places, "names": names}
        if kind.outcome is not None:
            extra["outcome"] = outcomes.latest_outcome(db, row["id"])
        if kind.opens_case:
            case = cases.get(row["id"])
            extra["case"] = case_facts(case, steps.get(case["id"], [])) if case else None
        out.append(kind.committee.deidentify(secret, report, extra))
    return out


def ack_records(db: Database) -> list[dict]:
    """Acknowledgements as counts by protocol, version, site, role, agency and week (the
    Monday it starts). The hub holds no names to send: ward PCs keep their readers' own.
    A count with neither role nor agency (made before either was asked) has the shape it
    had before, so the committee's copy of it is the same row."""
    counts: dict[tuple, int] = {}
    for row in db.query("SELECT protocol_id, version, site, role, agency, at "
                        "FROM acknowledgements"):
        day = deid.day(row["at"])
        if not day:
            continue
        monday = dt.date.fromisoformat(day) - dt.timedelta(days=dt.date.fromisoformat(
            day).weekday())
        key = (row["protocol_id"], row["version"], row["site"] or "", monday.isoformat(),
               row["role"] or "", row["agency"] or "")
        counts[key] = counts.get(key, 0) + 1
    out = []
    for (protocol, version, site, week, role, agency), number in sorted(counts.items()):
        record = {"type": "ack_week", "protocol_id": protocol, "version": version,
                  "site": site, "week": week, "count": number}
        if role or agency:
            record.update(role=role, agency=agency)
        out.append(record)
    return out


def note_records(db: Database) -> list[dict]:
    """Cases of note: summaries the advisor wrote for the committee, without identifiers.
    One the screening finds an identifier in, or the name of someone in its case's report
    (any report here, for a note with no case), written before the screening grew
    stricter or before the report arrived, stays on the hub: the committee would refuse the
    whole bundle carrying an identifier, and has no names to screen against."""
    out: list[dict] = []
    names: dict = {}    # the reports' names, read once per case (and once for all)
    for row in db.query("SELECT uuid, case_id, at, title, text FROM case_notes ORDER BY id"):
        record = {"type": "note", "uuid": row["uuid"], "date": deid.day(row["at"]),
                  "title": row["title"], "text": row["text"]}
        problem = free_text_problem(record) or note_name_problem(
            db, row["title"], row["text"], row["case_id"], names)
        if problem:
            # The reason may hold the name (for the advisor); the log says only why.
            log.warning("case of note %s not sent to the committee: %s", row["uuid"],
                        free_text_problem(record) or "it names someone in a report")
            continue
        out.append(record)
    return out


def all_records(db: Database, known_places) -> list[dict]:
    """Everything the committee receives, kind by kind, then acknowledgements and notes."""
    places = set(known_places)
    out = []
    for kind in rk.KINDS.values():
        out += records_of(db, kind, places)
    return out + ack_records(db) + note_records(db)


# ------------------------------------------------------------------ checking
def check_record(record: dict) -> str | None:
    """Refuse anything but the whitelisted shape: nothing identifiable can slip through."""
    wire = record.get("type")
    kind = rk.by_wire(wire) if isinstance(wire, str) else None
    if kind is not None:
        problem = deid.check(record, kind.committee.shape)
        if problem is None and kind.opens_case:
            problem = check_case_part(record.get("case"))
        return problem
    if wire == "ack":
        if set(record) - ACK_FIELDS - ACK_WHO:
            return "unexpected fields in an acknowledgement"
        if not all(isinstance(record.get(k), str) for k in ("uuid", "protocol_id", "version",
                                                            "name")):
            return "an acknowledgement needs uuid, protocol, version and name"
        return role_agency_problem(record)
    if wire == "ack_week":
        if set(record) - ACK_WHO != ACK_WEEK_FIELDS:
            return "an acknowledgement count has other fields than its own"
        problem = role_agency_problem(record)
        if problem:
            return problem
        if not all(isinstance(record[k], str) and 0 < len(record[k]) <= 100
                   for k in ("protocol_id", "version")) or \
                not deid.is_place(record["site"]) or not deid.is_day(record["week"]) or \
                record["week"] is None or \
                dt.date.fromisoformat(record["week"]).weekday() != 0 or \
                not deid.whole_in(1, 1_000_000)(record["count"]) or record["count"] is None:
            return ("an acknowledgement count needs a protocol, a version, a site, the "
                    "Monday of its week and a number")
        return None
    if wire == "note":
        if set(record) - NOTE_FIELDS:
            return "unexpected fields in a case of note"
        if not all(isinstance(record.get(k), str) and record[k] for k in
                   ("uuid", "date", "title", "text")) or len(record["text"]) > 4000 or \
                len(record["title"]) > 200 or len(record["uuid"]) > 64 or \
                not deid.is_day(record["date"]):
            return ("a case of note needs an id, a day, a title (at most 200 characters) and "
                    "a text (at most 4,000)")
        return free_text_problem(record)
    return f"unknown record type {str(wire)[:20]!r}"


# The two free texts the committee takes, by record type: screened for identifiers by the
# committee itself, whatever the hub did (``identifiers.identifier_problem``).
FREE_TEXT = {"note": (("title", "a case of note's title"), ("text", "a case of note's text")),
             "thanks": (("team", "a thank-you's team"), ("words", "a thank-you's words"))}


def free_text_problem(record: dict) -> str | None:
    """An identifier in a case of note or in quoted thanks, named without repeating it."""
    for key, what in FREE_TEXT.get(record.get("type"), ()):
        value = record.get(key)
        problem = identifier_problem(value) if isinstance(value, str) else None
        if problem:
            return f"{what} is refused: {problem}"
    return None


def role_agency_problem(record: dict) -> str | None:
    """A role and an agency, where given, are codes from the closed lists (core/staff.py);
    the reason does not repeat what was sent, which could be a name."""
    if "role" in record and not staff.is_role(record["role"]):
        return "the acknowledgement's role is not one of the staff roles' codes"
    if "agency" in record and not staff.is_agency(record["agency"]):
        return "the acknowledgement's agency is not one of the agencies' codes"
    return None


_CASE_CODES = {"decision": DECISIONS, "nfa_reason": NFA_REASONS,
               "court_outcome": COURT_OUTCOMES, "closing_reason": CLOSING_REASONS}
_STEP_FIELDS = {"status", "done"}


def check_case_part(part) -> str | None:
    """What a prosecution case learnt, as codes and days only: its steps by their codes
    with a status and a day (no notes), the decision, the reason for no further action,
    the court's outcome and how it closed, each from the cases' own lists."""
    if part is None:
        return None
    if not isinstance(part, dict):
        return "the case part is not a case"
    for key, choices in _CASE_CODES.items():
        if not deid.one_of(choices)(part.get(key)):
            return f"the case's '{key}' is not one of the cases' codes"
    for key in ("opened", "decision_date", "closed"):
        if not deid.is_day(part.get(key)):
            return f"the case's '{key}' is not a day"
    steps = part.get("steps")
    if not isinstance(steps, dict):
        return "the case steps are missing"
    for key, step in steps.items():
        if key not in STEP_BY_KEY:
            return "a case step is not one of the cases' steps"
        if not isinstance(step, dict) or set(step) - _STEP_FIELDS:
            return f"the case step '{key}' holds more than its status and day"
        if not deid.one_of(STEP_STATUS)(step.get("status")) or not deid.is_day(
                step.get("done")):
            return f"the case step '{key}' has no valid status or day"
    return None


def places_problem(record: dict, places: frozenset[str]) -> str | None:
    """A de-identified record naming a site or ward not on the list the advisor hub signed
    into its bundle (``places`` in the manifest)."""
    if record.get("type") in ("ack", "ack_week"):
        return deid.off_the_list(record, ACK_SHAPE, places)
    kind = rk.by_wire(record.get("type")) if isinstance(record.get("type"), str) else None
    if kind is None:
        return None
    return deid.off_the_list(record, kind.committee.shape, places)


ACK_SHAPE = deid.Shape({}, places=("site",))
