"""Synonyms and common words for search, from data files (``resources/synonyms.txt`` and
``resources/stopwords.txt``), read with the same word cutting as the index."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import tokens as _tokens
from .englishwords import EnglishWords

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Thesaurus:
    """Synonym groups and stop words, from data files.

    In a group, "|" separates synonyms (found at less weight than what was typed) and "="
    joins spellings of one term ("section 136 = s136 = 136"), which all count as typed.
    """

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    stopwords: frozenset[str]
    fingerprint: str = ""
    english: EnglishWords = field(default_factory=EnglishWords, compare=False, repr=False)
    _by_first: dict = field(default_factory=dict, compare=False, repr=False)
    _known: set = field(default_factory=set, compare=False, repr=False)
    _spelling: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def parse(cls, synonyms_text: str, stopwords_text: str = "",
              english: EnglishWords | None = None) -> "Thesaurus":
        groups, recognised, spellings = [], [], []
        for line in synonyms_text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            searched_part, _, heard_part = line.partition(">")
            phrases, heard, kin = [], [], {}
            for term, part in enumerate(searched_part.split("|")):
                for spelling in part.split("="):
                    tokens = tuple(_tokens(spelling))
                    if tokens and tokens not in phrases:
                        phrases.append(tokens)
                        kin[tokens] = term
            for part in heard_part.split("|"):
                tokens = tuple(_tokens(part))
                if tokens and tokens not in phrases and tokens not in heard:
                    heard.append(tokens)
            if phrases:
                groups.append(tuple(phrases))
                recognised.append(tuple(heard))
                spellings.append(kin)
        stop = frozenset(w for raw in stopwords_text.splitlines()
                         if raw.strip() and not raw.strip().startswith("#")
                         for w in _tokens(raw))
        digest = hashlib.sha256((synonyms_text + "\0" + stopwords_text).encode()).hexdigest()
        thesaurus = cls(tuple(groups), stop, digest[:16], english or EnglishWords())
        thesaurus._spelling.update(enumerate(spellings))
        for index, (group, heard) in enumerate(zip(thesaurus.groups, recognised)):
            for phrase in group + heard:
                thesaurus._by_first.setdefault(phrase[0], []).append((phrase, index))
                thesaurus._known.update(phrase)
        for entries in thesaurus._by_first.values():
            entries.sort(key=lambda item: -len(item[0]))
        return thesaurus

    @classmethod
    def load(cls, resources: Path) -> "Thesaurus":
        def read(name):
            try:
                return (resources / name).read_text(encoding="utf-8")
            except OSError as exc:
                log.warning("search resource %s unreadable: %s", name, exc)
                return ""
        return cls.parse(read("synonyms.txt"), read("stopwords.txt"),
                         EnglishWords(resources / "words" / "english.txt"))

    def match_at(self, tokens: list[str], start: int) -> tuple[tuple[str, ...], int] | None:
        """The longest synonym phrase starting at ``tokens[start]``, with its group index."""
        for phrase, index in self._by_first.get(tokens[start], ()):
            if tuple(tokens[start:start + len(phrase)]) == phrase:
                return phrase, index
        return None

    def knows(self, word: str) -> bool:
        """Whether the word is in some synonym phrase or is a common word."""
        return word in self._known or word in self.stopwords

    def is_word(self, word: str) -> bool:
        """Whether the word is known here or is an ordinary English word: not a typo."""
        return self.knows(word) or word in self.english

    def same_term(self, index: int, one: tuple[str, ...], other: tuple[str, ...]) -> bool:
        """Whether two phrases of group ``index`` are spellings of one term."""
        kin = self._spelling.get(index, {})
        return one in kin and kin.get(one) == kin.get(other)
