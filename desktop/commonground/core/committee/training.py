"""Joint training and induction: sessions with the protocols they covered and who came, as
counts by agency and role (never names), and how far each protocol's current version is
covered.

The training that worked "fizzled out" when people moved on, and nobody could say who had
been trained on what. A protocol's coverage lapses when a new version is published after its
last session, when its last session is older than the committee's period (a year unless
it sets another with ``training period``), and at a site, for an agency and role, from a
new recruit intake until the starters are covered (``intakes``). Acknowledgements of the
current version are shown beside the sessions, by agency: they are what each reader
confirmed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from ..storage.db import Database
from ..textutil import clean_text, whole_number
from ..timeutil import iso, now_local
from .ack_counts import counted
from .intakes import IntakeLapse
from .intakes import lapses as intake_lapses
from .meetings import AGENCIES, CommitteeError, agency_label

LAPSE_DAYS = 365
MAX_COUNT = 500
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Session:
    id: int
    held_on: dt.date
    topic: str
    site: str
    induction: bool
    protocols: dict[str, str]                  # protocol id -> the version it covered
    trainers: tuple[str, ...]                  # agency codes
    attended: tuple[tuple[str, str, int], ...]  # (agency, role, count)

    @property
    def people(self) -> int:
        return sum(count for _agency, _role, count in self.attended)

    def by_agency(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for agency, _role, count in self.attended:
            out[agency] = out.get(agency, 0) + count
        return out


@dataclass(frozen=True)
class Coverage:
    protocol_id: str
    title: str
    version: str
    published: dt.date
    last_session: dt.date | None
    trained: dict[str, int]           # agency -> people trained on this version, in period
    acknowledged: int                 # confirmations of this version
    lapsed: str                       # why it has lapsed (new version, period), or ""
    by_site: dict[str, tuple[int, int]]   # site -> (people trained, confirmations)
    confirmed: dict[str, int] = field(default_factory=dict)  # agency ("" unknown) -> count
    intakes: tuple[IntakeLapse, ...] = ()     # recruit intakes not yet covered

    def trained_text(self) -> str:
        parts = [f"{agency_label(code)} {self.trained[code]}" for code, _ in AGENCIES
                 if self.trained.get(code)]
        return ", ".join(parts) if parts else "nobody"

    def confirmed_text(self) -> str:
        parts = [f"{agency_label(code)} {self.confirmed[code]}" for code, _ in AGENCIES
                 if self.confirmed.get(code)]
        if self.confirmed.get(""):
            parts.append(f"agency not recorded {self.confirmed['']}")
        return ", ".join(parts) if parts else "nobody"

    def reasons(self, threshold: int | None = None) -> list[tuple[str, str]]:
        """Every way it has lapsed, each with its kind: "new version", "period", "no
        session" or "intake"; with ``threshold``, an intake's counts as a shared copy
        shows them."""
        out = []
        if self.lapsed.startswith("version"):
            out.append(("new version", self.lapsed))
        elif self.lapsed.startswith("the last session"):
            out.append(("period", self.lapsed))
        elif self.lapsed:
            out.append(("no session", self.lapsed))
        return out + [("intake", item.reason(threshold)) for item in self.intakes]

    @property
    def any_lapse(self) -> bool:
        return bool(self.lapsed or self.intakes)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def add_session(db: Database, *, held_on: dt.date, topic: str, protocols: dict[str, str],
                trainers: list[str], attended: list[tuple[str, str, int]], site: str = "",
                induction: bool = False, known_protocols=None) -> int:
    """Record a session in one transaction; CommitteeError says what to fix.
    ``protocols``: each protocol it covered, with the version taught (the current one)."""
    topic = clean_text((topic or "").strip())
    if not topic or len(topic) > 200:
        raise CommitteeError("Say the session's topic (at most 200 characters).")
    if held_on > dt.date.today() + dt.timedelta(days=1):
        raise CommitteeError("Record a session once it has been held: that day is in the "
                             "future.")
    agencies = dict(AGENCIES)
    for code in trainers:
        if code not in agencies:
            raise CommitteeError(f"'{code}' is not an agency of the committee.")
    if not trainers:
        raise CommitteeError("Say which agencies the trainers came from.")
    for pid, version in protocols.items():
        if not _ID.match(pid) or (known_protocols is not None and pid not in known_protocols):
            raise CommitteeError(f"'{pid}' is not a protocol in the library.")
        if not re.match(r"^\d+(?:\.\d+){0,3}$", str(version)):
            raise CommitteeError(f"'{version}' is not a protocol version.")
    clean = []
    for agency, role, count in attended:
        role = clean_text((role or "").strip())
        if agency not in agencies:
            raise CommitteeError(f"'{agency}' is not an agency of the committee.")
        if not role or len(role) > 80:
            raise CommitteeError("Say the role of each group who came, such as 'PC' or "
                                 "'staff nurse' (a role, never a name).")
        if not isinstance(count, int) or not 0 < count <= MAX_COUNT:
            raise CommitteeError(f"How many came is a number from 1 to {MAX_COUNT}.")
        clean.append((agency, role, count))
    if not clean:
        raise CommitteeError("Say how many came, by agency and role.")
    with db.transaction() as conn:
        session = conn.execute(
            "INSERT INTO training_sessions(held_on, topic, site, induction, protocols, "
            "trainers, created_at) VALUES (?,?,?,?,?,?,?)",
            (held_on.isoformat(), topic, clean_text((site or "").strip())[:120],
             1 if induction else 0, json.dumps(dict(sorted(protocols.items()))),
             json.dumps(sorted(set(trainers))), iso(now_local()))).lastrowid
        conn.executemany("INSERT INTO training_attendance(session_id, agency, role, count) "
                         "VALUES (?,?,?,?)", [(session, *row) for row in clean])
    return session


def sessions(db: Database, since: dt.date | None = None,
             until: dt.date | None = None) -> list[Session]:
    """Sessions held in the period (all without one), newest first."""
    attended: dict[int, list] = {}
    for row in db.query("SELECT * FROM training_attendance ORDER BY rowid"):
        attended.setdefault(row["session_id"], []).append(
            (row["agency"], row["role"], row["count"]))
    found = []
    for row in db.query("SELECT * FROM training_sessions ORDER BY held_on DESC, id DESC"):
        day = dt.date.fromisoformat(row["held_on"])
        if (since and day < since) or (until and day > until):
            continue
        found.append(Session(row["id"], day, row["topic"], row["site"], bool(row["induction"]),
                             dict(json.loads(row["protocols"])),
                             tuple(json.loads(row["trainers"])),
                             tuple(attended.get(row["id"], ()))))
    return found


def lapse_days(db: Database) -> int:
    """The committee's period after which training lapses (``training period`` sets it)."""
    days = whole_number(db.get_setting("training_lapse_days"))
    return days if days else LAPSE_DAYS


def set_lapse_days(db: Database, days: int) -> None:
    if not 30 <= days <= 3650:
        raise CommitteeError("Training lapses after 30 to 3,650 days.")
    db.set_setting("training_lapse_days", str(days))


def coverage(db: Database, current: list[tuple[str, str, str, dt.date]], today: dt.date,
             period: int | None = None,
             counts_for: dict[str, set[str]] | None = None) -> list[Coverage]:
    """For each protocol (id, title, current version, published): the people trained on its
    current version within the period, by agency, its confirmations (from the hub's counts
    and any held here), by site and by agency, and whether it lapsed (a newer version than
    the one taught, the period passed, or a recruit intake not yet covered).
    ``counts_for``: per protocol, earlier versions whose confirmations still stand."""
    period = period or lapse_days(db)
    held = sessions(db)
    confirmations = counted(db)
    out = []
    for pid, title, version, published in current:
        standing = (counts_for or {}).get(pid, set()) | {version}
        confirmed: dict[str, int] = {}
        by_agency: dict[str, int] = {}
        for protocol, ver, site, agency, _role, _week, number in confirmations:
            if protocol == pid and ver in standing:
                where = site or "Not given"
                confirmed[where] = confirmed.get(where, 0) + number
                by_agency[agency] = by_agency.get(agency, 0) + number
        covering = [s for s in held if pid in s.protocols]
        valid = [s for s in covering if s.protocols[pid] == version
                 and (today - s.held_on).days <= period]
        trained: dict[str, int] = {}
        sites: dict[str, int] = {}
        for session in valid:
            for agency, count in session.by_agency().items():
                trained[agency] = trained.get(agency, 0) + count
            where = session.site or "Not given"
            sites[where] = sites.get(where, 0) + session.people
        by_site = {site: (sites.get(site, 0), confirmed.get(site, 0))
                   for site in sorted(set(sites) | set(confirmed))}
        last = covering[0].held_on if covering else None
        taught = covering[0].protocols[pid] if covering else None
        if last is None:
            lapsed = "no joint session has covered it"
        elif taught != version:
            lapsed = (f"version {version} (from {_day(published)}) is newer than the version "
                      f"{taught} taught at the last session ({_day(last)})")
        elif (today - last).days > period:
            lapsed = f"the last session was {(today - last).days} days ago ({_day(last)})"
        else:
            lapsed = ""
        out.append(Coverage(pid, title, version, published, last, trained,
                            sum(confirmed.values()), lapsed, by_site, by_agency,
                            tuple(intake_lapses(db, pid, standing, version, held,
                                                confirmed=confirmations))))
    return out
