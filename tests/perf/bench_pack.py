"""The committee's meeting pack PDF over years of de-identified incidents.

Ours: ``meeting_pack`` as ``commonground meeting-pack`` calls it, for the latest meeting and
a period covering every incident, into memory. Floor: the aggregate SQL alone: every
statement the pack ran (recorded, with its values, by a trace on its connection during one
run) run again on a plain read-only connection.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from . import data
from .harness import Figure, Settings, at_most, interleaved


def recorded_statements(db, make) -> list[str]:
    seen: list[str] = []
    with db.use() as conn:
        conn.set_trace_callback(lambda sql: None if sql.startswith("--") else seen.append(sql))
    try:
        make()
    finally:
        with db.use() as conn:
            conn.set_trace_callback(None)
    return [sql for sql in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def run(settings: Settings) -> list[Figure]:
    from commonground.context import AppContext
    from commonground.core.committee import meetings, stats
    from commonground.core.pdf.meeting_pack import meeting_pack

    folder = data.committee(settings)
    context = AppContext.open(folder)
    repeat = max(1, min(settings.repeat, 5))
    try:
        db = context.db
        first = db.query_one("SELECT min(incident_date) AS d, count(*) AS n "
                             "FROM deid_incidents")
        today = dt.date.today()
        filters = stats.Filters(dt.date.fromisoformat(first["d"]), today)
        meeting = next(iter(sorted(meetings.meetings(db), key=lambda m: m.date,
                                   reverse=True)), None)
        current = [(p.id, p.title, p.version, p.effective) for p in context.library.protocols()]

        def make():
            return meeting_pack(db, filters, None, meeting=meeting, current_protocols=current,
                                today=today)
        statements = recorded_statements(db, make)
        bare = sqlite3.connect(data.database(folder).resolve().as_uri() + "?mode=ro", uri=True)

        def floor():
            for sql in statements:
                bare.execute(sql).fetchall()
        settings.log(f"meeting pack over {first['n']:,} incidents: {repeat} runs …")
        ours, floor_ms = interleaved(make, floor, repeat)
        bare.close()
        size = len(make())
    finally:
        context.close()
    return [Figure(f"meeting pack PDF ({first['n']:,} incidents)", ours, floor=floor_ms,
                   target=at_most(5000.0),
                   note=f"{size // 1024} KiB; floor = its {len(statements)} SELECT "
                        "statements alone")]
