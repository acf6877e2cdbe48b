"""Bar charts for PDFs, drawn with reportlab.graphics, as the screen draws them.

One series per chart, horizontal bars, the value written beside each bar so the meaning
never rests on colour. A value that is not a number ("<5", "–", "not shown") gets no bar,
only its words: a hidden small count is never drawn.
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
