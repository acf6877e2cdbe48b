"""Fictional thanks: most to the police, some to the AMHP service and the ambulance crews;
about two in three may be quoted. Invented words about invented events."""

from __future__ import annotations

import datetime as dt
import random

from ...demo_data import PEOPLE, SITES, moment, pick, weights
from ..base import Fictional, Span, Timing

AGENCY = weights({"police": 55, "social_care": 20, "ambulance": 15, "health": 8, "other": 2})
TEAMS = {"police": ("the night shift response team", "the officers from the local station",
                    "the mental health desk", "the custody sergeant on duty"),
         "social_care": ("the duty AMHP", "the emergency duty team"),
         "ambulance": ("the crew who came out", "the mental health response car"),
         "health": ("the crisis team", "the staff on the admissions ward"),
         "other": ("the street triage team",)}
WORDS = ("They stayed with us for four hours until the ward was calm, and were kind "
         "throughout.",
         "Thank you for coming so quickly when we asked, and for explaining to the family "
         "what would happen next.",
         "They helped us find a bed late at night and kept in touch until it was settled.",
         "The officers were patient and calm on a very difficult night shift. It made a "
         "real difference to the staff.",
         "Thank you for the joint visit: planned well, on time, and nobody was hurt.")


def timing(rng: random.Random, now: dt.datetime, draft: bool, span: Span) -> Timing:
    happened = moment(rng, now, (0, 23))
    if span.years < 3:
        happened = now - dt.timedelta(days=rng.uniform(1, 365 * span.years),
                                      hours=rng.randint(0, 12))
    started = happened + dt.timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 6))
    return Timing(started, None if draft else started + dt.timedelta(minutes=8), happened)


def record(rng: random.Random, now: dt.datetime, when: Timing, span: Span) -> Fictional:
    agency = pick(rng, AGENCY)
    return Fictional({"agency": agency, "team": rng.choice(TEAMS[agency]),
                      "happened_at": when.moment.isoformat(),
                      "site": rng.choice(tuple(SITES)), "what": rng.choice(WORDS),
                      "may_quote": "yes" if rng.random() < 0.65 else "no",
                      "sender_name": rng.choice(PEOPLE), "sender_role": "Staff nurse"})
