"""Protocol reach by who read it: acknowledgements of each protocol's current version as
counts by site, agency, role and ISO week, never names.

The advisor hub sends counts by protocol, version, site, role, agency and the Monday of a
week (``deid_ack_weeks``); an older hub sent single acknowledgements (kept without their
name in ``acknowledgements``), and the committee's own members confirm the terms of
reference on its computer. All three are counted here. A count from before the question
was asked reads "Role not recorded" and "Agency not recorded". Shared outside the
committee, the tables go through ``suppression`` as every other figure does.
"""

from __future__ import annotations

import datetime as dt

from .. import staff
from ..storage.db import Database
from .tables import Table


def iso_week(day: dt.date) -> str:
    """'2026-W47': the ISO year and week a day falls in."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _monday(text: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat((text or "")[:10])
    except ValueError:
        return None
    return day - dt.timedelta(days=day.weekday())


def counted(db: Database) -> list[tuple[str, str, str, str, str, dt.date, int]]:
    """(protocol, version, site, agency, role, Monday, count) from every source."""
    rows = [(r["protocol_id"], r["version"], r["site"], r["agency"], r["role"], r["week"],
             r["count"]) for r in db.query(
                 "SELECT protocol_id, version, site, agency, role, week, count "
                 "FROM deid_ack_weeks")]
    rows += [(r["protocol_id"], r["version"], r["site"], r["agency"], r["role"], r["at"], 1)
             for r in db.query("SELECT protocol_id, version, site, agency, role, at "
                               "FROM acknowledgements")]
    out = []
    for protocol, version, site, agency, role, when, number in rows:
        monday = _monday(when)
        if monday is not None:
            out.append((protocol, version, site or "", agency or "", role or "", monday,
                        number))
    return out


def by_who(db: Database, current: list[tuple[str, str, str, dt.date]],
           counts_for: dict[str, set[str]] | None = None) -> tuple[Table, Table]:
    """Two tables of the confirmations of each protocol's current version (or an earlier
    one that still stands for it, ``counts_for``): by agency and role over all protocols,
    and by protocol, site, agency, role and ISO week."""
    standing = {pid: (counts_for or {}).get(pid, set()) | {version}
                for pid, _title, version, _published in current}
    titles = {pid: (title, version) for pid, title, version, _published in current}
    who: dict[tuple[str, str], int] = {}
    weeks: dict[tuple, int] = {}
    for protocol, version, site, agency, role, monday, number in counted(db):
        if version not in standing.get(protocol, ()):
            continue
        who[(agency, role)] = who.get((agency, role), 0) + number
        key = (titles[protocol][0], titles[protocol][1], site, agency, role, monday)
        weeks[key] = weeks.get(key, 0) + number
    agencies = [code for code, _ in staff.AGENCIES] + [""]
    roles = [code for code, _label, _agency in staff.STAFF_ROLES] + [""]

    def order(agency: str, role: str) -> tuple[int, int]:
        return (agencies.index(agency) if agency in agencies else len(agencies),
                roles.index(role) if role in roles else len(roles))
    roles_table = Table("Protocol reach by agency and role: confirmations of the current "
                        "versions", ["Agency and role", "Confirmations"])
    for agency, role in sorted(who, key=lambda pair: order(*pair)):
        roles_table.rows.append([f"{staff.agency_label(agency)}: {staff.role_label(role)}",
                                 who[(agency, role)]])
    weeks_table = Table("Protocol reach by site, agency, role and ISO week",
                        ["Protocol", "Version", "Site", "Agency", "Role", "ISO week",
                         "Confirmations"], counts=(6,),
                        note="Each week runs Monday to Sunday (ISO 8601).")
    for key in sorted(weeks, key=lambda k: (k[0], k[5], k[2], order(k[3], k[4]))):
        title, version, site, agency, role, monday = key
        weeks_table.rows.append([title, version, site or "Not given",
                                 staff.agency_label(agency), staff.role_label(role),
                                 iso_week(monday), weeks[key]])
    return roles_table, weeks_table
