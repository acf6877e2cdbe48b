"""Times as Common Ground stores and shows them.

Times are the install's local wall-clock time, written ISO 8601 without an offset, to the
second. Every module may import this one; it imports nothing of the app.
"""

from __future__ import annotations

import datetime as dt

# A time up to this far ahead of the clock is taken as "now" (PC clocks drift).
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


def now_local() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def iso(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def parse_time(value) -> dt.datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def format_time(value) -> str:
    """A stored time as people read it: 6 Dec 2026 14:32."""
    moment = parse_time(value) if isinstance(value, str) else value
    if not isinstance(moment, dt.datetime):
        return ""
    return moment.strftime("%d %b %Y %H:%M").lstrip("0")


def when_words(value, now: dt.datetime | None = None) -> str:
    """A time as people say it: '14:32 today', '22:10 yesterday', '3 Dec 2026 14:32'."""
    moment = parse_time(value) if isinstance(value, str) else value
    if not isinstance(moment, dt.datetime):
        return ""
    today = (now or now_local()).date()
    if moment.date() == today:
        return f"{moment:%H:%M} today"
    if moment.date() == today - dt.timedelta(days=1):
        return f"{moment:%H:%M} yesterday"
    return format_time(moment)
