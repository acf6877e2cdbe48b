"""What search keeps from one keystroke to the next.

Between two keystrokes only the last word changes: the sections a group is stated by, the
candidates' indexed words, the protocols' terms and the library's vocabulary are the same
questions asked again. All of it belongs to one connection at one *generation* of the index
(a counter the indexer bumps in the same transaction as any change), so a changed index is
never answered from here.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from ..textutil import whole_number
from .asks import carries
from .likeness import PhraseWeights, Vector
from .memory import Asked, Memory
from .naming import protocol_names
from .vocabulary import Vocabulary

SECTIONS_KEPT = 2000      # a few megabytes; the whole bundled library many times over
GROUPS_KEPT = 64
ROLES_HEADING = "who does what"   # its subsections are the roles' parts (see search)


@dataclass(frozen=True)
class SectionTerms:   # not slotted: the cached properties keep their values in __dict__
    rowid: int
    protocol_id: str
    heading: str
    anchor: str
    ordinal: int
    heading_stems: tuple[str, ...]
    heading_text: str                                  # " stem stem "
    asked: tuple[tuple[tuple[str, ...], str], ...]     # (stems, " stem stem ") per phrase
    body_text: str
    plain: str                                         # the text as read, for snippets
    role: bool = False            # one role's part under "Who does what": a summary

    @functools.cached_property
    def asked_all(self) -> str:
        return " ".join(text for _, text in self.asked)

    @functools.cached_property
    def asked_texts(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.asked)

    def carries(self, ask) -> bool:
        """Whether the section answers this kind of question (``asks.carries``), worked out
        once per section and ask while the section stays cached."""
        found = self.__dict__.setdefault("_carries", {})
        if ask.name not in found:
            found[ask.name] = carries(ask, self.heading_text, self.asked_texts)
        return found[ask.name]

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every stem the section is found by, in any field."""
        return frozenset(self.heading_stems).union(
            self.asked_all.split(), self.body_text.split())

    @functools.cached_property
    def joined(self) -> str:
        """The heading, the asked-as phrases and the text as one " stem stem " string, the
        fields kept apart so that no two words of different fields are ever close."""
        gap = " " + "|" * 40 + " "
        return gap.join([self.heading_text, *(text for _, text in self.asked), self.body_text])

    def likeness(self, weights: PhraseWeights) -> Vector:
        """The heading and "asked as" phrases as one vector (``likeness``), worked out once
        while the section stays cached (its state's weights never change). A section with no
        phrases (a Trust's local addition) is read by its heading and text instead, so that
        having none does not push it below sections that have some."""
        found = self.__dict__.get("_likeness")
        if found is None:
            words = ([stem for stems, _ in self.asked for stem in stems] if self.asked
                     else self.body_text.split())
            found = weights.vector([*self.heading_stems, *words])
            self.__dict__["_likeness"] = found
        return found

    @functools.cached_property
    def body_length(self) -> int:
        return self.body_text.count(" ") - 1

    def count(self, key: str) -> int:
        return self.body_text.count(" " + key + " ")


@dataclass(frozen=True)
class ProtocolTerms:
    name: str
    title: str        # " stem stem "
    keywords: str


class _State:
    def __init__(self):
        self._vocabulary: Vocabulary | None = None
        self._protocols: dict[str, ProtocolTerms] | None = None
        self._names: dict[str, frozenset[str]] | None = None
        self._count: int | None = None
        self._weights: PhraseWeights | None = None
        self._memory: tuple[tuple[Asked, ...], Memory] | None = None
        self._sections: OrderedDict[int, SectionTerms] = OrderedDict()
        self._stated: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def vocabulary(self, conn) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = Vocabulary.load(conn)
        return self._vocabulary

    def phrase_weights(self, conn) -> PhraseWeights:
        if self._weights is None:
            row = conn.execute("SELECT value FROM settings "
                               "WHERE key = 'protocol_phrase_count'").fetchone()
            self._weights = PhraseWeights(
                dict(conn.execute("SELECT stem, phrases FROM search_phrase_stems").fetchall()),
                (whole_number(row[0]) if row else None) or 1)
        return self._weights

    def memory(self, entries: tuple[Asked, ...], weights: PhraseWeights) -> Memory:
        """The questions asked before, under this state's phrase weights (built once)."""
        with self._lock:
            if self._memory is None or self._memory[0] is not entries:
                self._memory = (entries, Memory(entries, weights))
            return self._memory[1]

    def protocols(self, conn) -> dict[str, ProtocolTerms]:
        if self._protocols is None:
            self._protocols = {
                pid: ProtocolTerms(name, _padded(title), _padded(keywords))
                for pid, name, title, keywords in conn.execute(
                    "SELECT p.id, p.title, t.title, t.keywords FROM protocols AS p "
                    "JOIN protocol_terms AS t ON t.protocol_id = p.id").fetchall()}
        return self._protocols

    def names(self, conn) -> dict[str, frozenset[str]]:
        """pid -> the names that protocol alone is called by (``naming``)."""
        if self._names is None:
            self._names = protocol_names({
                pid: (title, _synonyms(synonyms))
                for pid, title, synonyms in conn.execute(
                    "SELECT id, title, synonyms FROM protocols").fetchall()})
        return self._names

    def section_count(self, conn) -> int:
        if self._count is None:
            self._count = conn.execute("SELECT count(*) FROM sections_fts").fetchone()[0] or 1
        return self._count

    def stated_by(self, conn, group) -> int:
        """How many sections state the group, in heading, asked-as phrases or text."""
        expr = group.fts()
        with self._lock:
            if expr in self._stated:
                self._stated.move_to_end(expr)
                return self._stated[expr]
        found = conn.execute("SELECT count(*) FROM sections_fts WHERE sections_fts MATCH ?",
                             (expr,)).fetchone()[0]
        with self._lock:
            self._stated[expr] = found
            while len(self._stated) > GROUPS_KEPT:
                self._stated.popitem(last=False)
        return found

    def sections(self, conn, rowids: list[int]) -> dict[int, SectionTerms]:
        with self._lock:
            found = {rowid: self._sections[rowid] for rowid in rowids if rowid in self._sections}
        missing = [rowid for rowid in rowids if rowid not in found]
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                    f"SELECT f.rowid, s.protocol_id, s.heading, s.anchor, s.ordinal, "
                    f"f.heading, f.asked, f.body, f.plain, "
                    f"(SELECT p.heading FROM protocol_sections AS p "
                    f" WHERE p.protocol_id = s.protocol_id AND p.ordinal < s.ordinal "
                    f" AND p.level < s.level ORDER BY p.ordinal DESC LIMIT 1) "
                    f"FROM sections_fts AS f JOIN protocol_sections AS s ON s.id = f.rowid "
                    f"WHERE f.rowid IN ({marks})", chunk).fetchall():
                (rowid, pid, heading, anchor, ordinal, stems, asked, body, plain,
                 parent) = tuple(row)
                phrases = tuple((tuple(p.split()), _padded(p)) for p in asked.split(";")
                                if p.strip())
                found[rowid] = SectionTerms(rowid, pid, heading, anchor, ordinal,
                                            tuple(stems.split()), _padded(stems), phrases,
                                            _padded(body), plain,
                                            (parent or "").casefold() == ROLES_HEADING)
        with self._lock:
            for rowid in missing:
                if rowid in found:
                    self._sections[rowid] = found[rowid]
            while len(self._sections) > SECTIONS_KEPT:
                self._sections.popitem(last=False)
        return found


def _synonyms(stored: str | None) -> list[str]:
    try:
        found = json.loads(stored or "[]")
    except ValueError:
        return []
    return [s for s in found if isinstance(s, str)] if isinstance(found, list) else []


def _padded(text: str) -> str:
    return " " + " ".join(text.split()) + " "


class SearchCache:
    """One per library; safe to share between threads (each has its own connection)."""

    def __init__(self):
        self._states: OrderedDict[tuple, _State] = OrderedDict()
        self._lock = threading.Lock()

    def state(self, conn) -> _State:
        row = conn.execute("SELECT value FROM settings "
                           "WHERE key = 'protocol_index_generation'").fetchone()
        key = (id(conn), row[0] if row else "")
        with self._lock:
            if key not in self._states:
                self._states[key] = _State()
                while len(self._states) > 4:
                    self._states.popitem(last=False)
            self._states.move_to_end(key)
            return self._states[key]
