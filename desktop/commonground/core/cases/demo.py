"""Fictional prosecution-support cases, taken through the real case actions.

Used by demo-data, the screenshots and the benchmarks. Unlike demo reports these go through
case_actions one by one, so every rule (dates, warnings, reporter news) holds for them too.
"""

from __future__ import annotations

import datetime as dt
import random

from ..storage.db import Database
from ..timeutil import now_local, parse_time
from . import actions as ca
from . import workflow as cases

WORKERS = ("Dana Fielding", "the advisor")
BEHIND = 0.15       # of the open cases, how many are a step behind (overdue), as in life


def _day(rng: random.Random, start: dt.date, most: int, today: dt.date) -> dt.date:
    return min(start + dt.timedelta(days=rng.randint(0, most)), today)


def generate_cases(db: Database, count: int, *, seed: int = 136,
                   now: dt.datetime | None = None) -> int:
    """Receive up to ``count`` submitted reports, spread over the whole time the reports
    cover, and move each case as far along as its age makes likely: old cases are mostly
    decided or closed, new ones have just begun, and about one open case in six is behind
    (overdue), as on a real advisor's list. Returns the cases opened."""
    rng = random.Random(seed)
    now = now or now_local()
    today = now.date()
    candidates = db.query("SELECT id, submitted_at FROM reports WHERE status IN "
                          "('queued', 'sent') AND data LIKE '%\"kind\": \"staff\"%' "
                          "ORDER BY submitted_at")
    step = len(candidates) / count if count and len(candidates) > count else 1
    rows = [candidates[int(index * step)] for index in range(min(count, len(candidates)))]
    # Received a few hours after it was submitted, as it would have been.
    received = [min(parse_time(row["submitted_at"]) + dt.timedelta(hours=rng.randint(1, 30)),
                    now) for row in rows]
    ages = [(today - moment.date()).days for moment in received]
    at_court = {i for i, age in enumerate(ages) if age > 90 and i % 5 == 0}
    still_open = sum(1 for age in ages if age <= 90) + len(at_court)
    # Falling a step behind makes a case overdue only once that step's due date has passed.
    could_lag = [i for i, age in enumerate(ages) if 3 < age <= 9 or 15 < age <= 90]
    behind = set(rng.sample(could_lag, min(len(could_lag), round(BEHIND * still_open))))
    made = 0
    for index, (row, moment) in enumerate(zip(rows, received)):
        case = cases.receive_report(db, row["id"], "the advisor", now=moment)
        if case is None:
            continue
        made += 1
        stage = _stage(rng, ages[index], index in behind, index in at_court)
        _progress(db, rng, case, today, stage)
    return made


def _stage(rng: random.Random, age_days: int, behind: bool, at_court: bool) -> float:
    """How far along a case of this age is (the thresholds in ``_progress``): the steps due
    by now are done, unless the case fell a step behind; an old case is closed, or still at
    court (open, with no deadline running)."""
    reached = (0.0 if age_days <= 2 else 0.3 if age_days <= 9 else 0.5 if age_days <= 30
               else 0.7 if age_days <= 90 else 0.86 if at_court else 0.91)
    if behind:
        reached = {0.3: 0.15, 0.5: 0.3, 0.7: 0.5}.get(reached, reached)
    return reached + rng.random() * 0.04


def _progress(db: Database, rng: random.Random, case: cases.Case, today: dt.date,
              stage: float) -> None:
    received = parse_time(case.received_at).date()
    by = rng.choice(WORKERS)

    latest = [received]

    def moment(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(16, 30))

    def done(key: str, after: dt.date, most: int, detail: dict | None = None) -> dt.date:
        when = _day(rng, after, most, today)
        latest[0] = max(latest[0], when)
        ca.record_step(db, case.id, key, status="done", by=by, done_on=when, detail=detail,
                       now=moment(when))
        return when

    if stage < 0.15:
        return  # just arrived
    contacted = done("victim_contacted", received, 3)
    done("wishes_recorded", contacted, 2,
         {"wish": rng.choice(("yes", "yes", "yes", "undecided", "no"))})
    if stage < 0.3:
        return
    steps = {s.key: s for s in cases.steps(db, case.id)}
    if steps["police_informed"].status != "done":
        done("police_informed", received, 2,
             {"crime_reference": f"VP/{rng.randint(10000, 99999)}/{received:%y}"})
    if rng.random() < 0.7:
        done("cctv_requested", received, 10)
    else:
        ca.record_step(db, case.id, "cctv_requested", status="na", by=by,
                       na_reason="No camera covers that part of the ward",
                       now=moment(latest[0]))
    done("injury_evidence", received, 6)
    done("clinical_requested", received, 5)
    if stage < 0.5:
        return
    done("statements_taken", received, 14)
    done("clinical_received", received, 25)
    if stage < 0.7:
        return
    decision = rng.choice(("nfa", "nfa", "charge", "caution", "community_resolution"))
    detail = {"decision": decision}
    if decision == "nfa":
        detail["nfa_reason"] = rng.choice(("insufficient_evidence", "public_interest",
                                           "capacity_or_illness", "victim_withdrew"))
    decided = done("decision", received + dt.timedelta(days=20), 40, detail)
    done("victim_told", decided, 4)
    if decision == "charge" and stage > 0.85:
        done("court", decided + dt.timedelta(days=30), 60,
             {"outcome": "convicted", "sentence": "Community order and compensation"})
    if stage > 0.9:
        ca.close_case(db, case.id, "outcome_reached", by, now=moment(latest[0]))
