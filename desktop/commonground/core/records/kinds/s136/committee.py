"""What the committee may see of a section 136 episode: codes, a day, a site and minutes,
never a name, an identifier, an officer's number or anything typed freely; what it keeps
of one in ``deid_s136``, and its figures.

The figures show how people detained under section 136 reach the place of safety
(ambulance or police vehicle) and how long officers then wait there; when a police station
is used, and the reasons given; the safeguards and the time limit. An episode is counted
in the month of the detention; it has a site but no ward.
"""

from __future__ import annotations

import statistics

from ....timeutil import parse_time
from ... import deid
from ...figures import Headline
from ..base import Committee, Dashboard
from . import fields as f
from . import national
from .rules import detention_span, police_wait_minutes


def deidentify(secret: bytes, report: dict, extra: dict) -> dict:
    """A section 136 episode as codes, a day, a site and minutes."""
    data, places = report["data"], extra.get("places") or set()
    station = data.get("place_type") == "police_station"
    ticked = set(data.get("station_conditions") or [])
    extended = data.get("extended") == "yes"
    span = detention_span(data)
    vehicle = data.get("conveyance") == "police_vehicle"
    moved = data.get("transferred") == "yes"
    return {
        "type": "s136", "id": deid.pseudonym(secret, report["uuid"]),
        "detained_date": deid.day(data.get("detained_at")),
        "site": deid.place(data.get("site"), data.get("site") in places),
        "age": deid.code(f.AGE, data.get("age")),
        "consulted": deid.code(f.CONSULTED, data.get("consulted")),
        "consulted_who": deid.code(f.CONSULTED_WHO, data.get("consulted_who"))
        if data.get("consulted") == "yes" else None,
        "conveyance": deid.code(f.CONVEYANCE, data.get("conveyance")),
        "place_type": deid.code(f.PLACES, data.get("place_type")),
        "station_reason": deid.code(f.STATION_REASONS, data.get("station_reason"))
        if station else None,
        "station_confirmed": all(code in ticked for code, _ in f.REG2_CONDITIONS)
        if station else None,
        "wait_minutes": police_wait_minutes(data),
        "duration_minutes": max(int(span[0].total_seconds() // 60), 0) if span else None,
        "outcome": deid.code(f.OUTCOMES, data.get("outcome")),
        "extended": extended,
        "extension_hours": deid.whole(data.get("extension_hours")) if extended else None,
        "over_limit": bool(span and span[0] > span[1]),
        # The national tables' categories (closed lists only; blanks stay None).
        **{key: deid.code(choices, data.get(key)) for key, choices in NATIONAL},
        "transfer_place": deid.code(f.TRANSFER_PLACES, data.get("transfer_place"))
        if moved else None,
        "police_vehicle_why": deid.code(f.POLICE_VEHICLE_WHY, data.get("police_vehicle_why"))
        if vehicle else None,
        "doctor_minutes": minutes_after_arrival(data, "doctor_arrived_at"),
        "amhp_minutes": minutes_after_arrival(data, "amhp_arrived_at"),
    }


# Choice fields the committee receives as they are: every one a closed list of codes.
NATIONAL = (("age_band", f.AGE_BANDS), ("gender", f.GENDERS), ("ethnicity", f.ETHNIC_GROUPS),
            ("officer_ethnicity", f.OFFICER_ETHNICITY), ("intoxication", f.INTOXICATION),
            ("already_at_pos", f.YES_NO_NOT_KNOWN), ("transferred", f.YES_NO_NOT_KNOWN),
            ("s12_doctor", f.YES_NO_NOT_KNOWN))
# What the committee table keeps of them as plain columns (migration 14 added them).
NATIONAL_COLUMNS = tuple(key for key, _ in NATIONAL) + (
    "transfer_place", "police_vehicle_why", "doctor_minutes", "amhp_minutes")


def minutes_after_arrival(data: dict, key: str) -> int | None:
    """Minutes from arrival at the place of safety to a professional's arrival (0 if they
    were there first)."""
    arrived, came = parse_time(data.get("arrived_at")), parse_time(data.get(key))
    if not (arrived and came):
        return None
    return min(max(int((came - arrived).total_seconds() // 60), 0), 60 * 24 * 30)


SHAPE = deid.Shape({
    "type": lambda value: value == "s136", "id": deid.is_id, "detained_date": deid.is_day,
    "site": deid.is_place, "age": deid.one_of(f.AGE), "consulted": deid.one_of(f.CONSULTED),
    "consulted_who": deid.one_of(f.CONSULTED_WHO), "conveyance": deid.one_of(f.CONVEYANCE),
    "place_type": deid.one_of(f.PLACES), "station_reason": deid.one_of(f.STATION_REASONS),
    "station_confirmed": lambda value: value is None or isinstance(value, bool),
    "wait_minutes": deid.whole_in(0, 60 * 24 * 30),
    "duration_minutes": deid.whole_in(0, 60 * 24 * 30), "outcome": deid.one_of(f.OUTCOMES),
    "extended": deid.is_bool, "extension_hours": deid.whole_in(1, 12),
    "over_limit": deid.is_bool,
    **{key: deid.one_of(choices) for key, choices in NATIONAL},
    "transfer_place": deid.one_of(f.TRANSFER_PLACES),
    "police_vehicle_why": deid.one_of(f.POLICE_VEHICLE_WHY),
    "doctor_minutes": deid.whole_in(0, 60 * 24 * 30),
    "amhp_minutes": deid.whole_in(0, 60 * 24 * 30),
}, places=("site",),
    added=frozenset(NATIONAL_COLUMNS))   # a sender not yet updated sends none of these


def columns(record: dict) -> dict:
    day = record.get("detained_date")
    confirmed = record.get("station_confirmed")
    return {"month": day[:7] if day else None, "detained_date": day,
            "site": record.get("site") or "",
            **{key: record.get(key) for key in ("age", "consulted", "conveyance", "place_type",
                                                "station_reason", "wait_minutes", "outcome")},
            "station_confirmed": None if confirmed is None else int(bool(confirmed)),
            "extended": 1 if record.get("extended") else 0,
            "over_limit": 1 if record.get("over_limit") else 0,
            **{key: record.get(key) for key in NATIONAL_COLUMNS}}


# ------------------------------------------------------------------ figures
FIGURES = national.FIGURES


def _median_wait(rows: list[dict]) -> float | None:
    waits = [row["wait_minutes"] for row in rows if row["wait_minutes"] is not None]
    return statistics.median(waits) if waits else None


DASHBOARD = Dashboard(
    tab="Section &136", section="Section 136: removal to a place of safety",
    unit="section 136 episode",
    intro=lambda counted, where, unfiltered: (
        f"{counted}, counted by the date of detention ({where}"
        + ("; an episode has no ward)." if unfiltered else ").")),
    none="There were no section 136 episodes in this period",
    counted_by="the date of detention",
    unfiltered="Episodes are counted for the whole site: an episode has no ward.",
    figures=FIGURES, comparison=national.COMPARISON,
    headline=(Headline("episodes", len, "{} section 136 episodes",
                       label="Section 136 episodes"),
              Headline("median_police_wait", _median_wait,
                       "median police wait at the place of safety {} minutes",
                       label="Median police wait at the place of safety", unit="minutes",
                       count=False)))

COMMITTEE = Committee(deidentify, SHAPE, table="deid_s136", columns=columns,
                      date_column="detained_date", site_column="site", dashboard=DASHBOARD)
