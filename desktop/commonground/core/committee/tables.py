"""What every committee figure is made of: the period and place it covers, and a table.

Every figure is a table first (a title, column names, rows), because every chart must also
be readable as numbers. ``stats`` (incidents) and ``dashboards`` (every other kind's) both
build on these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import UserError


class PeriodError(UserError, ValueError):
    """A period that cannot be used; the message is written for the user."""


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    site: str | None = None
    ward: str | None = None

    def check(self) -> None:
        if self.start > self.end:
            raise PeriodError(f"The period starts ({day_label(self.start)}) after it ends "
                              f"({day_label(self.end)}). Swap the dates.")
        if (self.end - self.start).days > 366 * 10:
            raise PeriodError("Choose a period of at most ten years.")

    def describe(self) -> str:
        place = " · ".join(p for p in (self.site, self.ward) if p) or "all sites"
        return f"{day_label(self.start)} to {day_label(self.end)}, {place}"


def day_label(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    # Which columns hold counts of incidents (to hide when small); None: every whole number
    # after the first column.
    counts: tuple[int, ...] | None = None

    def empty(self) -> bool:
        return not self.rows


def months(filters: Filters) -> list[str]:
    out, year, month = [], filters.start.year, filters.start.month
    while (year, month) <= (filters.end.year, filters.end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_label(month: str) -> str:
    return dt.date.fromisoformat(month + "-01").strftime("%b %Y")


def share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _round(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)
