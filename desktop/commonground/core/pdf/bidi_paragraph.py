"""A paragraph holding right-to-left text, broken into lines before it is ordered.

reportlab wraps the words of a paragraph in the order they are drawn. Ordered for drawing
first and wrapped after, an account in Arabic that runs over three lines would print its
last words on the first line. ``BidiParagraph`` keeps the text as it was written; when it
learns its width it breaks that text into lines, measuring each word as HarfBuzz shapes
it (``scripts.logical_lines``), and only then puts each line in drawing order
(``scripts.visual_line``), one line per explicit break. Split across a page (or a table
row), each part is again the text as written, from the start of one of its lines, so it
breaks the same way.
"""

from __future__ import annotations

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from . import scripts

_FUZZ = 1e-6
_rtl_styles: dict[int, ParagraphStyle] = {}


markup = scripts.markup


def _aligned(style: ParagraphStyle, base: str) -> ParagraphStyle:
    """The shaped style, aligned right for a right-to-left paragraph."""
    shaped = scripts.shaped(style)
    if base != "R" or style.alignment != TA_LEFT:
        return shaped
    found = _rtl_styles.get(id(shaped))
    if found is None or found.parent is not shaped:
        found = ParagraphStyle(f"{style.name}-rtl", parent=shaped, alignment=TA_RIGHT)
        _rtl_styles[id(shaped)] = found
    return found


class BidiParagraph(Paragraph):
    """Built from plain text holding right-to-left letters; made by ``common.para``."""

    def __init__(self, text, style=None, *args, logical: str | None = None, **kwargs):
        # reportlab itself makes parts of a paragraph with (None, style, frags=...).
        self._logical = None
        if logical is None:
            super().__init__(text, style, *args, **kwargs)
            return
        self._logical = scripts.without_controls(logical)
        self._base = scripts.direction(self._logical)
        self._source_style = style
        self._lines: list[str] = []
        self._width: float | None = None
        super().__init__(markup(self._logical, style), _aligned(style, self._base))

    def _measure(self, word: str) -> float:
        style = self.style
        frags = [(ABag(fontName=font, fontSize=style.fontSize), run)
                 for font, run in scripts.font_runs(word, style.fontName)]
        plain = sum(pdfmetrics.stringWidth(run, bag.fontName, bag.fontSize)
                    for bag, run in frags)
        return scripts.shape_word([plain, *frags])[0]

    def _lay_out(self, width: float) -> None:
        style = self.style
        room = width - style.leftIndent - style.rightIndent
        space = pdfmetrics.stringWidth(" ", style.fontName, style.fontSize)
        widths: dict[str, float] = {}

        def measure(word: str) -> float:
            if word not in widths:
                widths[word] = self._measure(word)
            return widths[word]
        # reportlab measures the drawn line a hair differently (mirrored brackets, kerning
        # between words): should it want to wrap a line again, break a little shorter.
        for slack in (0.0, 1.0, 3.0, 8.0):
            lines = scripts.logical_lines(self._logical, measure, space, room - slack,
                                          room - slack - style.firstLineIndent)
            drawn = "\n".join(scripts.visual_line(line, self._base) for line in lines)
            self._setup(markup(drawn, self._source_style), self.style, None, None,
                        cleanBlockQuotedText)
            self.blPara = self.breakLines([room - style.firstLineIndent, room])
            if len(self.blPara.lines) <= len(lines):
                break
        self._lines = lines
        self._width = width

    def wrap(self, availWidth, availHeight):
        if self._logical is not None and self._width != availWidth:
            self._lay_out(availWidth)
        return super().wrap(availWidth, availHeight)

    def split(self, availWidth, availHeight):
        if self._logical is None:
            return super().split(availWidth, availHeight)
        self.wrap(availWidth, availHeight)
        style = self.style
        fit = int((availHeight + _FUZZ) / style.leading)
        lines = self._lines
        if fit == 0 or (fit == 1 and not style.allowOrphans and len(lines) > 1):
            return []
        if len(lines) <= fit:
            return [self]
        if not style.allowWidows and len(lines) == fit + 1 and fit > 1:
            fit -= 1      # give the widow company
        head = "\n".join(lines[:fit])
        tail = "\n".join(lines[fit:])
        first = BidiParagraph(None, self._source_style, logical=head)
        rest = BidiParagraph(None, self._source_style, logical=tail)
        first._base = rest._base = self._base
        first.style = _aligned(self._source_style, self._base)
        rest.style = first.style
        return [first, rest]
