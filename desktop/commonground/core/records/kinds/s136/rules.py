"""A section 136 episode's own checks, flags and words: what the law refuses outright, what
it asks to be recorded and brought to notice, and the detention's length against its limit."""

from __future__ import annotations

import datetime as dt

from ....identifiers import is_nhs_number
from ....textutil import whole_number
from ....timeutil import FUTURE_TOLERANCE, parse_time
from ...fields import label_for
from .fields import (
    CATEGORY_GROUP,
    CONVEYANCE,
    ETHNIC_GROUPS,
    LIMIT,
    PLACES,
    REG2_CONDITIONS,
    UNDER_18_AT_STATION,
    UNDER_18_BANDS,
)

_ORDER = (("detained_at", "detention"), ("arrived_at", "arrival at the place of safety"),
          ("handover_at", "handover"), ("police_left_at", "police leaving"))


def cross_checks(data: dict, now: dt.datetime, submitting: bool) -> list[tuple[str, str]]:
    found = []
    if may_be_under_18(data):
        for key, value in (("place_type", data.get("place_type")),
                           ("transfer_place", data.get("transfer_place")
                            if data.get("transferred") == "yes" else None)):
            if value == "police_station":
                found.append((key, UNDER_18_AT_STATION))
    found += _person_checks(data)
    times = {key: parse_time(data.get(key)) for key in
             ("detained_at", "arrived_at", "handover_at", "police_left_at", "ended_at",
              "ambulance_requested_at", "ambulance_arrived_at", "transferred_at",
              "doctor_arrived_at", "amhp_arrived_at")}
    for key, moment in times.items():
        if moment and moment > now + FUTURE_TOLERANCE:
            found.append((key, "This time is in the future. Check the date and the time."))
    for (before, before_name), (after, after_name) in zip(_ORDER, _ORDER[1:]):
        if times[before] and times[after] and times[after] < times[before]:
            found.append((after, f"This is before {before_name}. Check both times."))
    if times["ended_at"] and times["arrived_at"] and times["ended_at"] < times["arrived_at"]:
        found.append(("ended_at", "This is before arrival at the place of safety. Check both "
                                  "times."))
    if times["ambulance_arrived_at"] and times["ambulance_requested_at"] and \
            times["ambulance_arrived_at"] < times["ambulance_requested_at"]:
        found.append(("ambulance_arrived_at", "The ambulance arrived before it was requested. "
                                              "Check both times."))
    if times["transferred_at"] and times["arrived_at"] and data.get("transferred") == "yes" \
            and times["transferred_at"] < times["arrived_at"]:
        found.append(("transferred_at", "This is before arrival at the first place of "
                                        "safety. Check both times."))
    typed, hours = typed_extension(data)
    if typed and (hours is None or not 1 <= hours <= 12):
        found.append(("extension_hours", "An extension is from 1 to 12 hours (s136B)."))
    if is_nhs_number(str(data.get("patient_identifier") or "")):
        found.append(("patient_identifier", "This looks like an NHS number. Use the local "
                                            "patient identifier instead."))
    return found


def may_be_under_18(data: dict) -> bool:
    """The s136A safeguard: under 18 or may be, by the age question or the age band."""
    return data.get("age") in ("under_18", "not_sure") or \
        data.get("age_band") in UNDER_18_BANDS


def _person_checks(data: dict) -> list[tuple[str, str]]:
    """Answers about the person that contradict each other (blank ones never do)."""
    found = []
    band, age = data.get("age_band"), data.get("age")
    if band in UNDER_18_BANDS and age == "18_or_over":
        found.append(("age_band", "This band is under 18, but the age says 18 or over. "
                                  "Check both."))
    elif band not in (None, "", "not_known", *UNDER_18_BANDS) and age == "under_18":
        found.append(("age_band", "This band is 18 or over, but the age says under 18. "
                                  "Check both."))
    category, group = data.get("ethnic_category"), data.get("ethnicity")
    if category in CATEGORY_GROUP and group not in (None, "", CATEGORY_GROUP[category]):
        found.append(("ethnic_category", "This category is not in the ethnic group chosen "
                      f"above ({label_for(ETHNIC_GROUPS, group)}). Check both."))
    if data.get("conveyance") == "none_already_at_pos" and data.get("already_at_pos") == "no":
        found.append(("conveyance", "This says the person was already at a place of safety, "
                                    "but the detention section says not. Check both."))
    return found


def flags(data: dict) -> list[str]:
    """Things to record and bring to notice, not to refuse."""
    out = []
    if data.get("place_type") == "police_station" and data.get("age") == "18_or_over":
        ticked = set(data.get("station_conditions") or [])
        missing = [label for code, label in REG2_CONDITIONS if code not in ticked]
        if missing:
            out.append("Not every condition of regulation 2 is confirmed, so using a police "
                       "station may not have been lawful. It will be recorded as not "
                       "confirmed.")
        if data.get("station_reason") in ("suite_full", "no_staff"):
            out.append("A full place of safety, or no staff, is not by itself a lawful reason "
                       "to use a police station (regulation 2 is about the person's risk).")
    span = detention_span(data)
    if span is not None and span[0] > span[1]:
        lasted, limit = span
        out.append(f"Section 136 lasted {_hours(lasted)}, longer than the "
                   f"{_hours(limit)} allowed. Check the times; if they are right, this is "
                   "recorded as over the limit.")
    return out


def typed_extension(data: dict) -> tuple[str, int | None]:
    """The extension's length as typed when the episode says it was extended (else ""),
    and its whole hours: None when blank or unreadable ("²" and "١٢" pass str.isdigit but
    are no length to count)."""
    typed = str(data.get("extension_hours") or "").strip() if data.get("extended") == "yes" \
        else ""
    return typed, whole_number(typed)


def detention_span(data: dict) -> tuple[dt.timedelta, dt.timedelta] | None:
    """How long section 136 lasted (arrival at the place of safety to its end) and how long
    the law allowed: 24 hours, plus the extension if there was one (at most 12 hours)."""
    arrived, ended = parse_time(data.get("arrived_at")), parse_time(data.get("ended_at"))
    if not (arrived and ended):
        return None
    limit = LIMIT
    hours = typed_extension(data)[1]
    if hours:
        limit += dt.timedelta(hours=min(hours, 12))
    return ended - arrived, limit


def _hours(span: dt.timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes % 60 else f"{minutes // 60} hours"


def police_wait_minutes(data: dict) -> int | None:
    """How long officers waited at the place of safety: arrival to police leaving."""
    arrived, left = parse_time(data.get("arrived_at")), parse_time(data.get("police_left_at"))
    if arrived and left and left >= arrived:
        return int((left - arrived).total_seconds() // 60)
    return None


def summary(data: dict) -> str:
    extra = []
    if data.get("place_type"):
        extra.append(label_for(PLACES, data["place_type"]).split(" (")[0].lower())
    if data.get("conveyance"):
        extra.append(f"by {label_for(CONVEYANCE, data['conveyance']).lower()}")
    return "Section 136 episode" + (": " + ", ".join(extra) if extra else "")


def place(data: dict) -> str:
    site = data.get("site_other") if data.get("site") == "other" else data.get("site")
    return str(site or "")


def document_rows(data: dict) -> list[tuple[str, str]]:
    return []


def done(reference: str, notes: str, route: str) -> str:
    return (f"<h2>Section 136 episode recorded</h2><p>Reference: <b>{reference}</b></p>"
            f"{notes}<p>A copy goes to the Trust's violence and prosecution advisor and, "
            "without names, into the Police Liaison Committee's figures.</p><p>The record "
            "can no longer be changed. If something needs correcting, open it in <b>My "
            "reports</b> and add an addendum.</p>")
