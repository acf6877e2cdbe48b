"""Answer first: the sentence of a section that best answers the question.

A section's text is cut into sentences (and list items, and table rows); each is scored by
the term groups it states, each worth its rarity, the typed word more than a synonym. The
first of the best is the answer: the hit's snippet shows it, and the reader scrolls to it.
"""

from __future__ import annotations

import functools
import re

from .analysis import stems

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(A-Z0-9•])")
WIDTH = 220
# A question about an amount ("how long", "how many", "when") is answered by a sentence
# that states one: such sentences get this share of the question's rarest idea on top.
_ASKS_AMOUNT = {"how long", "how many", "how much", "how often", "how soon", "when", "until",
                "time limit", "deadline", "maximum", "max", "minimum", "age", "old"}
_STATES_AMOUNT = re.compile(r"\b\d+\b|\b(?:one|two|three|four|five|six|seven|eight|twelve)\b"
                            r"|\b(?:at once|immediately|without delay|never|same (?:day|shift))\b",
                            re.IGNORECASE)
AMOUNT_BONUS = 0.6


@functools.lru_cache(maxsize=4096)
def sentences(plain: str) -> tuple[tuple[str, str], ...]:
    """(sentence, " stem stem ") for each sentence, list item or table row of a text."""
    out = []
    for line in plain.splitlines():
        for piece in _SENTENCE_END.split(line.strip()):
            piece = piece.strip(" •")
            if len(piece) > 2:
                out.append((piece, " " + " ".join(stems(piece)) + " "))
    return tuple(out)


def best_sentence(plain: str, parsed, idf: list[float], marker: re.Pattern | None,
                  start: str, end: str) -> tuple[str, str]:
    """The answering sentence, and the snippet showing it with the matched words marked."""
    found = sentences(plain)
    if not found:
        return "", ""
    words = " " + " ".join(parsed.tokens) + " "
    amount = AMOUNT_BONUS * max(idf, default=0.0) if any(
        f" {ask} " in words for ask in _ASKS_AMOUNT) else 0.0
    best, best_score = found[0][0], -1.0
    for sentence, stemmed in found:
        score = amount if amount and _STATES_AMOUNT.search(sentence) else 0.0
        for group, weight in zip(parsed.groups, idf):
            score += weight * max((alt.weight for alt in group.alternatives
                                   if " " + alt.key + " " in stemmed), default=0.0)
        if score > best_score + 1e-9:
            best, best_score = sentence, score
    return best, snippet(best, marker, start, end)


def snippet(text: str, marker: re.Pattern | None, start: str, end: str,
            width: int = WIDTH) -> str:
    """``text`` (or about ``width`` characters of it around the most marked words), with
    the marked words between ``start`` and ``end``."""
    text = " ".join(text.split())
    marks = [(m.start(), m.end()) for m in marker.finditer(text)
             if m.end() > m.start()] if marker is not None else []
    lo, hi = 0, len(text)
    if len(text) > width:
        if marks:
            best_first, best_count, last = 0, 0, 0
            for first in range(len(marks)):
                last = max(last, first)
                while last + 1 < len(marks) and marks[last + 1][1] - marks[first][0] <= width:
                    last += 1
                if last - first + 1 > best_count:
                    best_first, best_count = first, last - first + 1
            lo = max(0, marks[best_first][0] - 30)
        hi = min(len(text), lo + width)
        if lo > 0:
            space = text.find(" ", lo)
            lo = space + 1 if 0 <= space < lo + 20 else lo
        if hi < len(text):
            space = text.rfind(" ", lo, hi)
            hi = space if space > lo else hi
    pieces, cursor = [], lo
    for s, e in marks:
        if e <= lo or s >= hi or s < cursor:
            continue
        s, e = max(s, lo), min(e, hi)
        pieces.append(text[cursor:s])
        pieces.append(start + text[s:e] + end)
        cursor = e
    pieces.append(text[cursor:hi])
    return ("…" if lo > 0 else "") + "".join(pieces).strip() + ("…" if hi < len(text) else "")
