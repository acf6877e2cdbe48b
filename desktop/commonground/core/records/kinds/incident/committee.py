"""What the committee may see of an incident: no names, no patient or staff identifiers, no
free text, dates to the day and place to the ward; and, once the advisor has a case for it,
how far the case went.

Each incident gets a stable pseudonym (a keyed hash of its id, the key known only to the
advisor hub), so the committee counts an incident once however many exports carry it, and
cannot link it back to a report. Anything typed freely ("other: ...") becomes "Other".

Its figures are the incident dashboard in ``committee/stats.py``: SQL over the plain
columns of ``deid_incidents`` and the codes in ``deid_codes``, bigger than the figures the
other kinds describe (the prosecution funnel, codes that are lists).
"""

from __future__ import annotations

from ....timeutil import parse_time
from ... import deid
from ..base import Codes, Committee
from . import fields as f

CASE_FIELDS = {"opened", "steps", "decision", "nfa_reason", "decision_date", "court_outcome",
               "closed", "closing_reason"}
FIGURES_FROM = "commonground.core.committee.stats"


def deidentify(secret: bytes, report: dict, extra: dict) -> dict:
    data, places = report["data"], extra.get("places") or set()
    incident = parse_time(data.get("incident_at"))
    reported = parse_time(data.get("reported_at") or report["submitted_at"])
    delay = int((reported - incident).total_seconds() // 3600) if incident and reported else None
    record = {
        "type": "incident", "id": deid.pseudonym(secret, report["uuid"]),
        "incident_date": deid.day(data.get("incident_at")),
        "reported_date": deid.day(data.get("reported_at") or report["submitted_at"]),
        "delay_hours": max(delay, 0) if delay is not None else None,
        "site": deid.place(data.get("site"), data.get("site") in places),
        "ward": deid.place(data.get("location"), data.get("location") in places),
        "setting": deid.code(f.SETTINGS, data.get("setting")),
        "types": deid.codes(f.INCIDENT_TYPES, data.get("incident_types")),
        "aggravating": deid.codes(f.AGGRAVATING, data.get("aggravating")),
        "victims": [kind for kind in (v.get("kind") for v in data.get("victims") or []
                                      if isinstance(v, dict))
                    if kind in dict(f.VICTIM_KINDS)],
        "perpetrator": deid.code(f.PERPETRATOR_KINDS, data.get("perpetrator_kind")),
        "harm": deid.code(f.HARM_GRADES, data.get("harm_grade")),
        "treatment": deid.code(f.TREATMENTS, data.get("treatment")),
        "absence": deid.code(f.ABSENCE, data.get("absence")),
        "police_informed": deid.code(f.YES_NO_NOT_YET, data.get("police_informed")),
        "police_attended": deid.code(f.YES_NO, data.get("police_attended")),
        "crime_reference": bool(str(data.get("crime_reference") or "").strip()),
        "late": bool(data.get("late_report")), "riddor": bool(data.get("riddor_suggested")),
        "supports_prosecution": deid.code(f.SUPPORTS_PROSECUTION,
                                          data.get("supports_prosecution")),
        "case": None,
    }
    case = extra.get("case")
    if case is not None:
        # What the case learnt since the report counts: police told, reference given.
        if case.get("police_informed"):
            record["police_informed"] = "yes"
        if case.get("crime_reference"):
            record["crime_reference"] = True
        record["case"] = case["part"]
    return record


def _case(value) -> bool | str:
    """The case part's own shape; its values (step, decision and closing codes) are the
    prosecution cases' lists, checked by the importer for every kind that opens cases."""
    if value is None:
        return True
    if not isinstance(value, dict) or set(value) - CASE_FIELDS:
        return "the case part has unexpected fields"
    if not isinstance(value.get("steps"), dict):
        return "the case steps are missing"
    return True


def _coded(key: str, choices):
    fits = deid.one_of(choices)
    return lambda value: fits(value) or f"'{key}' is not one of the form's codes"


def _listed(key: str, choices, repeats: bool = False):
    """A list of codes; ``repeats``: one per person (two staff victims are two)."""
    codes = [code for code, _label in choices]
    fits = deid.list_of(codes)
    if repeats:
        return lambda value: (isinstance(value, list) and
                              all(isinstance(v, str) for v in value) and
                              fits(sorted(set(value)))) or \
            f"'{key}' is not a list of the form's codes"
    return lambda value: fits(value) or f"'{key}' is not a list of the form's codes"


def _checked(key: str, fits):
    return lambda value: fits(value) or f"'{key}' holds something this version does not " \
                                        "expect"


# Older exports may lack fields added since, so a missing one is no reason to refuse; what
# is there is checked, value by value: codes from the form's own lists, days, whole
# numbers, true or false, and places (also held to the list the hub signs). The order is
# the order of the checks.
SHAPE = deid.Shape({
    "type": lambda value: value == "incident",
    "id": lambda value: deid.is_id(value) or "no valid id",
    "types": _listed("types", f.INCIDENT_TYPES),
    "aggravating": _listed("aggravating", f.AGGRAVATING),
    "victims": _listed("victims", f.VICTIM_KINDS, repeats=True),
    **{key: lambda value, key=key: deid.is_place(value) or f"'{key}' is not a place name"
       for key in ("site", "ward")},
    "case": _case,
    **{key: _checked(key, deid.is_day) for key in ("incident_date", "reported_date")},
    "delay_hours": _checked("delay_hours", deid.whole_in(0, 24 * 366 * 100)),
    "setting": _coded("setting", f.SETTINGS),
    "perpetrator": _coded("perpetrator", f.PERPETRATOR_KINDS),
    "harm": _coded("harm", f.HARM_GRADES), "treatment": _coded("treatment", f.TREATMENTS),
    "absence": _coded("absence", f.ABSENCE),
    "police_informed": _coded("police_informed", f.YES_NO_NOT_YET),
    "police_attended": _coded("police_attended", f.YES_NO),
    "supports_prosecution": _coded("supports_prosecution", f.SUPPORTS_PROSECUTION),
    **{key: _checked(key, deid.is_bool) for key in ("crime_reference", "late", "riddor")},
}, every_field=False, places=("site", "ward"))


def columns(record: dict) -> dict:
    case = record.get("case") or {}
    incident = record.get("incident_date")
    return {"incident_date": incident, "reported_date": record.get("reported_date"),
            "site": record.get("site") or "", "ward": record.get("ward") or "",
            "month": incident[:7] if incident else None, "harm": record.get("harm"),
            "police_informed": record.get("police_informed"),
            "police_attended": record.get("police_attended"),
            "crime_reference": 1 if record.get("crime_reference") else 0,
            "delay_hours": record.get("delay_hours"),
            "has_case": 1 if record.get("case") else 0, "decision": case.get("decision"),
            "nfa_reason": case.get("nfa_reason"), "decision_date": case.get("decision_date"),
            "court_outcome": case.get("court_outcome"), "closed_date": case.get("closed")}


def codes(record: dict) -> list[tuple[str, str]]:
    return [(which, code) for which, key in (("type", "types"), ("aggravating", "aggravating"),
                                             ("victim", "victims"))
            for code in record.get(key) or []]


COMMITTEE = Committee(deidentify, SHAPE, table="deid_incidents", columns=columns,
                      date_column="incident_date", site_column="site", ward_column="ward",
                      codes=Codes("deid_codes", "incident_id", codes),
                      figures_from=FIGURES_FROM)
