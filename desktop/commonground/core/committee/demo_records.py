"""Fictional police assistance requests and section 136 episodes for the committee's demo.

Each is made as the form would hold it (codes, times, the notice its submission recorded,
an outcome recorded afterwards) and de-identified with the advisor hub's own functions, so
the committee's figures and meeting pack see exactly what a real export carries. The mix
is plausible, not real: health cancels about as often as police; most people reach the place
of safety by ambulance, some in a police vehicle; officers wait from half an hour to six
hours; a few police station uses, some for a full suite.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from ..records import kinds as rk
from ..records.demo import SITES, YEARS, _pick, _weights
from ..records.kinds import assistance, s136
from ..records.kinds.s136 import fields as sf

RULES = rk.Rules(3, "the protocol")
NOTICE = _weights({0: 4, 1: 6, 2: 10, 3: 22, 4: 20, 5: 14, 7: 12, 10: 8, 15: 4})
OUTCOME = _weights({"on_time": 44, "late": 12, "did_not_attend": 5, "cancelled": 39})
CANCELLED_BY = _weights({"police": 50, "health_social_care": 50})
CANCEL_REASON = {
    "police": _weights({"police_resources": 62, "risk_changed": 14, "found_or_admitted": 14,
                        "other": 10}),
    "health_social_care": _weights({"bed_unavailable": 36, "doctor_unavailable": 30,
                                    "risk_changed": 14, "found_or_admitted": 14,
                                    "other": 6})}
CONVEYANCE = _weights({"ambulance": 70, "police_vehicle": 28, "other": 2})
PLACE = _weights({"health_based": 73, "emergency_department": 18, "police_station": 6,
                  "other": 3})
STATION_REASON = _weights({"imminent_risk": 40, "suite_full": 40, "no_staff": 15, "other": 5})
S136_OUTCOME = _weights({"admitted_informal": 20, "detained_s2": 30, "detained_s3": 5,
                         "discharged_follow_up": 30, "discharged": 12, "other": 3})
SUITES = tuple(SITES)[:2]   # the demo's places of safety are at two of its sites


def generate_records(rng: random.Random, incidents: int, now: dt.datetime) -> list[dict]:
    """De-identified requests and episodes, about one of each for every ten incidents."""
    secret = rng.randbytes(32)
    count = max(24, min(incidents // 10, 3000))
    places = set(SITES)
    out = []
    for _ in range(count):
        report, outcome = _request(rng, now)
        out.append(assistance.KIND.committee.deidentify(secret, report, {"outcome": outcome}))
    for _ in range(count):
        out.append(s136.KIND.committee.deidentify(secret, _episode(rng, now),
                                                  {"places": places}))
    return out


def _moment(rng: random.Random, now: dt.datetime, hours: tuple[int, int]) -> dt.datetime:
    day = now - dt.timedelta(days=rng.uniform(1, 365 * YEARS))
    return day.replace(hour=rng.randint(*hours), minute=rng.choice((0, 15, 30, 45)),
                       second=0, microsecond=0)


def _request(rng: random.Random, now: dt.datetime) -> tuple[dict, dict | None]:
    assessment = _moment(rng, now + dt.timedelta(days=14), (9, 16))
    urgent = rng.random() < 0.22
    if urgent:
        sent = assessment - dt.timedelta(hours=rng.randint(2, 6))
    else:
        sent = assessment - dt.timedelta(days=_pick(rng, NOTICE) * 7 // 5 + 1,
                                         hours=rng.randint(0, 5))
    warrant = rng.choices(("held", "being_sought", "none"), (45, 15, 40))[0]
    data = {rk.KIND_KEY: assistance.KIND.key, "assessment_at": assessment.isoformat(),
            "urgency": "urgent" if urgent else "planned",
            "address_type": rng.choices(("private_dwelling", "hospital", "public_place",
                                         "other"), (74, 10, 8, 8))[0],
            "warrant": warrant, "warrant_kind": "s135_1" if rng.random() < 0.9 else "s135_2",
            "reason": "execute_warrant" if warrant == "held" else
            rng.choices(("risk_to_life", "crime_or_breach", "other"), (70, 22, 8))[0],
            "ambulance": rng.choices(("yes", "no", "not_needed"), (62, 28, 10))[0]}
    for key, chance in (("violence", 0.45), ("weapons", 0.15), ("drugs_alcohol", 0.35),
                        ("others_present", 0.3), ("animals", 0.12), ("access", 0.2),
                        ("previous_police", 0.4)):
        data[f"risk_{key}"] = "yes" if rng.random() < chance else "no"
    data.update(rk.submission_facts(data, sent, RULES))
    report = {"uuid": str(uuid.UUID(int=rng.getrandbits(128))), "submitted_at": sent.isoformat(),
              "data": data}
    if assessment > now or rng.random() < 0.07:
        return report, None          # not happened yet, or not recorded
    outcome = {"outcome": _pick(rng, OUTCOME)}
    if outcome["outcome"] == "late":
        outcome["minutes_late"] = str(rng.choice((10, 15, 20, 30, 45, 60, 90)))
    elif outcome["outcome"] == "cancelled":
        by = _pick(rng, CANCELLED_BY)
        outcome.update(cancelled_by=by, cancel_reason=_pick(rng, CANCEL_REASON[by]))
        if rng.random() < 0.55:
            outcome["rebooked_at"] = (assessment + dt.timedelta(days=rng.randint(1, 10))
                                      ).isoformat()
    return report, outcome


def _episode(rng: random.Random, now: dt.datetime) -> dict:
    detained = _moment(rng, now, (0, 23))
    age = rng.choices(("18_or_over", "under_18", "not_sure"), (92, 6, 2))[0]
    place = _pick(rng, PLACE)
    if place == "police_station" and age != "18_or_over":
        place = "health_based"           # the law forbids it: the form refuses it
    arrived = detained + dt.timedelta(minutes=rng.randint(15, 90))
    wait = int(min(max(rng.lognormvariate(4.6, 0.55), 30), 360))   # about 100 min typical
    lasted = dt.timedelta(hours=rng.triangular(3, 23, 9))
    data = {rk.KIND_KEY: s136.KIND.key, "detained_at": detained.isoformat(), "age": age,
            "consulted": "yes" if rng.random() < 0.72 else "not_practicable",
            "consulted_who": rng.choices(("nurse", "amhp", "doctor", "paramedic"),
                                         (45, 20, 20, 15))[0],
            "conveyance": _pick(rng, CONVEYANCE), "place_type": place,
            "site": rng.choice(SUITES) if place in ("health_based", "emergency_department")
            else "",
            "arrived_at": arrived.isoformat(),
            "handover_at": (arrived + dt.timedelta(minutes=min(wait, 20))).isoformat(),
            "police_left_at": (arrived + dt.timedelta(minutes=wait)).isoformat(),
            "outcome": _pick(rng, S136_OUTCOME), "extended": "no"}
    if place == "police_station":
        data["station_reason"] = _pick(rng, STATION_REASON)
        codes = [code for code, _ in sf.REG2_CONDITIONS]
        data["station_conditions"] = codes if data["station_reason"] == "imminent_risk" \
            and rng.random() < 0.8 else codes[:rng.randint(1, 3)]
    roll = rng.random()
    if roll < 0.05:                      # extended by a doctor, within the limit
        hours = rng.randint(2, 12)
        data.update(extended="yes", extension_hours=str(hours))
        lasted = dt.timedelta(hours=24 + rng.uniform(0.5, hours))
    elif roll < 0.065:                   # over the limit, as some records will be
        lasted = dt.timedelta(hours=rng.uniform(24.5, 30))
    data["ended_at"] = (arrived + lasted).replace(second=0, microsecond=0).isoformat()
    return {"uuid": str(uuid.UUID(int=rng.getrandbits(128))),
            "submitted_at": (arrived + lasted + dt.timedelta(hours=2)).isoformat(),
            "data": data}
