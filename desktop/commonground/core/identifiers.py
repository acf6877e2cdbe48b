"""Identifiers that must never travel where they do not belong, recognised in text.

Every module may import this one; it imports nothing of the app.
"""

from __future__ import annotations

import re


def is_nhs_number(text: str) -> bool:
    digits = re.sub(r"[\s-]", "", text or "")
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


_REFERENCE = re.compile(r"\bCG-\d{4}-[A-Z0-9]{4}-\d{6}\b|\bC-\d{4}-\d{4}\b", re.IGNORECASE)
_NUMBER_RUN = re.compile(r"(?<!\d)(?:\d[\s-]?){10}(?!\d)")


def identifier_problem(text: str) -> str | None:
    """What identifier a free text meant for the committee carries (a case of note, a
    thank-you), in words, or None: report references, case numbers, NHS numbers."""
    if _REFERENCE.search(text or ""):
        return ("It contains a report reference or case number; the committee must not be able "
                "to trace the case. Describe it instead.")
    if any(is_nhs_number(match.group(0)) for match in _NUMBER_RUN.finditer(text or "")):
        return "It contains what looks like an NHS number. Take it out."
    return None
