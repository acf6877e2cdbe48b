"""The committee's figures for police assistance requests and section 136 episodes.

These answer the questions the committee used to settle by hand audits: who cancels the
Mental Health Act assessments police were asked to attend, and why; how people detained
under section 136 reach the place of safety (ambulance or police vehicle) and how long
officers then wait there; when a police station is used, and the reasons given.

A request is counted in the month of its assessment, an episode in the month of the
detention. A request has no site (it is made by an AMHP service for an address), so the
site and ward filters do not apply to it, and the tables say so. An episode has a site but
no ward. No table shows every part beside their sum (requests, planned and urgent, say),
so a count hidden as "<5" in a shared copy cannot be worked out from its row.
"""

from __future__ import annotations

import statistics

from ..records.kinds.assistance import fields as af
from ..records.kinds.s136 import fields as sf
from .tables import Filters, Table, _round, day_label, month_label, months, share

ASSISTANCE_TABLES = ("request_outcomes", "cancelled_by_police", "cancelled_by_health",
                     "requests_by_month", "notice")
S136_TABLES = ("s136_by_month", "conveyance", "place_of_safety", "station_reasons",
               "s136_outcomes", "s136_limits")
# The column each table's chart draws, where it is not the first count (column 1).
CHART_COLUMN: dict[str, int] = {}

NO_SITE = "Requests are counted for all sites: a request has no site."
NO_WARD = "Episodes are counted for the whole site: an episode has no ward."
NOTICE_BANDS = ((0, 0, "None (the same or the next working day)"), (1, 1, "1 working day"),
                (2, 2, "2 working days"), (3, 4, "3 or 4 working days"),
                (5, 9, "5 to 9 working days"), (10, None, "10 working days or more"))


def describe_requests(filters: Filters) -> str:
    return f"{day_label(filters.start)} to {day_label(filters.end)}, all sites"


def describe_episodes(filters: Filters) -> str:
    return f"{day_label(filters.start)} to {day_label(filters.end)}, " \
           f"{filters.site or 'all sites'}"


def record_figures(conn, filters: Filters) -> tuple[dict[str, Table], dict]:
    """The tables (keyed as in ASSISTANCE_TABLES and S136_TABLES) and headline numbers."""
    requests = [dict(row) for row in conn.execute(
        "SELECT month, urgency, late_notice, notice_days, outcome, cancelled_by, "
        "cancel_reason, json_extract(record, '$.notice_rule') AS notice_rule "
        "FROM deid_assistance WHERE assessment_date >= ? AND assessment_date <= ?",
        (filters.start.isoformat(), filters.end.isoformat()))]
    sql = ("SELECT month, age, consulted, conveyance, place_type, station_reason, "
           "station_confirmed, wait_minutes, outcome, extended, over_limit FROM deid_s136 "
           "WHERE detained_date >= ? AND detained_date <= ?")
    params = [filters.start.isoformat(), filters.end.isoformat()]
    if filters.site:
        sql += " AND site = ?"
        params.append(filters.site)
    episodes = [dict(row) for row in conn.execute(sql, params)]

    tables = {"requests_by_month": _requests_by_month(requests, filters),
              "request_outcomes": _request_outcomes(requests),
              "cancelled_by_police": _cancellations(requests, "police"),
              "cancelled_by_health": _cancellations(requests, "health_social_care"),
              "notice": _notice(requests),
              "s136_by_month": _episodes_by_month(episodes, filters),
              "conveyance": _shares("How people were taken to the place of safety",
                                    "Conveyance", sf.CONVEYANCE, episodes, "conveyance"),
              "place_of_safety": _shares("Place of safety used", "Place of safety", sf.PLACES,
                                         episodes, "place_type"),
              "station_reasons": _station_reasons(episodes),
              "s136_outcomes": _shares("Outcomes of section 136 assessments", "Outcome",
                                       sf.OUTCOMES, episodes, "outcome"),
              "s136_limits": _limits(episodes)}
    if filters.site or filters.ward:
        for key in ASSISTANCE_TABLES:
            tables[key].note = f"{tables[key].note} {NO_SITE}".strip()
    if filters.ward:
        for key in S136_TABLES:
            tables[key].note = f"{tables[key].note} {NO_WARD}".strip()
    waits = [e["wait_minutes"] for e in episodes if e["wait_minutes"] is not None]
    headline = {"requests": len(requests), "episodes": len(episodes),
                "median_police_wait": statistics.median(waits) if waits else None}
    return tables, headline


# ------------------------------------------------------------------ requests
def _requests_by_month(requests: list[dict], filters: Filters) -> Table:
    table = Table("Police assistance requests by month",
                  ["Month", "Requests", "Urgent", "Planned, with less notice than the rule"],
                  note="Counted in the month of the assessment.")
    for month in months(filters):
        mine = [r for r in requests if r["month"] == month]
        table.rows.append([month_label(month), len(mine),
                           sum(1 for r in mine if r["urgency"] == "urgent"),
                           sum(1 for r in mine if r["late_notice"])])
    return table


OUTCOME_ROWS = (("Police attended on time", "on_time", None),
                ("Police attended late", "late", None),
                ("Police did not attend", "did_not_attend", None),
                ("Cancelled by police", "cancelled", "police"),
                ("Cancelled by health or social care", "cancelled", "health_social_care"))


def _request_outcomes(requests: list[dict]) -> Table:
    table = Table("What happened to the requests", ["What happened", "Requests",
                                                    "Share of requests"],
                  note="As recorded after the assessment by the person who asked for "
                       "police; the latest record counts.")
    total = len(requests)
    if not total:
        return table
    counted = 0
    for label, outcome, by in OUTCOME_ROWS:
        number = sum(1 for r in requests if r["outcome"] == outcome
                     and (by is None or r["cancelled_by"] == by))
        counted += number
        table.rows.append([label, number, share(number, total)])
    table.rows.append(["Not recorded yet", total - counted, share(total - counted, total)])
    return table


def _cancellations(requests: list[dict], party: str) -> Table:
    """Why one party cancelled: every reason listed for both, so they read side by side."""
    cancelled = [r for r in requests if r["outcome"] == "cancelled"
                 and r["cancelled_by"] == party]
    who = "police" if party == "police" else "health or social care"
    table = Table(f"Assessments cancelled by {who}: the reasons", ["Reason", "Cancellations"])
    if not cancelled:
        return table
    for code, label in af.CANCEL_REASONS + ((None, "Not recorded"),):
        number = sum(1 for r in cancelled if r["cancel_reason"] == code)
        if code is not None or number:
            table.rows.append([label, number])
    return table


def _notice(requests: list[dict]) -> Table:
    planned = [r for r in requests if r["urgency"] == "planned"]
    table = Table("Notice given for planned requests", ["Notice given", "Requests"])
    if not planned:
        return table
    given = [r["notice_days"] for r in planned if r["notice_days"] is not None]
    for low, high, label in NOTICE_BANDS:
        table.rows.append([label, sum(1 for days in given if days >= low
                                      and (high is None or days <= high))])
    if len(given) < len(planned):
        table.rows.append(["Not recorded", len(planned) - len(given)])
    words = ["Working days from the day after the request to the day before the assessment."]
    if given:
        middle = _round(statistics.median(given))
        words.append(f"Median notice: {middle} working day{'s' if middle != 1 else ''}.")
    rules = sorted({r["notice_rule"] for r in planned if r["notice_rule"] is not None})
    if not rules:
        words.append("No notice rule was set when these requests were made.")
    else:
        days = " or ".join(str(rule) for rule in rules)
        words.append(f"The rule asked for at least {days} working days"
                     + (" (it changed in this period)." if len(rules) > 1 else "."))
    table.note = " ".join(words)
    return table


# ------------------------------------------------------------------ episodes
def _episodes_by_month(episodes: list[dict], filters: Filters) -> Table:
    table = Table("Section 136 episodes by month",
                  ["Month", "Episodes", "By ambulance", "Share by ambulance",
                   "Median police wait (minutes)", "Longest police wait (minutes)"],
                  note="Police wait: from arrival at the place of safety to the police "
                       "leaving. Counted in the month of detention.", counts=(1, 2))
    for month in months(filters):
        mine = [e for e in episodes if e["month"] == month]
        ambulance = sum(1 for e in mine if e["conveyance"] == "ambulance")
        waits = [e["wait_minutes"] for e in mine if e["wait_minutes"] is not None]
        table.rows.append([month_label(month), len(mine), ambulance,
                           share(ambulance, len(mine)),
                           _round(statistics.median(waits)) if waits else "–",
                           max(waits) if waits else "–"])
    return table


def _shares(title: str, heading: str, choices, episodes: list[dict], key: str) -> Table:
    table = Table(title, [heading, "Episodes", "Share of episodes"])
    total = len(episodes)
    if not total:
        return table
    for code, label in tuple(choices) + ((None, "Not recorded"),):
        number = sum(1 for e in episodes if e[key] == code)
        if code is not None or number:
            table.rows.append([label, number, share(number, total)])
    return table


def _station_reasons(episodes: list[dict]) -> Table:
    station = [e for e in episodes if e["place_type"] == "police_station"]
    table = Table("Police station used as a place of safety: the reasons given",
                  ["Reason given", "Episodes", "Regulation 2 not confirmed"],
                  note="Regulation 2 not confirmed: not every condition of regulation 2 of the "
                       "Places of Safety Regulations 2017 was ticked. A full place of safety, "
                       "or no staff, is not by itself a lawful reason.")
    if not station:
        return table
    for code, label in sf.STATION_REASONS + ((None, "Not recorded"),):
        mine = [e for e in station if e["station_reason"] == code]
        if mine:
            table.rows.append([label, len(mine),
                               sum(1 for e in mine if not e["station_confirmed"])])
    return table


def _limits(episodes: list[dict]) -> Table:
    table = Table("Safeguards and the time limit", ["", "Episodes", "Share of episodes"],
                  note="The time allowed is 24 hours from arrival at the place of safety, "
                       "plus an extension of up to 12 hours if a doctor extended it.")
    total = len(episodes)
    if not total:
        return table
    for label, test in (
            ("Health professional consulted before detention",
             lambda e: e["consulted"] == "yes"),
            ("Under 18, or may be under 18", lambda e: e["age"] in ("under_18", "not_sure")),
            ("24 hours extended by a doctor", lambda e: e["extended"]),
            ("Longer than the time allowed", lambda e: e["over_limit"]),
            ("Police station without every regulation 2 condition confirmed",
             lambda e: e["place_type"] == "police_station" and not e["station_confirmed"])):
        number = sum(1 for e in episodes if test(e))
        table.rows.append([label, number, share(number, total)])
    return table
