"""What the committee receives of a thank-you: the agency, the day, the site, and only if
the sender allowed it (and has not withdrawn it since), the team and the words, screened
again for identifiers here. Kept in ``deid_thanks``; counted on the dashboard; quoted in
the meeting pack on a page for each agency.

A thank-you is one of the two free texts that reach the committee (cases of note are the
other). The form refuses identifiers it can recognise; de-identifying refuses them again,
dropping the words; the committee's import refuses a record carrying them.
"""

from __future__ import annotations

import datetime as dt

from ....identifiers import identifier_problem, name_found
from ....textutil import clean_text
from ... import deid
from ...figures import ByChoice, ByMonth, Count, Headline
from ..base import Committee, Dashboard, Quotes
from . import fields as f

MAX_TEAM = 120


def quoting(data: dict, outcome: dict | None) -> bool:
    """Whether the words may be quoted: the latest choice recorded, else the form's."""
    chosen = (outcome or {}).get("may_quote") or data.get("may_quote")
    return chosen == "yes"


def _screened(text, limit: int, names=()) -> str | None:
    """The words as sent, or None if they hold an identifier or the name of someone in a
    report on this hub (``names``)."""
    text = clean_text(str(text or "").strip())
    if not text or len(text) > limit or identifier_problem(text) or name_found(text, names):
        return None
    return text


def deidentify(secret: bytes, report: dict, extra: dict) -> dict:
    data = report["data"]
    quoted = quoting(data, extra.get("outcome"))
    names = extra.get("names", ())
    words = _screened(data.get("what"), f.MAX_WORDS, names) if quoted else None
    team = _screened(data.get("team"), MAX_TEAM, names) if words else None
    return {"type": "thanks", "id": deid.pseudonym(secret, report["uuid"]),
            "thanks_date": deid.day(data.get("happened_at")),
            "submitted_date": deid.day(report["submitted_at"]),
            "agency": deid.code(f.AGENCIES, data.get("agency")),
            "site": deid.place(data.get("site"), data.get("site") in extra["places"]),
            "quote": words is not None, "team": team, "words": words}


def _free_text(limit: int):
    def fits(value) -> bool | str:
        if value is None:
            return True
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            return False
        problem = identifier_problem(value)
        return f"a thank-you's words are refused: {problem}" if problem else True
    return fits


SHAPE = deid.Shape({
    "type": lambda value: value == "thanks", "id": deid.is_id,
    "thanks_date": deid.is_day, "submitted_date": deid.is_day,
    "agency": deid.one_of(f.AGENCIES), "site": deid.is_place, "quote": deid.is_bool,
    "team": _free_text(MAX_TEAM), "words": _free_text(f.MAX_WORDS),
})


def columns(record: dict) -> dict:
    day = record.get("thanks_date")
    quoted = bool(record.get("quote") and record.get("words"))
    return {"month": day[:7] if day else None, "thanks_date": day,
            "site": record.get("site") or "", "agency": record.get("agency"),
            "quote": 1 if quoted else 0}


def about(record: dict) -> str:
    """When and to whom, for the meeting pack: "To the night shift, Riverside Hospital,
    3 Dec 2026"."""
    parts = [f"To {record['team']}" if record.get("team") else "To the team"]
    if record.get("site") and record["site"] != "Other":
        parts.append(str(record["site"]))
    if record.get("thanks_date"):
        day = dt.date.fromisoformat(record["thanks_date"])
        parts.append(f"{day.day} {day:%b %Y}")
    return ", ".join(parts)


DASHBOARD = Dashboard(
    tab="Than&ks", section="Thanks and positive feedback", unit="thank-you",
    intro=lambda counted, where, _unfiltered: (
        f"{counted} sent by staff, counted by the day of what they thank ({where})."),
    none="No thanks were sent in this period",
    counted_by="the day of what was thanked",
    unfiltered="Thanks are counted for the whole site: a thank-you has no ward.",
    figures=(
        ByChoice("thanks_by_agency", "Thanks by the service thanked", "Service thanked",
                 "Thanks", "agency", f.AGENCIES, share="Share of thanks",
                 extra=(Count("May be quoted", lambda r: r["quote"] == 1),)),
        ByMonth("thanks_by_month", "Thanks by month",
                (Count("Thanks"), Count("To the police", lambda r: r["agency"] == "police")),
                note="Counted in the month of what was thanked."),
    ),
    headline=(Headline("thanks", len, "{} thanks", label="Thanks sent"),
              Headline("thanks_quoted", lambda rows: sum(1 for r in rows if r["quote"] == 1),
                       "{} may be quoted", label="May be quoted")))

QUOTES = Quotes(
    section="Thanks, by service: for each lead to take back",
    group="agency", groups=f.AGENCIES, text="words", about=about,
    none="No thanks were addressed to this service in this period.")

COMMITTEE = Committee(deidentify, SHAPE, table="deid_thanks", columns=columns,
                      date_column="thanks_date", site_column="site", dashboard=DASHBOARD,
                      quotes=QUOTES)
