"""The meeting pack's joint training section: the sessions held in the period (counts by
agency and role, never names) and the protocols whose training has lapsed."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak

from ..committee import stats, suppression
from ..committee import training as tr
from ..committee.meetings import agency_label
from ..storage.db import Database
from .common import para
from .report_pdf import printable


def _text(value, style):
    return para(printable(value), style)


def _count(value: int, share: bool, threshold: int) -> str:
    return str(suppression.count(value, threshold) if share else value)


def training_section(number: int, db: Database, filters: stats.Filters, current: Sequence,
                     today: dt.date, share: bool, threshold: int, sheet) -> list:
    story = [CondPageBreak(50 * mm), _text(f"{number} Joint training", sheet["H1"]),
             _text("Sessions held in this period", sheet["H2"])]
    held = tr.sessions(db, filters.start, filters.end)
    if not held:
        story.append(_text("No joint training session was held in this period.",
                           sheet["Body"]))
    for session in held:
        kind = ", induction" if session.induction else ""
        where = f", {session.site}" if session.site else ""
        came = "; ".join(f"{agency_label(a)} {r}: {_count(c, share, threshold)}"
                         for a, r, c in session.attended)
        trainers = ", ".join(agency_label(t) for t in session.trainers)
        story += [_text(f"{session.held_on.day} {session.held_on:%b %Y}: {session.topic}"
                        f"{kind}{where}", sheet["H3"]),
                  _text(f"Trainers from {trainers}. Came: {came}."
                        + (" Covered: " + ", ".join(f"{pid} {version}" for pid, version
                                                     in session.protocols.items()) + "."
                           if session.protocols else ""), sheet["Body"])]
    story.append(_text("Where training has lapsed", sheet["H2"]))
    lapsed = [c for c in tr.coverage(db, list(current), today) if c.any_lapse]
    if not current:
        story.append(_text("No protocols were given to check.", sheet["Body"]))
    elif not lapsed:
        story.append(_text("Every protocol's current version is covered by a session in "
                           f"the last {tr.lapse_days(db)} days, and every recruit intake "
                           "is covered.", sheet["Body"]))
    for item in lapsed:
        why = "; ".join(f"{KIND_WORDS[kind]}: {reason}" for kind, reason
                       in item.reasons(threshold if share else None))
        confirmed = ", ".join(f"{agency_label(code) if code else 'agency not recorded'} "
                              f"{_count(number, share, threshold)}"
                              for code, number in sorted(item.confirmed.items()) if number)
        story.append(_text(f"{item.title} (version {item.version}). {why}. Confirmed "
                           f"reading this version: {confirmed or 'nobody'}.", sheet["Body"]))
    return story


# The reason a protocol's coverage lapsed, named first on the page.
KIND_WORDS = {"new version": "New version", "period": "Period passed",
              "no session": "No session", "intake": "Recruit intake"}
