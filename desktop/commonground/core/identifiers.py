"""Identifiers that must never travel where they do not belong, recognised in text.

Every module may import this one; it imports nothing of the app.
"""

from __future__ import annotations

import re
import unicodedata


def plain(text: str) -> str:
    """Text as a reader sees it, for finding identifiers: compatibility forms folded
    (full-width digits, no-break and thin spaces), every dash a hyphen, and the invisible
    characters that could split a number without showing (zero-width spaces, joiners)
    gone."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join("-" if unicodedata.category(c) == "Pd" else c for c in text
                   if unicodedata.category(c) != "Cf")


def is_nhs_number(text: str) -> bool:
    digits = re.sub(r"[\s.\-]", "", plain(text))
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


_REFERENCE = re.compile(r"\bCG[\s\-]{1,3}\d{4}[\s\-]{1,3}[A-Z0-9]{4}[\s\-]{1,3}\d{6}\b"
                        r"|\bC-\d{4}-\d{4}\b", re.IGNORECASE)
# Ten digits, each pair apart by at most three spaces, dots or dashes ("943 476 5919",
# "943 - 476 - 5919", "943.476.5919").
_NUMBER_RUN = re.compile(r"(?<!\d)\d(?:[\s.\-]{0,3}\d){9}(?!\d)")


def identifier_problem(text: str) -> str | None:
    """What identifier a free text meant for the committee carries (a case of note, a
    thank-you), in words, or None: report references, case numbers, NHS numbers, however
    they are spaced or disguised (``plain``). The words never repeat the identifier."""
    text = plain(text)
    if _REFERENCE.search(text):
        return ("It contains a report reference or case number; the committee must not be able "
                "to trace the case. Describe it instead.")
    if any(is_nhs_number(match.group(0)) for match in _NUMBER_RUN.finditer(text)):
        return "It contains what looks like an NHS number. Take it out."
    return None
