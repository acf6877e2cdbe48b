"""The dashboards the kinds of record describe (``RecordKind.committee.dashboard``), turned
into numbers: the tables and headline figures of every kind but those whose figures are
computed elsewhere (the incident dashboard, ``stats``).

A record is counted in the month of the day its kind dates it by. A filter its table has
no column for (a request has no site, an episode no ward) does not apply to that kind, and
every one of its tables says so.
"""

from __future__ import annotations

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
        return _by_month(figure, found, filters)
    if isinstance(figure, fg.ByChoice):
        return _by_choice(figure, found)
    if isinstance(figure, fg.ByRule):
        return _by_rule(figure, found)
    return _by_band(figure, found)


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
    return table


def _by_choice(figure: fg.ByChoice, found: list[dict]) -> Table:
    subset = [row for row in found if figure.of is None or figure.of(row)]
    table = Table(figure.title, [figure.heading, figure.counted]
                  + ([figure.share] if figure.share else [])
                  + [column.title for column in figure.extra], note=figure.note)
    if not subset:
        return table
    for code, label in tuple(figure.choices) + ((None, "Not recorded"),):
        mine = [row for row in subset if row[figure.field] == code]
        if not mine and (code is None or not figure.zeros):
            continue
        table.rows.append([label, len(mine)]
                          + ([share(len(mine), len(subset))] if figure.share else [])
                          + [_count(column, mine) for column in figure.extra])
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
    return table


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
