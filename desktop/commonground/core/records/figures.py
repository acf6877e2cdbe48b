"""The words a kind uses to describe its committee figures: declarative tables over its
de-identified records, which ``committee/`` turns into numbers (``committee/dashboards``).

A figure is a table first (a title, column names, rows), because every chart must also be
readable as numbers. A kind says which tables it has and what each counts; it never
touches the database. A row here is one de-identified record's plain columns, as a dict.

- ``ByMonth``: one row per month of the period, each column a count, a share, a median or
  the largest value among the month's records.
- ``ByChoice``: one row per code of a choice list (and "Not recorded"), optionally of a
  subset of the records, with a share and extra counts.
- ``ByRule``: one row per rule (a label and a test), optionally "the rest".
- ``ByBand``: one row per band of a whole number (days of notice, say).
- ``ByPeriod``: months with each quarter's and each financial year's total (the national
  tables' periods).
- ``ByArea``: police force area and NHS area, from the site policy (the national tables'
  areas).

A table's ``basis`` says what it can be set beside: a national table, or ``LOCAL``.
- ``Headline``: a number for the dashboard's headline and the meeting pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

Row = dict
Test = Callable[[Row], object]
Value = Callable[[Row], "int | float | None"]


LOCAL = "Local measure: no national comparator."

# ------------------------------------------------------------------ columns
@dataclass(frozen=True)
class Count:
    """How many records (in the row's group) pass ``where``; all of them without one."""
    title: str
    where: Test | None = None


@dataclass(frozen=True)
class Share:
    """The share of the group's records that pass ``where``."""
    title: str
    where: Test


@dataclass(frozen=True)
class Median:
    """The median of ``value`` over the group's records that have one ("–" if none)."""
    title: str
    value: Value


@dataclass(frozen=True)
class Largest:
    title: str
    value: Value


# ------------------------------------------------------------------ tables
@dataclass(frozen=True)
class ByMonth:
    key: str
    title: str
    columns: tuple
    note: str = ""
    counts: tuple[int, ...] | None = None   # which columns are counts (hidden when small)
    chart: int = 1                          # the column its chart draws
    basis: str = ""                         # the national table it matches, or LOCAL


@dataclass(frozen=True)
class ByChoice:
    key: str
    title: str
    heading: str                 # the first column's title
    counted: str                 # the count column's title ("Episodes")
    field: str                   # the column holding the code
    choices: tuple
    of: Test | None = None       # only the records passing this (all without it)
    share: str = ""              # a share column's title, if it has one
    zeros: bool = True           # list every code, even with none; else only those found
    extra: tuple[Count, ...] = ()
    note: str = ""
    chart: int = 1
    blank_is: str = ""           # a code blanks are counted as ("not_known"), not a row
    basis: str = ""


@dataclass(frozen=True)
class ByRule:
    key: str
    title: str
    heading: str
    counted: str
    rules: tuple[tuple[str, Test], ...]
    share: str = ""
    rest: str = ""               # a last row for the records no rule counted, if named
    note: str = ""
    chart: int = 1
    basis: str = ""


@dataclass(frozen=True)
class ByBand:
    key: str
    title: str
    heading: str
    counted: str
    value: Value
    bands: tuple[tuple[int, int | None, str], ...]    # (lowest, highest or None, label)
    of: Test | None = None
    note: Callable[[list[Row]], str] | None = None    # from the records counted
    chart: int = 1
    basis: str = ""


@dataclass(frozen=True)
class ByPeriod:
    """One row per month; after a quarter's last month (or the period's) the quarter's
    total, and after a financial year's last quarter (April to March) the year's. Every
    column is a count."""
    key: str
    title: str
    columns: tuple[Count, ...]
    note: str = ""
    chart: int = 1
    basis: str = ""


@dataclass(frozen=True)
class ByArea:
    """One row per police force area and NHS area (the site policy says each site's), as
    the national tables group their counts; sites the policy gives none are counted
    apart."""
    key: str
    title: str
    counted: str                 # the count column's title ("Episodes")
    note: str = ""
    chart: int = 3               # the count column
    basis: str = ""


Figure = ByMonth | ByChoice | ByRule | ByBand | ByPeriod | ByArea


@dataclass(frozen=True)
class Headline:
    """A number the dashboard's headline shows (``words`` with {} for it) and, with a
    ``label``, a row of the kind's part of the meeting pack."""
    key: str
    value: Callable[[list[Row]], "int | float | None"]
    words: str
    label: str = ""
    unit: str = ""               # after the number in the pack ("minutes")
    count: bool = True           # a count (hidden when small in a shared copy)


@dataclass(frozen=True)
class Comparison:
    """A page of the meeting pack setting a kind's figures beside national tables: what
    they are and the cautions (``paragraphs``), then each of the kind's tables with the
    national table it matches (its ``basis``) or that it is a local measure."""
    title: str
    paragraphs: tuple[str, ...]
