"""A prosecution-support case as one PDF for the police and the CPS.

A reviewing officer or a prosecutor asks the same questions every time: where does the case
stand, what has been done and when, what evidence is still outstanding, what did the person
who was harmed report, and what has the reporter been told. The file answers them in that
order. The incident report inside it is built by ``report_pdf.report_story``, so it reads
exactly like the report's own PDF.

Everything a person typed goes through ``report_pdf.printable`` and is escaped before
reportlab sees it; the only markup here is our own (the word OVERDUE in bold).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Table, TableStyle

from ..cases import steps as cs
from ..cases.actions import warnings
from ..cases.workflow import (
    Case,
    CaseError,
    CaseStep,
    get_case,
    messages_for_report,
    steps,
    timeline,
)
from ..records import reports as incidents
from ..storage.db import Database
from ..timeutil import format_time
from .common import PageFrame, build_pdf, label_value_table, para, printed_on, styles
from .report_pdf import MARKING, printable, report_story

WISHES = {"yes": "Supports prosecution", "no": "Does not support prosecution",
          "undecided": "Undecided"}
NOTE_CHARS = 300
# Measured so "24 Nov 2026" and "OVERDUE" each fit on one line at 8.5 pt.
_STEP_WIDTHS = [w * mm for w in (34, 18, 20, 23, 23, 22, 34)]


def _day(value) -> str:
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d %b %Y").lstrip("0")
    except ValueError:
        return str(value or "")


def _when(value) -> str:
    """A stored time as people read it; a bare date stays a date."""
    if not value:
        return ""
    return format_time(value) or _day(value)


def _text(value, style: ParagraphStyle) -> Paragraph:
    return para(printable(value), style)


def _grid(header: tuple[str, ...], rows: list[list], sheet, widths: list, *,
          small: bool = False) -> Table:
    """A table whose header repeats on each page and whose rows may split across pages,
    because a note can be longer than a page."""
    cell, bold = sheet["Cell"], sheet["CellBold"]
    if small:
        cell = ParagraphStyle("SmallCell", parent=cell, fontSize=8.5, leading=11)
        bold = ParagraphStyle("SmallCellBold", parent=bold, fontSize=8.5, leading=11)
    data = [[_text(text, bold) for text in header]]
    data += [[value if isinstance(value, Paragraph) else _text(value, cell) for value in row]
             for row in rows]
    # Split inside a row first, but only where at least 40 pt of it fits: splitting by
    # rows first leaves a page-long row under a second header on the same page.
    table = Table(data, colWidths=widths, repeatRows=1, splitByRow=0, splitInRow=40,
                  hAlign="LEFT")
    padding = 3 if small else 6
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
    ]))
    return table


def _rows(rows: list[tuple[str, str]], sheet) -> Table:
    table = label_value_table([(printable(k), printable(v)) for k, v in rows], sheet)
    table.splitInRow = 1
    return table


def _overdue(step: CaseStep, case: Case, today: dt.date) -> bool:
    # On a closed case nothing is waiting any more, so nothing can be late.
    return case.is_open and step.overdue(today)


def _due_cell(step: CaseStep, case: Case, today: dt.date, style) -> Paragraph:
    markup = escape(_day(step.due)) if step.due else ""
    if _overdue(step, case, today):
        markup += '<br/><font color="#7a0000"><b>OVERDUE</b></font>'
    return Paragraph(markup, style)


def _decision_words(detail: dict) -> str:
    words = cs.label(cs.DECISIONS, detail.get("decision"))
    if detail.get("decision") == "nfa":
        reason = detail.get("nfa_other") or cs.label(cs.NFA_REASONS, detail.get("nfa_reason"))
        words += f". Reason: {reason}"
    return words


def _step_details(step: CaseStep) -> str:
    d = step.detail
    lines = []
    if d.get("crime_reference"):
        lines.append(f"Crime reference: {d['crime_reference']}")
    if d.get("wish"):
        lines.append(f"Victim's wish: {WISHES.get(d['wish'], d['wish'])}")
    if d.get("decision"):
        lines.append(f"Decision: {_decision_words(d)}")
    if d.get("offence"):
        lines.append(f"Offence: {d['offence']}")
    if d.get("outcome"):
        lines.append(f"Court outcome: {cs.label(cs.COURT_OUTCOMES, d['outcome'])}")
    for name in ("hearings", "sentence"):
        value = d.get(name)
        if value:
            shown = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
            lines.append(f"{name.capitalize()}: {shown}")
    if step.status == "na" and step.na_reason:
        lines.append(f"Not applicable: {step.na_reason}")
    if step.note:
        lines.append(f"Note: {_shorten(step.note)}")
    return "\n".join(lines)


def _shorten(note: str) -> str:
    # A page-long note in a narrow column would stretch the table over many pages; the
    # whole note follows the table under "Step notes".
    if len(note) <= NOTE_CHARS:
        return note
    return f"{note[:NOTE_CHARS].rsplit(' ', 1)[0]} … (continues under Step notes)"


def _long_notes(found: list[CaseStep], sheet) -> list:
    story = []
    for step in found:
        if len(step.note) > NOTE_CHARS:
            story += [_text(step.title, sheet["H3"]), _text(step.note, sheet["Body"])]
    return story


def _steps_table(case: Case, found: list[CaseStep], today: dt.date, sheet) -> Table:
    due_style = ParagraphStyle("DueCell", parent=sheet["Cell"], fontSize=8.5, leading=11)
    rows = [[step.title, step.owner[:1].upper() + step.owner[1:],
             cs.label(cs.STEP_STATUS, step.status), _due_cell(step, case, today, due_style),
             _day(step.done_on) if step.done_on else "",
             step.done_by if step.status != "todo" and step.done_by else "",
             _step_details(step)] for step in found]
    return _grid(("Step", "Waits on", "Status", "Due", "Done", "By", "Details"), rows, sheet,
                 _STEP_WIDTHS, small=True)


def _pending(step: CaseStep, case: Case, today: dt.date, words: str) -> str:
    text = words + (f", due {_day(step.due)}" if step.due else "")
    return text + (". OVERDUE" if _overdue(step, case, today) else "")


def _state(step: CaseStep, case: Case, today: dt.date, done: str, todo: str) -> str:
    if step.status == "done":
        return f"{done} on {_day(step.done_on)}" + (f" by {step.done_by}" if step.done_by else "")
    if step.status == "na":
        return f"Not applicable: {step.na_reason or 'no reason given'}"
    return _pending(step, case, today, todo)


def _clinical(case: Case, asked: CaseStep, received: CaseStep, today: dt.date) -> str:
    if received.status != "todo":
        return _state(received, case, today, "Received", "")
    if asked.status == "done":
        return _pending(received, case, today,
                        f"Requested on {_day(asked.done_on)}, not received yet")
    return _state(asked, case, today, "Requested", "Not requested yet")


def _evidence(case: Case, by_key: dict[str, CaseStep], today: dt.date) -> list[tuple[str, str]]:
    clinical = _clinical(case, by_key["clinical_requested"], by_key["clinical_received"], today)
    return [
        ("CCTV preservation", _state(by_key["cctv_requested"], case, today,
                                     "Preservation requested", "Not requested yet")),
        ("Victim and witness statements", _state(by_key["statements_taken"], case, today,
                                                 "Taken", "Not taken yet")),
        ("Injury evidence", _state(by_key["injury_evidence"], case, today, "Secured",
                                   "Not secured yet")),
        ("Clinical background", clinical),
    ]


def _summary(case: Case, by_key: dict[str, CaseStep], opened_by: str,
             reference: str | None) -> list[tuple[str, str]]:
    decision = by_key["decision"]
    rows = [("Case number", case.number),
            ("Status", "Open" if case.is_open else "Closed"),
            ("Opened from", f"Report {reference}" if reference else "A helpline call"),
            ("Opened", format_time(case.opened_at) + (f" by {opened_by}" if opened_by else "")),
            ("Received", _when(case.received_at)),
            ("Incident date", _when(case.incident_at) or "Not known"),
            ("Victim", case.victim or "Not recorded"),
            ("Summary", case.summary or "Not recorded"),
            ("Crime reference", case.crime_reference or "Not recorded yet"),
            ("Decision", _decision_words(decision.detail) if decision.status == "done"
             else "No decision recorded yet")]
    if not case.is_open:
        rows.append(("Closed", _when(case.closed_at)))
        rows.append(("Closing reason", case.closing_reason or "Not given"))
    return rows


def _helpline_calls(db: Database, case_id: int, sheet, heading) -> list:
    calls = db.query("SELECT * FROM helpline_contacts WHERE case_id = ? ORDER BY at, id",
                     (case_id,))
    story = []
    for call in calls:
        story.append(_text(f"Helpline call, {_when(call['at'])}", heading))
        story.append(_rows([
            ("Caller", call["caller"]), ("Caller's role", call["caller_role"] or "Not given"),
            ("Organisation", call["organisation"] or "Not given"),
            ("Phone", call["phone"] or "Not given"), ("What the call was about", call["what"]),
            ("Report reference", call["report_reference"] or "None"),
            ("Incident date", _when(call["incident_at"]) or "Not given"),
            ("Taken by", call["logged_by"])], sheet))
    return story


def case_story(db: Database, case: Case, today: dt.date) -> list:
    sheet = styles()

    def heading(text: str) -> list:
        # A heading alone at the foot of a page reads as a gap. keepWithNext would do, but
        # with a table taller than the rest of the page reportlab splits that table badly.
        return [CondPageBreak(35 * mm), _text(text, sheet["H2"])]

    found = steps(db, case.id)
    by_key = {step.key: step for step in found}
    events = timeline(db, case.id)
    opened_by = next((e.author for e in events if e.kind == "opened"), "")
    report = incidents.get_report(db, case.report_id) if case.report_id else None
    reference = report.reference if report else None

    story = [_text("Case file", sheet["Title"]), _text(case.number, sheet["H1"]),
             _rows(_summary(case, by_key, opened_by, reference), sheet),
             *heading("Steps"), _steps_table(case, found, today, sheet)]
    notes = _long_notes(found, sheet)
    if notes:
        story += heading("Step notes") + notes
    story += heading("Evidence checklist") + [_rows(_evidence(case, by_key, today), sheet)]
    found_warnings = warnings(db, case.id, today=today)
    if found_warnings:
        story += heading("Warnings")
        story += [_text(text, sheet["Warning"]) for text in found_warnings]
    calls = _helpline_calls(db, case.id, sheet, sheet["H3"])
    if report is not None:
        story += [PageBreak()] + report_story(report, incidents.timeline(db, report.id))
        if calls:
            story += heading("Helpline calls about this case") + calls
        story += [PageBreak(), _text(f"Case file {case.number}, continued", sheet["H1"])]
    else:
        story += heading("Report") + [_text("Opened from a helpline call.", sheet["Body"])]
        story += calls

    story += heading("Messages to the reporter")
    messages = messages_for_report(db, report.id) if report is not None else []
    if messages:
        story.append(_grid(("Time", "Message"), [[_when(at), text] for at, text in messages],
                           sheet, ["22%", "78%"]))
    else:
        story.append(_text("None: this case came from a helpline call, not from a report."
                           if report is None else "None", sheet["Body"]))

    story += heading("Case timeline")
    story.append(_grid(("Time", "Who", "What"),
                       [[_when(e.at), e.author, e.describe()] for e in events], sheet,
                       ["20%", "20%", "60%"]))
    return story


def header_line(db: Database, case: Case) -> str:
    report = incidents.get_report(db, case.report_id) if case.report_id else None
    return f"Case file · {case.number} · {report.reference if report else 'helpline'}"


def case_pdf(db: Database, case_id: int, target: Path | str | None, *,
             progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None,
             today: dt.date | None = None) -> bytes:
    """The case file as PDF bytes, also written atomically to ``target`` if given.

    ``today`` decides which steps are overdue. Raises ``CaseError`` for an unknown case and
    ``common.Cancelled`` (writing nothing) if ``cancelled()`` turns true.
    """
    case = get_case(db, case_id)
    if case is None:
        raise CaseError("This case does not exist.")
    today = today or dt.date.today()
    frame = PageFrame(header=header_line(db, case), marking=MARKING,
                      footer=f"Printed {printed_on()} from Common Ground")
    return build_pdf(target, case_story(db, case, today), frame,
                     title=f"Case file {case.number}", progress=progress, cancelled=cancelled)
