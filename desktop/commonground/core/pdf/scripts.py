"""Text in the scripts staff and patients write names in, laid out the way they are read.

reportlab draws a line's words left to right. Arabic and Urdu (and Hebrew) are read right
to left and their letters join: "محمد علي" must come out with محمد on the right and every
letter in its joined form. Two libraries do what reportlab leaves to them:

- the order: python-bidi applies the Unicode bidirectional algorithm to each line of a
  paragraph (reportlab only does this with its own ``rlbidi``, which is not published);
  each right-to-left word is then put back in reading order, because
- the joining: reportlab shapes a paragraph with HarfBuzz (uharfbuzz) when its style asks
  for it (``shaping=1``), and HarfBuzz lays out a right-to-left word in drawing order.

Shaping is asked for only in a paragraph that holds such a script, so English text is set
exactly as before (no ligatures). A paragraph wholly in a right-to-left script that wraps
over several lines is ordered as one line before it is wrapped, so its lines come in the
wrong order: names and short answers, which is what reports hold in these scripts, fit one
line.

DejaVu Sans draws Latin (Polish included), Greek, Cyrillic, Hebrew and Arabic. Bengali
comes from Noto Sans Bengali (``FALLBACKS``: a run of its letters is set in that font).
Scripts no bundled font draws (Chinese, Japanese, Korean) and emoji are named by
``report_pdf.printable``, never dropped.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..resources import resources_dir

try:
    from bidi import get_display
except ImportError:   # pragma: no cover - a dependency; without it the order is not fixed
    get_display = None

# Letters of the right-to-left scripts, with the marks written on them: Hebrew, Arabic
# (with its supplements and extended blocks) and their presentation forms.
_RTL = "\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff" \
       "\ufe70-\ufeff"
_RTL_CHAR = re.compile(f"[{_RTL}]")
_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")
_RTL_WORD = re.compile(f"[{_RTL}][{_RTL}\u064b-\u065f\u0670\u200c\u200d]*")
# Scripts whose letters change shape with their neighbours: HarfBuzz is needed.
_SHAPED = re.compile(f"[{_RTL}\u0980-\u09ff]")
_shaped_styles: dict[int, ParagraphStyle] = {}


def needs_shaping(text: str) -> bool:
    return bool(_SHAPED.search(text or ""))


def visual(text: str) -> str:
    """Plain text with each line's right-to-left runs in the order they are drawn, each
    right-to-left word kept in reading order for HarfBuzz to lay out."""
    if not text or get_display is None or not _RTL_CHAR.search(text):
        return text
    lines = []
    for line in text.split("\n"):
        if _RTL_CHAR.search(line):
            # The document is English: a line starts on the left. Embedding, override and
            # isolate controls typed or pasted in are left out, so text cannot be made to
            # print in an order other than the one it was written in.
            line = _RTL_WORD.sub(lambda m: m.group(0)[::-1],
                                 get_display(_EXPLICIT.sub("", line), base_dir="L"))
        lines.append(line)
    return "\n".join(lines)


def shaped(style: ParagraphStyle) -> ParagraphStyle:
    """The style with HarfBuzz shaping on (one copy per style)."""
    found = _shaped_styles.get(id(style))
    if found is None or found.parent is not style:
        found = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
        _shaped_styles[id(style)] = found
    return found


@dataclass(frozen=True)
class Fallback:
    """A font for a script DejaVu Sans does not cover."""
    name: str
    regular: str        # file in resources/fonts
    bold: str
    letters: str        # a regular expression class of the script's code points


FALLBACKS = (Fallback("CGBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf",
                      "\u0980-\u09ff"),)
_lock = threading.Lock()
_registered = False


def register_fallbacks() -> None:
    global _registered
    with _lock:
        if _registered:
            return
        folder = resources_dir() / "fonts"
        for fallback in FALLBACKS:
            pdfmetrics.registerFont(TTFont(fallback.name, str(folder / fallback.regular)))
            pdfmetrics.registerFont(TTFont(f"{fallback.name}-Bold", str(folder / fallback.bold)))
        _registered = True


def fallback_coverage() -> frozenset[int]:
    """Code points the fallback fonts draw (in both weights)."""
    register_fallbacks()
    found: set[int] = set()
    for fallback in FALLBACKS:
        regular = pdfmetrics.getFont(fallback.name).face.charToGlyph
        bold = pdfmetrics.getFont(f"{fallback.name}-Bold").face.charToGlyph
        found |= set(regular) & set(bold)
    return frozenset(found)


def in_fallback_fonts(markup: str, style: ParagraphStyle) -> str:
    """Paragraph markup with each run of a fallback script's letters set in its font, in
    the style's weight (the marks and joiners written with them go with them)."""
    bold = "Bold" in style.fontName
    for fallback in FALLBACKS:
        run = re.compile(f"[{fallback.letters}][{fallback.letters}\u200c\u200d]*")
        if run.search(markup):
            register_fallbacks()
            name = f"{fallback.name}-Bold" if bold else fallback.name
            markup = run.sub(lambda m: f'<font name="{name}">{m.group(0)}</font>', markup)
    return markup

