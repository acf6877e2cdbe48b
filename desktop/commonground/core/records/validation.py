"""Validation in plain words: every problem with its field, in form order.

A draft may be incomplete (only wrong values are reported while typing); a record being
submitted must be complete. Each kind adds its own cross checks (``kinds``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..timeutil import DATE_FORMAT, TIME_FORMAT, entered_problem, now_local, parse_time
from . import fields as rf
from . import kinds as rk
from .record import ReportError


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
                problems.append(Problem(spec.key, entered_problem(*(list(typed) + ["", ""])[:2])
                                        or f"{DATE_FORMAT} {TIME_FORMAT}"))
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
        needed = sub.required or (sub.required_when is not None
                                  and item.get(sub.required_when[0]) == sub.required_when[1])
        if not value and needed and submitting:
            found.append(Problem(key, sub.missing.format(noun=spec.item_noun, number=index + 1)
                                 if sub.missing else f"Enter the {sub.label.lower()} for "
                                                     f"{spec.item_noun} {index + 1}."))
        if sub.max_length and len(value) > sub.max_length:
            found.append(Problem(key, f"This is {len(value):,} characters long; the most is "
                                      f"{sub.max_length:,}."))
    return found
