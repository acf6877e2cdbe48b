"""A period that starts or ends inside a month says so on that month, in the dashboard's
tables and in the meeting pack, and the pack's month-and-type figure shows every type."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Rect, String

from commonground.core.committee import stats
from commonground.core.committee.demo import generate_committee, generate_meetings
from commonground.core.committee.tables import month_label
from commonground.core.pdf.charts import month_type_charts
from commonground.core.pdf.meeting_pack import meeting_pack
from commonground.core.storage.db import Database

PERIOD = stats.Filters(dt.date(2026, 5, 15), dt.date(2026, 11, 20))


def test_a_part_month_is_labelled_with_the_days_it_covers():
    assert month_label("2026-05", PERIOD) == "May 2026 (15–31 only)"
    assert month_label("2026-06", PERIOD) == "Jun 2026"
    assert month_label("2026-11", PERIOD) == "Nov 2026 (1–20 only)"
    assert month_label("2026-02", stats.Filters(dt.date(2026, 2, 1),
                                                dt.date(2026, 2, 28))) == "Feb 2026"
    assert month_label("2026-02", stats.Filters(dt.date(2026, 2, 3),
                                                dt.date(2026, 2, 9))) == "Feb 2026 (3–9 only)"


def figures_db(tmp_path) -> Database:
    db = Database.open(tmp_path / "committee.db")
    generate_committee(db, 400, seed=9, now=dt.datetime(2026, 11, 20))
    generate_meetings(db)
    return db


def test_every_table_by_month_marks_its_part_months_and_says_why(tmp_path):
    figures = stats.figures(figures_db(tmp_path), PERIOD)
    for key in ("by_month_type", "delay", "requests_by_month", "s136_by_month"):
        table = figures.tables[key]
        labels = [row[0] for row in table.rows]
        assert labels[0] == "May 2026 (15–31 only)" and labels[-1] == "Nov 2026 (1–20 only)"
        assert "Jun 2026" in labels
        assert "part of a month" in table.note, key


def test_the_pack_draws_one_chart_per_type_and_prints_the_part_months(tmp_path):
    db = figures_db(tmp_path)
    table = stats.figures(db, PERIOD).tables["by_month_type"]
    [grid] = month_type_charts(table)
    panels = [cell for row in grid._cellvalues for cell in row if isinstance(cell, Drawing)]
    assert len(panels) == len(table.columns) - 1          # all incidents, then each type
    for panel, name in zip(panels, table.columns[1:]):
        words = [s.text for s in panel.contents if isinstance(s, String)]
        column = table.columns.index(name)
        total = sum(row[column] for row in table.rows)
        assert words[0] == f"{name}: {total:,}"
        bars = [r for r in panel.contents if isinstance(r, Rect)]
        assert len(bars) == len(table.rows)
    data = meeting_pack(db, PERIOD, None, today=dt.date(2026, 11, 20))
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(data)).pages)
    assert "One small chart per type" in text
    assert "May 2026 (15–31 only)" in text and "Nov 2026 (1–20 only)" in text
    assert "Physical assault:" in text
