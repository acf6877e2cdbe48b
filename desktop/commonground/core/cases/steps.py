"""The steps of a prosecution-support case, who each waits on, and when each is due.

Order is advice, not a cage: real cases skip and reorder. Due dates count from the date the
report reached the advisor ("received") or from the incident, in working days (weekends and
bank holidays skipped) or calendar days. The advisor can change the defaults for the site
and any single due date on a case.

The clinician's step asks for background on the patient's mental state at the time, as the
CPS guidance on mental health conditions expects, not a yes/no on "capacity": capacity
under the Mental Capacity Act 2005 is not a criminal-law test.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..workdays import Calendar


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    owner: str                     # advisor, police, police or CPS, clinician, court
    due_from: str | None = None    # "received", "incident" or "decision"; None: no due date
    due_days: int = 0
    working_days: bool = True
    after: str | None = None       # another step that must be done before this one waits
    help: str = ""


STEPS: tuple[Step, ...] = (
    Step("victim_contacted", "Victim contacted", "advisor", "received", 2,
         help="Offer support (occupational health, debrief, union), explain the process and "
              "ask whether they want police involvement."),
    Step("wishes_recorded", "Victim's wishes recorded", "advisor", "received", 5,
         help="Supports prosecution, does not, or undecided."),
    Step("police_informed", "Police informed, crime reference recorded", "advisor",
         "received", 2),
    Step("cctv_requested", "CCTV preservation requested", "advisor", "incident", 28,
         working_days=False,
         help="Before the site's CCTV recordings are overwritten (the retention period is "
              "set locally)."),
    Step("statements_taken", "Victim and witness statements taken (police)", "police",
         "received", 10, after="police_informed",
         help="The victim's statement and, separately, the offer of a Victim Personal "
              "Statement."),
    Step("injury_evidence", "Injury evidence secured (photographs, medical notes)", "advisor",
         "received", 5),
    Step("clinical_requested", "Clinical background requested from the responsible clinician",
         "advisor", "received", 5,
         help="Ask for background on the patient's mental state at the time, legal status and "
              "fitness to be interviewed; not a yes/no on capacity."),
    Step("clinical_received", "Clinical background received", "clinician", "received", 15,
         after="clinical_requested"),
    Step("decision", "Police outcome and CPS charging decision", "police or CPS", "received",
         28, working_days=False, after="police_informed",
         help="Chase the police if there is no news by the due date."),
    Step("court", "Court: hearings, outcome, sentence", "court", after="decision"),
    Step("victim_told", "Victim told of each decision (Victims' Code)", "advisor", "decision",
         5, help="The Victims' Code expects victims to be told of key decisions within 5 "
                 "working days (1 for enhanced-rights victims)."),
)
STEP_BY_KEY = {step.key: step for step in STEPS}

STEP_STATUS = (("todo", "To do"), ("done", "Done"), ("na", "Not applicable"))
DECISIONS = (("charge", "Charge"), ("caution", "Caution"),
             ("community_resolution", "Community resolution"),
             ("nfa", "No further action (NFA)"))
NFA_REASONS = (
    ("insufficient_evidence", "Insufficient evidence"),
    ("public_interest", "Not in the public interest"),
    # What police or CPS gave as the reason; not a capacity verdict (capacity is not a
    # criminal-law test), so the label records the reason given rather than endorsing it.
    ("capacity_or_illness", "Suspect's mental health given as the reason"),
    ("victim_withdrew", "Victim withdrew support"),
    ("other", "Other"),
)
COURT_OUTCOMES = (("convicted", "Convicted"), ("acquitted", "Acquitted"),
                  ("discontinued", "Discontinued"), ("other", "Other"))
CLOSING_REASONS = (
    ("outcome_reached", "Outcome reached and victim told"),
    ("victim_declined", "Victim did not want to go ahead"),
    ("no_police_action", "Police took no further action"),
    ("not_a_case", "Not a case for prosecution support"),
    ("duplicate", "Duplicate of another case"),
    ("other", "Other"),
)


def label(choices, code) -> str:
    for value, text in choices:
        if value == code:
            return text
    return str(code or "")


def due_defaults(overrides: str | None = None) -> dict[str, int]:
    """Days for each step: the built-in defaults, with the site's overrides on top."""
    days = {step.key: step.due_days for step in STEPS if step.due_from}
    try:
        chosen = json.loads(overrides) if overrides else {}
    except ValueError:
        chosen = {}
    if isinstance(chosen, dict):  # anything else is ignored: defaults still work
        for key, value in chosen.items():
            if key in days and type(value) is int and 0 <= value <= 3650:
                days[key] = value
    return days


def due_date(step: Step, days: int, *, received: dt.date, incident: dt.date | None,
             decision: dt.date | None, calendar: Calendar) -> dt.date | None:
    start = {"received": received, "incident": incident, "decision": decision}.get(
        step.due_from or "")
    if start is None:
        return None
    if step.working_days:
        return calendar.add_working_days(start, days)
    return start + dt.timedelta(days=days)
