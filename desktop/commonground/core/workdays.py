"""Working days in England and Wales: weekends and bank holidays (from a data file) skipped.

Deadlines such as "victim contacted within 2 working days" count these. The holidays come
from ``resources/bank-holidays-england-wales.json``; past its last year only weekends are
skipped, and the log says so once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[dt.date]
    last_year: int

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        if day.year > self.last_year:
            _warn_once(self.last_year)
        return day not in self.holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (start itself does not count)."""
        current, left = start, days
        while left > 0:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


@lru_cache(maxsize=4)
def _warn_once(year: int) -> None:
    log.warning("bank holidays are only known up to %d; later deadlines skip weekends only",
                year)


def load_calendar(path: Path) -> Calendar:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        dates = frozenset(dt.date.fromisoformat(d) for d in data.get("dates", []))
    except (OSError, ValueError) as exc:
        log.error("bank holiday file %s unusable (%s); skipping weekends only", path, exc)
        dates = frozenset()
    return Calendar(dates, max((d.year for d in dates), default=0))


@lru_cache(maxsize=1)
def default_calendar() -> Calendar:
    from .resources import resources_dir

    return load_calendar(resources_dir() / "bank-holidays-england-wales.json")
