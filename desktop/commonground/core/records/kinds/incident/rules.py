"""An incident report's own checks, facts and words: what the shared machinery asks of it."""

from __future__ import annotations

import datetime as dt
import re

from ....identifiers import is_nhs_number
from ....timeutil import FUTURE_TOLERANCE, parse_time
from ...fields import label_for
from . import readers
from .fields import INCIDENT_TYPES, is_late, riddor_suggested

_POLICE_REFERENCE = re.compile(r"^[A-Za-z0-9/\- ]*$")
_OFFICER_NUMBER = re.compile(r"^[A-Za-z0-9 ]*$")


def cross_checks(data: dict, now: dt.datetime, submitting: bool) -> list[tuple[str, str]]:
    found = []
    incident = parse_time(data.get("incident_at"))
    if incident and incident > now + FUTURE_TOLERANCE:
        found.append(("incident_at", "The incident time is in the future. Check the date and "
                                     "the time."))
    informed = parse_time(data.get("police_informed_at")) \
        if data.get("police_informed") == "yes" else None
    if informed and incident and informed < incident:
        found.append(("police_informed_at", "This says the police were told before the "
                                            "incident happened. Check both times."))
    if informed and informed > now + FUTURE_TOLERANCE:
        found.append(("police_informed_at", "This time is in the future."))
    if data.get("harm_grade") == "death" and data.get("treatment") == "none":
        found.append(("treatment", "Harm is 'Death' but treatment is 'None'. Check both "
                                   "answers."))
    if readers.told_police(data):
        found += _police_numbers(data)
    identifier = str(data.get("patient_identifier") or "")
    if data.get("perpetrator_kind") == "patient" and is_nhs_number(identifier):
        found.append(("patient_identifier", "This looks like an NHS number. Use the local "
                                            "patient identifier instead."))
    if submitting and str(data.get("narrative") or "").strip() \
            and len(str(data["narrative"]).strip()) < 10:
        found.append(("narrative", "Say a little more about what happened (a few sentences)."))
    return found


def _police_numbers(data: dict) -> list[tuple[str, str]]:
    found = []
    for key, name in (("crime_reference", "A crime reference number"),
                      ("cad_number", "A police incident (CAD) number")):
        value = str(data.get(key) or "").strip()
        if not value:
            continue
        if len(value) > 30:
            found.append((key, f"{name} is at most 30 characters; this one has "
                               f"{len(value)}."))
        elif not _POLICE_REFERENCE.match(value):
            bad = "".join(sorted({c for c in value if not _POLICE_REFERENCE.match(c)}))
            found.append((key, f"{name} uses only letters, numbers, '/' and '-'; "
                               f"remove {', '.join(repr(c) for c in bad)}."))
    officer = str(data.get("officer_number") or "").strip()
    if officer and not _OFFICER_NUMBER.match(officer):
        found.append(("officer_number", "A shoulder or collar number uses only letters and "
                                        "numbers."))
    return found


def facts(data: dict, sent: dt.datetime, rules, calendar) -> dict:
    return {"riddor_suggested": riddor_suggested(data), "late_report": is_late(data, sent),
            **readers.facts(data)}


def document_rows(data: dict) -> list[tuple[str, str]]:
    rows = []
    if data.get("late_report"):
        rows.append(("Reported late", "More than 48 hours after the incident"))
    if data.get("riddor_suggested") or riddor_suggested(data):
        rows.append(("RIDDOR", "Possibly reportable: absence may exceed 7 days (report to "
                               "the HSE within 15 days of the incident)"))
    return rows


def summary(data: dict) -> str:
    codes = data.get("incident_types") or []
    labels = [label_for(INCIDENT_TYPES, code) for code in codes if code != "other"]
    if "other" in codes:
        labels.append(data.get("type_other") or "Other")
    return ", ".join(labels)


def place(data: dict) -> str:
    location = data.get("location")
    if location == "other":
        location = data.get("location_other") or "Other"
    site = data.get("site")
    if site == "other":
        site = data.get("site_other") or ""
    return " · ".join(part for part in (location, site) if part)


def search_body(data: dict) -> str:
    parts = [data.get(key) or "" for key in (
        "narrative", "injuries", "perpetrator_description", "delay_reason", "reporter_name",
        "crime_reference", "cad_number", "type_other", "setting_other")]
    for victim in data.get("victims") or []:
        if isinstance(victim, dict):
            parts.extend(str(v) for v in victim.values())
    return "\n".join(str(p) for p in parts if p)


def done(reference: str, notes: str, route: str) -> str:
    return (f"<h2>Report submitted</h2><p>Reference: <b>{reference}</b></p>"
            "<p>It is queued for the Trust's violence and prosecution advisor, who will see it "
            "once it has been sent. You can find it, and any news about it, in "
            "<b>My reports</b>.</p><p>The report can no longer be changed. If something needs "
            "correcting, open it in My reports and add an addendum.</p>")


RIDDOR_NOTE = ("RIDDOR: time off of more than 7 days after an assault at work may have to be "
               "reported to the Health and Safety Executive within 15 days of the incident. "
               "Tell your manager.")
