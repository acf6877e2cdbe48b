"""Fictional joint training for demos and screenshots: a mental health awareness session for
police officers, a section 136 session on the ward, and an old induction that has lapsed."""

from __future__ import annotations

import datetime as dt

from ..storage.db import Database
from .training import add_session, sessions

# (days ago, topic, site, induction, {protocol: version taught}, trainers,
#  [(agency, role, count)])
SESSIONS = (
    (400, "Induction: mental health awareness for new officers", "", True,
     {"appropriate-adult": "1.0", "police-assistance-mha-assessment": "1.1"},
     ["health", "social_care"],
     [("police", "PC", 18), ("police", "PCSO", 4)]),
    (30, "Section 136 and the place of safety", "Riverside Hospital", False,
     {"s136-place-of-safety": "1.1"}, ["health", "police"],
     [("police", "PC", 11), ("police", "Sergeant", 2), ("health", "Staff nurse", 7),
      ("ambulance", "Paramedic", 3)]),
    (12, "Sharing information after an assault on staff", "Larkspur House", False,
     {"information-sharing": "1.1", "assault-reporting-prosecution": "1.1"},
     ["police", "health"],
     [("health", "Ward manager", 5), ("health", "Staff nurse", 9), ("police", "PC", 3)]),
)


def generate_training(db: Database, today: dt.date | None = None) -> int:
    """Add the fictional sessions to a committee with none; return how many."""
    today = today or dt.date.today()
    if sessions(db):
        return 0
    for days, topic, site, induction, protocols, trainers, attended in SESSIONS:
        add_session(db, held_on=today - dt.timedelta(days=days), topic=topic, site=site,
                    induction=induction, protocols=protocols, trainers=trainers,
                    attended=attended)
    return len(SESSIONS)
