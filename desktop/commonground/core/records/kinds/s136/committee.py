"""What the committee may see of a section 136 episode: codes, a day, a site and minutes,
never a name, an identifier, an officer's number or anything typed freely; and what it
keeps of one in ``deid_s136``.
"""

from __future__ import annotations

from ... import deid
from ..base import Committee
from . import fields as f
from .rules import detention_span, police_wait_minutes


def deidentify(secret: bytes, report: dict, extra: dict) -> dict:
    """A section 136 episode as codes, a day, a site and minutes."""
    data, places = report["data"], extra.get("places") or set()
    station = data.get("place_type") == "police_station"
    ticked = set(data.get("station_conditions") or [])
    extended = data.get("extended") == "yes"
    span = detention_span(data)
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
    }


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
})


def columns(record: dict) -> dict:
    day = record.get("detained_date")
    confirmed = record.get("station_confirmed")
    return {"month": day[:7] if day else None, "detained_date": day,
            "site": record.get("site") or "",
            **{key: record.get(key) for key in ("age", "consulted", "conveyance", "place_type",
                                                "station_reason", "wait_minutes", "outcome")},
            "station_confirmed": None if confirmed is None else int(bool(confirmed)),
            "extended": 1 if record.get("extended") else 0,
            "over_limit": 1 if record.get("over_limit") else 0}


COMMITTEE = Committee(deidentify, SHAPE, table="deid_s136", columns=columns)
