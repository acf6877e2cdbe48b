"""Who is reporting an incident, and what that changes: the questions asked, the words
used, and what the submitted page tells them.

A police officer is not asked whether the police were told (they are the police), nor when
or whether the police attended; the harm grading is explained as the NHS's, not an offence;
the person who did it is the suspect. Nobody is asked whether the victim wants the Trust's
advisor to contact them when every person harmed is a police officer or ambulance crew:
their own service supports them. Every label of every reader is listed, generated from
these fields, in ``docs/form-words.md``.
"""

from __future__ import annotations

import html

READER_KEY = "reporting_as"
TRUST = "trust_staff"
POLICE = "police"
AMBULANCE = "ambulance"
READERS = (
    (TRUST, "Trust staff (health or social care)"), (POLICE, "Police officer or police staff"),
    (AMBULANCE, "Ambulance crew"), ("other", "Someone else"),
)
# The Trust's post: a person harmed who is a police officer or ambulance crew has their own
# service's support, so the question is not asked for them.
OWN_SERVICE = frozenset({"police", "ambulance"})


def reader(data: dict) -> str:
    """Who is reporting; a record that does not say is a Trust staff member's (as every
    report was before the form asked)."""
    return str(data.get(READER_KEY) or TRUST)


def is_police(data: dict) -> bool:
    return reader(data) == POLICE


def not_police(data: dict) -> bool:
    """Unless a police officer is reporting."""
    return not is_police(data)


def told_police(data: dict) -> bool:
    """When a police officer is reporting, or the police were told."""
    return is_police(data) or data.get("police_informed") == "yes"


def asked_when_told_not_police(data: dict) -> bool:
    """When the police were told, unless a police officer is reporting."""
    return not_police(data) and data.get("police_informed") == "yes"


def advisor_contact_applies(data: dict) -> bool:
    """Unless everyone harmed is a police officer or ambulance crew (their own service
    supports them)."""
    kinds = {str(v.get("kind") or "") for v in data.get("victims") or []
             if isinstance(v, dict)} - {""}
    return not kinds or bool(kinds - OWN_SERVICE)


def facts(data: dict) -> dict:
    """What submission records for a police reporter: the police know of it."""
    return {"police_informed": "yes"} if is_police(data) else {}


def done_note(data: dict) -> str:
    """What the submitted page tells a police reporter (nothing more for anyone else)."""
    if not is_police(data):
        return ""
    return ("<h3>What the Trust does with it</h3><p>The Trust's violence and prosecution "
            "advisor reads it, follows up with the police and the victim, and can give the "
            "police and the CPS a case file for a prosecution. The police liaison committee "
            "sees it only as figures, without names.</p><p><b>This is not a crime report to "
            "your force.</b> Record the crime on your force's own system as you normally "
            "would. If you get a crime number afterwards, add it to this report from "
            "<b>My reports</b> as an addendum.</p>")


def privacy(kept: str) -> str:
    """Who sees a report and for how long, as Common Ground actually handles it; ``kept`` is
    what a shared PC keeps after the advisor's receipt, in words."""
    return ("Who sees this report: anyone using Common Ground on this computer can open it "
            "in My reports until the advisor's receipt arrives; after that this computer "
            f"keeps only {html.escape(kept)}. The Trust's violence and prosecution advisor "
            "receives all of it (encrypted on the way) and keeps it as the Trust's records "
            "policy says. The police liaison committee sees only figures: no names, no "
            "free text.")
