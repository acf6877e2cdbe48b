"""Words as search sees them: the same cutting and stemming for the index and the query.

Text is folded (NFKC, case, accents), cut into runs of letters or of digits ("s136a" is
"s 136 a", "17yr" is "17 yr", as people type them either way), and each word is reduced to
its Snowball English stem ("interviewed" and "interviews" are both "interview").

The stemmer is the Snowball project's own pure-Python one (``snowballstemmer``): the same
algorithm as the compiled PyStemmer, which it uses when present, with no wheel to build for
any Python or platform. A word is stemmed once and remembered, so its speed does not matter.

Leaf of the protocols package: it imports nothing else of it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_RUN = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """The words of a text, folded, letters and digits apart."""
    return _RUN.findall(fold(text))


@functools.cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if not word.isalpha() or len(word) < 3:
        return word
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(word) for word in tokens(text)]


def stem_phrase(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)
