"""Which protocol a question names outright: by its number, initials or power.

"136 held in custody, what goes on the custody record" names section 136, and its answer
is in the section 136 protocol, even where another protocol has a section with the same
heading ("What to record"). The names are read from each protocol's own front matter, never
from questions:

- the title up to a colon or bracket ("Section 136", "Appropriate adult"), and the capital
  initials in its brackets ("PACE", "AWOL");
- a synonym that cites a section of an Act ("s136", "section 135", "s135(1)", "s18");
- a synonym that is the initials of the title ("AA" for "Appropriate adult").

A name more than one protocol has ("s135(2)" is both the AWOL warrant and the police's)
names neither. A query names a protocol when one of its term groups, as typed or as one of
its spellings (never a looser synonym), is one of the protocol's names: "136", "s136" and
"sec 136" are one term (``resources/synonyms.txt``), so any of them names section 136.
"""

from __future__ import annotations

import re

from .analysis import stem_phrase, tokens

_SECTION = re.compile(r"^\s*(?:s\.?|sec\.?|section)\s*\d+[a-z]?(?:\s*\(\s*\w+\s*\))*\s*$",
                      re.IGNORECASE)
_CAPITALS = re.compile(r"\b[A-Z][A-Z&]{1,7}\b")
_SMALL = {"and", "of", "at", "on", "the", "for", "in", "to", "a", "an", "between"}
# The kinds of name read (see above); each kind was checked leave one set out. Only the
# title's name is read: with every kind, a name used to describe the patient ("the awol
# patient's record") pulled questions about something else to that protocol.
ALL_KINDS = frozenset({"title", "brackets", "sections", "initials"})
KINDS = frozenset({"title"})


def names_of(title: str, synonyms: list[str] | tuple[str, ...]) -> set[str]:
    """A protocol's names, as stemmed keys (" "-joined stems), from its title and synonyms."""
    head = re.split(r"[:(]", title, maxsplit=1)[0].strip()
    found = [head] if head and "title" in KINDS else []
    if "brackets" in KINDS:
        found += [word for part in re.findall(r"\(([^)]*)\)", title)
                  for word in _CAPITALS.findall(part)]
    initials = "".join(word[0] for word in tokens(head) if word not in _SMALL and
                       word.isalpha()).upper()
    for synonym in synonyms:
        if ("sections" in KINDS and _SECTION.match(synonym)) or (
                "initials" in KINDS and len(initials) >= 2 and synonym.strip() == initials):
            found.append(synonym)
    return {_key(name) for name in found if tokens(name)}


def protocol_names(protocols: dict[str, tuple[str, list[str]]]) -> dict[str, frozenset[str]]:
    """pid -> the names only that protocol has, from pid -> (title, synonyms)."""
    each = {pid: names_of(title, synonyms) for pid, (title, synonyms) in protocols.items()}
    owners: dict[str, int] = {}
    for names in each.values():
        for name in names:
            owners[name] = owners.get(name, 0) + 1
    return {pid: frozenset(n for n in names if owners[n] == 1) for pid, names in each.items()}


def named(groups, names: dict[str, frozenset[str]]) -> set[str]:
    """The protocols a query's term groups name (``query.TermGroup``)."""
    keys = {alt.key for group in groups for alt in group.alternatives if alt.weight >= 1.0}
    return {pid for pid, own in names.items() if keys & own}


def _key(text: str) -> str:
    return " ".join(stem_phrase(tokens(text)))
