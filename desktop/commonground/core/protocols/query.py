"""What a search box's text asks: term groups, each with every wording of one idea.

The text is cut into words (``analysis``); phrases from the synonym file are recognised
first (longest wins), then common words are dropped. Each remaining word or phrase becomes
a *term group*: the stems of what was typed (full weight) and of its synonyms (less weight,
so the typed word wins a tie). A word the library does not know is read as the library's
nearest word ("extention" as "extension"), and the search says so; an ordinary English word
never is ("rang" is not "rank"). The last word, while it
is still being typed, stands for the library's commonest words that start with it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable

from .analysis import stem, stem_phrase, tokens
from .asks import Ask, asks_in
from .thesaurus import Thesaurus

MAX_QUERY_CHARS = 2000
MAX_GROUPS = 24            # a story told before the question still reaches it
SYNONYM_WEIGHT = 0.6      # a synonym's match counts for this much of the typed word's
COMPLETION_WEIGHT = 0.9   # a completion of a half-typed word
KNOWN_COMPLETION_WEIGHT = 0.3   # ... of one that is already a word ("go" -> "good")
COMPLETIONS = 8


@dataclass(frozen=True)
class Alternative:
    stems: tuple[str, ...]
    weight: float
    words: tuple[str, ...] = ()      # the wording, for marking it in the text

    @property
    def key(self) -> str:
        return " ".join(self.stems)


@dataclass(frozen=True)
class TermGroup:
    typed: str                       # the words as the user typed them (or as corrected)
    alternatives: tuple[Alternative, ...]

    def fts(self) -> str:
        return "(" + " OR ".join('"' + a.key + '"' for a in self.alternatives) + ")"


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[TermGroup, ...]
    tokens: tuple[str, ...] = ()           # every word typed, common words included
    corrections: tuple[tuple[str, str], ...] = ()   # (as typed, as read)
    asks: tuple[Ask, ...] = ()             # what kind of answer the question words ask for

    @property
    def empty(self) -> bool:
        return not self.groups

    def fts(self) -> str:
        return " OR ".join(group.fts() for group in self.groups)

    @functools.cached_property
    def corrected_text(self) -> str:
        """The words typed, with each corrected word replaced: 'Showing results for ...'."""
        fixes = dict(self.corrections)
        return " ".join(fixes.get(token, token) for token in self.tokens)

    def highlight_patterns(self, vocabulary=None) -> list[str]:
        """Regular expressions (case-insensitive) for the words to mark in the text."""
        patterns = []
        for group in self.groups:
            for alt in group.alternatives:
                words = alt.words or alt.stems
                head = [re.escape(w) for w in words[:-1]]
                last = _word_pattern(words[-1], alt.stems[-1], vocabulary)
                patterns.append(r"\b" + r"\W{1,3}".join(head + [last]))
        return patterns


def _word_pattern(word: str, word_stem: str, vocabulary) -> str:
    forms = {word}
    if vocabulary is not None:
        forms.update(vocabulary.stems.get(word_stem, ()))
    if len(forms) == 1 and len(word) > 4 and word.isalpha():
        return re.escape(word[:max(4, len(word) - 2)]) + r"\w*"
    return "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b"


def parse_query(text: str, thesaurus: Thesaurus, vocabulary=None) -> ParsedQuery:
    text = (text or "")[:MAX_QUERY_CHARS]
    typed = tokens(text)
    still_typing = bool(text) and not text[-1].isspace() and bool(typed)
    words, corrections = list(typed), []
    if vocabulary is not None:
        for index, word in enumerate(typed[:64]):
            if still_typing and index == len(typed) - 1 and vocabulary.completions(word, 1):
                continue        # a word still being typed is finished, not corrected
            if thesaurus.is_word(word):
                continue        # a real word is no typo, even one the library never uses
            corrected = vocabulary.correct(word)
            if corrected:
                words[index] = corrected
                corrections.append((word, corrected))
    groups: list[TermGroup] = []
    seen: set = set()
    i = 0
    while i < len(words) and len(groups) < MAX_GROUPS:
        found = thesaurus.match_at(words, i)
        if found:
            phrase, index = found
            i += len(phrase)
            if ("g", index) not in seen:
                seen.add(("g", index))
                groups.append(_synonym_group(phrase, index, thesaurus))
            continue
        word = words[i]
        i += 1
        typing = i == len(words) and still_typing
        if word in thesaurus.stopwords and not (typing and len(words) == 1):
            continue
        if ("w", word) in seen:
            continue
        seen.add(("w", word))
        groups.append(_word_group(word, typing, vocabulary))
    return ParsedQuery(tuple(groups), tuple(typed[:64]), tuple(corrections),
                       asks_in(words[:64]) if groups else ())


def _synonym_group(phrase: tuple[str, ...], index: int, thesaurus: Thesaurus) -> TermGroup:
    """The typed phrase and its other spellings at full weight, its synonyms at less; a
    phrase only "heard" stands for the group's first term."""
    group = thesaurus.groups[index]
    typed = phrase if phrase in group else group[0]
    alternatives: dict[tuple[str, ...], Alternative] = {}
    for wording in group:
        stems = stem_phrase(wording)
        same = wording == typed or thesaurus.same_term(index, typed, wording)
        weight = 1.0 if same else SYNONYM_WEIGHT
        if stems not in alternatives or alternatives[stems].weight < weight:
            alternatives[stems] = Alternative(stems, weight, wording)
    return TermGroup(" ".join(phrase), tuple(alternatives.values()))


def _word_group(word: str, typing: bool, vocabulary) -> TermGroup:
    own = Alternative(stem_phrase((word,)), 1.0, (word,))
    if vocabulary is None or not typing or not word.isalpha() or len(word) < 2:
        return TermGroup(word, (own,))
    alternatives = {own.stems: own}
    weight = KNOWN_COMPLETION_WEIGHT if vocabulary.knows(word) else COMPLETION_WEIGHT
    for completion in vocabulary.completions(word, COMPLETIONS):
        stems = stem_phrase((completion,))
        alternatives.setdefault(stems, Alternative(stems, weight, (completion,)))
    return TermGroup(word, tuple(alternatives.values()))


def read_as(parsed: ParsedQuery, phrases_with: Callable[[str], int]) -> list[str]:
    """The question as ``likeness`` and ``memory`` read it: each idea in the one of its
    spellings the library's phrases use most ("s136", "sec 136" and "section 136" are all read
    alike; "ASW" as "AMHP"), then the words that are no idea ("who", "do"), and none that no
    phrase uses (a word no section says changes nothing, here as in the ranking)."""
    found: list[str] = []
    grouped: set[str] = set()
    for group in parsed.groups:
        grouped.update(stem_ for alt in group.alternatives for stem_ in alt.stems)
        grouped.update(stem(word) for word in group.typed.split())
        spellings = [alt for alt in group.alternatives if alt.weight >= 1.0]
        found.extend(max(spellings or group.alternatives, key=lambda alt: min(
            phrases_with(stem_) for stem_ in alt.stems)).stems)
    found.extend(stem_ for stem_ in map(stem, parsed.tokens) if stem_ not in grouped)
    return [stem_ for stem_ in found if phrases_with(stem_)]
