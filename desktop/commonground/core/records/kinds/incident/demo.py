"""Fictional incident reports: what a reporter on a ward would have typed, for demos,
tests and benchmarks (``records/demo.py`` writes them as drafts and submission would).
Everything here is invented: sites, wards, people, events."""

from __future__ import annotations

import datetime as dt
import random

from ....timeutil import iso
from ...demo_data import PEOPLE, SITES, YEARS, pick, some, weights
from ..base import Fictional, Span, Timing
from . import fields as incident_kind

STAFF_ROLES = ("Staff nurse", "Healthcare assistant", "Charge nurse", "Student nurse",
               "Occupational therapist", "Ward manager", "Security officer",
               "Consultant psychiatrist", "Domestic assistant")
OTHER_PLACES = (("Garden courtyard", "inpatient_ward"), ("Main reception", "other"),
                ("Visitors' car park", "public_place"), ("Patient's home", "community"),
                ("Ambulance bay", "ambulance"), ("Police custody suite", "custody"))
WORKERS = ("staff", "police", "ambulance")
HOSTILITY = tuple(code for code, _ in incident_kind.AGGRAVATING if code.startswith("hostility"))
VICTIMS = {  # kind -> (roles, organisation)
    "staff": (STAFF_ROLES, "Valeshire Mental Health Trust"), "patient": (("Inpatient",), ""),
    "police": (("Police constable", "Police sergeant"), "Valeshire Police"),
    "ambulance": (("Paramedic", "Emergency medical technician"), "Valeshire Ambulance Service"),
    "visitor": (("Visitor", "Relative of a patient"), ""),
    "other": (("Contractor", "Interpreter"), "")}
VICTIM_KIND = weights({"staff": 72, "patient": 12, "police": 8, "ambulance": 3,
                        "visitor": 3, "other": 2})
PERPETRATOR_KIND = weights({"patient": 82, "visitor": 7, "unknown": 5, "staff": 2,
                             "other": 4})
PERPETRATOR_WORDS = {  # first mention, later mentions: roles, never names
    "patient": ("the patient", "the patient"), "visitor": ("a visitor", "the visitor"),
    "unknown": ("a man not known to staff", "the man"),
    "staff": ("a member of staff", "the staff member"),
    "other": ("a member of the public", "the member of the public")}
TYPES = weights({"physical_assault": 38, "threat_verbal": 32, "spitting": 9, "damage": 7,
                  "biting": 3, "weapon": 3, "sexual_assault": 3, "other": 5})
NO_CONTACT = {"threat_verbal", "damage"}    # nobody touched: no harm to grade
HOW_MANY = weights({1: 70, 2: 25, 3: 5})
HOW_MANY_VICTIMS = weights({1: 85, 2: 13, 3: 2})
HARM = weights({"none": 45, "low": 38, "moderate": 13, "severe": 4})
TREATMENT = {"none": weights({"none": 85, "first_aid": 15}),
             "low": weights({"none": 30, "first_aid": 65, "emergency_department": 5}),
             "moderate": weights({"first_aid": 40, "emergency_department": 60}),
             "severe": weights({"emergency_department": 55, "admitted": 45})}
ABSENCE = {"none": weights({"none": 1}), "low": weights({"none": 70, "up_to_3": 30}),
           "moderate": weights({"up_to_3": 40, "4_to_7": 30, "over_7": 15,
                                 "not_known": 15}),
           "severe": weights({"over_7": 60, "not_known": 40})}
INJURIES = {"none": ("", "", "No visible injury."),
            "low": ("Bruising to the upper arm.", "Scratch to the back of the hand.",
                    "Red mark on the cheek.", "Sore wrist.", "Graze to the knee."),
            "moderate": ("Swelling and bruising to the face.", "Suspected sprained wrist."),
            "severe": ("Suspected fractured cheekbone.", "Fractured finger.")}
ACTIONS = weights({"restraint": 40, "medical_review": 30, "seclusion": 15,
                    "rapid_tranquillisation": 10, "other": 5})
POLICE = weights({"yes": 40, "no": 50, "not_yet": 10})
PROSECUTION = weights({"yes": 45, "no": 25, "undecided": 30})
# Where a report made on this PC stands, by its age: a report waits in the queue only until
# the next sync, reaches the advisor within days, and most cases close within months.
STATUS_BY_AGE = ((1, weights({"queued": 70, "sent": 30})),
                 (14, weights({"sent": 30, "received": 40, "case_open": 30})),
                 (60, weights({"sent": 5, "received": 50, "case_open": 40, "closed": 5})),
                 (None, weights({"sent": 5, "received": 50, "case_open": 10, "closed": 35})))
SENT_ONLY = ((1, weights({"queued": 70, "sent": 30})), (None, weights({"sent": 1})))
# Days from the previous step to each status, and who records it (a role, not a name).
STATUS_STEPS = (("sent", (0.002, 0.2), "Common Ground"),
                ("received", (0.005, 1.0), "Common Ground"),
                ("case_open", (1.0, 14.0), "Violence and prosecution advisor"),
                ("closed", (7.0, 120.0), "Violence and prosecution advisor"))
HOUR = weights(dict(enumerate(map(int, "111111234455667888765432"))))  # busy afternoons

BEFORE = ("{P} had been unsettled on the ward for most of the afternoon.",
          "{P} had asked to leave the ward and was told this was not possible yet.",
          "{P} was waiting in the dining room for the evening meal.",
          "{P} had just come back from an escorted walk in the grounds.",
          "{P} had been refused a second hot drink from the kettle in the lounge.",
          "{P} was on enhanced observations after an earlier incident.",
          "{P} had received upsetting news during a phone call.")
NEUTRAL_BEFORE = ("Medication was being given out from the clinic room.",
                  "Staff were carrying out a routine room search.",
                  "The ward was busy after a new admission.")
DURING = {
    "physical_assault": ("{P} punched {v} twice on the left upper arm.",
                         "{P} pushed {v} hard against the corridor wall.",
                         "{P} kicked {v} on the shin while being escorted.",
                         "{P} grabbed {v} by the wrist and twisted it."),
    "threat_verbal": ("{P} shouted abuse at {v} and threatened to hurt them.",
                      "{P} threatened {v} repeatedly through the office door."),
    "spitting": ("{P} spat at {v}, hitting them in the face.",),
    "biting": ("{P} bit {v} on the forearm.",),
    "weapon": ("{P} picked up a broken chair leg and swung it at {v}.",
               "{P} threatened {v} with a plastic knife from the dining room."),
    "damage": ("{P} smashed the window of the nurses' station.",
               "{P} overturned a table and broke the television."),
    "sexual_assault": ("{P} touched {v} sexually without consent.",),
    "other": ("{P} threw a cup of cold water over {v}.",),
}
WORDS = ('{P} said: "I\'m going to get you when you leave tonight."',
         '{P} shouted: "Get away from me or I\'ll hurt you."',
         '{P} said: "You\'ll regret this."')
AFTER = ("Other staff came to help and {p} was guided to a quiet area.",
         "{P} calmed down after about twenty minutes and apologised.",
         "The alarm was raised and the response team attended.",
         "{V} was checked by the duty doctor.",
         "The ward manager was told and a debrief was held at the end of the shift.")
AFTER_WORKER = ("{V} finished the shift after a short break.", "{V} went home early.")
TYPE_OTHER = ("Threw a hot drink", "Pulled hair", "Threw furniture")
DELAY_REASONS = ("I was on leave for the following days.",
                 "I did not know this should be reported until a colleague told me.",
                 "The ward was short-staffed and there was no time during the shift.",
                 "I was off sick after the incident.",
                 "I wanted to talk it over with my manager first.")
DESCRIPTIONS = ("Adult man, about 30, known to the ward.", "Older woman, recently admitted.",
                "Young man in his twenties.", "Tall man wearing a grey hooded top.")


def _status(rng: random.Random, age: dt.timedelta, table=STATUS_BY_AGE) -> str:
    return next(pick(rng, chances) for days, chances in table
                if days is None or age < dt.timedelta(days=days))


def _timing(rng: random.Random, now: dt.datetime, draft: bool, years: float = YEARS):
    """(started, incident, submitted) for one report, none of them after ``now``."""
    if draft:
        started = now - dt.timedelta(minutes=rng.randint(10, 14 * 24 * 60))
        return started, started - dt.timedelta(minutes=rng.randint(20, 36 * 60)), None
    roll = rng.random()  # mostly within hours; about one in twelve after 48 hours
    hours = rng.uniform(0.5, 8) if roll < 0.7 else rng.uniform(8, 47.5) if roll < 0.92 \
        else rng.uniform(49, 21 * 24)
    delay = dt.timedelta(minutes=int(hours * 60))
    while True:
        day = now - dt.timedelta(days=rng.randint(0, int(years * 365)))
        incident = day.replace(hour=pick(rng, HOUR), minute=rng.randint(0, 59), second=0,
                               microsecond=0)
        if incident + delay <= now:
            break
    typing = dt.timedelta(minutes=min(rng.randint(5, 40), int(hours * 30)))
    return incident + delay - typing, incident, incident + delay


def _report(rng: random.Random, incident: dt.datetime, latest: dt.datetime,
            late: bool) -> dict:
    """The form as a reporter would have filled it in; ``latest`` bounds every time."""
    site = rng.choice(tuple(SITES))
    prefix, wards = SITES[site]
    data: dict = {"incident_at": iso(incident), "site": site}
    if rng.random() < 0.06:
        place, setting = rng.choice(OTHER_PLACES)
        data.update(location="other", location_other=place, setting=setting)
        if setting == "other":
            data["setting_other"] = "Reception area"
    else:
        data.update(location=rng.choice(wards), setting="inpatient_ward")
    if late:
        data["delay_reason"] = rng.choice(DELAY_REASONS)
    types = some(rng, TYPES, pick(rng, HOW_MANY))
    data["incident_types"] = types
    if "other" in types:
        data["type_other"] = rng.choice(TYPE_OTHER)
    victims = []
    for _ in range(pick(rng, HOW_MANY_VICTIMS)):
        kind = pick(rng, VICTIM_KIND)
        roles, organisation = VICTIMS[kind]
        name = rng.choice(PEOPLE) if kind in WORKERS and rng.random() < 0.5 else ""
        victims.append({"kind": kind, "name": name, "role": rng.choice(roles),
                        "organisation": organisation})
    workers = any(v["kind"] in WORKERS for v in victims)
    aggravating = ["emergency_worker"] if workers and rng.random() < 0.6 else []
    if rng.random() < 0.08:
        aggravating.insert(0, rng.choice(HOSTILITY))
    perpetrator = pick(rng, PERPETRATOR_KIND)
    data.update(aggravating=aggravating, victims=victims, perpetrator_kind=perpetrator)
    if perpetrator == "patient" and rng.random() < 0.7:
        data["patient_identifier"] = f"{prefix}-{rng.randint(10000, 99999)}"
    if rng.random() < 0.4:
        data["perpetrator_description"] = rng.choice(DESCRIPTIONS)
    harm = "none" if set(types) <= NO_CONTACT else pick(rng, HARM)
    data.update(harm_grade=harm, injuries=rng.choice(INJURIES[harm]),
                treatment=pick(rng, TREATMENT[harm]))
    if workers:
        data["absence"] = pick(rng, ABSENCE[harm])
    _police(rng, data, incident, latest)
    if rng.random() < 0.35:
        data["witnesses"] = [{"name": rng.choice(PEOPLE), "role": rng.choice(STAFF_ROLES),
                              "contact": f"Ext. {rng.randint(4000, 4999)}"}
                             for _ in range(rng.choice((1, 1, 2)))]
    data["narrative"] = _narrative(rng, types, perpetrator, victims[0])
    if rng.random() < 0.55:
        data["immediate_actions"] = some(rng, ACTIONS, rng.choice((1, 1, 2)))
        if "other" in data["immediate_actions"]:
            data["immediate_actions_other"] = "Extra staff called to the ward"
    data["supports_prosecution"] = pick(rng, PROSECUTION)
    data["wants_advisor_contact"] = "yes" if rng.random() < 0.4 else "no"
    if data["wants_advisor_contact"] == "yes":
        data["contact_preference"] = rng.choice(("Work email", "Phone on the ward",
                                                 "Mobile after 4pm"))
    data.update(reporter_name=rng.choice(PEOPLE), reporter_role=rng.choice(STAFF_ROLES[:6]),
                reporter_contact=f"Ext. {rng.randint(4000, 4999)}")
    return data


def _police(rng, data: dict, incident: dt.datetime, latest: dt.datetime) -> None:
    data["police_informed"] = pick(rng, POLICE)
    if data["police_informed"] != "yes":
        return
    told = incident + dt.timedelta(minutes=rng.randint(5, 240))
    data["police_informed_at"] = iso(min(told, latest))
    data["police_attended"] = "yes" if rng.random() < 0.55 else "no"
    if data["police_attended"] == "yes" and rng.random() < 0.8:
        data["officer_number"] = str(rng.randint(1000, 9999))
    if rng.random() < 0.7:
        data["cad_number"] = f"CAD {rng.randint(1, 9999):04d} {incident:%d%m%y}"
    if rng.random() < 0.45:
        data["crime_reference"] = f"VP/{incident:%y}/{rng.randint(1, 99999):05d}"


def _narrative(rng, types: list, perpetrator: str, victim: dict) -> str:
    """Two to six sentences: before, during, words said, after."""
    role = victim["role"].lower()
    victim_words = {"patient": ("another patient", "the other patient"),
                    "visitor": ("a relative visiting the ward", "the relative")}.get(
        victim["kind"], (("an " if role[0] in "aeiou" else "a ") + role, "the " + role))
    opening = BEFORE + NEUTRAL_BEFORE if perpetrator == "patient" else NEUTRAL_BEFORE
    sentences = [rng.choice(opening)] if rng.random() < 0.8 else []
    sentences += [rng.choice(DURING[code]) for code in types[:2]]
    if rng.random() < 0.5:
        sentences.append(rng.choice(WORDS))
    sentences += rng.sample(AFTER + AFTER_WORKER if victim["kind"] in WORKERS else AFTER,
                            rng.choice((1, 1, 2)))
    out, mentioned = [], set()
    for sentence in sentences:
        names = {}
        for key, forms in (("p", PERPETRATOR_WORDS[perpetrator]), ("v", victim_words)):
            if f"{{{key}}}" in sentence or f"{{{key.upper()}}}" in sentence:
                form = forms[key in mentioned]  # "a nurse" first, "the nurse" after
                names.update({key: form, key.upper(): form[0].upper() + form[1:]})
                mentioned.add(key)
        out.append(sentence.format(**names))
    return " ".join(out)


def timing(rng: random.Random, now: dt.datetime, draft: bool, span: Span) -> Timing:
    started, incident, submitted = _timing(rng, now, draft, span.years)
    return Timing(started, submitted, incident)


def record(rng: random.Random, now: dt.datetime, when: Timing, span: Span) -> Fictional:
    """The report as typed, then, once submitted, how far it got: sent, received, a case
    opened and closed, each step recorded at a plausible time no later than ``now``."""
    incident, submitted = when.moment, when.submitted
    late = submitted is not None and submitted - incident > incident_kind.LATE_REPORT
    data = _report(rng, incident, submitted or when.started, late)
    if submitted is None:
        return Fictional(data, "draft")
    status = _status(rng, now - submitted, SENT_ONLY if span.sent_only else STATUS_BY_AGE)
    last, events = submitted, []
    codes = [code for code, _, _ in STATUS_STEPS]
    steps = STATUS_STEPS[:codes.index(status) + 1] if status in codes else ()
    gaps = [dt.timedelta(days=rng.uniform(*between)) for _, between, _ in steps]
    # A report sent last week cannot have been closed months later: squeeze its steps
    # into part of its age (not all of it: then every one changed just now).
    total = sum(gaps, dt.timedelta())
    scale = min(1.0, (now - submitted) * rng.uniform(0.4, 0.9) / total) if gaps else 1.0
    for (code, _, who), gap in zip(steps, gaps):
        last = min(last + gap * scale, now)
        events.append((last, who, "status", {"status": code}))
    return Fictional(data, status, tuple(events))
