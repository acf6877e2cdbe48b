"""Incident reports: drafts saved as you type, validation in plain words, submission.

A report is a draft until submitted. A draft saves whatever is typed, valid or not. Submit
checks everything, gives the report a reference (CG-2026-K7Q2-000123) and makes it final:
the database itself refuses to change a submitted report (triggers in migration 2), and
corrections are addenda in its timeline.

Times are the install's local wall-clock time, written ISO 8601 without an offset.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass

from ..errors import UserError
from ..identifiers import is_nhs_number
from ..install import install_tag
from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import FUTURE_TOLERANCE, iso, now_local, parse_time
from . import fields as rf
from . import kinds as rk
from .kinds import incident as incident_kind

LATE_REPORT = dt.timedelta(hours=48)
EDIT_COALESCE = dt.timedelta(minutes=10)

STATUS_LABELS = {
    "draft": "Draft", "queued": "Queued to send", "sent": "Sent", "received": "Received",
    "case_open": "Case open", "closed": "Closed",
}

_POLICE_REFERENCE = re.compile(r"^[A-Za-z0-9/\- ]*$")
_OFFICER_NUMBER = re.compile(r"^[A-Za-z0-9 ]*$")


class ReportError(UserError):
    """A report action that cannot be done; the message is written for the user."""


class ValidationFailed(ReportError):
    def __init__(self, problems: list["Problem"]):
        super().__init__(f"The report has {len(problems)} problem"
                         f"{'s' if len(problems) != 1 else ''} to fix before it can be sent.")
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    field: str       # a field key, or "victims.0.kind" inside a list
    message: str


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


@dataclass(frozen=True)
class Event:
    at: str
    author: str
    kind: str
    detail: dict

    def describe(self) -> str:
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
            from .kinds.assistance import outcome_summary
            return "Outcome: " + outcome_summary(self.detail.get("values") or {})
        if self.kind == "message":
            return self.detail.get("text", "")
        return self.detail.get("text", self.kind)


# --------------------------------------------------------------- validation
def _missing_message(spec: rf.Field) -> str:
    if spec.missing:
        return spec.missing
    label = spec.label.replace(" (optional)", "").lower()
    if spec.kind == "datetime":
        return f"Enter the {label}."
    if spec.kind in ("choice", "site", "ward"):
        return f"Choose the {label}." if not spec.label.endswith("?") \
            else f"Answer: {spec.label}"
    if spec.kind == "multi":
        return f"Tick at least one {label}."
    if spec.kind == "list":
        return f"Add at least one of the {label}."
    return f"Enter {label}."


def validate(data: dict, *, now: dt.datetime | None = None,
             submitting: bool = True) -> list[Problem]:
    """Every problem with its field, in form order, in words a nurse understands.

    With ``submitting=False`` only wrong values are reported, not missing ones (a draft
    in progress is allowed to be incomplete).
    """
    now = now or now_local()
    problems: list[Problem] = []
    kind = rk.kind_of(data)
    for section in kind.sections:
        for spec in section.fields:
            if not rf.is_shown(spec, data):
                continue
            value = data.get(spec.key)
            if spec.kind == "list":
                items = value if isinstance(value, list) else []
                items = [item for item in items if isinstance(item, dict)
                         and any(str(v).strip() for v in item.values())]
                if spec.required and submitting and not items:
                    problems.append(Problem(spec.key, _missing_message(spec)))
                for index, item in enumerate(items):
                    problems.extend(_item_problems(spec, index, item, submitting))
                continue
            empty = value in (None, "", []) or (isinstance(value, str) and not value.strip())
            typed = (data.get("_entered") or {}).get(spec.key) if spec.kind == "datetime" \
                else None
            if empty and typed and any(str(part).strip() for part in typed):
                problems.append(Problem(spec.key, "Write the date as day/month/year (for "
                                                  "example 20/11/2026) and the time as hh:mm "
                                                  "(for example 14:32)."))
                continue
            if empty:
                if spec.required and submitting:
                    problems.append(Problem(spec.key, _missing_message(spec)))
                continue
            if spec.max_length and isinstance(value, str) and len(value) > spec.max_length:
                problems.append(Problem(spec.key, f"This is {len(value):,} characters long; "
                                                  f"the most is {spec.max_length:,}."))
            if spec.kind == "datetime" and parse_time(value) is None:
                problems.append(Problem(spec.key, "This is not a date and time."))
    if kind.cross_checks is None:
        problems.extend(_cross_checks(data, now, submitting))
    else:
        problems.extend(Problem(key, message)
                        for key, message in kind.cross_checks(data, now, submitting))
    order = {key: index for index, key in enumerate(kind.fields)}
    problems.sort(key=lambda p: order.get(p.field.split(".")[0], 999))
    return problems


def _item_problems(spec: rf.Field, index: int, item: dict, submitting: bool) -> list[Problem]:
    found = []
    for sub in spec.item_fields:
        value = str(item.get(sub.key) or "").strip()
        key = f"{spec.key}.{index}.{sub.key}"
        if not value and sub.required and submitting:
            who = "person harmed" if spec.key == "victims" else "witness"
            what = "Say who" if sub.key == "kind" else f"Enter the {sub.label.lower()}"
            found.append(Problem(key, f"{what} for {who} {index + 1}."))
        if sub.max_length and len(value) > sub.max_length:
            found.append(Problem(key, f"This is {len(value):,} characters long; the most is "
                                      f"{sub.max_length:,}."))
    if spec.key == "victims" and item.get("kind") == "other" and submitting \
            and not str(item.get("role") or "").strip():
        found.append(Problem(f"victims.{index}.role",
                             f"Say who person harmed {index + 1} is (their role)."))
    return found


def _cross_checks(data: dict, now: dt.datetime, submitting: bool) -> list[Problem]:
    found = []
    incident = parse_time(data.get("incident_at"))
    if incident and incident > now + FUTURE_TOLERANCE:
        found.append(Problem("incident_at", "The incident time is in the future. Check the "
                                            "date and the time."))
    informed = parse_time(data.get("police_informed_at")) \
        if data.get("police_informed") == "yes" else None
    if informed and incident and informed < incident:
        found.append(Problem("police_informed_at", "This says the police were told before the "
                                                   "incident happened. Check both times."))
    if informed and informed > now + FUTURE_TOLERANCE:
        found.append(Problem("police_informed_at", "This time is in the future."))
    if data.get("harm_grade") == "death" and data.get("treatment") == "none":
        found.append(Problem("treatment", "Harm is 'Death' but treatment is 'None'. Check "
                                          "both answers."))
    if data.get("police_informed") == "yes":
        for key, name in (("crime_reference", "A crime reference number"),
                          ("cad_number", "A police incident (CAD) number")):
            value = str(data.get(key) or "").strip()
            if not value:
                continue
            if len(value) > 30:
                found.append(Problem(key, f"{name} is at most 30 characters; this one has "
                                          f"{len(value)}."))
            elif not _POLICE_REFERENCE.match(value):
                bad = "".join(sorted({c for c in value if not _POLICE_REFERENCE.match(c)}))
                found.append(Problem(key, f"{name} uses only letters, numbers, '/' and '-'; "
                                          f"remove {', '.join(repr(c) for c in bad)}."))
        officer = str(data.get("officer_number") or "").strip()
        if officer and not _OFFICER_NUMBER.match(officer):
            found.append(Problem("officer_number", "A shoulder or collar number uses only "
                                                   "letters and numbers."))
    identifier = str(data.get("patient_identifier") or "")
    if data.get("perpetrator_kind") == "patient" and is_nhs_number(identifier):
        found.append(Problem("patient_identifier", "This looks like an NHS number. Use the "
                                                   "local patient identifier instead."))
    if submitting and str(data.get("narrative") or "").strip() \
            and len(str(data["narrative"]).strip()) < 10:
        found.append(Problem("narrative", "Say a little more about what happened (a few "
                                          "sentences)."))
    return found


def is_late(data: dict, now: dt.datetime | None = None) -> bool:
    incident = parse_time(data.get("incident_at"))
    return bool(incident and (now or now_local()) - incident > LATE_REPORT)


def riddor_suggested(data: dict) -> bool:
    return data.get("absence") == "over_7"


# ------------------------------------------------------------------ storage
def _row_to_report(row) -> Report:
    return Report(row["id"], row["uuid"], row["reference"], row["status"], row["created_at"],
                  row["updated_at"], row["submitted_at"], row["created_by"], row["revision"],
                  json.loads(row["data"]))


def place_label(data: dict) -> str:
    kind = rk.kind_of(data)
    if kind.place is not None:
        return kind.place(data)
    location = data.get("location")
    if location == "other":
        location = data.get("location_other") or "Other"
    site = data.get("site")
    if site == "other":
        site = data.get("site_other") or ""
    return " · ".join(part for part in (location, site) if part)


def types_label(data: dict) -> str:
    kind = rk.kind_of(data)
    if kind.summary is not None:
        return kind.summary(data)
    codes = data.get("incident_types") or []
    labels = [rf.label_for(incident_kind.INCIDENT_TYPES, code) for code in codes if code != "other"]
    if "other" in codes:
        labels.append(data.get("type_other") or "Other")
    return ", ".join(labels)


def _search_body(data: dict) -> str:
    kind = rk.kind_of(data)
    if kind.key != rk.INCIDENT:
        return "\n".join(str(data.get(key)) for key, spec in kind.fields.items()
                         if spec.kind in ("text", "textarea") and data.get(key))
    parts = [data.get(key) or "" for key in (
        "narrative", "injuries", "perpetrator_description", "delay_reason", "reporter_name",
        "crime_reference", "cad_number", "type_other", "setting_other")]
    for victim in data.get("victims") or []:
        if isinstance(victim, dict):
            parts.extend(str(v) for v in victim.values())
    return "\n".join(str(p) for p in parts if p)


def _index(conn, report_id: int, reference: str | None, data: dict) -> None:
    conn.execute("DELETE FROM reports_fts WHERE rowid = ?", (report_id,))
    conn.execute("INSERT INTO reports_fts(rowid, reference, place, types, body) "
                 "VALUES (?,?,?,?,?)",
                 (report_id, reference or "", place_label(data), types_label(data),
                  _search_body(data)))


def _event(conn, report_id: int, at: str, author: str, kind: str, detail: dict) -> None:
    conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) "
                 "VALUES (?,?,?,?,?)",
                 (report_id, at, author, kind, json.dumps(detail, ensure_ascii=False)))


def author_of(data: dict, login: str) -> str:
    name = str(data.get(rk.kind_of(data).author_key) or "").strip()
    return name or login


def start_draft(db: Database, login: str, data: dict | None = None,
                now: dt.datetime | None = None) -> Report:
    data = clean_text(dict(data or {}))
    stamp = iso(now or now_local())
    with db.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO reports(uuid, status, created_at, updated_at, incident_at, place, "
            "types, reporter_name, created_by, revision, kind, data) "
            "VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (str(uuid.uuid4()), stamp, stamp, _when(data), place_label(data),
             types_label(data), _reporter(data), login, rk.kind_of(data).key,
             json.dumps(data, ensure_ascii=False)))
        report_id = cursor.lastrowid
        _event(conn, report_id, stamp, author_of(data, login), "created", {})
        _index(conn, report_id, None, data)
    return get_report(db, report_id)


def _when(data: dict) -> str | None:
    return data.get(rk.kind_of(data).when_key) or None


def _reporter(data: dict) -> str:
    return str(data.get(rk.kind_of(data).author_key) or "")


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
            (encoded, stamp, revision, _when(data), place_label(data), types_label(data),
             _reporter(data), report_id))
        _record_edit(conn, report_id, moment, author_of(data, login), changed)
        _index(conn, report_id, None, data)
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
    _event(conn, report_id, iso(moment), author, "edited",
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
    return _row_to_report(row) if row else None


def find_report(db: Database, reference: str) -> Report | None:
    row = db.query_one("SELECT * FROM reports WHERE reference = ? COLLATE NOCASE",
                       (reference.strip(),))
    return _row_to_report(row) if row else None


def drafts(db: Database) -> list[Report]:
    rows = db.query("SELECT * FROM reports WHERE status = 'draft' ORDER BY updated_at DESC")
    return [_row_to_report(row) for row in rows]


def _next_reference(conn, db: Database, moment: dt.datetime) -> str:
    year = moment.year
    row = conn.execute("SELECT last FROM reference_counters WHERE year = ?", (year,)).fetchone()
    number = (row["last"] if row else 0) + 1
    conn.execute("INSERT INTO reference_counters(year, last) VALUES (?, ?) "
                 "ON CONFLICT(year) DO UPDATE SET last = excluded.last", (year, number))
    return f"CG-{year}-{install_tag(db)}-{number:06d}"


def submit(db: Database, report_id: int, login: str, now: dt.datetime | None = None,
           rules: "rk.Rules | None" = None) -> Report:
    """Check, number and seal a draft. Warnings that do not stop it (a late request, a
    detention over the limit) are kept with the record as ``flags``; a request also keeps
    the notice it gave and the rule it was measured against (``rules``: local policy)."""
    moment = now or now_local()
    install_tag(db)  # make the install id outside the transaction below
    with db.transaction() as conn:
        row = conn.execute("SELECT * FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            raise ReportError("This draft no longer exists (it may have been discarded).")
        if row["status"] != "draft":
            raise ReportError(f"This report was already submitted as {row['reference']}.")
        data = json.loads(row["data"])
        problems = validate(data, now=moment)
        if problems:
            raise ValidationFailed(problems)
        data["reported_at"] = iso(moment)
        if rk.kind_of(data).key == rk.INCIDENT:
            data["riddor_suggested"] = riddor_suggested(data)
            data["late_report"] = is_late(data, moment)
        data.update(rk.submission_facts(data, moment, rules or rk.Rules()))
        reference = _next_reference(conn, db, moment)
        conn.execute(
            "UPDATE reports SET status = 'queued', reference = ?, submitted_at = ?, "
            "updated_at = ?, data = ?, revision = revision + 1 WHERE id = ?",
            (reference, iso(moment), iso(moment), json.dumps(data, ensure_ascii=False),
             report_id))
        _event(conn, report_id, iso(moment), author_of(data, login), "submitted",
               {"reference": reference})
        _index(conn, report_id, reference, data)
    return get_report(db, report_id)


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
        _event(conn, report_id, iso(now or now_local()), author.strip(), "addendum",
               {"text": text})


def record_event(db: Database, report_id: int, kind: str, author: str, detail: dict,
                 now: dt.datetime | None = None) -> None:
    with db.transaction() as conn:
        _event(conn, report_id, iso(now or now_local()), author, kind, detail)


def timeline(db: Database, report_id: int) -> list[Event]:
    rows = db.query("SELECT at, author, kind, detail FROM report_events WHERE report_id = ? "
                    "ORDER BY id", (report_id,))
    return [Event(row["at"], row["author"], row["kind"], json.loads(row["detail"]))
            for row in rows]


# --------------------------------------------------------- reporter memory
def _reporter_setting(login: str, kind: str) -> str:
    return f"reporter:{login}" if kind == rk.INCIDENT else f"reporter:{kind}:{login}"


def remembered_reporter(db: Database, login: str, kind: str = rk.INCIDENT) -> dict:
    """Who this login said they were last time, for this kind of record."""
    raw = db.get_setting(_reporter_setting(login, kind))
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        found = {}
    keys = rk.KINDS[kind].reporter_keys if rk.is_known(kind) else ()
    return {key: str(found.get(key, "")) for key in keys if found.get(key)}


def remember_reporter(db: Database, login: str, data: dict) -> None:
    kind = rk.kind_of(data)
    details = {key: str(data.get(key) or "").strip() for key in kind.reporter_keys}
    if details[kind.author_key]:
        db.set_setting(_reporter_setting(login, kind.key),
                       json.dumps(details, ensure_ascii=False))
