"""Fictional section 136 episodes: most people reach the place of safety by ambulance, some
in a police vehicle; officers wait from half an hour to six hours; a few police station
uses, some for a full suite. The mix is plausible, not real."""

from __future__ import annotations

import datetime as dt
import random

from ...demo_data import PEOPLE, SITES, moment, pick, weights
from ..base import Fictional, Span, Timing
from .fields import REG2_CONDITIONS

CONVEYANCE = weights({"ambulance": 70, "police_vehicle": 28, "other": 2})
PLACE = weights({"health_based": 73, "emergency_department": 18, "police_station": 6,
                 "other": 3})
STATION_REASON = weights({"imminent_risk": 40, "suite_full": 40, "no_staff": 15, "other": 5})
OUTCOME = weights({"admitted_informal": 20, "detained_s2": 30, "detained_s3": 5,
                   "discharged_follow_up": 30, "discharged": 12, "other": 3})
SUITES = tuple(SITES)[:2]   # the demo's places of safety are at two of its sites


def timing(rng: random.Random, now: dt.datetime, draft: bool, span: Span) -> Timing:
    """An episode is recorded once it has ended, so its times are drawn with it."""
    data, ended = _episode(rng, now)
    submitted = ended + dt.timedelta(hours=2)
    return Timing(submitted - dt.timedelta(minutes=rng.randint(10, 40)),
                  None if draft else submitted, data)


def record(rng: random.Random, now: dt.datetime, when: Timing, span: Span) -> Fictional:
    return Fictional(dict(when.moment))


def _episode(rng: random.Random, now: dt.datetime) -> tuple[dict, dt.datetime]:
    detained = moment(rng, now, (0, 23))
    age = rng.choices(("18_or_over", "under_18", "not_sure"), (92, 6, 2))[0]
    place = pick(rng, PLACE)
    if place == "police_station" and age != "18_or_over":
        place = "health_based"           # the law forbids it: the form refuses it
    arrived = detained + dt.timedelta(minutes=rng.randint(15, 90))
    wait = int(min(max(rng.lognormvariate(4.6, 0.55), 30), 360))   # about 100 min typical
    lasted = dt.timedelta(hours=rng.triangular(3, 23, 9))
    data = {"detained_at": detained.isoformat(), "age": age,
            "consulted": "yes" if rng.random() < 0.72 else "not_practicable",
            "consulted_who": rng.choices(("nurse", "amhp", "doctor", "paramedic"),
                                         (45, 20, 20, 15))[0],
            "conveyance": pick(rng, CONVEYANCE), "place_type": place,
            "recorded_by": rng.choice(PEOPLE), "recorded_role": "Place of safety nurse",
            "site": rng.choice(SUITES) if place in ("health_based", "emergency_department")
            else "",
            "arrived_at": arrived.isoformat(),
            "handover_at": (arrived + dt.timedelta(minutes=min(wait, 20))).isoformat(),
            "police_left_at": (arrived + dt.timedelta(minutes=wait)).isoformat(),
            "outcome": pick(rng, OUTCOME), "extended": "no"}
    for key, value, text in (
            ("consulted", "not_practicable", ("not_consulted_reason",
                                              "The person was on a bridge; no time to call.")),
            ("conveyance", "police_vehicle", ("police_vehicle_reason",
                                              "No ambulance for over an hour.")),
            ("conveyance", "other", ("conveyance_other", "Walked with officers")),
            ("place_type", "other", ("place_other", "Crisis house")),
            ("outcome", "other", ("outcome_other", "Went home with a friend"))):
        if data[key] == value:
            data[text[0]] = text[1]
    if place == "police_station":
        data["station_reason"] = pick(rng, STATION_REASON)
        if data["station_reason"] == "other":
            data["station_reason_other"] = "The suite was closed for repairs."
        codes = [code for code, _ in REG2_CONDITIONS]
        data["station_conditions"] = codes if data["station_reason"] == "imminent_risk" \
            and rng.random() < 0.8 else codes[:rng.randint(1, 3)]
    roll = rng.random()
    if roll < 0.05:                      # extended by a doctor, within the limit
        hours = rng.randint(2, 12)
        data.update(extended="yes", extension_hours=str(hours),
                    extended_by="Duty consultant psychiatrist")
        lasted = dt.timedelta(hours=24 + rng.uniform(0.5, hours))
    elif roll < 0.065:                   # over the limit, as some records will be
        lasted = dt.timedelta(hours=rng.uniform(24.5, 30))
    ended = (arrived + lasted).replace(second=0, microsecond=0)
    data["ended_at"] = ended.isoformat()
    return data, ended
