"""What every Common Ground PDF shares: fonts, styles, the page frame, page x of y, and
what a reader's software needs to know about the document.

Every PDF declares its language (British English: a screen reader picks its voice from it),
asks the viewer to show its title rather than its file name, and embeds every font it uses:
DejaVu Sans and DejaVu Sans Mono from resources/fonts, never an un-embedded Helvetica or
Courier (the canvas's own starting font included). The running header wraps onto a second
line rather than run off the page.

Documents are built in memory and written atomically, so a failed or cancelled render
never leaves a half-written PDF under the name the user chose.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ListStyle, ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from ..resources import resources_dir
from ..storage.atomic import write_bytes_atomic
from . import (
    Cancelled,  # noqa: F401 (documents raise common.Cancelled)
    scripts,
)
from .bidi_paragraph import BidiParagraph

FONT = "CGSans"
FONT_BOLD = "CGSans-Bold"
FONT_MONO = "CGMono"
LANGUAGE = "en-GB"
HEADER_SIZE = 8
MARGIN = 18 * mm
_fonts_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """DejaVu Sans covers the names and symbols Helvetica cannot (Ł, ≤, →)."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        folder = resources_dir() / "fonts"
        pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFont(TTFont("CGSans-Italic", str(folder / "DejaVuSans-Oblique.ttf")))
        pdfmetrics.registerFont(TTFont("CGSans-BoldItalic",
                                       str(folder / "DejaVuSans-BoldOblique.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_MONO, str(folder / "DejaVuSansMono.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD,
                                      italic="CGSans-Italic", boldItalic="CGSans-BoldItalic")
        # reportlab starts table cells, list bullets and chart text in Helvetica, which is
        # never embedded (even where a cell holds a paragraph in our font, the page still
        # lists Helvetica): start them in ours. Only Common Ground's PDFs use reportlab here.
        CellStyle.fontname = FONT
        ListStyle.defaults["bulletFontName"] = FONT
        STATE_DEFAULTS["fontName"] = FONT
        _fonts_ready = True


def styles() -> StyleSheet1:
    register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle("Body", fontName=FONT, fontSize=10, leading=13.5,
                          spaceAfter=5, alignment=TA_LEFT)
    sheet.add(base)
    sheet.add(ParagraphStyle("Small", parent=base, fontSize=8.5, leading=11))
    sheet.add(ParagraphStyle("Title", parent=base, fontName=FONT_BOLD, fontSize=18,
                             leading=22, spaceAfter=8))
    sheet.add(ParagraphStyle("H1", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18,
                             spaceBefore=10, spaceAfter=6))
    sheet.add(ParagraphStyle("H2", parent=base, fontName=FONT_BOLD, fontSize=12.5,
                             leading=16, spaceBefore=10, spaceAfter=4))
    sheet.add(ParagraphStyle("H3", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14,
                             spaceBefore=8, spaceAfter=3))
    sheet.add(ParagraphStyle("Cell", parent=base, fontSize=9, leading=11.5, spaceAfter=0))
    sheet.add(ParagraphStyle("CellBold", parent=base, fontName=FONT_BOLD, fontSize=9,
                             leading=11.5, spaceAfter=0))
    sheet.add(ParagraphStyle("Warning", parent=base, fontName=FONT_BOLD,
                             textColor=colors.HexColor("#7a0000"),
                             backColor=colors.HexColor("#fde2e1"), borderPadding=4,
                             spaceBefore=4, spaceAfter=8))
    sheet.add(ParagraphStyle("Code", parent=base, fontName=FONT_MONO, fontSize=9, leading=11))
    return sheet


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped), keeping line breaks; right-to-left names in
    reading order and joined (``scripts``): broken into lines as written, then each line
    ordered (``bidi_paragraph``)."""
    text = text or ""
    if scripts.has_rtl(text):
        return BidiParagraph(None, style, logical=text)
    if scripts.needs_shaping(text):
        style = scripts.shaped(style)
    return Paragraph(scripts.markup(text, style), style)


def label_value_table(rows: list[tuple[str, str]], sheet: StyleSheet1,
                      label_width: float = 42 * mm) -> Table:
    data = [[para(label, sheet["CellBold"]), para(value, sheet["Cell"])]
            for label, value in rows]
    table = Table(data, colWidths=[label_width, None], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8c8c8")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def header_lines(text: str, width: float | None = None, most: int = 2) -> list[str]:
    """A running header (or footer) as it fits across the page: one line, or up to
    ``most`` wrapped at a word; only text even those cannot hold ends in "…"."""
    from reportlab.lib.utils import simpleSplit

    register_fonts()
    room = width if width is not None else A4[0] - 2 * MARGIN
    lines = simpleSplit(text, FONT, HEADER_SIZE, room) or [""]
    if len(lines) > most:
        tail = " ".join(lines[most - 1:])
        while tail and pdfmetrics.stringWidth(tail + "…", FONT, HEADER_SIZE) > room:
            tail = tail[:-1]
        lines = lines[:most - 1] + [tail.rstrip() + "…"]
    return lines


@dataclass(frozen=True)
class PageFrame:
    header: str                 # top line on every page
    marking: str = ""           # e.g. OFFICIAL-SENSITIVE, top and bottom centre
    footer: str = ""            # bottom left


def _numbered_canvas(frame: PageFrame):
    class NumberedCanvas(rl_canvas.Canvas):
        """Two-pass page numbering: 'Page x of y' needs the page count."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []
            self._marks = []    # (page index, key, options): link targets, set at save

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def bookmarkPage(self, key, **options):
            # Pages are written only at save, so a target set now would point at page 1.
            self._marks.append((len(self._pages), key, options))

        def save(self):
            total = len(self._pages)
            for index, state in enumerate(self._pages):
                self.__dict__.update(state)
                for page, key, options in self._marks:
                    if page == index:
                        super().bookmarkPage(key, **options)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(FONT, HEADER_SIZE)
            self.setFillColor(colors.HexColor("#333333"))
            for number, line in enumerate(header_lines(frame.header, width - 2 * MARGIN)):
                self.drawString(MARGIN, height - 11.5 * mm - number * 3.6 * mm, line)
            self.drawString(MARGIN, 10 * mm, header_lines(frame.footer, width - 2 * MARGIN
                                                          - 30 * mm, most=1)[0])
            self.drawRightString(width - 18 * mm, 10 * mm,
                                 f"Page {self._pageNumber} of {total}")
            if frame.marking:
                self.setFont(FONT_BOLD, 10)
                self.setFillColor(colors.black)
                self.drawCentredString(width / 2, height - 7 * mm, frame.marking)
                self.drawCentredString(width / 2, 5 * mm, frame.marking)
            self.restoreState()

    return NumberedCanvas


def build_pdf(target: Path | str | None, story: list, frame: PageFrame, *, title: str,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> bytes:
    """Lay out ``story`` on A4 and write it atomically to ``target`` (if given)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=title,
                            author="Common Ground", creator="Common Ground",
                            lang=LANGUAGE, displayDocTitle=True, initialFontName=FONT)
    total = max(len(story), 1)

    def after_flowable(flowable):
        if cancelled is not None and cancelled():
            raise Cancelled()
        if progress is not None:
            after_flowable.count += 1
            if after_flowable.count % 20 == 0:
                progress(min(after_flowable.count, total), total)
    after_flowable.count = 0
    doc.afterFlowable = after_flowable
    doc.build(story, canvasmaker=_numbered_canvas(frame))
    data = buffer.getvalue()
    if progress is not None:
        progress(total, total)
    if target is not None:
        write_bytes_atomic(Path(target), data)
    return data


def printed_on(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    return now.strftime("%d %b %Y %H:%M")


def check_scripts() -> str:
    """What selftest says of ``scripts``: that the PDFs can join, order and draw names in
    other scripts (a frozen build missing a library or a font fails it)."""
    register_fonts()
    if scripts.get_display is None:
        raise RuntimeError("python-bidi is missing: right-to-left names would print "
                           "in the wrong order")
    if not pdfmetrics.getFont(FONT).shapable:
        raise RuntimeError("uharfbuzz is missing: Arabic and Urdu names would print "
                           "unjoined")
    covered = scripts.fallback_coverage()
    if ord("আ") not in covered:
        raise RuntimeError("the Bengali font is missing")
    if ord("ے") not in covered:
        raise RuntimeError("the Arabic font is missing: Urdu would print with letters "
                           "named, not drawn")
    if scripts.visual("محمد علي") != "علي محمد":
        raise RuntimeError("right-to-left names are not put in drawing order")
    return "Arabic and Urdu joined and ordered, Bengali drawn"
