"""An incident report as a PDF fit to hand to the police.

The body is exactly what ``report_document.blocks()`` gives the report viewer, so paper
and screen never disagree; then the addenda and the timeline. Every page carries the
OFFICIAL-SENSITIVE marking, and a draft says so in its header and on page 1.

Everything a user typed reaches reportlab as plain text: escaped (``para``), with line
endings normalised, and with any character the bundled fonts cannot draw named (an emoji
by its name, letters of a script without a font by their code points), so nothing
silently vanishes from a statement that may become evidence. Right-to-left names are
ordered and joined, and Bengali set in its own font (``scripts``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Table, TableStyle

from ..records import kinds as rk
from ..records.document import Block, addenda, blocks, timeline_rows
from ..records.record import Report
from ..records.timeline import Event
from ..timeutil import format_time
from . import scripts
from .common import (
    FONT,
    FONT_BOLD,
    PageFrame,
    build_pdf,
    label_value_table,
    para,
    printed_on,
    register_fonts,
    styles,
)

MARKING = "OFFICIAL-SENSITIVE"
DRAFT_LINE = "DRAFT – not submitted"
DRAFT_NOTICE = ("DRAFT – not submitted. This report has not been checked or submitted, has "
                "no reference number and may still change.")
TIMELINE_ADDENDUM_CHARS = 300
_LINE_ENDS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


@functools.lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """Code points both the regular and the bold face can draw."""
    register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return (frozenset(regular) & frozenset(bold)) | scripts.fallback_coverage()


_SCRIPTS = {"CJK": "Chinese, Japanese or Korean", "HIRAGANA": "Japanese",
            "KATAKANA": "Japanese", "HANGUL": "Korean"}


def _unshown(chars: list[str]) -> str:
    """Characters no bundled font draws, named so a reader knows what was written: an
    emoji by its name, letters of a script without a font by their code points."""
    first = chars[0]
    if _is_emoji(first):
        return "".join(f"[emoji: {unicodedata.name(c, f'U+{ord(c):04X}').lower()}]"
                       for c in chars)
    if unicodedata.category(first).startswith("L"):
        word = unicodedata.name(first, "").split(" ")[0]
        script = _SCRIPTS.get(word, word.capitalize() or "Unknown")
        codes = " ".join(f"U+{ord(c):04X}" for c in chars)
        return f"[{script} text, no font in this PDF: {codes}]"
    return "".join(f"[{unicodedata.name(c, f'U+{ord(c):04X}')}]" for c in chars)


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) == "So" and (0x1F000 <= code <= 0x1FAFF
                                                   or 0x2600 <= code <= 0x27BF)


def printable(value) -> str:
    """User text made safe to lay out, losing nothing a reader would need."""
    text = _LINE_ENDS.sub("\n", str(value if value is not None else ""))
    drawable = _drawable()
    out: list[str] = []
    unshown: list[str] = []

    def flush() -> None:
        if unshown:
            out.append(_unshown(unshown))
            unshown.clear()
    for char in text:
        if unshown and (ord(char) in drawable or _is_emoji(char) != _is_emoji(unshown[0])
                        or unicodedata.category(char)[0] != unicodedata.category(
                            unshown[0])[0]):
            flush()
        code = ord(char)
        category = unicodedata.category(char)
        if char == "\n":
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif category == "Cc":
            continue  # a stray control character is noise from a paste, not text
        elif code in drawable:
            out.append(char)
        elif category == "Cs":
            out.append("\ufffd")  # a lone surrogate from JSON cannot be encoded at all
        elif category == "Cf" or 0xFE00 <= code <= 0xFE0F:
            continue  # joiners and variation selectors carry no visible text
        else:
            # A box or a blank would hide that something was written here.
            unshown.append(char)
    flush()
    return "".join(out)


def _text(value, style: ParagraphStyle):
    return para(printable(value), style)


def _paragraphs(text: str, style: ParagraphStyle) -> list:
    """Blank lines start a new paragraph (so long text can flow across pages); single
    line breaks are kept inside a paragraph."""
    chunks = [chunk.strip("\n") for chunk in _BLANK_LINES.split(printable(text))]
    return [para(chunk, style) for chunk in chunks if chunk.strip()]


def _grid(rows, sheet, widths: list[str]) -> Table:
    """A table with a repeated header row whose rows may split across pages (a
    10,000-character addendum in the timeline is taller than a page)."""
    data = [[_text(cell, sheet["CellBold" if index == 0 else "Cell"]) for cell in row]
            for index, row in enumerate(rows)]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
    ]))
    return table


def _rows(rows, sheet) -> Table:
    table = label_value_table([(printable(label), printable(value)) for label, value in rows],
                              sheet)
    table.splitInRow = 1  # a draft can hold any length of text in any field
    return table


def _block(block: Block, sheet, heading: ParagraphStyle) -> list:
    story = [_text(block.title, heading)]
    if block.text_label:
        story.append(_text(block.text_label, sheet["H3"]))
        story.extend(_paragraphs(block.text, sheet["Body"]) or [_text("Not given",
                                                                      sheet["Body"])])
    if block.table:
        columns = len(block.table[0])
        story.append(_grid(block.table, sheet, [f"{100 / columns:.2f}%"] * columns))
    if block.rows:
        story.append(_rows(block.rows, sheet))
    return story


def _addenda(events: list[Event], sheet, heading: ParagraphStyle) -> list:
    story = [_text("Addenda", heading)]
    found = addenda(events)
    if not found:
        story.append(_text("None", sheet["Body"]))
    for event in found:
        story.append(_text(f"{format_time(event.at)} · {event.author}", sheet["H3"]))
        story.extend(_paragraphs(str(event.detail.get("text", "")), sheet["Body"]))
    return story


def _timeline(events: list[Event], sheet, heading: ParagraphStyle) -> list:
    story = [_text("Timeline", heading)]
    rows = timeline_rows(events)
    # An addendum is printed whole under Addenda; printing 10,000 characters twice would
    # bury the timeline, so its row here is a pointer.
    rows = [(at, who, _shorten(what)) if event.kind == "addendum" else (at, who, what)
            for event, (at, who, what) in zip(events, rows)]
    if not rows:
        return story + [_text("None", sheet["Body"])]
    widths = ["20%", "24%", "56%"]
    return story + [_grid([("Time", "Who", "What")] + rows, sheet, widths)]


def _shorten(text: str) -> str:
    if len(text) <= TIMELINE_ADDENDUM_CHARS:
        return text
    cut = text[:TIMELINE_ADDENDUM_CHARS].rsplit(" ", 1)[0]
    return f"{cut} … (continues under Addenda)"


def _title(report: Report) -> str:
    return rk.kind_of(report.data).words.document


def header_line(report: Report) -> str:
    return f"{_title(report)} · {report.reference or DRAFT_LINE}"


def report_story(report: Report, events: list[Event]) -> list:
    sheet = styles()
    # A heading alone at the foot of a page, its content overleaf, reads as a gap.
    heading = ParagraphStyle("H2Keep", parent=sheet["H2"], keepWithNext=1)
    story = [_text(_title(report), sheet["Title"]),
             _text(report.reference or DRAFT_LINE, sheet["H1"])]
    if report.is_draft:
        story.append(_text(DRAFT_NOTICE, sheet["Warning"]))
    for block in blocks(report):
        story.extend(_block(block, sheet, heading))
    story.extend(_addenda(events, sheet, heading))
    story.extend(_timeline(events, sheet, heading))
    return story


def report_pdf(report: Report, events: list[Event], target: Path | str | None, *,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> bytes:
    """The report as PDF bytes, also written atomically to ``target`` if given.

    Raises ``common.Cancelled`` (and writes nothing) if ``cancelled()`` turns true.
    """
    frame = PageFrame(header=header_line(report), marking=MARKING,
                      footer=f"Printed {printed_on()} from Common Ground")
    title = f"{_title(report)} {report.reference}" if report.reference \
        else f"{_title(report)} (draft)"
    return build_pdf(target, report_story(report, events), frame, title=title,
                     progress=progress, cancelled=cancelled)
