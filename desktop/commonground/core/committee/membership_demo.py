"""Fictional membership for demos and screenshots: the seats a committee like the one that
asked for this might have, a police lead that changed three times and is empty now, and an
ambulance seat nobody has taken. Every name is invented."""

from __future__ import annotations

import datetime as dt

from ..storage.db import Database
from .membership import add_seat, appoint, seats, vacate

# (agency, seat, opened days ago, [(position, name, role, took days ago)], lead left days ago)
SEATS = (
    ("police", "Mental health liaison officer", 700,
     [("lead", "Alex Merrow", "Inspector", 700), ("lead", "Tomasz Wrenfield", "Inspector", 420),
      ("lead", "Bethan Corriel", "Sergeant", 200)], 45),
    ("police", "Borough operations office (requests for assistance)", 400,
     [("lead", "Kwame Tillbrook", "Sergeant", 400)], None),
    ("health", "Chair", 700, [("lead", "Priya Halloway", "Community team manager", 540),
                              ("deputy", "Amara Quillon", "Ward manager", 300)], None),
    ("health", "Violence prevention nurse advisor", 700,
     [("lead", "Siân Pellowe", "Nurse consultant", 650)], None),
    ("social_care", "AMHP service", 700, [("lead", "Dylan Ashgrove", "AMHP lead", 500),
                                          ("deputy", "Joanna Fairholt", "Senior AMHP", 90)],
     None),
    ("ambulance", "Mental health lead", 120, [], None),
    ("service_users", "Service user and carer representative", 250,
     [("lead", "Marek Dunsby", "Carer representative", 250)], None),
)


def generate_membership(db: Database, today: dt.date | None = None) -> int:
    """Add the fictional seats to a committee with none; return how many."""
    today = today or dt.date.today()
    if seats(db):
        return 0
    for agency, title, opened, holders, left in SEATS:
        number = add_seat(db, agency, title, today - dt.timedelta(days=opened))
        for position, name, role, took in holders:
            appoint(db, number, position, name, role, today - dt.timedelta(days=took))
        if left is not None:
            vacate(db, number, "lead", today - dt.timedelta(days=left))
    return len(SEATS)
