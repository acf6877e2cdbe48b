"""Fictional duty routes for demos and screenshots: the committee's directory of who
to contact. Numbers are from Ofcom's ranges kept for drama (03069 990xxx, 01632 960xxx);
addresses are on example domains; no route is a real one.
"""

from __future__ import annotations

import datetime as dt

from ..storage.db import Database
from .directory_store import kept_routes, save_route

# (role, organisation, phone, mailbox, hours, deputy, fills, days since confirmed)
ROUTES = (
    ("Duty AMHP", "Borough Council adult social care", "03069 990100",
     "amhp.duty@council.example.gov.uk", "Monday to Friday, 9:00 to 17:00",
     "Emergency duty team (out of hours)", "amhp_service_phone", 12),
    ("Emergency duty team", "Borough Council", "03069 990199", "",
     "Weekdays 17:00 to 9:00, weekends and bank holidays, 24 hours",
     "Duty AMHP in office hours", "amhp_out_of_hours_phone", 40),
    ("Mental health desk", "Police", "01632 960101", "mh.desk@police.example.uk", "24 hours",
     "Police non-emergency, 101", "police_mh_liaison", 131),
    ("Planned assessment requests", "Police", "", "mha.requests@police.example.uk",
     "Monday to Friday, 8:00 to 18:00", "Mental health desk", "police_planned_assessments",
     25),
    ("Health-based place of safety (136 suite)", "Mental Health Trust", "01632 960136", "",
     "24 hours", "Bed management / site manager", "pos_suite_phone", 95),
    ("Bed management / site manager", "Mental Health Trust", "01632 960222", "",
     "24 hours", "", "bed_management", 8),
    ("Violence and prosecution advisor", "Mental Health Trust", "03069 990300",
     "advisor@trust.example.nhs.uk", "Monday to Friday, 9:00 to 17:00",
     "Trust security, 01632 960333", "advisor_helpline", 30),
    ("Conveyance desk", "Ambulance service", "01632 960999", "", "24 hours", "", "", 200),
)


def generate_directory(db: Database, today: dt.date | None = None) -> int:
    """Add the fictional routes to a committee's empty directory; return how many."""
    today = today or dt.date.today()
    if kept_routes(db):
        return 0
    for role, organisation, phone, mailbox, hours, deputy, fills, age in ROUTES:
        save_route(db, {"role": role, "organisation": organisation, "phone": phone,
                        "mailbox": mailbox, "hours": hours, "deputy": deputy, "fills": fills,
                        "confirmed": (today - dt.timedelta(days=age)).isoformat()},
                   today=today)
    return len(ROUTES)
