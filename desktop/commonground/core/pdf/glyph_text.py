"""What each glyph of a font without a character of its own stands for, worked out from
the font alone.

HarfBuzz draws a joined Arabic letter, a Bengali conjunct or a vowel sign's other form
with glyphs the font gives no character; reportlab gives each a private-use code, and
the PDF's ToUnicode map says so, so a reader copying the text gets nothing for them.
Here the font is shaped over the contexts that call up such glyphs (each letter alone,
in the middle and at each end of a joined word, each letter with each vowel sign, each
pair of letters, each conjunct with each vowel sign), and a glyph that is the only one
its cluster gives no character for stands for the cluster's letters less those the
other glyphs give. Worked out from the font, not from what was printed, so the map is
the same for every document. A glyph no context accounts for keeps its private code.
"""

from __future__ import annotations

import threading
import unicodedata

import uharfbuzz

_lock = threading.Lock()
_tables: dict[str, dict[int, str]] = {}
_PRIVATE = range(0xE000, 0xF900)
_TATWEEL = "\u0640"
_SCRIPTS = {"ARABIC": (0x0600, 0x06FF), "BENGALI": (0x0980, 0x09FF)}


def _contexts(chars: list[str]) -> list[str]:
    """Texts to shape, simplest first, for the scripts among ``chars``."""
    out = list(chars)
    for script, (low, high) in _SCRIPTS.items():
        own = [c for c in chars if low <= ord(c) <= high]
        letters = [c for c in own if unicodedata.category(c) == "Lo"]
        marks = [c for c in own if unicodedata.category(c) in ("Mn", "Mc")]
        if not letters:
            continue
        if script == "ARABIC":
            out += [f"{_TATWEEL}{c}{_TATWEEL}" for c in letters]
            out += [f"{_TATWEEL}{c}" for c in letters] + [f"{c}{_TATWEEL}" for c in letters]
            out += [a + b for a in letters for b in letters] + ["الله", "لله"]
            out += [f"{letters[0]}{m}" for m in marks]
            out += [f"{letters[0]}{m}{n}" for m in marks for n in marks]
        else:
            virama = [c for c in marks if "VIRAMA" in unicodedata.name(c, "")]
            out += [c + m for c in letters for m in marks]
            for v in virama:
                pairs = [a + v + b for a in letters for b in letters]
                out += pairs + [p + m for p in pairs for m in marks]
                out += [a + v for a in letters]
    return out


def _shape(font, text: str, features: dict) -> list[tuple[int, int]]:
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(font, buf, features)
    return [(info.codepoint, info.cluster) for info in buf.glyph_infos]


def _build(ttf, features: dict) -> dict[int, str]:
    encoded = {gid: chr(code) for code, gid in ttf.face.charToGlyph.items()
               if code not in _PRIVATE}
    font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(ttf.face._ttf_data)))
    table: dict[int, str] = {}
    chars = sorted(c for c in map(chr, {ord(c) for c in encoded.values()})
                   if unicodedata.category(c)[0] in "LM")
    for text in _contexts(chars):
        glyphs = _shape(font, text, features)
        starts = sorted({cluster for _gid, cluster in glyphs})
        for start in starts:
            members = [gid for gid, cluster in glyphs if cluster == start]
            unknown = [gid for gid in members if gid not in encoded and gid not in table]
            if len(unknown) != 1:
                continue
            later = [s for s in starts if s > start]
            letters = list(text[start:later[0] if later else len(text)].replace(_TATWEEL, ""))
            for gid in members:
                for char in encoded.get(gid) or table.get(gid, ""):
                    if gid != unknown[0] and char in letters:
                        letters.remove(char)
            if letters:
                table[unknown[0]] = "".join(letters)
    return table


def table(ttf, features: dict) -> dict[int, str]:
    """Glyph id -> the letters it stands for, for the glyphs ``ttf`` gives no character."""
    name = ttf.face.name
    name = name.decode("latin-1") if isinstance(name, bytes) else str(name)
    with _lock:
        found = _tables.get(name)
        if found is None:
            found = _tables[name] = _build(ttf, features)
        return found
