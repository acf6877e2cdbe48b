"""What a record's row shows beside its data: the columns My reports lists and sorts on
(when, place, what, who) and the words its search index holds. They are copied from the
data each time it is written, so a list of 100,000 records never parses one."""

from __future__ import annotations

from . import fields as rf
from . import kinds as rk
from .kinds import incident as incident_kind


def place_label(data: dict) -> str:
    kind = rk.kind_of(data)
    if kind.place is not None:
        return kind.place(data)
    location = data.get("location")
    if location == "other":
        location = data.get("location_other") or "Other"
    site = data.get("site")
    if site == "other":
        site = data.get("site_other") or ""
    return " · ".join(part for part in (location, site) if part)


def types_label(data: dict) -> str:
    kind = rk.kind_of(data)
    if kind.summary is not None:
        return kind.summary(data)
    codes = data.get("incident_types") or []
    labels = [rf.label_for(incident_kind.INCIDENT_TYPES, code) for code in codes if code != "other"]
    if "other" in codes:
        labels.append(data.get("type_other") or "Other")
    return ", ".join(labels)


def search_body(data: dict) -> str:
    kind = rk.kind_of(data)
    if kind.key != rk.INCIDENT:
        return "\n".join(str(data.get(key)) for key, spec in kind.fields.items()
                         if spec.kind in ("text", "textarea") and data.get(key))
    parts = [data.get(key) or "" for key in (
        "narrative", "injuries", "perpetrator_description", "delay_reason", "reporter_name",
        "crime_reference", "cad_number", "type_other", "setting_other")]
    for victim in data.get("victims") or []:
        if isinstance(victim, dict):
            parts.extend(str(v) for v in victim.values())
    return "\n".join(str(p) for p in parts if p)


def when(data: dict) -> str | None:
    """The moment that dates the record (for lists and sorting)."""
    return data.get(rk.kind_of(data).when_key) or None


def reporter_name(data: dict) -> str:
    return str(data.get(rk.kind_of(data).author_key) or "")


def author_of(data: dict, login: str) -> str:
    """Whose name goes in the timeline: the one typed in the record, else the login."""
    name = str(data.get(rk.kind_of(data).author_key) or "").strip()
    return name or login


def index(conn, report_id: int, reference: str | None, data: dict) -> None:
    """Write the record's search index entry (in the caller's transaction)."""
    conn.execute("DELETE FROM reports_fts WHERE rowid = ?", (report_id,))
    conn.execute("INSERT INTO reports_fts(rowid, reference, place, types, body) "
                 "VALUES (?,?,?,?,?)",
                 (report_id, reference or "", place_label(data), types_label(data),
                  search_body(data)))
