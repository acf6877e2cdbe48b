"""Fictional section 136 episodes: most people reach the place of safety by ambulance, some
in a police vehicle; officers wait from half an hour to six hours; a few police station
uses, some for a full suite. The mix is plausible, not real."""

from __future__ import annotations

import datetime as dt
import random

from ...demo_data import PEOPLE, SITES, moment, pick, weights
from ..base import Fictional, Span, Timing
from .fields import REG2_CONDITIONS

CONVEYANCE = weights({"ambulance": 62, "police_vehicle": 28, "other_health_vehicle": 3,
                      "none_already_at_pos": 4, "other": 1, "not_known": 2})
PLACE = weights({"health_based": 70, "emergency_department": 18, "police_station": 6,
                 "private_home": 1, "other": 3, "not_known": 2})
STATION_REASON = weights({"imminent_risk": 35, "suite_full": 30, "no_staff": 10,
                          "arrested": 20, "other": 5})
VEHICLE_WHY = weights({"no_ambulance_30": 50, "not_requested": 30, "diverted": 5,
                       "crew_refused": 3, "other": 7, "not_known": 5})
ADULT_BAND = weights({"18_34": 45, "35_49": 30, "50_64": 15, "65_over": 4, "not_known": 6})
GENDER = weights({"male": 55, "female": 40, "other": 1, "not_known": 4})
# Self-defined group, then the NHS category within it; an officer mostly perceives the same.
ETHNICITY = weights({"white": 72, "black": 10, "asian": 7, "mixed": 4, "other": 2,
                     "not_stated": 3, "not_known": 2})
CATEGORIES = {"white": "ABC", "black": "MNP", "asian": "HJKL", "mixed": "DEFG", "other": "RS",
              "not_stated": "Z"}
OFFICER_SEES = {"white": "white", "black": "black", "asian": "asian", "mixed": "mixed",
                "other": "chinese_other"}
INTOXICATION = weights({"no": 50, "alcohol": 25, "drugs": 10, "both": 8, "not_known": 7})
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
    data.update(**_person(rng, age), **_assessment(rng, arrived))
    if data["conveyance"] == "none_already_at_pos":
        data["already_at_pos"] = "yes"
    elif rng.random() < 0.9:
        data["already_at_pos"] = "no"
    if data["conveyance"] == "police_vehicle":
        data["police_vehicle_why"] = pick(rng, VEHICLE_WHY)
    if place != "police_station" and rng.random() < 0.05:     # moved on from A&E, mostly
        data.update(transferred="yes", transfer_place="health_based",
                    transferred_at=(arrived + dt.timedelta(minutes=rng.randint(60, 240)))
                    .isoformat())
    elif rng.random() < 0.85:
        data["transferred"] = "no"
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


def _person(rng: random.Random, age: str) -> dict:
    """The optional questions about the person: mostly answered, sometimes left blank."""
    out: dict = {}
    if rng.random() < 0.9:
        out["age_band"] = pick(rng, ADULT_BAND) if age == "18_or_over" \
            else rng.choice(("under_16", "16_17")) if age == "under_18" else "not_known"
    if rng.random() < 0.92:
        out["gender"] = pick(rng, GENDER)
    if rng.random() < 0.85:
        group = pick(rng, ETHNICITY)
        out["ethnicity"] = group
        if group in CATEGORIES and rng.random() < 0.7:
            out["ethnic_category"] = rng.choice(CATEGORIES[group])
        if rng.random() < 0.8:
            out["officer_ethnicity"] = OFFICER_SEES.get(group, "not_known") \
                if rng.random() < 0.9 else "not_known"
    if rng.random() < 0.8:
        out["intoxication"] = pick(rng, INTOXICATION)
    return out


def _assessment(rng: random.Random, arrived: dt.datetime) -> dict:
    """When the doctor and the AMHP came (most records say), and whether the doctor was
    section 12 approved."""
    out: dict = {}
    if rng.random() < 0.8:
        out["doctor_arrived_at"] = (arrived + dt.timedelta(
            minutes=int(rng.triangular(20, 360, 90)))).isoformat()
        out["s12_doctor"] = rng.choices(("yes", "no", "not_known"), (70, 25, 5))[0]
    if rng.random() < 0.75:
        out["amhp_arrived_at"] = (arrived + dt.timedelta(
            minutes=int(rng.triangular(30, 480, 150)))).isoformat()
    return out
