"""Which decision aid a person is looking for: from a protocol section, or from a search.

A protocol section offers the aids written from it ("Work it out for this person"); a
search offers an aid when the query names it in the words people use ("136 clock", "can his
sister be the appropriate adult"). Matching is on whole words, so "AA" never matches
"Aaron" and a query about police stations does not offer every aid that mentions police.
"""

from __future__ import annotations

import re

from . import AIDS, AidInfo

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


def _contains(query: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return size > 0 and any(query[i:i + size] == phrase for i in range(len(query) - size + 1))


def aids_for_query(text: str) -> list[AidInfo]:
    """The aids a search names, best first: the one matching the longest phrase (its own
    title counts) leads. Nothing for a query that names no aid."""
    query = _words(text)
    scored = []
    for order, aid in enumerate(AIDS):
        best = 0
        for phrase in (*aid.words, aid.title):
            words = _words(phrase)
            if _contains(query, words):
                best = max(best, sum(len(w) for w in words))
        if best:
            scored.append((-best, order, aid))
    return [aid for _score, _order, aid in sorted(scored, key=lambda item: item[:2])]


def aids_for_section(protocol_id: str, heading: str | None = None) -> list[AidInfo]:
    """The aids written from a protocol, the one for ``heading`` first."""
    found = [aid for aid in AIDS if aid.protocol == protocol_id]
    return sorted(found, key=lambda aid: aid.section != heading)


def aid_info(key: str) -> AidInfo:
    for aid in AIDS:
        if aid.key == key:
            return aid
    raise KeyError(key)
