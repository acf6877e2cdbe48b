"""The dashboards the kinds of record describe (``RecordKind.committee.dashboard``), turned
into numbers: the tables and headline figures of every kind but those whose figures are
computed elsewhere (the incident dashboard, ``stats``).

A record is counted in the month of the day its kind dates it by. A filter its table has
no column for (a request has no site, an episode no ward) does not apply to that kind, and
every one of its tables says so.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from dataclasses import dataclass, field

from ..records import figures as fg
from ..records import kinds as rk
from .tables import (
    Filters,
    Table,
    _round,
    day_label,
    month_label,
    months,
    part_months_note,
    share,
)


def kinds() -> list[rk.RecordKind]:
    """The kinds with a dashboard of their own, in the registry's order."""
    return [kind for kind in rk.KINDS.values() if kind.committee.dashboard is not None]


def describe(kind: rk.RecordKind, filters: Filters) -> str:
    """The period and the place a kind's figures cover."""
    site = filters.site if kind.committee.site_column else None
    return f"{day_label(filters.start)} to {day_label(filters.end)}, {site or 'all sites'}"


def unfiltered(kind: rk.RecordKind, filters: Filters) -> bool:
    """A site or ward is chosen that this kind's records do not have."""
    committee = kind.committee
    return bool(((filters.site or filters.ward) and committee.site_column is None)
                or (filters.ward and committee.ward_column is None))


def chart_columns() -> dict[str, int]:
    """The column each figure's chart draws, where it is not the first count."""
    return {figure.key: figure.chart for kind in kinds()
            for figure in kind.committee.dashboard.figures if figure.chart != 1}


def rows(conn, kind: rk.RecordKind, filters: Filters) -> list[dict]:
    committee = kind.committee
    extra = "".join(f", json_extract(record, '$.{name}') AS {name}"
                    for name in committee.dashboard.from_record)
    sql = (f"SELECT *{extra} FROM {committee.table} WHERE {committee.date_column} >= ? "
           f"AND {committee.date_column} <= ?")
    params = [filters.start.isoformat(), filters.end.isoformat()]
    for chosen, column in ((filters.site, committee.site_column),
                           (filters.ward, committee.ward_column)):
        if chosen and column:
            sql += f" AND {column} = ?"
            params.append(chosen)
    return [dict(row) for row in conn.execute(sql, params)]


def kind_figures(conn, filters: Filters) -> tuple[dict[str, Table], dict]:
    """Every kind's tables (keyed as its figures are) and headline numbers."""
    tables: dict[str, Table] = {}
    headline: dict = {}
    for kind in kinds():
        dashboard = kind.committee.dashboard
        found = rows(conn, kind, filters)
        for figure in dashboard.figures:
            table = make_table(figure, found, filters)
            if unfiltered(kind, filters):
                table.note = f"{table.note} {dashboard.unfiltered}".strip()
            tables[figure.key] = table
        headline.update({item.key: item.value(found) for item in dashboard.headline})
    return tables, headline


# ------------------------------------------------------------------ tables
def make_table(figure: fg.Figure, found: list[dict], filters: Filters) -> Table:
    if isinstance(figure, fg.ByMonth):
        table = _by_month(figure, found, filters)
    elif isinstance(figure, fg.ByChoice):
        table = _by_choice(figure, found)
    elif isinstance(figure, fg.ByRule):
        table = _by_rule(figure, found)
    elif isinstance(figure, fg.ByPeriod):
        table = by_period(figure, found, filters)
    elif isinstance(figure, fg.ByArea):
        table = by_area(figure, found, filters)
    else:
        table = _by_band(figure, found)
    if figure.basis:
        table.note = f"{figure.basis} {table.note}".strip()
    return table


def _count(column: fg.Count, found: list[dict]) -> int:
    return sum(1 for row in found if column.where is None or column.where(row))


def _cell(column, found: list[dict]):
    if isinstance(column, fg.Count):
        return _count(column, found)
    if isinstance(column, fg.Share):
        return share(sum(1 for row in found if column.where(row)), len(found))
    values = [value for value in map(column.value, found) if value is not None]
    if not values:
        return "–"
    return _round(statistics.median(values)) if isinstance(column, fg.Median) else max(values)


def _by_month(figure: fg.ByMonth, found: list[dict], filters: Filters) -> Table:
    table = Table(figure.title, ["Month"] + [column.title for column in figure.columns],
                  note=(figure.note + part_months_note(filters)).strip(), counts=figure.counts)
    for month in months(filters):
        mine = [row for row in found if row["month"] == month]
        table.rows.append([month_label(month, filters)] + [_cell(column, mine)
                                                           for column in figure.columns])
    table.sums = [(None, tuple(range(len(table.rows))))]
    return table


def _by_choice(figure: fg.ByChoice, found: list[dict]) -> Table:
    subset = [row for row in found if figure.of is None or figure.of(row)]
    table = Table(figure.title, [figure.heading, figure.counted]
                  + ([figure.share] if figure.share else [])
                  + [column.title for column in figure.extra], note=figure.note)
    if not subset:
        return table
    for code, label in tuple(figure.choices) + ((None, "Not recorded"),):
        if figure.blank_is and code is None:
            continue
        mine = [row for row in subset if row[figure.field] == code
                or (code == figure.blank_is and row[figure.field] in (None, ""))]
        if not mine and (code is None or not figure.zeros):
            continue
        table.rows.append([label, len(mine)]
                          + ([share(len(mine), len(subset))] if figure.share else [])
                          + [_count(column, mine) for column in figure.extra])
    table.sums = [(None, tuple(range(len(table.rows))))]
    return table


def _by_rule(figure: fg.ByRule, found: list[dict]) -> Table:
    table = Table(figure.title, [figure.heading, figure.counted]
                  + ([figure.share] if figure.share else []), note=figure.note)
    total = len(found)
    if not total:
        return table
    counted = 0
    for label, test in figure.rules + (((figure.rest, None),) if figure.rest else ()):
        number = sum(1 for row in found if test(row)) if test else total - counted
        counted += number
        table.rows.append([label, number] + ([share(number, total)] if figure.share else []))
    return table


def _by_band(figure: fg.ByBand, found: list[dict]) -> Table:
    subset = [row for row in found if figure.of is None or figure.of(row)]
    table = Table(figure.title, [figure.heading, figure.counted])
    if not subset:
        return table
    given = [value for value in map(figure.value, subset) if value is not None]
    for low, high, label in figure.bands:
        table.rows.append([label, sum(1 for value in given if value >= low
                                      and (high is None or value <= high))])
    if len(given) < len(subset):
        table.rows.append(["Not recorded", len(subset) - len(given)])
    if figure.note is not None:
        table.note = figure.note(subset)
    table.sums = [(None, tuple(range(len(table.rows))))]
    return table


def by_period(figure: fg.ByPeriod, found: list[dict], filters: Filters) -> Table:
    """Months, each quarter's total after it and each financial year's after that."""
    table = Table(figure.title, ["Period"] + [column.title for column in figure.columns],
                  note=(figure.note + part_months_note(filters)).strip())
    shown = months(filters)
    quarter: list[int] = []
    year: list[int] = []
    years: list[int] = []
    for index, month in enumerate(shown):
        mine = [row for row in found if row["month"] == month]
        table.rows.append([month_label(month, filters)] + [_count(column, mine)
                                                           for column in figure.columns])
        quarter.append(len(table.rows) - 1)
        last = index == len(shown) - 1
        if int(month[5:]) % 3 == 0 or last:
            table.rows.append(_total(quarter_label(month, filters), quarter, table))
            table.sums.append((len(table.rows) - 1, tuple(quarter)))
            year.append(len(table.rows) - 1)
            quarter = []
        if month.endswith("-03") or last:
            table.rows.append(_total(year_label(month, filters), year, table))
            table.sums.append((len(table.rows) - 1, tuple(year)))
            years.append(len(table.rows) - 1)
            year = []
    table.sums.append((None, tuple(years)))    # the years add up to the headline total
    table.bar_rows = tuple(n for n, row in enumerate(table.rows)
                           if not row[0].startswith(("Quarter", "Year")))
    return table


NO_AREA = "Not set in the site policy"


def by_area(figure: fg.ByArea, found: list[dict], filters: Filters) -> Table:
    """Records by the police force area and NHS area of their site."""
    table = Table(figure.title, ["Police force area", "NHS provider and ICB, or Welsh "
                                 "health board", "Sites", figure.counted],
                  note=figure.note, counts=(3,))
    areas = {site: (force or NO_AREA, nhs or NO_AREA) for site, force, nhs in filters.areas}
    groups: dict[tuple[str, str], list] = {}
    for row in found:
        groups.setdefault(areas.get(row["site"] or "", (NO_AREA, NO_AREA)), []).append(row)
    for (force, nhs), rows in sorted(groups.items(), key=lambda item: (
            NO_AREA in item[0], item[0])):
        sites = sorted({row["site"] or "None given" for row in rows})
        table.rows.append([force, nhs, ", ".join(sites), len(rows)])
    if not filters.areas:
        table.note = (f"{table.note} No site's police force area or NHS area is set in the "
                      "site policy (sites: police_force_area, nhs_area).").strip()
    table.sums = [(None, tuple(range(len(table.rows))))]
    return table


def _total(label: str, members: list[int], table: Table) -> list:
    return [label] + [sum(table.rows[row][column] for row in members)
                      for column in range(1, len(table.columns))]


def financial_year(month: str) -> int:
    """The year a financial year (April to March) starts in, for a month 'YYYY-MM'."""
    year, number = int(month[:4]), int(month[5:])
    return year if number >= 4 else year - 1


def quarter_label(month: str, filters: Filters) -> str:
    """'Quarter Jan–Mar 2027 (Q4 2026/27)', marked 'part' if the period cuts it."""
    year, number = int(month[:4]), int(month[5:])
    first = (number - 1) // 3 * 3 + 1
    start, end = dt.date(year, first, 1), dt.date(year, first + 2, 1)
    fy = financial_year(month)
    label = (f"Quarter {start:%b}–{end:%b %Y} (Q{(first - 4) % 12 // 3 + 1} "
             f"{fy}/{(fy + 1) % 100:02d})")
    cut = filters.start > start or filters.end < _month_end(end)
    return label + (" (part)" if cut else "")


def year_label(month: str, filters: Filters) -> str:
    """'Year 2026/27 (April–March)', marked 'part' if the period cuts it."""
    fy = financial_year(month)
    cut = filters.start > dt.date(fy, 4, 1) or filters.end < dt.date(fy + 1, 3, 31)
    return f"Year {fy}/{(fy + 1) % 100:02d} (April–March)" + (" (part)" if cut else "")


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


# ------------------------------------------------------------------ quotes
@dataclass
class QuotedGroup:
    """What a kind's records addressed to one group (an agency) say, for its page of the
    meeting pack: the words their senders allowed to be quoted, and how many others."""
    code: str
    label: str
    quoted: list[tuple[str, str]] = field(default_factory=list)   # (about, words)
    unquoted: int = 0

    @property
    def total(self) -> int:
        return len(self.quoted) + self.unquoted


def quoted(conn, kind: rk.RecordKind, filters: Filters) -> list[QuotedGroup]:
    """Each group of a kind that has quotes (``committee.quotes``), in its order, with the
    period's records: oldest first."""
    quotes = kind.committee.quotes
    groups = {code: QuotedGroup(code, label) for code, label in quotes.groups}
    found = sorted(rows(conn, kind, filters),
                   key=lambda row: (row[kind.committee.date_column] or "", row["id"]))
    for row in found:
        group = groups.get(row[quotes.group])
        if group is None:
            continue
        record = json.loads(row["record"])
        words = record.get(quotes.text)
        if isinstance(words, str) and words:
            group.quoted.append((quotes.about(record), words))
        else:
            group.unquoted += 1
    return list(groups.values())
