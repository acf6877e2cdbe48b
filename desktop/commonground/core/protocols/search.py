"""Search the protocol library the way staff ask.

A query is cut into words; phrases from the synonym file (``resources/synonyms.txt``) are
recognised first (longest wins), then common words are dropped. Each remaining word or
phrase becomes a *term group*: every wording of that idea, ORed together. The last word
also matches as a prefix while the user is still typing.

Sections are ranked by how many of the term groups they answer, each weighted by how rare
it is (so "under 18" counts for more than "police"), with extra weight when the group is
in the section heading, then by FTS5's bm25. No input can make search fail: user text only
ever reaches FTS5 as quoted strings of letters and digits.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..textutil import words

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 2000
MAX_GROUPS = 12
CANDIDATES = 300
# bm25 weights for the FTS columns: title, heading, body, keywords
BM25_WEIGHTS = (3.0, 6.0, 1.0, 1.5)
HEADING_BONUS = 1.0      # a term in the section heading counts double
PROTOCOL_WEIGHT = 0.3    # a term only in the protocol's title or synonyms
HEADING_OVERLAP = 1.0    # tie-breaker: how much of the query the heading states
BM25_SHARE = 0.5
START, END = "\x02", "\x03"

@dataclass(frozen=True)
class Thesaurus:
    """Synonym groups and stop words, from data files."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    stopwords: frozenset[str]
    fingerprint: str = ""
    _by_first: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def parse(cls, synonyms_text: str, stopwords_text: str = "") -> "Thesaurus":
        groups, recognised = [], []
        for line in synonyms_text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            searched_part, _, heard_part = line.partition(">")
            phrases, heard = [], []
            for part in searched_part.split("|"):
                tokens = tuple(words(part))
                if tokens and tokens not in phrases:
                    phrases.append(tokens)
            for part in heard_part.split("|"):
                tokens = tuple(words(part))
                if tokens and tokens not in phrases and tokens not in heard:
                    heard.append(tokens)
            if phrases:
                groups.append(tuple(phrases))
                recognised.append(tuple(heard))
        stop = frozenset(w for raw in stopwords_text.splitlines()
                         if raw.strip() and not raw.strip().startswith("#")
                         for w in words(raw))
        digest = hashlib.sha256((synonyms_text + "\0" + stopwords_text).encode()).hexdigest()
        thesaurus = cls(tuple(groups), stop, digest[:16])
        for index, (group, heard) in enumerate(zip(thesaurus.groups, recognised)):
            for phrase in group + heard:
                thesaurus._by_first.setdefault(phrase[0], []).append((phrase, index))
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
        return cls.parse(read("synonyms.txt"), read("stopwords.txt"))

    def match_at(self, tokens: list[str], start: int) -> tuple[tuple[str, ...], int] | None:
        """The longest synonym phrase starting at ``tokens[start]``, with its group index."""
        for phrase, index in self._by_first.get(tokens[start], ()):
            if tuple(tokens[start:start + len(phrase)]) == phrase:
                return phrase, index
        return None


@dataclass(frozen=True)
class TermGroup:
    typed: str                      # the words as the user typed them
    phrases: tuple[tuple[str, ...], ...]
    prefix: str | None = None       # a word still being typed, matched as a prefix

    def fts(self) -> str:
        parts = ['"' + " ".join(phrase) + '"' for phrase in self.phrases]
        if self.prefix:
            # The index holds stems ("appropriate" is stored as "appropri"), so a half-typed
            # "appropriat" must also try a shorter prefix or results vanish mid-word.
            word = self.prefix
            shortest = max(3, len(word) - 3) if len(word) > 4 else len(word)
            parts.extend('"' + word[:size] + '"*' for size in range(len(word), shortest - 1, -1))
        return "(" + " OR ".join(parts) + ")"


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[TermGroup, ...]
    tokens: tuple[str, ...] = ()   # every word typed, common words included

    @property
    def empty(self) -> bool:
        return not self.groups

    @functools.cached_property
    def phrase_strings(self) -> tuple[tuple[str, ...], ...]:
        """Each group's phrases as ' word word ' strings, for matching against headings."""
        return tuple(tuple(" " + " ".join(p) + " " for p in g.phrases) for g in self.groups)

    def fts(self) -> str:
        return " OR ".join(group.fts() for group in self.groups)

    def highlight_patterns(self) -> list[str]:
        """Regular expressions (case-insensitive) for the words to mark in the reader."""
        patterns = []
        for group in self.groups:
            for phrase in group.phrases:
                head = [re.escape(token) for token in phrase[:-1]]
                patterns.append(r"\b" + r"\W{1,3}".join(head + [_stem_pattern(phrase[-1])]))
            if group.prefix:
                patterns.append(r"\b" + re.escape(group.prefix) + r"\w*")
        return patterns


def _stem_pattern(word: str) -> str:
    if len(word) > 4 and word.isalpha():
        return re.escape(word[:max(4, len(word) - 2)]) + r"\w*"
    return re.escape(word) + r"\b"


def parse_query(text: str, thesaurus: Thesaurus) -> ParsedQuery:
    text = (text or "")[:MAX_QUERY_CHARS]
    tokens = words(text)
    still_typing = bool(text) and not text[-1].isspace() and bool(tokens)
    groups: list[TermGroup] = []
    seen: set = set()
    i = 0
    while i < len(tokens) and len(groups) < MAX_GROUPS:
        found = thesaurus.match_at(tokens, i)
        if found:
            phrase, index = found
            i += len(phrase)
            if ("g", index) not in seen:
                seen.add(("g", index))
                groups.append(TermGroup(" ".join(phrase), thesaurus.groups[index]))
            continue
        token = tokens[i]
        i += 1
        is_last = i == len(tokens)
        if token in thesaurus.stopwords and not (is_last and still_typing and len(tokens) == 1):
            continue
        if ("w", token) in seen:
            continue
        seen.add(("w", token))
        prefix = token if (is_last and still_typing and len(token) >= 2) else None
        groups.append(TermGroup(token, ((token,),), prefix))
    return ParsedQuery(tuple(groups), tuple(tokens[:64]))


@dataclass(frozen=True)
class SearchHit:
    protocol_id: str
    title: str
    section: str
    anchor: str
    snippet: str          # matched words between START and END markers
    score: float
    section_id: int
    matched: tuple[str, ...] = ()

    def snippet_marked(self, before: str = "**", after: str = "**") -> str:
        return self.snippet.replace(START, before).replace(END, after)

    def as_json(self) -> dict:
        return {
            "protocol_id": self.protocol_id,
            "title": self.title,
            "section": self.section,
            "anchor": self.anchor,
            "snippet": self.snippet_marked(),
            "score": round(self.score, 4),
            "matched": list(self.matched),
        }


@dataclass(frozen=True)
class SearchResult:
    query: ParsedQuery
    hits: tuple[SearchHit, ...]


class GroupCache:
    """Which sections state a term group, kept from one keystroke to the next: while the last
    word is typed, the words before it ask the same questions again. An entry holds for one
    connection at one version of the database, so a changed index is never answered from it."""

    def __init__(self, size: int = 24):  # three questions for each of eight words
        self._size = size
        self._entries: OrderedDict[tuple, set[int]] = OrderedDict()
        self._lock = threading.Lock()

    def matching(self, conn: sqlite3.Connection, columns: str, expr: str) -> set[int]:
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        key = (id(conn), version, conn.total_changes, columns, expr)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: thousands of rows in a large library
        found = {rowid for (rowid,) in cursor.execute(
            "SELECT rowid FROM sections_fts WHERE sections_fts MATCH ?",
            (f"{{{columns}}} : {expr}",))}
        with self._lock:
            self._entries[key] = found
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return found


def search(conn: sqlite3.Connection, text: str, thesaurus: Thesaurus,
           limit: int = 20, cache: GroupCache | None = None) -> SearchResult:
    parsed = parse_query(text, thesaurus)
    if parsed.empty or limit <= 0:
        return SearchResult(parsed, ())
    cache = cache or GroupCache()
    try:
        hits = _run(conn, parsed, limit, cache)
    except sqlite3.OperationalError:
        # Only reachable if FTS5 rejects a quoted token (a character its tokenizer and
        # ours disagree on). Drop the offending groups one by one rather than fail.
        # Never the query itself in the log: people search with names.
        log.warning("a search of %d characters fell back after an FTS error", len(text))
        usable = []
        for group in parsed.groups:
            try:
                conn.execute("SELECT 1 FROM sections_fts WHERE sections_fts MATCH ? LIMIT 1",
                             (group.fts(),)).fetchall()
                usable.append(group)
            except sqlite3.OperationalError:
                continue
        parsed = ParsedQuery(tuple(usable), parsed.tokens)
        hits = _run(conn, parsed, limit, cache) if usable else ()
    return SearchResult(parsed, tuple(hits))


def _run(conn: sqlite3.Connection, parsed: ParsedQuery, limit: int,
         cache: GroupCache) -> list[SearchHit]:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    # The candidates first, then their section and protocol: joining every match before
    # the LIMIT cost a third of the time with a large library. bm25 with some column weights
    # at zero is non-zero exactly where a phrase of the query occurs in the other columns:
    # where each candidate matched, at no extra search.
    rows = conn.execute(
        f"""SELECT f.id, f.rank, f.in_section, f.in_heading, f.in_protocol,
                   s.protocol_id, s.heading, s.anchor, s.ordinal, p.title
            FROM (SELECT rowid AS id, bm25(sections_fts, {weights}) AS rank,
                         bm25(sections_fts, 0, 1, 1, 0) AS in_section,
                         bm25(sections_fts, 0, 1, 0, 0) AS in_heading,
                         bm25(sections_fts, 1, 0, 0, 1) AS in_protocol
                  FROM sections_fts WHERE sections_fts MATCH ?
                  ORDER BY rank LIMIT {CANDIDATES}) AS f
            JOIN protocol_sections AS s ON s.id = f.id
            JOIN protocols AS p ON p.id = s.protocol_id
            ORDER BY f.rank""",
        (parsed.fts(),),
    ).fetchall()
    if not rows:
        return []
    total = conn.execute("SELECT count(*) FROM protocol_sections").fetchone()[0] or 1
    score: dict[int, float] = {row["id"]: 0.0 for row in rows}
    matched: dict[int, list[str]] = {row["id"]: [] for row in rows}

    def matching(columns: str, expr: str) -> set[int]:
        return cache.matching(conn, columns, expr)

    def count(columns: str, expr: str) -> int:
        return conn.execute("SELECT count(*) FROM sections_fts WHERE sections_fts MATCH ?",
                            (f"{{{columns}}} : {expr}",)).fetchone()[0]

    idf_total = 0.0
    for group in parsed.groups:
        expr = group.fts()
        if len(parsed.groups) == 1:
            # One idea typed (most keystrokes): the main query said where each candidate
            # matched; only how many sections state it is still to count. With 100 times
            # the bundled library this halves the time of a keystroke.
            in_section = {row["id"] for row in rows if row["in_section"]}
            in_heading = {row["id"] for row in rows if row["in_heading"]}
            in_protocol = {row["id"] for row in rows if row["in_protocol"]}
            stated = count("heading body", expr)
        else:
            in_section = matching("heading body", expr)
            stated = len(in_section)
            in_heading = matching("heading", expr) if in_section else set()
            # A match only in the protocol's title or synonyms says "right protocol",
            # not "right section": it counts for less.
            in_protocol = matching("title keywords", expr)
        # How rare the idea is in section text decides what answering it is worth.
        idf = math.log(1 + (total - stated + 0.5) / (stated + 0.5))
        idf_total += idf
        for rowid in score:
            if rowid in in_section:
                score[rowid] += idf * (1 + (HEADING_BONUS if rowid in in_heading else 0))
                matched[rowid].append(group.typed)
            if rowid in in_protocol:
                score[rowid] += idf * PROTOCOL_WEIGHT
                if group.typed not in matched[rowid]:
                    matched[rowid].append(group.typed)

    best_rank = min(row["rank"] for row in rows) or -1.0
    query_keys = [_key(token) for token in parsed.tokens]
    names_protocol: dict[str, bool] = {}
    ranked = []
    for row in rows:
        pid = row["protocol_id"]
        if pid not in names_protocol:
            names_protocol[pid] = _states_every_group(row["title"], parsed)
        if row["ordinal"] == 0 and names_protocol[pid]:
            # The query names the protocol itself ("s136", "appropriate adult"): open it at
            # its first section, as if that heading said exactly what was asked.
            score[row["id"]] += 2 * idf_total + HEADING_OVERLAP
        relevance = (score[row["id"]]
                     + HEADING_OVERLAP * _heading_overlap(row["heading"], parsed, query_keys)
                     + BM25_SHARE * (row["rank"] / best_rank if best_rank else 0))
        ranked.append((-relevance, row["rank"], row["ordinal"], row))
    ranked.sort(key=lambda item: item[:3])
    top = ranked[:limit]
    # Snippets only for what will be shown, marked with the same patterns as the reader
    # (FTS5's snippet() costs a quarter of a millisecond a row with long synonym lists).
    ids = [item[3]["id"] for item in top]
    bodies = dict(conn.execute(
        f"SELECT rowid, body FROM sections_fts WHERE rowid IN ({','.join('?' * len(ids))})",
        ids).fetchall())
    marker = re.compile("|".join(f"(?:{p})" for p in sorted(
        set(parsed.highlight_patterns()), key=len, reverse=True)), re.IGNORECASE)
    return [SearchHit(
        protocol_id=row["protocol_id"], title=row["title"], section=row["heading"],
        anchor=row["anchor"], snippet=make_snippet(bodies.get(row["id"], ""), marker),
        score=-negative, section_id=row["id"], matched=tuple(matched[row["id"]]),
    ) for negative, _, _, row in top]


def _key(word: str) -> str:
    """A crude stem for tie-breaking: the first five letters ("interviewed" ~ "interviews")."""
    return word[:5]


def _heading_overlap(heading: str, parsed: ParsedQuery, query_keys: list[str]) -> float:
    """Share of the words typed, common ones included, that the heading itself states.

    A tie-breaker: for "who can act as AA", "Who can act as an appropriate adult" beats
    "Who must not act as an appropriate adult".
    """
    if not query_keys:
        return 0.0
    heading_words = words(heading)
    joined = " " + " ".join(heading_words) + " "
    heading_keys = {_key(word) for word in heading_words}
    covered: set[str] = set()
    for group, phrases in zip(parsed.groups, parsed.phrase_strings):
        if len(phrases) > 1 or " " in group.typed:
            if any(phrase in joined for phrase in phrases):
                covered.update(group.typed.split())
    found = sum(1 for token, key in zip(parsed.tokens, query_keys)
                if token in covered or key in heading_keys)
    return found / len(query_keys)


def _states_every_group(text: str, parsed: ParsedQuery) -> bool:
    text_words = words(text)
    joined = " " + " ".join(text_words) + " "
    text_keys = {_key(word) for word in text_words}
    for group, phrases in zip(parsed.groups, parsed.phrase_strings):
        if any(phrase in joined for phrase in phrases):
            continue
        if " " in group.typed or _key(group.typed) not in text_keys:
            return False
    return bool(parsed.groups)


def make_snippet(text: str, marker: re.Pattern, width: int = 150) -> str:
    """About ``width`` characters of ``text`` around the densest run of marked words."""
    text = re.sub(r"\s+", " ", text or "").strip()
    marks = [(m.start(), m.end()) for m in marker.finditer(text) if m.end() > m.start()]
    if marks:
        # Two pointers over the marks: the window (by characters) holding the most of them.
        best_first, best_count, last = 0, 0, 0
        for first in range(len(marks)):
            last = max(last, first)
            while last + 1 < len(marks) and marks[last + 1][1] - marks[first][0] <= width:
                last += 1
            if last - first + 1 > best_count:
                best_first, best_count = first, last - first + 1
        lo = max(0, marks[best_first][0] - 25)
    else:
        lo = 0
    hi = min(len(text), lo + width + 25)
    if lo > 0:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < lo + 20 else lo
    if hi < len(text):
        space = text.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    pieces, cursor = [], lo
    for s, e in marks:
        if e <= lo or s >= hi or s < cursor:
            continue
        s, e = max(s, lo), min(e, hi)
        pieces.append(text[cursor:s])
        pieces.append(START + text[s:e] + END)
        cursor = e
    pieces.append(text[cursor:hi])
    return ("…" if lo > 0 else "") + "".join(pieces).strip() + ("…" if hi < len(text) else "")
