"""My reports with years of reports: open it, scroll to the end, filter by text.

Ours: the real ``MyReportsPage`` (offscreen) on the data folder, each action timed until
the rows it shows are painted (the events it posted have run). A new page is made for each
run, outside the timing, so no page of rows is already cached. Floor: a bare SELECT of the
same columns, ordered the same way, with LIMIT/OFFSET for the same rows (the filter's floor
selects the rows matching the same FTS5 expression), on a plain connection.
"""

from __future__ import annotations

import sqlite3

from . import data
from .harness import Figure, Settings, at_most, timed
from .qt import application, settle

FILTER = "punched arm"
COLUMNS = "id, reference, status, incident_at, updated_at, place, types, reporter_name"


def bare_queries(path, page_size: int):
    from commonground.core.records.listing import _fts_expression

    bare = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    total = bare.execute("SELECT count(*) FROM reports WHERE source_install IS NULL"
                         ).fetchone()[0]
    page = (f"SELECT {COLUMNS} FROM reports WHERE source_install IS NULL "
            "ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?")
    matching = (f"SELECT {COLUMNS} FROM reports WHERE source_install IS NULL AND id IN "
                "(SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?) "
                "ORDER BY updated_at DESC, id DESC LIMIT ?")
    expression = _fts_expression(FILTER)
    return bare, {
        "open": lambda: bare.execute(page, (page_size, 0)).fetchall(),
        "scroll": lambda: bare.execute(page, (page_size, max(total - page_size, 0))).fetchall(),
        "filter": lambda: bare.execute(matching, (expression, page_size)).fetchall(),
    }


def statements_on_open(db, page_factory) -> int:
    """How many SQL statements opening the page issues (reported, and bounded by a test)."""
    seen: list[str] = []
    with db.use() as conn:
        conn.set_trace_callback(lambda sql: seen.append(sql) if not sql.startswith("--")
                                else None)
    try:
        page = page_factory()
        page.show()
        page.refresh()
        settle(application())
        page.close()
    finally:
        with db.use() as conn:
            conn.set_trace_callback(None)
    return len(seen)


def run(settings: Settings) -> list[Figure]:
    from commonground.core.storage.db import Database
    from commonground.ui.my_reports import MyReportsPage
    from commonground.ui.paged_model import PAGE_SIZE

    folder = data.reports(settings)
    app = application()
    db = Database.open(data.database(folder))
    bare, floors = bare_queries(data.database(folder), PAGE_SIZE)
    samples = {name: ([], []) for name in ("open", "scroll", "filter")}
    settings.log(f"My reports: {settings.repeat} runs of open, scroll to the end, filter, "
                 f"over {settings.rows:,} reports …")

    def new_page():
        page = MyReportsPage(db)
        page.resize(1200, 700)
        return page
    try:
        for round_number in range(settings.repeat + 1):
            page = new_page()
            actions = {
                "open": lambda: (page.show(), page.refresh(), settle(app)),
                "scroll": lambda: (page.table.scrollToBottom(), settle(app)),
                "filter": lambda: (page.filter.setText(FILTER), page.apply_filter(),
                                   settle(app)),
            }
            for name, action in actions.items():
                pair = [(action, 0), (floors[name], 1)]
                for fn, which in (pair if round_number % 2 else pair[::-1]):
                    elapsed = timed(fn)
                    if round_number:  # the first round warms the caches; discarded
                        samples[name][which].append(elapsed)
            shown = page.model.rowCount()
            page.close()
            page.deleteLater()
            settle(app)
        statements = statements_on_open(db, new_page)
    finally:
        bare.close()
        db.close()
    rows = f"{settings.rows:,} reports"
    return [
        Figure(f"My reports: open ({rows})", samples["open"][0], floor=samples["open"][1],
               target=at_most(300.0), note=f"{statements} SQL statements to open and show "
                                           "the first rows"),
        Figure("My reports: scroll to the end", samples["scroll"][0],
               floor=samples["scroll"][1]),
        Figure(f"My reports: filter by text ('{FILTER}')", samples["filter"][0],
               floor=samples["filter"][1], target=at_most(150.0),
               note=f"{shown:,} reports match"),
    ]
