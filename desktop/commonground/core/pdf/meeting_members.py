"""The meeting pack's opening: who attended, agency by agency, against the seats each agency
holds on the committee and who holds them (``committee/membership.py``)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle

from ..committee import meetings as mt
from .charts import WIDTH
from .common import FONT_BOLD, para
from .report_pdf import printable

ABSENT_WORDS = {"police": "the police", "health": "the mental health Trust",
                "social_care": "social care", "ambulance": "the ambulance service",
                "service_users": "service users and carers"}


def _seat_text(seat, on) -> str:
    parts = []
    for position, label in (("lead", "lead"), ("deputy", "deputy")):
        held = seat.holder(position, on)
        parts.append(f"{label} {held.name} ({held.role})" if held else f"{label} EMPTY")
    return f"{seat.title}: " + "; ".join(parts)


def attendance_against_seats(meeting: mt.Meeting | None, seats: list, sheet) -> list:
    """A row per agency: its seats and their holders, and who came to this meeting."""
    cell = ParagraphStyle("SeatCell", parent=sheet["Cell"], fontSize=9, leading=11.5)
    bold = ParagraphStyle("SeatHead", parent=cell, fontName=FONT_BOLD)
    rows = [[para(text, bold) for text in ("Agency", "Should attend (its seats)",
                                           "At this meeting")]]
    on = meeting.date if meeting is not None else None
    for code, label in mt.AGENCIES:
        mine = [seat for seat in seats if seat.agency == code]
        should = "\n".join(_seat_text(seat, on) for seat in mine) if on and mine else (
            "\n".join(seat.title for seat in mine) if mine else "No seat")
        if meeting is None:
            came = "No meeting recorded on this date"
        else:
            entry = meeting.attendees.get(code) or {}
            names = f": {entry['names']}" if entry.get("names") else ""
            came = f"Present{names}" if entry.get("present") else "NOT PRESENT"
        rows.append([para(printable(label), cell), para(printable(should), cell),
                     para(printable(came), cell)])
    table = Table(rows, colWidths=[WIDTH * 0.24, WIDTH * 0.46, WIDTH * 0.30], repeatRows=1,
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    if meeting is None:
        return [para("No meeting is recorded on this date, so attendance is not shown; the "
                     "seats are.", sheet["Body"]), table]
    story: list = [table]
    absent = ParagraphStyle("Absent", parent=sheet["Body"], fontName=FONT_BOLD, spaceBefore=4)
    for code in meeting.absent():
        words = ABSENT_WORDS.get(code, mt.agency_label(code).lower())
        held = sum(1 for seat in seats if seat.agency == code)
        seated = f" ({held} seat{'s' if held != 1 else ''} on the committee)" if held else ""
        story.append(para(f"No one from {words} attended{seated}.", absent))
    empty = [seat for seat in seats if seat.holder("lead", meeting.date) is None]
    for seat in empty:
        story.append(para(f"{mt.agency_label(seat.agency)}: nobody held the lead of "
                          f"'{seat.title}' on the day of the meeting.", absent))
    return story
