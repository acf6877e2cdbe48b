"""Words as search sees them: the same cutting and stemming for the index and the query.

Text is folded (NFKC, case, accents), cut into runs of letters or of digits ("s136a" is
"s 136 a", "17yr" is "17 yr", as people type them either way), and each word is reduced to
its Snowball English stem ("interviewed" and "interviews" are both "interview"). Snowball
leaves irregular verbs alone, so their past forms are read as the verb first ("kept" as
"keep", "brought" as "bring"): staff ask how long someone can be kept; the text says keep.

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


# Past forms of irregular verbs people use about these situations, read as the verb. Only
# forms that mean nothing else here: not "left" (the ward, or leave?), not "drunk".
IRREGULAR = {
    "kept": "keep", "held": "hold", "brought": "bring", "ran": "run", "gave": "give",
    "given": "give", "told": "tell", "caught": "catch", "sent": "send", "sought": "seek",
    "bit": "bite", "bitten": "bite", "spat": "spit", "threw": "throw", "thrown": "throw",
    "broke": "break", "broken": "break", "stole": "steal", "stolen": "steal",
    "spoke": "speak", "spoken": "speak", "rang": "ring", "rung": "ring", "hid": "hide",
    "hidden": "hide", "chose": "choose", "chosen": "choose", "struck": "strike",
    "swore": "swear", "sworn": "swear", "fought": "fight", "fled": "flee", "wrote": "write",
    "written": "write", "sat": "sit", "fell": "fall", "fallen": "fall",
    "dealt": "deal", "heard": "hear", "paid": "pay", "lost": "lose", "meant": "mean",
    "forgot": "forget", "forgotten": "forget", "woke": "wake", "woken": "wake",
}


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if not word.isalpha() or len(word) < 3:
        return word
    return _stemmer().stemWord(IRREGULAR.get(word, word))


def stems(text: str) -> list[str]:
    return [stem(word) for word in tokens(text)]


def stem_phrase(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)
