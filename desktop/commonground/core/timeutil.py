"""Times as Common Ground stores and shows them.

Times are the install's local wall-clock time, written ISO 8601 without an offset, to the
second. Every module may import this one; it imports nothing of the app.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

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


# Dates and times as people type them on a ward: 20/11/2026, 20.11.26, 14:32, 1432.
_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.h]?\s*(\d{2})\s*$")
DATE_FORMAT = "Write the date as day/month/year, for example 20/11/2026."
TIME_FORMAT = "Write the time as hh:mm (24-hour), for example 14:32."


def _date_parts(text) -> tuple[int, int, int] | None:
    match = _DATE.match(text or "") if isinstance(text, str) else None
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    return day, month, year + 2000 if year < 100 else year


def read_date(text) -> dt.date | None:
    """A day/month/year date as people type it: 20/11/2026, 20.11.26."""
    parts = _date_parts(text)
    try:
        return dt.date(parts[2], parts[1], parts[0]) if parts else None
    except ValueError:
        return None


def date_problem(text) -> str:
    """Why a typed date cannot be read, in words ("" when it can): a date that does not
    exist is named ("31 February 2026 does not exist"), not refused for its format."""
    if read_date(text):
        return ""
    parts = _date_parts(text)
    if parts is None or not 1 <= parts[2] <= 9999:
        return DATE_FORMAT
    words = no_such_date(*parts)
    if words.startswith("There is no"):
        return f"{words[:-1]}: {DATE_FORMAT[0].lower()}{DATE_FORMAT[1:]}"
    return words


def no_such_date(day: int, month: int, year: int) -> str:
    """Why a day, month and year are no date: "31 February 2026 does not exist (February
    2026 has 28 days)." ("" when they are one)."""
    if not 1 <= month <= 12:
        return f"There is no month {month}."
    if day < 1:
        return f"There is no day {day}."
    if not 1 <= year <= 9999:
        return f"There is no year {year} here."
    days = calendar.monthrange(year, month)[1]
    if day <= days:
        return ""
    month_name = calendar.month_name[month]
    return (f"{day} {month_name} {year} does not exist ({month_name} {year} has "
            f"{days} days).")


def read_time(text) -> dt.time | None:
    """A 24-hour time as people type it: 14:32, 14.32, 1432."""
    match = _TIME.match(text or "") if isinstance(text, str) else None
    try:
        return dt.time(int(match.group(1)), int(match.group(2))) if match else None
    except ValueError:
        return None


def time_problem(text) -> str:
    """Why a typed time cannot be read, in words ("" when it can)."""
    if read_time(text):
        return ""
    match = _TIME.match(text or "") if isinstance(text, str) else None
    if not match:
        return TIME_FORMAT
    hours, minutes = int(match.group(1)), int(match.group(2))
    shown = f"{hours:02d}:{minutes:02d}"
    if hours == 24 and minutes == 0:
        return f"{shown} is not a time of day: midnight is 00:00 on the next day."
    if hours > 23:
        return f"{shown} is not a time of day: hours go from 00 to 23."
    return f"{shown} is not a time of day: minutes go from 00 to 59."


def read_entered(date_text, time_text) -> dt.datetime | None:
    """A date and a time typed in two boxes, or None."""
    day, time = read_date(date_text), read_time(time_text)
    return dt.datetime.combine(day, time) if day and time else None


def entered_problem(date_text, time_text) -> str:
    """What is wrong with a date and time typed in two boxes ("" when it can be read, or
    when nothing was typed)."""
    date_text, time_text = str(date_text or ""), str(time_text or "")
    if not date_text.strip() and not time_text.strip():
        return ""
    if not date_text.strip():
        return "Enter the date as well, as day/month/year, for example 20/11/2026."
    if date_problem(date_text):
        return date_problem(date_text)
    if not time_text.strip():
        return "Enter the time as well, as hh:mm (24-hour), for example 14:32."
    return time_problem(time_text)


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
