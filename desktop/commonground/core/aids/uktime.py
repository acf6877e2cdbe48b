"""UK local time for the decision aids: Europe/London, with GMT or BST named, never guessed.

Deadlines are counted in elapsed time (an aware datetime plus a timedelta, done in UTC), and
shown on the UK wall clock with its zone named. A time someone types is a wall-clock time:

- in the hour the clocks go back (late October) it happens twice, so it is refused as
  ambiguous unless GMT or BST is named ("01:30 BST or 01:30 GMT?");
- in the hour the clocks go forward (late March) it never happens, so it is refused with
  the reason.

Calendar months follow the corresponding-date rule (Dodds v Walker [1981] 1 WLR 1027, HL;
"month" means calendar month, Interpretation Act 1978 Sch 1).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

from ..timeutil import no_such_date
from .result import AidInputError, AmbiguousTimeError

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc
_ZONE_OFFSETS = {"GMT": dt.timedelta(0), "BST": dt.timedelta(hours=1)}
# Years an aid can count from: outside them a date is a slip, and a deadline counted from
# one could run off the calendar (datetime ends in 9999).
FIRST_YEAR, LAST_YEAR = 1900, 2199

_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})"
               r"(?::(?P<S>\d{2}))?\s*(?P<zone>[A-Za-z]{3}|Z|[+-]\d{2}:?\d{2})?$"),
    re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})"
               r"(?::(?P<S>\d{2}))?\s*(?P<zone>[A-Za-z]{3}|Z|[+-]\d{2}:?\d{2})?$"),
)
_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$"),
)


def zone_name(moment: dt.datetime) -> str:
    """'GMT' or 'BST' for an aware moment, as UK clocks showed it."""
    return moment.astimezone(LONDON).tzname() or "UK time"


def is_gap(naive: dt.datetime) -> bool:
    """True when this wall-clock time never happened in the UK (the clocks went forward)."""
    there = naive.replace(tzinfo=LONDON)
    return there.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) != naive


def is_repeated(naive: dt.datetime) -> bool:
    """True when this wall-clock time happened twice (the clocks went back)."""
    if is_gap(naive):
        return False
    return naive.replace(tzinfo=LONDON, fold=0).utcoffset() != \
        naive.replace(tzinfo=LONDON, fold=1).utcoffset()


def localise(naive: dt.datetime, what: str, zone: str | None = None) -> dt.datetime:
    """A UK wall-clock time as an aware moment, or a refusal saying why.

    ``zone`` ('GMT' or 'BST') settles the repeated hour; elsewhere it must match what UK
    clocks showed then, because a wrong label is more likely a slip than a real GMT time.
    """
    naive = naive.replace(tzinfo=None, microsecond=0)
    clock = f"{naive:%H:%M} on {day_words(naive.date())}"
    if is_gap(naive):
        raise AidInputError(what, f"{clock} did not happen in the UK: the clocks went forward "
                                  "an hour that night (from 01:00 GMT to 02:00 BST), so no "
                                  "clock showed it. Check the time and enter it again.")
    if zone is not None:
        zone = zone.upper()
        if zone not in _ZONE_OFFSETS:
            raise AidInputError(what, f"'{zone}' is not a UK time zone: write GMT or BST.")
        for fold in (0, 1):
            candidate = naive.replace(tzinfo=LONDON, fold=fold)
            if candidate.utcoffset() == _ZONE_OFFSETS[zone]:
                return candidate.astimezone(UTC).astimezone(LONDON)
        shown = zone_name(naive.replace(tzinfo=LONDON))
        raise AidInputError(what, f"UK clocks showed {shown}, not {zone}, at {clock}. Enter "
                                  f"the time as the clock showed it ({naive:%H:%M} {shown}).")
    if is_repeated(naive):
        raise AmbiguousTimeError(what, naive)
    return naive.replace(tzinfo=LONDON)


def parse_uk_time(text, what: str) -> dt.datetime:
    """A typed time ('2026-03-28 22:10', '28/03/2026 22:10', '... BST', ISO with offset)."""
    if isinstance(text, dt.datetime):
        if text.tzinfo is not None:
            return text.astimezone(LONDON)
        return localise(text, what)
    value = str(text or "").strip()
    if not value:
        raise AidInputError(what, "Enter the date and time, for example 2026-03-28 22:10.")
    for pattern in _PATTERNS:
        match = pattern.match(value)
        if match:
            break
    else:
        raise AidInputError(what, f"'{value}' is not a date and time this understands. Write "
                                  "it as 2026-03-28 22:10 (add GMT or BST if you need to).")
    try:
        naive = dt.datetime(int(match["y"]), int(match["m"]), int(match["d"]),
                            int(match["H"]), int(match["M"]), int(match["S"] or 0))
    except ValueError:
        raise AidInputError(what, no_such_date(int(match["d"]), int(match["m"]), int(match["y"]))
                            or f"'{value}' is not a real time of day.") from None
    _check_year(naive.year, what)
    zone = match["zone"]
    if zone and (zone == "Z" or zone[0] in "+-"):
        offset = dt.timedelta(0) if zone == "Z" else dt.timedelta(
            hours=int(zone[1:3]), minutes=int(zone[-2:])) * (1 if zone[0] == "+" else -1)
        return naive.replace(tzinfo=dt.timezone(offset)).astimezone(LONDON)
    return localise(naive, what, zone)


def parse_day(text, what: str) -> dt.date:
    """A typed date: '2026-08-31' or '31/08/2026'."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    value = str(text or "").strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            try:
                day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                raise AidInputError(what, no_such_date(
                    int(match["d"]), int(match["m"]), int(match["y"]))) from None
            _check_year(day.year, what)
            return day
    raise AidInputError(what, f"'{value or '(nothing)'}' is not a date this understands. "
                              "Write it as 2026-08-31.")


def _check_year(year: int, what: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise AidInputError(what, f"The year {year} cannot be right: check the date (a year "
                                  f"from {FIRST_YEAR} to {LAST_YEAR}).")


def day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock_words(moment: dt.datetime) -> str:
    """'23:10 BST on Sunday 29 March 2026'; midnight says which midnight it is."""
    local = moment.astimezone(LONDON)
    text = f"{local:%H:%M} {zone_name(local)} on {day_words(local.date())}"
    if local.hour == 0 and local.minute == 0:
        text += " (midnight at the start of that day)"
    return text


def end_of_day(day: dt.date) -> dt.datetime:
    """The last minute of a UK day, as an aware moment (for 'by the end of' deadlines)."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=LONDON)


def clock_changes(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, str, str]]:
    """Each moment between start and end when UK clocks changed: (when, from, to)."""
    found = []
    hour = start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    last = zone_name(start)
    while hour <= end.astimezone(UTC):
        name = zone_name(hour)
        if name != last and hour > start.astimezone(UTC):
            found.append((hour.astimezone(LONDON), last, name))
        last = name
        hour += dt.timedelta(hours=1)
    return found


# ------------------------------------------------------------------ calendar months
def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def months_from(day: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` calendar months *from* ``day`` (the day itself
    not counted): the corresponding date, or the month's last day when there is none."""
    year, month = _shift(day.year, day.month, months)
    return dt.date(year, month, min(day.day, _last_day(year, month)))


def months_beginning_with(day: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` calendar months *beginning with* ``day``: the
    day before the corresponding date, or the month's last day when there is none."""
    year, month = _shift(day.year, day.month, months)
    if day.day > _last_day(year, month):
        return dt.date(year, month, _last_day(year, month))
    return dt.date(year, month, day.day) - dt.timedelta(days=1)


def days_beginning_with(day: dt.date, days: int) -> dt.date:
    """The last day of a period of ``days`` days beginning with ``day``."""
    return day + dt.timedelta(days=days - 1)
