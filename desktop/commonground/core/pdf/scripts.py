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
exactly as before (no ligatures). A paragraph with right-to-left text is broken into lines
on the text as written (``logical_lines``, measuring each word as it is shaped) and only
then is each line put in drawing order (``visual_line``: the bidirectional algorithm's
reordering of one line, rule L2), so an account that wraps keeps its first words on its
first line (``bidi_paragraph``). Its direction is that of its first letter (rules P2, P3):
an account written in Arabic is set right to left and aligned right, an English sentence
with an Arabic name in it left to right.

DejaVu Sans draws Latin (Polish included), Greek, Cyrillic and Hebrew. Arabic-script
words come from Noto Sans Arabic (DejaVu has no ے, ہ or ۔ for Urdu) and Bengali from Noto
Sans Bengali (``FALLBACKS``: each letter of their scripts is set in that font, with the
signs around it the font draws). Scripts no bundled font draws (Chinese, Japanese,
Korean) and emoji are named by ``report_pdf.printable``, never dropped.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Callable
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..resources import resources_dir
from . import shaping
from .shaping import MIRROR, direction, without_controls  # noqa: F401 (used by callers)

try:
    from bidi import get_display
except ImportError:   # pragma: no cover - a dependency; without it the order is not fixed
    get_display = None

# Letters of the right-to-left scripts, with the marks written on them: Hebrew, Arabic
# (with its supplements and extended blocks) and their presentation forms.
_RTL = "\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff" \
       "\ufe70-\ufeff"
_RTL_CHAR = re.compile(f"[{_RTL}]")
_RTL_WORD = re.compile(f"[{_RTL}][{_RTL}\u064b-\u065f\u0670\u200c\u200d]*")
# Scripts whose letters change shape with their neighbours: HarfBuzz is needed.
_SHAPED = re.compile(f"[{_RTL}\u0980-\u09ff]")
_shaped_styles: dict[int, ParagraphStyle] = {}


def needs_shaping(text: str) -> bool:
    return bool(_SHAPED.search(text or ""))


def has_rtl(text: str) -> bool:
    return bool(text) and get_display is not None and bool(_RTL_CHAR.search(text))


_LEVELS = re.compile(r"Level\(\s*(\d+),?\s*\)")


def levels(line: str, base: str) -> list[int] | None:
    """Each character's embedding level in ``line`` (rules P to I of the algorithm), or
    None if python-bidi cannot say. python-bidi gives them, one per UTF-8 byte, only in
    its description of its working."""
    if get_display is None:
        return None
    found = get_display(line, base_dir=base, debug=True)
    found = found if isinstance(found, str) else ""
    start, end = found.find("levels:"), found.find("paragraphs:")
    by_byte = [int(level) for level in _LEVELS.findall(found[start:end])] \
        if 0 <= start < end else []
    if len(by_byte) != len(line.encode("utf-8")):
        return None
    out, offset = [], 0
    for char in line:
        out.append(by_byte[offset])
        offset += len(char.encode("utf-8"))
    return out


def visual_line(line: str, base: str = "L") -> str:
    """One line in the order it is drawn, left to right, for a paragraph of direction
    ``base``: rule L2 (reverse each run at or above each odd level, highest first) and L4
    (a bracket in a right-to-left run is mirrored). HarfBuzz lays out a word holding
    right-to-left letters right to left, mirroring its brackets itself, so such a word is
    handed to it as written."""
    line = without_controls(line)
    if not _RTL_CHAR.search(line) or get_display is None:
        return line
    found = levels(line, base)
    if found is None:       # cannot happen with the pinned python-bidi: order words only
        return _RTL_WORD.sub(lambda m: m.group(0)[::-1], get_display(line, base_dir=base))
    order = list(range(len(line)))
    odd = [level for level in found if level % 2]
    for level in range(max(found), min(odd, default=max(found) + 1) - 1, -1):
        i = 0
        while i < len(order):
            if found[order[i]] >= level:
                j = i
                while j < len(order) and found[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    words, word = [], []
    for index in order + [-1]:
        if index < 0 or line[index] == " ":
            if any(_RTL_CHAR.match(line[k]) for k in word):
                words.append("".join(line[k] for k in reversed(word)))
            else:
                words.append("".join(MIRROR.get(line[k], line[k]) if found[k] % 2
                                     else line[k] for k in word))
            word = []
        else:
            word.append(index)
    return " ".join(words)


def visual(text: str) -> str:
    """Plain text with each line's right-to-left runs in the order they are drawn (lines
    as they are: no wrapping), starting on the left as the document does."""
    if not has_rtl(text):
        return text
    return "\n".join(visual_line(line, "L") for line in text.split("\n"))


_BREAK = re.compile(r"[^\S\xa0]+")     # where reportlab may break a line: not at a no-break space


def logical_lines(text: str, measure: Callable[[str], float], space: float,
                  room: float, first_room: float | None = None) -> list[str]:
    """``text`` broken into lines as written, each as many words as fit in ``room`` (the
    first in ``first_room``); a word wider than a line has one to itself. Line breaks in
    the text are kept."""
    lines: list[str] = []
    for hard in text.split("\n"):
        words = [word for word in _BREAK.split(hard) if word]
        line: list[str] = []
        width = 0.0
        for word in words:
            wide = measure(word)
            limit = first_room if first_room is not None and not lines else room
            if line and width + space + wide > limit:
                lines.append(" ".join(line))
                line, width = [], 0.0
            width += (space if line else 0.0) + wide
            line.append(word)
        lines.append(" ".join(line))
    return lines


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


# Arabic-script words (Arabic, Urdu, Persian) are set whole in Noto Sans Arabic: DejaVu
# Sans has no ے (yeh barree), ہ (heh goal) or ۔ (the Urdu full stop), and a word whose
# letters came from two fonts would not join.
FALLBACKS = (Fallback("CGBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf",
                      "\u0980-\u09ff"),
             Fallback("CGArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
                      "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"))
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
        shaping.install()
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


_WORDS = re.compile(r"(\s+)")


def _font_for(char: str, owner: str | None, font: str) -> str:
    """The font one character of a word is set in: its script's, if a fallback's; else
    the word's script's font if that draws it (a full stop, a digit, a joiner), so
    HarfBuzz shapes the word as one; else ``font``, or a fallback where ``font`` lacks it
    (Bengali's danda)."""
    bold = "Bold" in font
    for fallback in FALLBACKS:
        if re.match(f"[{fallback.letters}]", char):
            return f"{fallback.name}-Bold" if bold else fallback.name
    if owner and ord(char) in pdfmetrics.getFont(owner).face.charToGlyph:
        return owner
    if ord(char) not in pdfmetrics.getFont(font).face.charToGlyph:
        for fallback in FALLBACKS:
            name = f"{fallback.name}-Bold" if bold else fallback.name
            if ord(char) in pdfmetrics.getFont(name).face.charToGlyph:
                return name
    return font


def font_runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` as (font, run) pairs: each word's letters of a fallback script in its
    font, with the signs around them that font draws (``_font_for``); the rest in
    ``font``."""
    register_fallbacks()
    runs: list[tuple[str, str]] = []
    for word in _WORDS.split(text):
        if not word:
            continue
        owner = None
        for char in word:
            name = _font_for(char, owner, font)
            owner = owner or (name if name != font else None)
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + char)
            else:
                runs.append((name, char))
    # The spaces between two words in one font are set in it too, so a line of Arabic is
    # one run of text in the PDF, which a reader copies out as one.
    merged: list[tuple[str, str]] = []
    for name, run in runs:
        if (len(merged) >= 2 and merged[-2][0] == name != font and merged[-1][1].isspace()
                and "\n" not in merged[-1][1]):
            gap = merged.pop()[1]
            merged[-1] = (name, merged[-1][1] + gap + run)
        else:
            merged.append((name, run))
    return merged


def markup(text: str, style: ParagraphStyle) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept, each word of a fallback
    script in its font in the style's weight (``font_runs``)."""
    if text.isascii():
        return escape(text).replace("\n", "<br/>")
    parts = [escape(run) if font == style.fontName else
             f'<font name="{font}">{escape(run)}</font>'
             for font, run in font_runs(text, style.fontName)]
    return "".join(parts).replace("\n", "<br/>")


def shape_word(word):
    """A word as reportlab shapes it (font by font: ``shaping``)."""
    register_fallbacks()
    return shaping.shape_by_font(word)
