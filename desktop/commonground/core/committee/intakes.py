"""New recruit intakes: a number of new starters of one role and agency at a site, on a day
(no names). Training "fizzled out when people moved on": an intake is when that happens.

The rule: from the day of an intake, coverage of every protocol's current version at that
site, for that agency and role, has lapsed until the people covered since reach the number
of starters. Covered since means confirmations of the current version (or an earlier one
that still stands for it) by that site, agency and role in the intake's week or later (the
committee receives confirmations as counts by week), plus the people of that agency who
came to a joint session at that site, held on or after the intake day, that covered the
current version (a session's roles are the committee's own words, so any role of the
agency counts). The counts cannot tell a new starter from someone already there who
confirms late: the rule is a prompt to look, not a register of people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import staff
from ..storage.db import Database
from ..textutil import clean_text
from ..timeutil import iso, now_local
from .ack_counts import counted
from .meetings import CommitteeError
from .suppression import NOT_SHOWN, part_of

MAX_STARTERS = 500


@dataclass(frozen=True)
class Intake:
    id: int
    taken_on: dt.date
    site: str
    agency: str
    role: str
    starters: int

    def describe(self, starters: int | str | None = None) -> str:
        """``starters``: the number as shown (a shared copy's "<5" or NOT_SHOWN)."""
        starters = self.starters if starters is None else starters
        many = "New starters (how many is not shown)" if starters == NOT_SHOWN else \
            f"{starters} new starter{'s' if starters != 1 else ''}"
        return (f"{many} ({staff.role_label(self.role)}, {staff.agency_label(self.agency)}) "
                f"at {self.site} from {self.taken_on.day} {self.taken_on:%b %Y}")


@dataclass(frozen=True)
class IntakeLapse:
    intake: Intake
    covered: int         # people covered since the intake, as the rule counts them

    def reason(self, threshold: int | None = None) -> str:
        """Why it lapsed; with ``threshold``, as a copy shared outside the committee says
        it, small counts hidden by the tables' rule (``suppression.part_of``)."""
        covered, starters = (self.covered, self.intake.starters) if threshold is None \
            else part_of(self.covered, self.intake.starters, threshold)
        if covered == NOT_SHOWN:
            tail = "how many are covered since is not shown"
        elif starters == NOT_SHOWN:
            tail = f"{covered} of them covered since"
        else:
            tail = f"{covered} of {starters} covered since"
        return f"{self.intake.describe(starters)}; {tail}"

    def short(self) -> str:
        return (f"{self.intake.site}, {staff.role_label(self.intake.role)}: {self.covered} of "
                f"{self.intake.starters} covered")


def add_intake(db: Database, *, taken_on: dt.date, site: str, agency: str, role: str,
               starters: int) -> int:
    """Record an intake in one transaction; CommitteeError says what to fix."""
    site = clean_text((site or "").strip())
    if not site or len(site) > 120:
        raise CommitteeError("Say the site the new starters joined (at most 120 "
                             "characters).")
    if taken_on > dt.date.today() + dt.timedelta(days=1):
        raise CommitteeError("Record an intake from the day the new starters begin: that "
                             "day is in the future.")
    if agency not in staff.AGENCY_CODES:
        raise CommitteeError("Choose the new starters' agency from the list.")
    if role not in staff.ROLE_CODES:
        raise CommitteeError("Choose the new starters' role from the list.")
    if isinstance(starters, bool) or not isinstance(starters, int) or \
            not 0 < starters <= MAX_STARTERS:
        raise CommitteeError(f"How many started is a number from 1 to {MAX_STARTERS}.")
    with db.transaction() as conn:
        return conn.execute(
            "INSERT INTO training_intakes(taken_on, site, agency, role, starters, created_at) "
            "VALUES (?,?,?,?,?,?)", (taken_on.isoformat(), site, agency, role, starters,
                                     iso(now_local()))).lastrowid


def intakes(db: Database) -> list[Intake]:
    """Every intake, newest first."""
    return [Intake(r["id"], dt.date.fromisoformat(r["taken_on"]), r["site"], r["agency"],
                   r["role"], r["starters"])
            for r in db.query("SELECT * FROM training_intakes ORDER BY taken_on DESC, id DESC")]


def lapses(db: Database, protocol_id: str, standing: set[str], version: str, held: list,
           found: list[Intake] | None = None, confirmed: list | None = None
           ) -> list[IntakeLapse]:
    """The intakes not yet covered for this protocol (``standing``: the versions whose
    confirmations count for its current ``version``; ``held``: the sessions)."""
    confirmed = counted(db) if confirmed is None else confirmed
    out = []
    for intake in intakes(db) if found is None else found:
        monday = intake.taken_on - dt.timedelta(days=intake.taken_on.weekday())
        covered = sum(number for pid, ver, site, agency, role, week, number in confirmed
                      if pid == protocol_id and ver in standing and site == intake.site
                      and agency == intake.agency and role == intake.role and week >= monday)
        covered += sum(count for session in held
                       if session.protocols.get(protocol_id) == version
                       and session.site == intake.site and session.held_on >= intake.taken_on
                       for agency, _role, count in session.attended
                       if agency == intake.agency)
        if covered < intake.starters:
            out.append(IntakeLapse(intake, covered))
    return out
