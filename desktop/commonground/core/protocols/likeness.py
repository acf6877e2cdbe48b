"""How much a question reads like the questions a section answers, as a whole.

The ranker (``search``) adds up what each asked word is worth where a section states it.
That finds the right protocol almost every time, but within it two or three sections often
state the same words; the right one is then usually the one whose heading and "asked as"
phrases, taken together, are most like the question. That is measured here as the cosine of
two tf-idf vectors of stems: the question's, and the section's heading and phrases. A word's
weight is rarer the more phrases of the library use it (each heading and each phrase counts
once), so "what", "can", "police" say little and "bail", "extension", "kin" a lot; a section
with many phrases about other things is less like a question than one that is all about it.

The phrase counts are made when the index is built (``phrase_counts``) and kept in
``search_phrase_stems``, so a search only reads them.

Leaf of the protocols package: it imports nothing else of it.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable

Vector = dict[str, float]


class PhraseWeights:
    """Each stem's weight: log(phrases / (1 + phrases using it)) + 1."""

    def __init__(self, counts: dict[str, int], phrases: int):
        self.phrases = max(phrases, 1)
        self._counts = counts
        self._unknown = math.log(self.phrases) + 1

    def phrases_with(self, stem: str) -> int:
        return self._counts.get(stem, 0)

    def weight(self, stem: str) -> float:
        count = self._counts.get(stem)
        if count is None:
            return self._unknown
        return math.log(self.phrases / (1 + count)) + 1

    def vector(self, stems: Iterable[str]) -> Vector:
        found = Counter(stems)
        raw = {s: (1 + math.log(n)) * self.weight(s) for s, n in found.items()}
        length = math.sqrt(sum(x * x for x in raw.values())) or 1.0
        return {s: x / length for s, x in raw.items()}


def cosine(one: Vector, other: Vector) -> float:
    if len(one) > len(other):
        one, other = other, one
    return sum(x * other.get(s, 0.0) for s, x in one.items())


def phrase_counts(phrases: Iterable[Iterable[str]]) -> tuple[Counter, int]:
    """(stem -> how many phrases use it, how many phrases), each phrase given as its stems."""
    counts: Counter = Counter()
    total = 0
    for phrase in phrases:
        words = set(phrase)
        if words:
            total += 1
            counts.update(words)
    return counts, total
