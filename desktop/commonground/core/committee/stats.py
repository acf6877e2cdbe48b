"""The committee's figures for a period and optionally one site or ward: the incident
dashboard, computed here in SQL from the de-identified incidents (the incident KIND says
its figures come from here), and every other kind's dashboard (``dashboards``).

Every figure is a table first (a title, column names, rows), because every chart must
also be readable as numbers; charts on screen and in the meeting pack draw from the same
tables. Counts of 1 to 4 can be shown as "<5" in outputs shared outside the committee.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from ..cases.steps import NFA_REASONS, label
from ..records import fields as rf
from ..records import kinds as rk
from ..records.kinds.incident import fields as incident_kind
from ..storage.db import Database
from . import dashboards, suppression
from .tables import (  # noqa: F401
    Filters,
    PeriodError,
    Table,
    _round,
    day_label,
    month_label,
    months,
    part_months_note,
    share,
)


@dataclass
class Figures:
    filters: Filters
    total: int
    tables: dict[str, Table]
    headline: dict[str, object]

    @property
    def no_data(self) -> bool:
        return self.total == 0


def _where(filters: Filters, alias: str = "d") -> tuple[str, list]:
    clauses = [f"{alias}.incident_date >= ?", f"{alias}.incident_date <= ?"]
    params: list = [filters.start.isoformat(), filters.end.isoformat()]
    if filters.site:
        clauses.append(f"{alias}.site = ?")
        params.append(filters.site)
    if filters.ward:
        clauses.append(f"{alias}.ward = ?")
        params.append(filters.ward)
    return " WHERE " + " AND ".join(clauses), params


def figures(db: Database, filters: Filters) -> Figures:
    filters.check()
    where, params = _where(filters)
    with db.use() as conn:
        total = conn.execute(f"SELECT count(*) FROM deid_incidents d{where}", params)\
            .fetchone()[0]
        tables = {}
        tables["by_month_type"] = _by_month_type(conn, filters, where, params)
        tables["by_ward"] = _by_ward(conn, where, params)
        tables["harm"] = _coded(conn, "Harm grading", "Harm", incident_kind.HARM_GRADES,
                                f"SELECT d.harm, count(*) FROM deid_incidents d{where} "
                                "GROUP BY d.harm", params)
        tables["aggravating"] = _coded(
            conn, "Aggravating factors", "Factor", incident_kind.AGGRAVATING,
            f"SELECT c.code, count(*) FROM deid_codes c JOIN deid_incidents d ON "
            f"d.id = c.incident_id{where} AND c.kind = 'aggravating' GROUP BY c.code", params,
            keep_zero=True)
        tables["delay"], delays = _delay(conn, filters, where, params)
        tables["police"] = _police(conn, where, params, total)
        tables["funnel"] = _funnel(conn, where, params, total)
        tables["nfa"] = _coded(conn, "Reasons for no further action", "Reason", NFA_REASONS,
                               f"SELECT d.nfa_reason, count(*) FROM deid_incidents d{where} "
                               "AND d.decision = 'nfa' GROUP BY d.nfa_reason", params,
                               counted="Cases")
        decision_days = [row[0] for row in conn.execute(
            f"SELECT julianday(d.decision_date) - julianday(d.incident_date) FROM "
            f"deid_incidents d{where} AND d.decision_date IS NOT NULL", params)]
        record_tables, record_headline = dashboards.kind_figures(conn, filters)
    tables.update(record_tables)
    headline = {
        "incidents": total,
        "median_delay_hours": statistics.median(delays) if delays else None,
        "over_48h": sum(1 for value in delays if value > 48),
        "median_days_to_decision": statistics.median(decision_days) if decision_days else None,
        **record_headline,
    }
    return Figures(filters, total, tables, headline)


def _by_month_type(conn, filters, where, params) -> Table:
    counts: dict[tuple[str, str], int] = {}
    for month, code, number in conn.execute(
            f"SELECT d.month, c.code, count(*) FROM deid_codes c JOIN deid_incidents d ON "
            f"d.id = c.incident_id{where} AND c.kind = 'type' GROUP BY d.month, c.code", params):
        counts[(month, code)] = number
    totals = dict(conn.execute(f"SELECT d.month, count(*) FROM deid_incidents d{where} "
                               "GROUP BY d.month", params).fetchall())
    codes = [code for code, _ in incident_kind.INCIDENT_TYPES
             if any(k[1] == code for k in counts)]
    table = Table("Incidents by month and type", ["Month", "All incidents"]
                  + [rf.label_for(incident_kind.INCIDENT_TYPES, code) for code in codes],
                  note="An incident of two types counts once in each type, once in 'All'."
                  + part_months_note(filters))
    for month in months(filters):
        table.rows.append([month_label(month, filters), totals.get(month, 0)]
                          + [counts.get((month, code), 0) for code in codes])
    return table


def _by_ward(conn, where, params) -> Table:
    """Wards of different sites are counted apart; a ward name two sites share (every
    site's "Other", say) is shown with its site."""
    rows = conn.execute(f"SELECT d.site, d.ward, count(*) FROM deid_incidents d{where} "
                        "GROUP BY d.site, d.ward ORDER BY count(*) DESC, d.ward, d.site",
                        params).fetchall()
    names = [ward or "Not given" for _site, ward, _n in rows]
    table = Table("Incidents by ward", ["Ward", "Incidents"])
    table.rows = [[name if names.count(name) == 1 or not site else f"{name} ({site})", number]
                  for name, (site, _ward, number) in zip(names, rows)]
    return table


def _coded(conn, title, heading, choices, sql, params, keep_zero=False,
           counted: str = "Incidents") -> Table:
    found = {code: number for code, number in conn.execute(sql, params)}
    table = Table(title, [heading, counted])
    for code, text in choices:
        if found.get(code) or keep_zero:
            table.rows.append([text, found.get(code, 0)])
    if found.get(None):
        table.rows.append(["Not recorded", found[None]])
    return table


def _delay(conn, filters, where, params) -> tuple[Table, list[int]]:
    by_month: dict[str, list[int]] = {}
    delays = []
    for month, hours in conn.execute(f"SELECT d.month, d.delay_hours FROM deid_incidents d"
                                     f"{where} AND d.delay_hours IS NOT NULL", params):
        by_month.setdefault(month, []).append(hours)
        delays.append(hours)
    table = Table("Reporting delay", ["Month", "Incidents", "Median delay (hours)",
                                      "Reported after 48 hours", "Share after 48 hours"],
                  counts=(1, 3), note=part_months_note(filters).strip())
    for month in months(filters):
        values = by_month.get(month, [])
        late = sum(1 for value in values if value > 48)
        table.rows.append([month_label(month, filters), len(values),
                           _round(statistics.median(values)) if values else "–", late,
                           share(late, len(values))])
    return table, delays


def _police(conn, where, params, total) -> Table:
    row = conn.execute(
        "SELECT sum(d.police_informed = 'yes'), sum(d.police_attended = 'yes'), "
        f"sum(d.crime_reference) FROM deid_incidents d{where}", params).fetchone()
    informed, attended, crn = (int(v or 0) for v in row)
    table = Table("Police involvement", ["", "Incidents", "Share of incidents"])
    table.rows = [["Police informed", informed, share(informed, total)],
                  ["Police attended", attended, share(attended, total)],
                  ["Crime reference recorded", crn, share(crn, total)]]
    return table


def _funnel(conn, where, params, total) -> Table:
    row = conn.execute(
        "SELECT sum(d.police_informed = 'yes'), sum(d.crime_reference), "
        "sum(d.decision IS NOT NULL), "
        "sum(d.decision IS NOT NULL AND (d.decision != 'charge' OR d.court_outcome IS NOT NULL "
        "OR d.closed_date IS NOT NULL)), sum(d.decision = 'charge'), "
        f"sum(d.court_outcome = 'convicted') FROM deid_incidents d{where}", params).fetchone()
    informed, crn, decided, outcome, charged, convicted = (int(v or 0) for v in row)
    table = Table("Prosecution funnel", ["Stage", "Incidents", "Share of reported"],
                  note="Each stage counts the incidents that reached it.")
    for stage, number in (("Reported", total), ("Police informed", informed),
                          ("Crime reference", crn), ("Charging decision", decided),
                          ("Outcome reached", outcome), ("Charged", charged),
                          ("Convicted", convicted)):
        table.rows.append([stage, number, share(number, total)])
    return table


# ------------------------------------------------------------ small counts
NOT_SHOWN = suppression.NOT_SHOWN
suppressed = suppression.suppressed


def places(db: Database) -> tuple[list[str], dict[str, list[str]]]:
    """The sites and wards present in the data, for the filters (of every kind whose
    records have a site; a section 136 episode has a site but no ward)."""
    selects = []
    for committee in (kind.committee for kind in rk.KINDS.values()):
        if committee.site_column:
            ward = committee.ward_column or "''"
            selects.append(f"SELECT DISTINCT {committee.site_column} AS site, {ward} AS ward "
                           f"FROM {committee.table}")
    rows = db.query(" UNION ".join(selects) + " ORDER BY 1, 2")
    sites: dict[str, list[str]] = {}
    for row in rows:
        sites.setdefault(row["site"] or "", []).append(row["ward"] or "")
    return sorted(s for s in sites if s), {s: sorted(w for w in ws if w)
                                           for s, ws in sites.items()}


def protocol_reach(db: Database, current: list[tuple[str, str, str, dt.date]],
                   today: dt.date | None = None, weeks: int = 8,
                   counts_for: dict[str, set[str]] | None = None) -> tuple[Table, Table]:
    """Acknowledgements of each protocol's current version: by site, and week by week since
    publication. ``current`` is (id, title, version, published). ``counts_for`` names, per
    protocol, the earlier versions whose confirmations still stand for the current one
    (they differ from it only in citations and sources)."""
    today = today or dt.date.today()
    # Counts by week from the hub (no names), and single acknowledgements an older hub sent.
    rows = [row for row in db.query(
        "SELECT protocol_id, version, site, date(at) AS day, 1 AS n FROM acknowledgements "
        "UNION ALL SELECT protocol_id, version, site, week AS day, count AS n "
        "FROM deid_ack_weeks") for _ in range(row["n"])]
    sites = sorted({row["site"] or "Not given" for row in rows})
    by_site = Table("Protocol reach: acknowledgements of the current version, by site",
                    ["Protocol", "Version", "Published", "All sites"] + sites)
    over_time = Table("Protocol reach week by week since publication (running total)",
                      ["Protocol", "Version"] + [f"Week {n}" for n in range(1, weeks + 1)])
    for protocol_id, title, version, published in current:
        standing = (counts_for or {}).get(protocol_id, set()) | {version}
        mine = [row for row in rows if row["protocol_id"] == protocol_id
                and row["version"] in standing]
        counts = {site: sum(1 for r in mine if (r["site"] or "Not given") == site)
                  for site in sites}
        by_site.rows.append([title, version, f"{published.day} {published:%b %Y}", len(mine)]
                            + [counts[s] for s in sites])
        running, cells = 0, []
        days = sorted(dt.date.fromisoformat(r["day"]) for r in mine if r["day"])
        for week in range(1, weeks + 1):
            limit = published + dt.timedelta(days=7 * week)
            running = sum(1 for day in days if day < limit)
            cells.append(running if limit <= today + dt.timedelta(days=7) else "")
        over_time.rows.append([title, version] + cells)
    return by_site, over_time


def nfa_label(code: str | None) -> str:
    return label(NFA_REASONS, code) if code else "Not recorded"
