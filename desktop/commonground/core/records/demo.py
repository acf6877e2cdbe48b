"""Fictional records for demos, tests and benchmarks, of any kind (each kind's ``Demo`` makes
them; ``demo_data`` is the world they live in).

Each row is what ``drafts.start_draft`` and ``submission.submit`` would have written
(denormalised columns, timeline events, search index, references from the same counters),
but rows are built in Python and written with ``executemany`` in one transaction, because
one transaction per report would take minutes for 100,000 reports with synchronous=FULL.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Callable

from ..install import install_tag
from ..storage.db import Database
from ..timeutil import iso, now_local
from . import columns
from . import kinds as rk
from .demo_data import PEOPLE, SITES, YEARS  # noqa: F401  (the world, for callers)

LOGIN = "demo"
BATCH = 2000
DRAFT_SHARE = 0.01


def generate(db: Database, count: int, *, kind: rk.RecordKind | None = None,
             seed: int = 2026, now: dt.datetime | None = None,
             progress: Callable[[int, int], None] | None = None, index: bool = True,
             years: float = YEARS, drafts: int | None = None, sent_only: bool = False,
             rules: rk.Rules | None = None) -> int:
    """Insert ``count`` fictional records of ``kind`` (the default kind, incident reports,
    if none) over the past ``years``; returns how many were inserted. ``rules`` is the local
    policy submission measured them against.

    ``drafts`` of them are unfinished (None: one in a hundred). Each submitted report's
    status follows its age, as this PC would have heard back; ``sent_only`` stops at
    "sent", for the advisor's demo, where the cases made after say what was received.
    ``index=False`` leaves them out of the My reports search index: only for a scratch
    database that is never searched (the committee's demo data), where indexing was a third
    of the time.
    """
    if count <= 0:
        return 0
    kind = kind or rk.KINDS[rk.DEFAULT]
    rng = random.Random(seed)
    now = (now or now_local()).replace(microsecond=0)
    tag = install_tag(db)  # made outside the transaction, as submission does
    span = rk.Span(years, sent_only)
    unsent = set(rng.sample(range(count), round(count * DRAFT_SHARE) if drafts is None
                            else min(drafts, count)))
    # Timings first: ids follow when records were started, references when submitted.
    timings = sorted((kind.demo.timing(rng, now, i in unsent, span) for i in range(count)),
                     key=lambda t: (t.started, t.submitted or t.started))
    with db.transaction() as conn:
        counters = dict(conn.execute("SELECT year, last FROM reference_counters").fetchall())
        references = {}
        for number in sorted((i for i, t in enumerate(timings) if t.submitted),
                             key=lambda i: timings[i].submitted):
            year = timings[number].submitted.year
            counters[year] = counters.get(year, 0) + 1
            references[number] = f"CG-{year}-{tag}-{counters[year]:06d}"
        first_id = 1 + conn.execute(
            "SELECT max(coalesce((SELECT max(id) FROM reports), 0), "
            "coalesce((SELECT max(rowid) FROM reports_fts), 0))").fetchone()[0]
        for start in range(0, count, BATCH):
            reports, events, rows = [], [], []
            for number in range(start, min(start + BATCH, count)):
                report_id, reference = first_id + number, references.get(number)
                fictional = kind.demo.record(rng, now, timings[number], span)
                data = rk.marked(kind, dict(fictional.data))
                reports.append(_row(rng, kind, report_id, data, timings[number], fictional,
                                    reference, events, rules or rk.Rules()))
                if index:
                    rows.append((report_id, reference or "", columns.place_label(data),
                                 columns.types_label(data), columns.search_body(data)))
            conn.executemany("INSERT INTO reports(id, uuid, reference, status, created_at, "
                             "updated_at, submitted_at, incident_at, place, types, "
                             "reporter_name, created_by, revision, kind, data) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", reports)
            conn.executemany("INSERT INTO report_events(report_id, at, author, kind, "
                             "detail) VALUES (?,?,?,?,?)", events)
            conn.executemany("INSERT INTO reports_fts(rowid, reference, place, types, body) "
                             "VALUES (?,?,?,?,?)", rows)
            if progress is not None:
                progress(min(start + BATCH, count), count)
        conn.executemany("INSERT INTO reference_counters(year, last) VALUES (?, ?) "
                         "ON CONFLICT(year) DO UPDATE SET last = excluded.last",
                         sorted(counters.items()))
    if db.path is not None:
        db.checkpoint()  # the bulk write left a WAL as big as the data
    return count


def _row(rng, kind: rk.RecordKind, report_id: int, data: dict, timing: rk.Timing,
         fictional: rk.Fictional, reference: str | None, events: list,
         rules: rk.Rules) -> tuple:
    """The reports row, its timeline appended to ``events``, as the real calls leave them."""
    started, submitted = timing.started, timing.submitted
    if submitted is None:
        typed = sorted(key for key in data if key != rk.KIND_KEY)
        for key in rng.sample(typed, min(rng.randint(1, 4), len(typed))):
            del data[key]  # a draft holds whatever was typed so far
        saves = rng.randint(0, 5)
        status, revision = "draft", saves
        last = started + dt.timedelta(minutes=saves * rng.randint(1, 3))
        timeline = [(started, None, "created", {})]
        if saves:
            timeline.append((last, None, "edited", {"fields": sorted(data),
                                                    "since": iso(started)}))
    else:
        data["reported_at"] = iso(submitted)
        data.update(rk.submission_facts(data, submitted, rules))
        status, revision = fictional.status, 1
        timeline = [(started, None, "created", {}),
                    (submitted, None, "submitted", {"reference": reference}),
                    *fictional.events]
        last = timeline[-1][0]
    author = columns.author_of(data, LOGIN)  # the reporter, as start_draft and submit record
    events.extend((report_id, iso(at), who or author, event, _json(detail))
                  for at, who, event, detail in timeline)
    return (report_id, str(uuid.UUID(int=rng.getrandbits(128), version=4)), reference,
            status, iso(started), iso(last), iso(submitted) if submitted else None,
            columns.when(data), columns.place_label(data), columns.types_label(data),
            columns.reporter_name(data), LOGIN, revision, kind.key, _json(data))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)
