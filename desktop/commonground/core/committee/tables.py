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
    # (site, police force area, NHS area) from the site policy, for tables by area.
    areas: tuple[tuple[str, str, str], ...] = ()

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
    # Rows that add up: (the row holding their total, or None when the total is known from
    # elsewhere, such as the headline; the rows adding up to it). Hiding one small count
    # of a sum hides another beside it, so that no subtraction gives it back.
    sums: list[tuple[int | None, tuple[int, ...]]] = field(default_factory=list)
    # The rows a chart draws (None: every row): months, not the totals among them.
    bar_rows: tuple[int, ...] | None = None

    def bars(self) -> list[list]:
        return self.rows if self.bar_rows is None else [self.rows[n] for n in self.bar_rows]

    def empty(self) -> bool:
        return not self.rows


def months(filters: Filters) -> list[str]:
    out, year, month = [], filters.start.year, filters.start.month
    while (year, month) <= (filters.end.year, filters.end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_label(month: str, filters: Filters | None = None) -> str:
    """'Nov 2026', or 'Nov 2026 (1–20 only)' when the period covers only part of it: a
    part-month must not look like a quiet whole month."""
    first = dt.date.fromisoformat(month + "-01")
    label = first.strftime("%b %Y")
    if filters is None:
        return label
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    start = filters.start.day if (filters.start.year, filters.start.month) == \
        (first.year, first.month) else 1
    end = filters.end.day if (filters.end.year, filters.end.month) == \
        (first.year, first.month) else last.day
    return label if (start, end) == (1, last.day) else f"{label} ({start}–{end} only)"


def part_months_note(filters: Filters) -> str:
    """What a table by month adds when its first or last month is only part of a month."""
    months_shown = months(filters)
    if not months_shown or all("only" not in month_label(m, filters)
                               for m in (months_shown[0], months_shown[-1])):
        return ""
    return (" A month marked 'only' is part of a month: the period starts or ends inside "
            "it, so it is not comparable with a whole month.")


def share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _round(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)


def month_words(label: str) -> tuple[str, ...]:
    """Shorter and shorter ways to write a month under its column: 'Nov 2026', 'Nov', 'N';
    a part-month keeps saying so: 'Nov 2026 (part)', 'Nov (part)', 'Nov*'."""
    month = label.split(" (")[0]
    short = month.split(" ")[0]
    if "only" in label:
        return (f"{month} (part)", f"{short} (part)", f"{short}*", f"{short[:1]}*")
    return (month, short, short[:1])
