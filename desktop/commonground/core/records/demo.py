"""Fictional incident reports for demos, tests and benchmarks.

Everything here is invented: sites, wards, people, events. Each row is what
``incidents.start_draft`` and ``incidents.submit`` would have written (denormalised
columns, timeline events, search index, references from the same counters), but rows are
built in Python and written with ``executemany`` in one transaction, because one
transaction per report would take minutes for 100,000 reports with synchronous=FULL.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
import uuid
from typing import Callable

from ..install import install_tag
from ..storage.db import Database
from ..timeutil import iso, now_local
from . import columns
from .kinds.incident import fields as incident_kind

LOGIN = "demo"
BATCH = 2000
DRAFT_SHARE = 0.01
YEARS = 3


def _weights(table: dict) -> tuple[tuple, tuple]:
    # Cumulative weights made once: random.choices rebuilds them on every call, which
    # was most of the time spent making 100,000 reports.
    return tuple(table), tuple(itertools.accumulate(table.values()))


def _pick(rng: random.Random, weighted: tuple):
    codes, cumulative = weighted
    return codes[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _some(rng: random.Random, weighted: tuple, count: int) -> list:
    """``count`` distinct codes, in the order the form lists them."""
    chosen: set = set()
    while len(chosen) < count:
        chosen.add(_pick(rng, weighted))
    return [code for code in weighted[0] if code in chosen]


SITES = {site: (prefix, tuple(f"{name} {kind}" for name in names.split()))
         for site, prefix, names, kind in (  # site, patient identifier prefix, wards
             ("Riverside Hospital", "RH", "Cedar Oak Willow Birch Hazel", "Ward"),
             ("Larkspur House", "LH", "Heron Kingfisher Curlew Plover Wren", "Ward"),
             ("Brackenmoor Centre", "BC", "Amber Jade Coral Opal Garnet", "Unit"))}
OTHER_PLACES = (("Garden courtyard", "inpatient_ward"), ("Main reception", "other"),
                ("Visitors' car park", "public_place"), ("Patient's home", "community"),
                ("Ambulance bay", "ambulance"), ("Police custody suite", "custody"))
PEOPLE = tuple(
    "Alex Merrow, Priya Halloway, Tomasz Wrenfield, Amara Quillon, Dylan Ashgrove, "
    "Bethan Corriel, Kwame Tillbrook, Siân Pellowe, Joanna Fairholt, Marek Dunsby, "
    "Chloe Ambersley, Idris Kennaway, Ruth Oyelaran-Platt, Sam Treverrow, Łucja Brennick, "
    "Farah Whitcombe".split(", "))
STAFF_ROLES = ("Staff nurse", "Healthcare assistant", "Charge nurse", "Student nurse",
               "Occupational therapist", "Ward manager", "Security officer",
               "Consultant psychiatrist", "Domestic assistant")
WORKERS = ("staff", "police", "ambulance")
HOSTILITY = tuple(code for code, _ in incident_kind.AGGRAVATING if code.startswith("hostility"))
VICTIMS = {  # kind -> (roles, organisation)
    "staff": (STAFF_ROLES, "Valeshire Mental Health Trust"), "patient": (("Inpatient",), ""),
    "police": (("Police constable", "Police sergeant"), "Valeshire Police"),
    "ambulance": (("Paramedic", "Emergency medical technician"), "Valeshire Ambulance Service"),
    "visitor": (("Visitor", "Relative of a patient"), ""),
    "other": (("Contractor", "Interpreter"), "")}
VICTIM_KIND = _weights({"staff": 72, "patient": 12, "police": 8, "ambulance": 3,
                        "visitor": 3, "other": 2})
PERPETRATOR_KIND = _weights({"patient": 82, "visitor": 7, "unknown": 5, "staff": 2,
                             "other": 4})
PERPETRATOR_WORDS = {  # first mention, later mentions: roles, never names
    "patient": ("the patient", "the patient"), "visitor": ("a visitor", "the visitor"),
    "unknown": ("a man not known to staff", "the man"),
    "staff": ("a member of staff", "the staff member"),
    "other": ("a member of the public", "the member of the public")}
TYPES = _weights({"physical_assault": 38, "threat_verbal": 32, "spitting": 9, "damage": 7,
                  "biting": 3, "weapon": 3, "sexual_assault": 3, "other": 5})
NO_CONTACT = {"threat_verbal", "damage"}    # nobody touched: no harm to grade
HOW_MANY = _weights({1: 70, 2: 25, 3: 5})
HOW_MANY_VICTIMS = _weights({1: 85, 2: 13, 3: 2})
HARM = _weights({"none": 45, "low": 38, "moderate": 13, "severe": 4})
TREATMENT = {"none": _weights({"none": 85, "first_aid": 15}),
             "low": _weights({"none": 30, "first_aid": 65, "emergency_department": 5}),
             "moderate": _weights({"first_aid": 40, "emergency_department": 60}),
             "severe": _weights({"emergency_department": 55, "admitted": 45})}
ABSENCE = {"none": _weights({"none": 1}), "low": _weights({"none": 70, "up_to_3": 30}),
           "moderate": _weights({"up_to_3": 40, "4_to_7": 30, "over_7": 15,
                                 "not_known": 15}),
           "severe": _weights({"over_7": 60, "not_known": 40})}
INJURIES = {"none": ("", "", "No visible injury."),
            "low": ("Bruising to the upper arm.", "Scratch to the back of the hand.",
                    "Red mark on the cheek.", "Sore wrist.", "Graze to the knee."),
            "moderate": ("Swelling and bruising to the face.", "Suspected sprained wrist."),
            "severe": ("Suspected fractured cheekbone.", "Fractured finger.")}
ACTIONS = _weights({"restraint": 40, "medical_review": 30, "seclusion": 15,
                    "rapid_tranquillisation": 10, "other": 5})
POLICE = _weights({"yes": 40, "no": 50, "not_yet": 10})
PROSECUTION = _weights({"yes": 45, "no": 25, "undecided": 30})
STATUS = _weights({"queued": 62, "sent": 14, "received": 10, "case_open": 8, "closed": 6})
# Days from the previous step to each status, and who records it (a role, not a name).
STATUS_STEPS = (("sent", (0.002, 0.2), "Common Ground"),
                ("received", (0.005, 1.0), "Common Ground"),
                ("case_open", (1.0, 14.0), "Violence and prosecution advisor"),
                ("closed", (7.0, 120.0), "Violence and prosecution advisor"))
HOUR = _weights(dict(enumerate(map(int, "111111234455667888765432"))))  # busy afternoons

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


def _timing(rng: random.Random, now: dt.datetime, draft: bool):
    """(started, incident, submitted) for one report, none of them after ``now``."""
    if draft:
        started = now - dt.timedelta(minutes=rng.randint(10, 14 * 24 * 60))
        return started, started - dt.timedelta(minutes=rng.randint(20, 36 * 60)), None
    roll = rng.random()  # mostly within hours; about one in twelve after 48 hours
    hours = rng.uniform(0.5, 8) if roll < 0.7 else rng.uniform(8, 47.5) if roll < 0.92 \
        else rng.uniform(49, 21 * 24)
    delay = dt.timedelta(minutes=int(hours * 60))
    while True:
        day = now - dt.timedelta(days=rng.randint(0, YEARS * 365))
        incident = day.replace(hour=_pick(rng, HOUR), minute=rng.randint(0, 59), second=0,
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
    types = _some(rng, TYPES, _pick(rng, HOW_MANY))
    data["incident_types"] = types
    if "other" in types:
        data["type_other"] = rng.choice(TYPE_OTHER)
    victims = []
    for _ in range(_pick(rng, HOW_MANY_VICTIMS)):
        kind = _pick(rng, VICTIM_KIND)
        roles, organisation = VICTIMS[kind]
        name = rng.choice(PEOPLE) if kind in WORKERS and rng.random() < 0.5 else ""
        victims.append({"kind": kind, "name": name, "role": rng.choice(roles),
                        "organisation": organisation})
    workers = any(v["kind"] in WORKERS for v in victims)
    aggravating = ["emergency_worker"] if workers and rng.random() < 0.6 else []
    if rng.random() < 0.08:
        aggravating.insert(0, rng.choice(HOSTILITY))
    perpetrator = _pick(rng, PERPETRATOR_KIND)
    data.update(aggravating=aggravating, victims=victims, perpetrator_kind=perpetrator)
    if perpetrator == "patient" and rng.random() < 0.7:
        data["patient_identifier"] = f"{prefix}-{rng.randint(10000, 99999)}"
    if rng.random() < 0.4:
        data["perpetrator_description"] = rng.choice(DESCRIPTIONS)
    harm = "none" if set(types) <= NO_CONTACT else _pick(rng, HARM)
    data.update(harm_grade=harm, injuries=rng.choice(INJURIES[harm]),
                treatment=_pick(rng, TREATMENT[harm]))
    if workers:
        data["absence"] = _pick(rng, ABSENCE[harm])
    _police(rng, data, incident, latest)
    if rng.random() < 0.35:
        data["witnesses"] = [{"name": rng.choice(PEOPLE), "role": rng.choice(STAFF_ROLES),
                              "contact": f"Ext. {rng.randint(4000, 4999)}"}
                             for _ in range(rng.choice((1, 1, 2)))]
    data["narrative"] = _narrative(rng, types, perpetrator, victims[0])
    if rng.random() < 0.55:
        data["immediate_actions"] = _some(rng, ACTIONS, rng.choice((1, 1, 2)))
        if "other" in data["immediate_actions"]:
            data["immediate_actions_other"] = "Extra staff called to the ward"
    data["supports_prosecution"] = _pick(rng, PROSECUTION)
    data["wants_advisor_contact"] = "yes" if rng.random() < 0.4 else "no"
    if data["wants_advisor_contact"] == "yes":
        data["contact_preference"] = rng.choice(("Work email", "Phone on the ward",
                                                 "Mobile after 4pm"))
    data.update(reporter_name=rng.choice(PEOPLE), reporter_role=rng.choice(STAFF_ROLES[:6]),
                reporter_contact=f"Ext. {rng.randint(4000, 4999)}")
    return data


def _police(rng, data: dict, incident: dt.datetime, latest: dt.datetime) -> None:
    data["police_informed"] = _pick(rng, POLICE)
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


def generate(db: Database, incidents: int, *, seed: int = 2026,
             now: dt.datetime | None = None,
             progress: Callable[[int, int], None] | None = None,
             index: bool = True) -> int:
    """Insert ``incidents`` fictional reports; returns how many were inserted.

    ``index=False`` leaves them out of the My reports search index: only for a scratch
    database that is never searched (the committee's demo data), where indexing was a third
    of the time.
    """
    if incidents <= 0:
        return 0
    rng = random.Random(seed)
    now = (now or now_local()).replace(microsecond=0)
    tag = install_tag(db)  # made outside the transaction, as incidents.submit does
    drafts = set(rng.sample(range(incidents), round(incidents * DRAFT_SHARE)))
    # Timings first: ids follow when reports were started, references when submitted.
    timings = sorted((_timing(rng, now, i in drafts) for i in range(incidents)),
                     key=lambda t: (t[0], t[2] or t[0]))
    with db.transaction() as conn:
        counters = dict(conn.execute("SELECT year, last FROM reference_counters").fetchall())
        references = {}
        for index in sorted((i for i, t in enumerate(timings) if t[2]),
                            key=lambda i: timings[i][2]):
            year = timings[index][2].year
            counters[year] = counters.get(year, 0) + 1
            references[index] = f"CG-{year}-{tag}-{counters[year]:06d}"
        first_id = 1 + conn.execute(
            "SELECT max(coalesce((SELECT max(id) FROM reports), 0), "
            "coalesce((SELECT max(rowid) FROM reports_fts), 0))").fetchone()[0]
        for start in range(0, incidents, BATCH):
            reports, events, rows = [], [], []
            for number in range(start, min(start + BATCH, incidents)):
                started, incident, submitted = timings[number]
                report_id, reference = first_id + number, references.get(number)
                late = submitted is not None and submitted - incident > incident_kind.LATE_REPORT
                data = _report(rng, incident, submitted or started, late)
                reports.append(_row(rng, now, report_id, data, started, submitted,
                                    reference, events))
                if index:
                    rows.append((report_id, reference or "", columns.place_label(data),
                                 columns.types_label(data), columns.search_body(data)))
            conn.executemany("INSERT INTO reports(id, uuid, reference, status, created_at, "
                             "updated_at, submitted_at, incident_at, place, types, "
                             "reporter_name, created_by, revision, data) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", reports)
            conn.executemany("INSERT INTO report_events(report_id, at, author, kind, "
                             "detail) VALUES (?,?,?,?,?)", events)
            conn.executemany("INSERT INTO reports_fts(rowid, reference, place, types, body) "
                             "VALUES (?,?,?,?,?)", rows)
            if progress is not None:
                progress(min(start + BATCH, incidents), incidents)
        conn.executemany("INSERT INTO reference_counters(year, last) VALUES (?, ?) "
                         "ON CONFLICT(year) DO UPDATE SET last = excluded.last",
                         sorted(counters.items()))
    if db.path is not None:
        db.checkpoint()  # the bulk write left a WAL as big as the data
    return incidents


def _row(rng, now: dt.datetime, report_id: int, data: dict, started: dt.datetime,
         submitted: dt.datetime | None, reference: str | None, events: list) -> tuple:
    """The reports row, its timeline appended to ``events``, as the real calls leave them."""
    if submitted is None:
        for key in rng.sample(sorted(data), rng.randint(1, 4)):
            del data[key]  # a draft holds whatever was typed so far
        saves = rng.randint(0, 5)
        status, revision = "draft", saves
        last = started + dt.timedelta(minutes=saves * rng.randint(1, 3))
        timeline = [(started, None, "created", {})]
        if saves:
            timeline.append((last, None, "edited", {"fields": sorted(data),
                                                    "since": iso(started)}))
    else:
        data.update(reported_at=iso(submitted),
                    riddor_suggested=incident_kind.riddor_suggested(data),
                    late_report=incident_kind.is_late(data, submitted))
        status, revision, last = _pick(rng, STATUS), 1, submitted
        timeline = [(started, None, "created", {}),
                    (submitted, None, "submitted", {"reference": reference})]
        codes = [code for code, _, _ in STATUS_STEPS]
        steps = STATUS_STEPS[:codes.index(status) + 1] if status in codes else ()
        gaps = [dt.timedelta(days=rng.uniform(*span)) for _, span, _ in steps]
        # A report sent last week cannot have been closed months later: squeeze its steps.
        total = sum(gaps, dt.timedelta())
        scale = min(1.0, (now - submitted) / total) if gaps else 1.0
        for (code, _, who), gap in zip(steps, gaps):
            last = min(last + gap * scale, now)
            timeline.append((last, who, "status", {"status": code}))
    author = columns.author_of(data, LOGIN)  # the reporter, as start_draft and submit record
    events.extend((report_id, iso(at), who or author, kind, _json(detail))
                  for at, who, kind, detail in timeline)
    return (report_id, str(uuid.UUID(int=rng.getrandbits(128), version=4)), reference,
            status, iso(started), iso(last),
            iso(submitted) if submitted else None, data.get("incident_at") or None,
            columns.place_label(data), columns.types_label(data), data.get("reporter_name") or "",
            LOGIN, revision, _json(data))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)
