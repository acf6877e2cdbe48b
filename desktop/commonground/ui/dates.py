"""Dates and times as people type them on a ward: 20/11/2026, 20.11.26, 14:32, 1432."""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.h]?\s*(\d{2})\s*$")


def parse_date(date_text: str) -> dt.date | None:
    """A day/month/year date as people type it: 20/11/2026, 20.11.26."""
    match = _DATE.match(date_text or "")
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_entered(date_text: str, time_text: str) -> dt.datetime | None:
    """Day/month/year and 24-hour time as people type them: 20/11/2026 14:32, 20.11.26 1432."""
    date_match, time_match = _DATE.match(date_text or ""), _TIME.match(time_text or "")
    if not date_match or not time_match:
        return None
    day, month, year = (int(g) for g in date_match.groups())
    if year < 100:
        year += 2000
    try:
        return dt.datetime(year, month, day, int(time_match.group(1)), int(time_match.group(2)))
    except ValueError:
        return None
