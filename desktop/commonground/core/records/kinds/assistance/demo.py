"""Fictional police assistance requests: planned ones with a spread of notice, some urgent,
and an outcome recorded afterwards for most (health cancels about as often as police).
The mix is plausible, not real."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from ...demo_data import PEOPLE, moment, pick, weights
from ..base import Fictional, Span, Timing

NOTICE = weights({0: 4, 1: 6, 2: 10, 3: 22, 4: 20, 5: 14, 7: 12, 10: 8, 15: 4})
OUTCOME = weights({"on_time": 44, "late": 12, "did_not_attend": 5, "cancelled": 39})
CANCELLED_BY = weights({"police": 50, "health_social_care": 50})
CANCEL_REASON = {
    "police": weights({"police_resources": 62, "risk_changed": 14, "found_or_admitted": 14,
                       "other": 10}),
    "health_social_care": weights({"bed_unavailable": 36, "doctor_unavailable": 30,
                                   "risk_changed": 14, "found_or_admitted": 14,
                                   "other": 6})}
TEAMS = ("North AMHP service", "South AMHP service", "Emergency duty team")
STREETS = ("Mill Lane", "Station Road", "Orchard Close", "Canal Street", "Hill View")
ASKED = ("Execute the warrant and keep everyone safe during entry.",
         "Attend in case the person tries to leave and there is a risk to life.",
         "Be present for the assessment: there were threats to staff last time.")
RISKS = (("violence", 0.45), ("weapons", 0.15), ("drugs_alcohol", 0.35),
         ("others_present", 0.3), ("animals", 0.12), ("access", 0.2),
         ("previous_police", 0.4))


def timing(rng: random.Random, now: dt.datetime, draft: bool, span: Span) -> Timing:
    """A request is sent before its assessment: hours before if urgent, else with some
    working days of notice."""
    assessment = moment(rng, now + dt.timedelta(days=14), (9, 16))
    urgent = rng.random() < 0.22
    if urgent:
        sent = assessment - dt.timedelta(hours=rng.randint(2, 6))
    else:
        sent = assessment - dt.timedelta(days=pick(rng, NOTICE) * 7 // 5 + 1,
                                         hours=rng.randint(0, 5))
    started = sent - dt.timedelta(minutes=rng.randint(10, 40))
    return Timing(started, None if draft else sent, (assessment, urgent))


def record(rng: random.Random, now: dt.datetime, when: Timing, span: Span) -> Fictional:
    """A whole request, as an AMHP would have made it (it passes the form's checks), and
    what happened at the assessment."""
    assessment, urgent = when.moment
    warrant = rng.choices(("held", "being_sought", "none"), (45, 15, 40))[0]
    address_type = rng.choices(("private_dwelling", "hospital", "public_place", "other"),
                               (74, 10, 8, 8))[0]
    data = {"requester_name": rng.choice(PEOPLE), "requester_role": "AMHP",
            "team": rng.choice(TEAMS), "requester_phone": f"07700 900{rng.randint(100, 999)}",
            "assessment_at": assessment.isoformat(),
            "urgency": "urgent" if urgent else "planned",
            "person_name": rng.choice(PEOPLE), "address_type": address_type,
            "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            "warrant": warrant,
            "reason": "execute_warrant" if warrant == "held" else
            rng.choices(("risk_to_life", "crime_or_breach", "other"), (70, 22, 8))[0],
            "asked_of_police": rng.choice(ASKED),
            "ambulance": rng.choices(("yes", "no", "not_needed"), (62, 28, 10))[0]}
    if urgent:
        data["urgent_reason"] = "Risk rose overnight; the person is not eating or drinking."
    if address_type == "other":
        data["address_other"] = "Supported housing"
    if warrant == "held":
        data["warrant_kind"] = "s135_1" if rng.random() < 0.9 else "s135_2"
    if data["ambulance"] == "yes":
        data["ambulance_at"] = (assessment + dt.timedelta(minutes=30)).isoformat()
    for key, chance in RISKS:
        data[f"risk_{key}"] = "yes" if rng.random() < chance else "no"
        if data[f"risk_{key}"] == "yes":
            data[f"risk_{key}_detail"] = "As noted at the last assessment."
    if when.submitted is None or assessment > now or rng.random() < 0.07:
        return Fictional(data)          # not happened yet, or not recorded
    outcome = {"outcome": pick(rng, OUTCOME)}
    if outcome["outcome"] == "late":
        outcome["minutes_late"] = str(rng.choice((10, 15, 20, 30, 45, 60, 90)))
    elif outcome["outcome"] == "cancelled":
        by = pick(rng, CANCELLED_BY)
        outcome.update(cancelled_by=by, cancel_reason=pick(rng, CANCEL_REASON[by]))
        if rng.random() < 0.55:
            outcome["rebooked_at"] = (assessment + dt.timedelta(days=rng.randint(1, 10))
                                      ).isoformat()
    at = min(assessment + dt.timedelta(hours=rng.randint(1, 48)), now)
    return Fictional(data, events=((at, None, "outcome", {
        "values": outcome, "uuid": str(uuid.UUID(int=rng.getrandbits(128)))}),))
