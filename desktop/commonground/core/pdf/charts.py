"""Bar charts for PDFs, drawn with reportlab.graphics, as the screen draws them.

One series per chart, horizontal bars, the value written beside each bar so the meaning
never rests on colour; incidents by month and type as one small column chart per type. A
value that is not a number ("<5", "–", "not shown") gets no bar, only its words: a hidden
small count is never drawn.
"""

from __future__ import annotations

import re
from typing import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..committee.tables import month_words
from .common import FONT, FONT_BOLD, register_fonts
from .report_pdf import printable

WIDTH = A4[0] - 36 * mm - 12         # build_pdf's frame, less its padding
BAR_COLOUR = colors.HexColor("#2f6db3")   # the screen's bars
ROWS_PER_DRAWING = 40                # a longer chart goes on in a second drawing
FONT_SIZE = 8


def show(value) -> str:
    """A value as people read it: 9,109 rather than 9109."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return printable(str(value))


def bar_value(value) -> float | None:
    """The length a value gives its bar: a count, or a share such as "25%"; else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)%", str(value))
    return float(match.group(1)) if match else None


def _label_lines(labels: Sequence[str], width: float) -> list[list[str]]:
    """Each label on at most two lines; a longer one ends in "…" (its table has it whole)."""
    out = []
    for label in labels:
        text = " ".join(printable(label).split())
        parts = simpleSplit(text, FONT, FONT_SIZE, width)[:2] or [""]
        if " ".join(parts) != text:
            parts[-1] = parts[-1][:max(len(parts[-1]) - 2, 1)] + "…"
        out.append(parts)
    return out


def bar_charts(labels: Sequence[str], values: Sequence, *, percent: bool = False,
               width: float = WIDTH) -> list[Drawing]:
    """One bar per label; shares are drawn against 100%, counts against the largest."""
    register_fonts()
    texts = [show(v) for v in values]
    lengths = [bar_value(v) for v in values]
    label_width = min(max(stringWidth(printable(t), FONT, FONT_SIZE) for t in labels) + 8,
                      0.4 * width)
    lines = _label_lines(labels, label_width - 8)
    value_width = max(stringWidth(t, FONT_BOLD, FONT_SIZE) for t in texts) + 10
    plot = width - label_width - value_width
    top = 100.0 if percent else max([n for n in lengths if n is not None] + [1.0])
    row = 22 if any(len(parts) > 1 for parts in lines) else 15
    drawings = []
    for start in range(0, len(labels), ROWS_PER_DRAWING):
        count = min(ROWS_PER_DRAWING, len(labels) - start)
        drawing = Drawing(width, row * count + 4)
        for offset in range(count):
            index = start + offset
            middle = drawing.height - row * (offset + 1) + row / 2
            parts = lines[index]
            for n, part in enumerate(parts):
                drawing.add(String(label_width - 6, middle - 3 + (len(parts) - 1 - 2 * n) * 4.5,
                                   part, fontName=FONT, fontSize=FONT_SIZE, textAnchor="end"))
            length = 0.0
            if lengths[index] is not None:
                length = plot * lengths[index] / top
                drawing.add(Rect(label_width, middle - 5, length, 10, fillColor=BAR_COLOUR,
                                 strokeColor=None))
            drawing.add(String(label_width + length + 4, middle - 3, texts[index],
                               fontName=FONT_BOLD, fontSize=FONT_SIZE))
        drawing.add(Line(label_width, 2, label_width, drawing.height,
                         strokeColor=colors.HexColor("#555555"), strokeWidth=0.6))
        drawings.append(drawing)
    return drawings


PANEL_HEIGHT = 92
COLUMN_AREA = 48


def month_type_charts(table, *, columns: int = 2) -> list:
    """Incidents by month and type as small charts, one per type (the first for all
    incidents), on one shared scale, laid out ``columns`` to a row; each has its name and
    total in words, and every column its count and month. Nothing rests on colour."""
    from reportlab.platypus import Table as Grid
    from reportlab.platypus import TableStyle

    register_fonts()
    months = [str(row[0]) for row in table.rows]
    series = [(str(name), [row[index] for row in table.rows])
              for index, name in enumerate(table.columns) if index]
    top = max([bar_value(v) or 0 for _name, values in series for v in values] + [1.0])
    width = WIDTH / columns - 6
    panels = [_panel(name, values, months, top, width) for name, values in series]
    rows = [panels[start:start + columns] for start in range(0, len(panels), columns)]
    rows[-1] += [""] * (columns - len(rows[-1]))
    grid = Grid(rows, colWidths=[WIDTH / columns] * columns, hAlign="LEFT")
    grid.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [grid]


def _panel(name: str, values: list, months: list[str], top: float, width: float) -> Drawing:
    drawing = Drawing(width, PANEL_HEIGHT)
    total = sum(v for v in values if isinstance(v, int) and not isinstance(v, bool))
    drawing.add(String(0, PANEL_HEIGHT - 10, f"{printable(name)}: {total:,}",
                       fontName=FONT_BOLD, fontSize=FONT_SIZE))
    step = width / max(len(values), 1)
    base = 16
    small = FONT_SIZE - 1.5
    for position, value in enumerate(values):
        x = position * step
        length = bar_value(value)
        height = COLUMN_AREA * length / top if length is not None else 0
        if length is not None:
            drawing.add(Rect(x + step * 0.2, base, step * 0.6, max(height, 0.5),
                             fillColor=BAR_COLOUR, strokeColor=None))
        drawing.add(String(x + step / 2, base + height + 2, show(value), fontName=FONT,
                           fontSize=small, textAnchor="middle"))
        label = _month_short(months[position], step, small)
        drawing.add(String(x + step / 2, base - 9, label, fontName=FONT, fontSize=small,
                           textAnchor="middle"))
    drawing.add(Line(0, base, width, base, strokeColor=colors.HexColor("#555555"),
                     strokeWidth=0.6))
    return drawing


def _month_short(label: str, room: float, size: float) -> str:
    """The longest way to write the month that fits (the table has every label whole)."""
    words = month_words(label)
    return next((w for w in words if stringWidth(w, FONT, size) <= room - 1), words[-1])
