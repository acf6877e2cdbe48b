"""A kind's committee tables as CSV files for the committee's analysts, laid out like the
national open data tables: one row per category or period, each row carrying the period,
the area and the table it belongs to, so files for several periods or areas stack into one
sheet. UTF-8 with a byte order mark and CRLF line ends, as spreadsheet programs expect.

A table shared outside the committee is exported as shown: small counts read "<5" and a
count that would give one back reads "not shown".
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..records import kinds as rk
from ..storage.atomic import write_bytes_atomic
from . import dashboards, stats
from .tables import Filters, Table

COLUMNS = ("Period from", "Period to", "Area", "Table", "Set beside")
# A spreadsheet runs a cell starting with one of these as a formula: a site name typed on
# another computer must never run in an analyst's spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def table_csv(table: Table, filters: Filters, basis: str = "") -> bytes:
    """One table's CSV bytes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *table.columns])
    area = filters.site or "All sites"
    for row in table.rows:
        writer.writerow([_cell(value) for value in (
            filters.start.isoformat(), filters.end.isoformat(), area, table.title,
            basis.removeprefix("Compare with: "), *row)])
    return out.getvalue().encode("utf-8-sig")


def file_name(kind: rk.RecordKind, key: str, filters: Filters) -> str:
    return f"{kind.key}-{key}-{filters.start.isoformat()}-to-{filters.end.isoformat()}.csv"


def kind_csvs(tables: dict[str, Table], kind: rk.RecordKind, filters: Filters, *,
              share: bool, threshold: int = 5) -> dict[str, bytes]:
    """Every table of the kind's dashboard as (file name, CSV bytes), suppressed if
    ``share``."""
    out = {}
    for figure in kind.committee.dashboard.figures:
        table = tables[figure.key]
        if share:
            table = stats.suppressed(table, threshold)
        out[file_name(kind, figure.key, filters)] = table_csv(table, filters, figure.basis)
    return out


def write_kind_csvs(db, kind: rk.RecordKind, filters: Filters, folder: Path | str, *,
                    share: bool, threshold: int = 5,
                    tables: dict[str, Table] | None = None, **_task) -> list[Path]:
    """Write each table into ``folder`` (each file whole or not at all); returns the
    paths. ``tables`` already computed for these filters are used as they are."""
    filters.check()
    if tables is None:
        with db.use() as conn:
            tables, _ = dashboards.kind_figures(conn, filters)
    folder = Path(folder)
    return [write_bytes_atomic(folder / name, data)
            for name, data in kind_csvs(tables, kind, filters, share=share,
                                        threshold=threshold).items()]
