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
