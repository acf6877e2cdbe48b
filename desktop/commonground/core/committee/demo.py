"""Fictional de-identified data for the committee: made the way the advisor hub makes it.

Records of every kind are generated in a scratch database (each kind's own demo records),
some incident reports taken through cases, de-identified with the same code sync uses, and
imported with the committee's own importer, so the figures and the meeting pack are
exercised end to end. Every kind but the default comes about one for every ten incidents.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from ..cases.demo import generate_cases
from ..records import demo
from ..records import kinds as rk
from ..storage.db import Database
from ..sync import deidentify, incoming
from ..textutil import whole_number

SOURCE = "00000000-0000-4000-8000-00000000d3e0"
RULES = rk.Rules(3, "the protocol")   # the notice rule demo requests were measured against


def places() -> set[str]:
    """The demo's sites and wards: the place names a site policy would list."""
    return set(demo.SITES) | {ward for _prefix, wards in demo.SITES.values() for ward in wards}


def generate_records(incidents: int, now: dt.datetime, *, seed: int = 2026,
                     scratch: Database | None = None) -> list[dict]:
    """De-identified records of every kind but the default, about one of each for every ten
    incidents, as the advisor hub would send them."""
    scratch = scratch or Database.in_memory()
    count = max(24, min(incidents // 10, 3000))
    others = [kind for kind in rk.KINDS.values() if kind.key != rk.DEFAULT]
    for number, kind in enumerate(others):
        demo.generate(scratch, count, kind=kind, seed=seed + 136 + number, now=now,
                      index=False, drafts=0, rules=RULES)
    return [record for kind in others
            for record in deidentify.records_of(scratch, kind, places())]


def generate_committee(db: Database, incidents: int, *, cases: int | None = None,
                       seed: int = 2026, now: dt.datetime | None = None) -> int:
    now = now or dt.datetime.now().replace(microsecond=0)
    scratch = Database.in_memory()
    demo.generate(scratch, incidents, seed=seed, now=now, index=False)  # never searched
    generate_cases(scratch, cases if cases is not None else min(incidents // 4, 3000),
                   seed=seed, now=now)
    records = deidentify.records_of(scratch, rk.KINDS[rk.DEFAULT], places())
    records += generate_records(incidents, now, seed=seed, scratch=scratch)
    records += _acknowledgements(random.Random(seed), now, _versions(db))
    records += [{"type": "note", "uuid": str(uuid.UUID(int=random.Random(seed + n).getrandbits(
        128))), "date": (now - dt.timedelta(days=10 * n)).date().isoformat(), "title": title,
        "text": text} for n, (title, text) in enumerate(NOTES)]
    return incoming.import_deidentified(db, records, SOURCE, now)


# Who confirms reading, as the acknowledge dialog asks: mostly ward staff, some police.
_READERS = (("nurse", "health"),) * 5 + (("support_worker", "health"),) * 3 + (
    ("doctor", "health"), ("manager", "health"), ("police_officer", "police"),
    ("police_officer", "police"), ("social_worker", "social_care"), ("", ""))


def _versions(db: Database) -> dict[str, tuple[str, dt.date]]:
    """The version of each protocol this install's library holds, and its effective day."""
    out = {}
    for row in db.query("SELECT id, version, effective FROM protocols"):
        try:
            out[row["id"]] = (row["version"], dt.date.fromisoformat(row["effective"]))
        except (TypeError, ValueError):
            continue
    return out


def _acknowledgements(rng: random.Random, now: dt.datetime,
                      versions: dict[str, tuple[str, dt.date]]) -> list[dict]:
    """Counts by protocol, site, role, agency and week, as the advisor hub sends them (no
    names); a few from before the role was asked. Readers confirmed the version the library
    holds from its effective day, the one before it until then, so the reach tables show
    figures and no confirmation predates what it confirms."""
    counts: dict[tuple, int] = {}
    today = now.date()
    for protocol in ("s136-place-of-safety", "appropriate-adult", "assault-reporting-prosecution"):
        current, effective = versions.get(protocol, ("1.0", dt.date.min))
        for _n in range(rng.randint(20, 60)):
            day = today - dt.timedelta(days=rng.randint(0, 50))
            if day < effective <= today and rng.random() < 0.5:
                day = effective + dt.timedelta(days=rng.randint(0, (today - effective).days))
            version = current if day >= effective else _before(current)
            monday = (day - dt.timedelta(days=day.weekday())).isoformat()
            key = (protocol, version, rng.choice(list(demo.SITES)), monday,
                   *rng.choice(_READERS))
            counts[key] = counts.get(key, 0) + 1
    out = []
    for (protocol, version, site, week, role, agency), number in sorted(counts.items()):
        record = {"type": "ack_week", "protocol_id": protocol, "version": version,
                  "site": site, "week": week, "count": number}
        if role:
            record.update(role=role, agency=agency)
        out.append(record)
    return out


def _before(version: str) -> str:
    """The version before ``version`` in the library's numbering (1.1 -> 1.0)."""
    major, _dot, minor = version.partition(".")
    number = whole_number(minor)
    if number:
        return f"{major}.{number - 1}"
    return version


NOTES = (
    ("Conviction after a bite on a ward",
     "A staff nurse was bitten during restraint. CCTV was preserved on day one and the "
     "clinical background reached the police within a week; the patient was charged and "
     "convicted. The speed of the clinician's letter made the difference."),
    ("NFA where the clinical letter never came",
     "A healthcare assistant was punched. The police asked twice for background on the "
     "patient's mental state; no letter came for eight weeks and the case ended in no "
     "further action. We are raising clinician response times as an action."),
)


def generate_meetings(db: Database, *, now: dt.datetime | None = None) -> int:
    """Two past meetings and an action log with updates, for trying out the committee's
    screens. Returns how many actions were raised."""
    from . import meetings as mt

    now = now or dt.datetime.now().replace(microsecond=0)
    today = now.date()
    first = mt.add_meeting(db, today - dt.timedelta(days=84), {
        "police": {"present": True, "names": "Borough inspector"},
        "health": {"present": True, "names": "Violence and prosecution advisor; ward manager"},
        "social_care": {"present": False, "names": ""},
        "ambulance": {"present": False, "names": ""},
        "service_users": {"present": True, "names": "Carers' forum representative"}},
        "Reviewed the quarter's assaults on staff and the s136 returns.", now=now)
    second = mt.add_meeting(db, today - dt.timedelta(days=28), {
        "police": {"present": True, "names": "Borough inspector; custody sergeant"},
        "health": {"present": True, "names": "Violence and prosecution advisor"},
        "social_care": {"present": True, "names": "AMHP service lead"},
        "ambulance": {"present": False, "names": ""},
        "service_users": {"present": True, "names": "Carers' forum representative"}},
        "Clinician response times discussed; AMHP lead to join the protocol review.", now=now)
    plan = (
        (first, "Clinicians to send background letters to the police within 5 working days",
         "health", "Medical director's office", -30,
         [(70, "Template letter drafted.", "in_progress"),
          (30, "Template agreed; reminder added to the case checklist.", "done")]),
        (first, "Officers to bring crime reference numbers to the ward before leaving",
         "police", "Borough inspector", -10, [(40, "Briefed at shift handovers.",
                                               "in_progress")]),
        (second, "Review the appropriate adult rota for nights and weekends", "social_care",
         "AMHP service lead", 14, []),
        (second, "Ambulance service to be invited to the next meeting", "ambulance",
         "Committee chair", 42, []),
    )
    for meeting, title, agency, role, due_in, updates in plan:  # due_in: days from today
        action = mt.add_action(db, title=title, raised_by="Committee chair",
                               owner_agency=agency, owner_role=role, meeting_id=meeting,
                               due_date=today + dt.timedelta(days=due_in),
                               now=now)
        for days_ago, text, status in updates:
            mt.update_action(db, action, date=today - dt.timedelta(days=days_ago),
                             author=role, text=text, status=status, now=now)
    return len(plan)

