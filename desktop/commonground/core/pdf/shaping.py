"""Two corrections to how reportlab 5 shapes text with HarfBuzz, installed with the
fallback fonts (``scripts.register_fallbacks``).

- **A word in two fonts.** reportlab shapes a word with the font of its first part and
  reads every glyph back through the font of the part it came from, so a word with a part
  in another font (a bracket DejaVu draws around an Arabic name, a comma after a Bengali
  name) prints other glyphs or boxes. Such a word is shaped font by font here; the parts
  of a right-to-left word are laid right to left.
- **Text copied out.** A glyph HarfBuzz picks that its font gives no character (a joined
  Arabic form in Noto Sans Arabic, a Bengali conjunct) is given a private-use code by
  reportlab, and the PDF's ToUnicode map says so: copied out, the letter is lost. The
  map here gives the letters the glyph stands for, worked out from the font
  (``glyph_text``).
  What this cannot mend is order: a Bengali vowel sign drawn before its consonant is
  copied out before it (PDF text has no order other than the drawing's without marked
  content, which reportlab does not write).
"""

from __future__ import annotations

import re
import unicodedata

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord
from reportlab.platypus import paragraph as paragraph_module

from . import glyph_text

_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")
MIRROR = dict(zip("()[]{}<>«»‹›⁅⁆⁽⁾₍₎〈〉", ")(][}{><»«›‹⁆⁅⁾⁽₎₍〉〈"))


def without_controls(text: str) -> str:
    """Embedding, override and isolate controls typed or pasted in are left out, so text
    cannot be made to print in an order other than the one it was written in."""
    return _EXPLICIT.sub("", text)


def direction(text: str) -> str:
    """"R" if the first letter with a direction is right-to-left, else "L" (rules P2, P3;
    a text with no such letter is read as the document is, left to right)."""
    for char in without_controls(text):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return "L"


_shape_one_font = ttfonts.shapeFragWord
_cmap_of = ttfonts.makeToUnicodeCMap
_PRIVATE = range(0xE000, 0xF900)
# reportlab also asks for discretionary ligatures: Noto Sans Arabic would then print the
# name محمد as one ornate glyph with vowel marks nobody typed. A name prints as written.
FEATURES = {"kern": True, "liga": True}


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _special(part) -> bool:
    return hasattr(part[0], "cbDefn")


def _shape_and_record(word, features=None, force=False):
    return _shape_one_font(word, FEATURES if features is None else features, force)


def shape_by_font(word, features=None, force=False):
    if isinstance(word, ShapedFragWord):
        return word
    groups: list[list] = []
    for part in word[1:]:
        font = None if _special(part) else part[0].fontName
        if groups and (font is None or font == groups[-1][0]):
            groups[-1][1].append(part)
        else:
            groups.append([font, [part]])
    if len(groups) <= 1:
        return _shape_and_record(word, features, force)
    text = "".join(part[1] for part in word[1:] if not _special(part))
    if _has_rtl(text):
        # A word holding right-to-left letters comes as written (``scripts.visual_line``)
        # for HarfBuzz to lay out right to left. It does that within each part of its own
        # script; the other parts (a time, a bracket, a Latin name) are turned round and
        # their brackets mirrored here, as HarfBuzz would have done with the whole word.
        groups.reverse()
        for group in groups:
            if not any(_has_rtl(t) for f, t in group[1] if not _special((f, t))):
                group[1] = [part if _special(part) else
                            (part[0], "".join(MIRROR.get(c, c) for c in reversed(part[1])))
                            for part in reversed(group[1])]
    width, out = 0.0, []
    for _font, group in groups:
        plain = sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in group
                    if not hasattr(f, "cbDefn"))
        shaped = _shape_and_record([plain, *group], features, force)
        width += shaped[0]
        out.extend(shaped[1:])
    return makeShapedFragWord(word)([width, *out])


def _font_named(face: str):
    for name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
        found = getattr(getattr(font, "face", None), "name", None)
        if isinstance(found, bytes):
            found = found.decode("latin-1")
        if found == face and hasattr(font, "hbFace"):
            return font
    return None


def to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode map, with each private-use glyph mapped to the letters it
    stands for (``glyph_text``)."""
    cmap = _cmap_of(fontname, subset)
    private = [(index, code) for index, code in enumerate(subset) if code in _PRIVATE]
    font = _font_named(str(fontname).split("+", 1)[-1]) if private else None
    if font is None:
        return cmap
    letters_of = glyph_text.table(font, FEATURES)
    for index, code in private:
        letters = letters_of.get(font.face.charToGlyph.get(code))
        if letters:
            cmap = cmap.replace("<%02X> <%04X>" % (index, code),
                                "<%02X> <%s>" % (index, letters.encode("utf-16-be").hex().upper()),
                                1)
    return cmap


def install() -> None:
    paragraph_module.shapeFragWord = shape_by_font
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
