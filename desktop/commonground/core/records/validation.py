"""Validation in plain words: every problem with its field, in form order.

A draft may be incomplete (only wrong values are reported while typing); a record being
submitted must be complete. Each kind adds its own cross checks (``kinds``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..identifiers import is_nhs_number
from ..timeutil import FUTURE_TOLERANCE, now_local, parse_time
from . import fields as rf
from . import kinds as rk
from .record import ReportError

LATE_REPORT = dt.timedelta(hours=48)

_POLICE_REFERENCE = re.compile(r"^[A-Za-z0-9/\- ]*$")
_OFFICER_NUMBER = re.compile(r"^[A-Za-z0-9 ]*$")


@dataclass(frozen=True)
class Problem:
    field: str       # a field key, or "victims.0.kind" inside a list
    message: str


class ValidationFailed(ReportError):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"The report has {len(problems)} problem"
                         f"{'s' if len(problems) != 1 else ''} to fix before it can be sent.")
        self.problems = problems


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
