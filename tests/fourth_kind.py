"""A fourth kind of record that exists only in tests: a visit to a ward, recorded.

It is written the way a real kind is (one module, one KIND), and registered by a test with
``registered()``, which also adds the committee table it needs as a test-only migration
step. Nothing outside this module knows it: if it goes through the form, the draft, the
PDF, the export, the committee's import and the dashboard, the machinery really loops
over the registry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random

from commonground.core.records import deid
from commonground.core.records import kinds as rk
from commonground.core.records.fields import Field, Section, label_for
from commonground.core.records.figures import ByChoice, ByMonth, Count, Headline
from commonground.core.storage import migrations
from commonground.core.timeutil import FUTURE_TOLERANCE, parse_time

PURPOSES = (("routine", "Routine"), ("concern", "A concern was raised"), ("other", "Other"))
TABLE = "deid_test_visits"

SECTIONS = (
    Section("visit", "1. The visit", (
        Field("visited_at", "Date and time of the visit", "datetime", required=True),
        Field("site", "Site", "site", required=True),
        Field("purpose", "Why you visited", "choice", PURPOSES, required=True),
        Field("purpose_other", "Other reason", "text", shown_when=("purpose", "other"),
              required=True, max_length=120, missing="Say why you visited."),
    )),
    Section("visitor", "2. Who visited", (
        Field("visitor_name", "Your name", "text", required=True, max_length=120,
              print_label="Visitor's name"),
        Field("visitor_role", "Your role", "text", max_length=120),
    )),
    Section("notes", "3. What you found", (
        Field("found", "What you found (optional)", "textarea", max_length=2000),
    )),
)


def cross_checks(data: dict, now: dt.datetime, submitting: bool) -> list[tuple[str, str]]:
    visited = parse_time(data.get("visited_at"))
    if visited and visited > now + FUTURE_TOLERANCE:
        return [("visited_at", "The visit is in the future. Check the date.")]
    return []


def deidentify(secret: bytes, report: dict, extra: dict) -> dict:
    data = report["data"]
    return {"type": "visit", "id": deid.pseudonym(secret, report["uuid"]),
            "visit_date": deid.day(data.get("visited_at")),
            "site": deid.place(data.get("site"), data.get("site") in extra["places"]),
            "purpose": deid.code(PURPOSES, data.get("purpose"))}


def columns(record: dict) -> dict:
    day = record["visit_date"]
    return {"month": day[:7] if day else None, "visit_date": day, "site": record["site"],
            "purpose": record["purpose"]}


def timing(rng: random.Random, now: dt.datetime, draft: bool, span: rk.Span) -> rk.Timing:
    visited = now - dt.timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 8))
    started = visited + dt.timedelta(hours=1)
    return rk.Timing(started, None if draft else started + dt.timedelta(minutes=10), visited)


def record(rng: random.Random, now: dt.datetime, when: rk.Timing, span: rk.Span) -> rk.Fictional:
    purpose = rng.choice(("routine", "routine", "concern"))
    return rk.Fictional({"visited_at": when.moment.isoformat(), "site": "Riverside Hospital",
                         "purpose": purpose, "visitor_name": "Sam Visitor",
                         "visitor_role": "Matron"})


KIND = rk.RecordKind(
    key="test_visit", wire="visit",
    words=rk.Words(heading="Record a visit", choice="Visit (test kind)", short="Visit",
                   document="Visit record", noun="record", view="Visit record",
                   done=lambda reference, notes, route: (
                       f"<h2>Visit recorded</h2><p>Reference: <b>{reference}</b></p>{notes}")),
    sections=SECTIONS, when_key="visited_at", when_label="Visited",
    reporter_keys=("visitor_name", "visitor_role"), author_key="visitor_name",
    summary=lambda data: "Visit: " + label_for(PURPOSES, data.get("purpose")).lower(),
    place=lambda data: str(data.get("site") or ""),
    search_body=rk.typed_text(SECTIONS),
    cross_checks=cross_checks, facts=lambda data, sent, rules, calendar: {},
    flags=lambda data, sent, rules, calendar: [], document_rows=lambda data: [],
    committee=rk.Committee(
        deidentify, deid.Shape({"type": lambda value: value == "visit", "id": deid.is_id,
                                "visit_date": deid.is_day, "site": deid.is_place,
                                "purpose": deid.one_of(PURPOSES)}),
        table=TABLE, columns=columns, date_column="visit_date", site_column="site",
        dashboard=rk.Dashboard(
            tab="Test &visits", section="Visits", unit="visit",
            intro=lambda counted, where, unfiltered: f"{counted}, by the day ({where}).",
            none="There were no visits in this period", counted_by="the date of the visit",
            unfiltered="Visits are counted for the whole site: a visit has no ward.",
            figures=(ByChoice("visit_purposes", "Visits by purpose", "Purpose", "Visits",
                              "purpose", PURPOSES, share="Share of visits"),
                     ByMonth("visits_by_month", "Visits by month", (Count("Visits"),))),
            headline=(Headline("visits", len, "{} visits", label="Visits"),))),
    demo=rk.Demo(timing, record),
    type_keys=("purpose",), place_keys=("site",),
)

MIGRATION = (f"""CREATE TABLE {TABLE} (
    id             TEXT PRIMARY KEY,
    source_install TEXT NOT NULL,
    sequence       INTEGER NOT NULL DEFAULT 0,
    updated_at     TEXT NOT NULL,
    record         TEXT NOT NULL,
    month          TEXT,
    visit_date     TEXT,
    site           TEXT NOT NULL DEFAULT '',
    purpose        TEXT
)""",)


@contextlib.contextmanager
def registered():
    """The fourth kind known, and its committee table made by every database opened."""
    rk.register(KIND)
    step = migrations.add_test_step("a test kind's committee table", MIGRATION)
    try:
        yield KIND
    finally:
        migrations.remove_test_step(step)
        rk.unregister(KIND.key)
