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

import hashlib
import json
import logging
import math
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

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

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(text)


@dataclass(frozen=True)
class Thesaurus:
    """Synonym groups and stop words, from data files."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    stopwords: frozenset[str]
    fingerprint: str = ""
    _by_first: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def parse(cls, synonyms_text: str, stopwords_text: str = "") -> "Thesaurus":
        groups = []
        for line in synonyms_text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            phrases = []
            for part in line.split("|"):
                tokens = tuple(words(part))
                if tokens and tokens not in phrases:
                    phrases.append(tokens)
            if phrases:
                groups.append(tuple(phrases))
        stop = frozenset(w for raw in stopwords_text.splitlines()
                         if raw.strip() and not raw.strip().startswith("#")
                         for w in words(raw))
        digest = hashlib.sha256((synonyms_text + "\0" + stopwords_text).encode()).hexdigest()
        thesaurus = cls(tuple(groups), stop, digest[:16])
        for index, group in enumerate(thesaurus.groups):
            for phrase in group:
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


def search(conn: sqlite3.Connection, text: str, thesaurus: Thesaurus,
           limit: int = 20) -> SearchResult:
    parsed = parse_query(text, thesaurus)
    if parsed.empty or limit <= 0:
        return SearchResult(parsed, ())
    try:
        hits = _run(conn, parsed, limit)
    except sqlite3.OperationalError as exc:
        # Only reachable if FTS5 rejects a quoted token (a character its tokenizer and
        # ours disagree on). Drop the offending groups one by one rather than fail.
        log.warning("search for %r fell back after FTS error: %s", text[:80], exc)
        usable = []
        for group in parsed.groups:
            try:
                conn.execute("SELECT 1 FROM sections_fts WHERE sections_fts MATCH ? LIMIT 1",
                             (group.fts(),)).fetchall()
                usable.append(group)
            except sqlite3.OperationalError:
                continue
        parsed = ParsedQuery(tuple(usable), parsed.tokens)
        hits = _run(conn, parsed, limit) if usable else ()
    return SearchResult(parsed, tuple(hits))


def _run(conn: sqlite3.Connection, parsed: ParsedQuery, limit: int) -> list[SearchHit]:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    rows = conn.execute(
        f"""SELECT f.rowid AS id, bm25(sections_fts, {weights}) AS rank,
                   snippet(sections_fts, 2, char(2), char(3), '…', 18) AS snip,
                   s.protocol_id, s.heading, s.anchor, s.ordinal, p.title
            FROM sections_fts AS f
            JOIN protocol_sections AS s ON s.id = f.rowid
            JOIN protocols AS p ON p.id = s.protocol_id
            WHERE sections_fts MATCH ?
            ORDER BY rank LIMIT {CANDIDATES}""",
        (parsed.fts(),),
    ).fetchall()
    if not rows:
        return []
    total = conn.execute("SELECT count(*) FROM protocol_sections").fetchone()[0] or 1
    candidates = json.dumps([row["id"] for row in rows])
    score: dict[int, float] = {row["id"]: 0.0 for row in rows}
    matched: dict[int, list[str]] = {row["id"]: [] for row in rows}
    idf_total = 0.0
    for group in parsed.groups:
        expr = group.fts()
        # How rare the idea is in section text decides what answering it is worth.
        df = conn.execute("SELECT count(*) FROM sections_fts WHERE sections_fts MATCH ?",
                          ("{heading body} : " + expr,)).fetchone()[0]
        idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
        idf_total += idf
        for rowid, in_heading in conn.execute(
                """SELECT rowid, instr(highlight(sections_fts, 1, char(2), char(3)), char(2)) > 0
                   FROM sections_fts WHERE sections_fts MATCH ?
                   AND rowid IN (SELECT value FROM json_each(?))""",
                ("{heading body} : " + expr, candidates)):
            score[rowid] += idf * (1 + (HEADING_BONUS if in_heading else 0))
            matched[rowid].append(group.typed)
        # A match only in the protocol's title or synonyms says "right protocol",
        # not "right section": it counts for less.
        for (rowid,) in conn.execute(
                """SELECT rowid FROM sections_fts WHERE sections_fts MATCH ?
                   AND rowid IN (SELECT value FROM json_each(?))""",
                ("{title keywords} : " + expr, candidates)):
            score[rowid] += idf * PROTOCOL_WEIGHT
            if group.typed not in matched[rowid]:
                matched[rowid].append(group.typed)
    best_rank = min(row["rank"] for row in rows) or -1.0
    names_protocol = {row["protocol_id"]: _states_every_group(row["title"], parsed)
                      for row in rows}
    hits = []
    for row in rows:
        if row["ordinal"] == 0 and names_protocol[row["protocol_id"]]:
            # The query names the protocol itself ("s136", "appropriate adult"): open it at
            # its first section, as if that heading said exactly what was asked.
            score[row["id"]] += 2 * idf_total + HEADING_OVERLAP
        relevance = (score[row["id"]]
                     + HEADING_OVERLAP * _heading_overlap(row["heading"], parsed)
                     + BM25_SHARE * (row["rank"] / best_rank if best_rank else 0))
        hits.append(SearchHit(
            protocol_id=row["protocol_id"], title=row["title"], section=row["heading"],
            anchor=row["anchor"], snippet=_tidy_snippet(row["snip"]), score=relevance,
            section_id=row["id"], matched=tuple(matched[row["id"]]),
        ))
    order = {row["id"]: (row["rank"], row["ordinal"]) for row in rows}
    hits.sort(key=lambda h: (-h.score, order[h.section_id]))
    return hits[:limit]


def _heading_overlap(heading: str, parsed: ParsedQuery) -> float:
    """Share of the words typed, common ones included, that the heading itself states.

    A tie-breaker: for "who can act as AA", "Who can act as an appropriate adult" beats
    "Who must not act as an appropriate adult".
    """
    if not parsed.tokens:
        return 0.0
    heading_words = words(heading)
    joined = " " + " ".join(heading_words) + " "
    covered: set[str] = set()
    for group in parsed.groups:
        if any(" " + " ".join(phrase) + " " in joined for phrase in group.phrases):
            covered.update(group.typed.split())
    found = sum(1 for token in parsed.tokens
                if token in covered or any(_same_stem(token, hw) for hw in heading_words))
    return found / len(parsed.tokens)


def _states_every_group(text: str, parsed: ParsedQuery) -> bool:
    text_words = words(text)
    joined = " " + " ".join(text_words) + " "
    for group in parsed.groups:
        if any(" " + " ".join(phrase) + " " in joined for phrase in group.phrases):
            continue
        if " " in group.typed or not any(_same_stem(group.typed, tw) for tw in text_words):
            return False
    return bool(parsed.groups)


def _same_stem(a: str, b: str) -> bool:
    size = max(4, min(len(a), len(b)) - 2)
    return a[:size] == b[:size] if min(len(a), len(b)) >= 4 else a == b


def _tidy_snippet(snippet: str | None) -> str:
    return re.sub(r"\s+", " ", snippet or "").strip()
