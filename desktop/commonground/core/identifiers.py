"""Identifiers that must never travel where they do not belong, recognised in text.

Every module may import this one; it imports nothing of the app.
"""

from __future__ import annotations

import re
import unicodedata


def plain(text: str) -> str:
    """Text as a reader sees it, for finding identifiers: compatibility forms folded
    (full-width digits, no-break and thin spaces), every dash a hyphen, and the invisible
    characters that could split a number without showing (zero-width spaces, joiners)
    gone."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join("-" if unicodedata.category(c) == "Pd" else c for c in text
                   if unicodedata.category(c) != "Cf")


def is_nhs_number(text: str) -> bool:
    digits = re.sub(r"[\s.\-]", "", plain(text))
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


_REFERENCE = re.compile(r"\bCG[\s\-]{1,3}\d{4}[\s\-]{1,3}[A-Z0-9]{4}[\s\-]{1,3}\d{6}\b"
                        r"|\bC-\d{4}-\d{4}\b", re.IGNORECASE)
# Ten digits, each pair apart by at most three spaces, dots or dashes ("943 476 5919",
# "943 - 476 - 5919", "943.476.5919").
_NUMBER_RUN = re.compile(r"(?<!\d)\d(?:[\s.\-]{0,3}\d){9}(?!\d)")


def identifier_problem(text: str) -> str | None:
    """What identifier a free text meant for the committee carries (a case of note, a
    thank-you), in words, or None: report references, case numbers, NHS numbers, however
    they are spaced or disguised (``plain``). The words never repeat the identifier."""
    text = plain(text)
    if _REFERENCE.search(text):
        return ("It contains a report reference or case number; the committee must not be able "
                "to trace the case. Describe it instead.")
    if any(is_nhs_number(match.group(0)) for match in _NUMBER_RUN.finditer(text)):
        return "It contains what looks like an NHS number. Take it out."
    return None


# ------------------------------------------------------------------ names
# Words a name field may hold that name no one: titles, ranks, and "not known" answers.
_NOT_NAMES = frozenset(
    "mr mrs ms miss mx dr doctor prof professor sir dame rev nurse sister pc ps dc ds sgt "
    "sergeant insp inspector ch chief supt superintendent constable officer det detective "
    "unknown known not none name withheld declined anonymous".split())
_WORD = re.compile(r"[^\W\d_]+")
SHORTEST_PART = 3       # name parts of one or two letters are not looked for on their own


def fold(word: str) -> str:
    """A word without case or accents: 'Zoë' and 'ZOE' are 'zoe'."""
    return "".join(c for c in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[tuple[str, bool]]:
    """Each word of a text, folded, and whether it was written with a capital letter."""
    return [(fold(m.group(0)), m.group(0)[0].isupper()) for m in _WORD.finditer(plain(text))]


def name_parts(name: str) -> list[str]:
    """A name's words, folded, without titles, ranks and "not known". Where some words
    of it were written with a capital letter, those only: in "HCA on shift" or "Anna van
    Dijk" the lowercase words are no one's name."""
    words = [(word, capital) for word, capital in _words(name) if word not in _NOT_NAMES]
    if any(capital for _, capital in words):
        words = [(word, capital) for word, capital in words if capital]
    return [word for word, _ in words]


def name_found(text: str, names) -> str | None:
    """The first of ``names`` (as written in the report) that ``text`` contains, or None.

    Whole words, whatever their case or accents. A name counts written in full (all its
    words in order, however short), or by any word after the first (a surname, a second
    surname) of three letters or more. The first word alone, a first name, counts only
    written with a capital letter: "Rose", "Will" and "Grace" are names, "rose", "will"
    and "grace" are words, and a note may use them. A name of one word is taken as a first
    name (it is most often one), unless a title comes before it ("PC Smith": a surname).
    Titles and ranks are no part of a name, except in the name written in full."""
    words = _words(text)
    folded = [word for word, _ in words]

    def written(phrase: list[str]) -> bool:
        size = len(phrase)
        return size > 1 and any(folded[i:i + size] == phrase for i in range(len(folded)))

    for name in names:
        as_written = [word for word, _ in _words(str(name or ""))]
        parts = name_parts(str(name or ""))
        if not parts:
            continue
        if written(as_written) or written(parts):
            return str(name).strip()
        # After a title ("PC Smith", "Dr Okafor") a name's one word is a surname.
        titled = len(parts) == 1 and as_written[0] != parts[0]
        first = "" if titled else parts[0]
        rest = {p for p in parts[0 if titled else 1:] if len(p) >= SHORTEST_PART}
        for word, capital in words:
            if word in rest or (word == first and capital and len(first) >= SHORTEST_PART):
                return str(name).strip()
    return None
