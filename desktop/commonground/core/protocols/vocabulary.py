"""The library's own words: what a half-typed word may become, and what a misspelt one was.

Kept in the ``search_words`` table (word, stem, how often it occurs), rebuilt whenever the
index changes, and read into memory at the first search after that. A correction is only
ever a word the library itself uses, so search never "corrects" towards a word that would
find nothing.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .analysis import stem, tokens

MIN_TO_CORRECT = 4       # shorter unknown words are left alone ("aa", "ed", "hcp")


def count_words(texts: Iterable[str]) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        counts.update(word for word in tokens(text) if word.isalpha() and len(word) > 1)
    return counts


def store(conn, counts: Counter) -> None:
    conn.execute("DELETE FROM search_words")
    conn.executemany("INSERT INTO search_words(word, stem, count) VALUES (?,?,?)",
                     [(word, stem(word), count) for word, count in counts.items()])


@dataclass
class Vocabulary:
    counts: dict[str, int]
    stems: dict[str, list[str]] = field(default_factory=dict)    # stem -> its words
    _sorted: list[str] = field(default_factory=list)
    _by_length: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, conn) -> "Vocabulary":
        rows = conn.execute("SELECT word, stem, count FROM search_words").fetchall()
        vocabulary = cls({word: count for word, _, count in rows})
        for word, word_stem, _ in rows:
            vocabulary.stems.setdefault(word_stem, []).append(word)
            vocabulary._by_length.setdefault(len(word), []).append(word)
        vocabulary._sorted = sorted(vocabulary.counts)
        return vocabulary

    def knows(self, word: str) -> bool:
        return word in self.counts or stem(word) in self.stems

    def completions(self, prefix: str, limit: int = 8) -> list[str]:
        """The commonest words of the library that start with ``prefix``."""
        start = bisect.bisect_left(self._sorted, prefix)
        found = []
        for word in self._sorted[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        found.sort(key=lambda w: (-self.counts[w], w))
        return found[:limit]

    def correct(self, word: str) -> str | None:
        """The library's word closest to an unknown one: one slip for a short word, two for
        a long one; the commoner word wins a tie."""
        if len(word) < MIN_TO_CORRECT or not word.isalpha() or self.knows(word):
            return None
        allowed = 1 if len(word) <= 6 else 2
        best: tuple[int, int, str] | None = None
        for length in range(len(word) - allowed, len(word) + allowed + 1):
            for candidate in self._by_length.get(length, ()):
                if candidate[0] != word[0] and candidate[:2] != word[1::-1]:
                    continue        # people rarely get the first letter wrong
                distance = edit_distance(word, candidate, allowed)
                if distance > allowed:
                    continue
                key = (distance, -self.counts[candidate], candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one slip), or ``limit + 1``
    as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]
