"""The search index of the protocol library: what each section is found by.

Each section is indexed by its heading, its "asked as" phrases and its text, as Snowball
stems (``analysis``), in the FTS5 table ``sections_fts``; the text as read (for snippets) is
kept beside them. A protocol's title, synonyms and summary say "right protocol", not
"right section", and are kept apart in ``protocol_terms``. References and the version
history are read in place, never search answers, so they are not indexed. The library's
words, for finishing and correcting what is typed, go to ``search_words``; how many headings
and "asked as" phrases use each stem, for how alike a question and a section read
(``likeness``), to ``search_phrase_stems``.

The index is kept by content hash, so editing a file is picked up at the next start without
anyone rebuilding anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass

from ..storage.db import Database
from . import vocabulary
from .analysis import stems
from .changelog import HISTORY_HEADING
from .citations import strip_citations
from .files import LoadProblem, Protocol
from .likeness import phrase_counts
from .localcontacts import LocalContacts
from .sections import Section, plain_text

log = logging.getLogger(__name__)

INDEX_FORMAT = "7"  # bump when the way sections are indexed changes
NOT_INDEXED = ("references", HISTORY_HEADING.casefold())


@dataclass
class LibraryStatus:
    protocols: list[Protocol]
    problems: list[LoadProblem]
    reindexed: list[str]


def index_fingerprint(thesaurus_hash: str, contacts: LocalContacts) -> str:
    return hashlib.sha256(
        f"{INDEX_FORMAT}|{thesaurus_hash}|{contacts.fingerprint()}".encode()
    ).hexdigest()


def sync_index(db: Database, protocols: list[Protocol], contacts: LocalContacts,
               fingerprint: str) -> list[str]:
    """Bring the stored protocols and search index in line with ``protocols``.

    Unchanged protocols (same content hash, same index fingerprint) are left alone.
    Returns the ids that were (re)indexed. All in one transaction.
    """
    full_rebuild = db.get_setting("protocol_index_fingerprint") != fingerprint
    stored = {row["id"]: row["content_hash"]
              for row in db.query("SELECT id, content_hash FROM protocols")}
    wanted = {p.id: p for p in protocols}
    changed = [p for p in protocols
               if full_rebuild or stored.get(p.id) != p.content_hash]
    removed = [pid for pid in stored if pid not in wanted]
    if not changed and not removed:
        return []
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with db.transaction() as conn:
        for pid in removed + [p.id for p in changed]:
            _delete_protocol(conn, pid)
        for protocol in changed:
            _insert_protocol(conn, protocol, contacts, now)
        vocabulary.store(conn, vocabulary.count_words(
            text for protocol in protocols for text in searched_texts(protocol, contacts)))
        _store_phrases(conn, protocols)
        conn.execute(
            "INSERT INTO settings(key, value) VALUES ('protocol_index_fingerprint', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (fingerprint,))
        conn.execute(   # tells every connection's search caches that the index moved on
            "INSERT INTO settings(key, value) VALUES ('protocol_index_generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
    log.info("protocol index: %d reindexed, %d removed", len(changed), len(removed))
    return [p.id for p in changed]


def indexed_sections(protocol: Protocol) -> list[Section]:
    """The sections search may answer with: not References, not the version history, and
    not a heading with no text of its own ("Who does what": its subsections answer)."""
    kept, skipping = [], False
    for section in protocol.sections():
        if section.level <= 2:
            skipping = section.heading.casefold() in NOT_INDEXED
        if not skipping and section.body_md.strip():
            kept.append(section)
    return kept


def section_text(section: Section, contacts: LocalContacts) -> str:
    """The section's text as search reads it: citation marks are where a rule comes from,
    not what it says."""
    return plain_text(strip_citations(section.body_md), contacts)


def searched_texts(protocol: Protocol, contacts: LocalContacts):
    yield protocol.title
    yield " ".join(protocol.synonyms)
    yield protocol.summary
    for section in indexed_sections(protocol):
        yield section.heading
        yield " ".join(section.asked)
        yield section_text(section, contacts)


def _store_phrases(conn: sqlite3.Connection, protocols: list[Protocol]) -> None:
    counts, total = phrase_counts(
        stems(phrase) for protocol in protocols for section in indexed_sections(protocol)
        for phrase in (section.heading, *section.asked))
    conn.execute("DELETE FROM search_phrase_stems")
    conn.executemany("INSERT INTO search_phrase_stems(stem, phrases) VALUES (?, ?)",
                     counts.items())
    conn.execute(
        "INSERT INTO settings(key, value) VALUES ('protocol_phrase_count', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(total),))


def _delete_protocol(conn: sqlite3.Connection, protocol_id: str) -> None:
    conn.execute("DELETE FROM sections_fts WHERE rowid IN "
                 "(SELECT id FROM protocol_sections WHERE protocol_id = ?)", (protocol_id,))
    conn.execute("DELETE FROM protocol_terms WHERE protocol_id = ?", (protocol_id,))
    conn.execute("DELETE FROM protocol_sections WHERE protocol_id = ?", (protocol_id,))
    conn.execute("DELETE FROM protocols WHERE id = ?", (protocol_id,))


def _insert_protocol(conn: sqlite3.Connection, p: Protocol, contacts: LocalContacts,
                     now: str) -> None:
    conn.execute(
        "INSERT INTO protocols(id, title, version, effective, review_due, law_as_at, "
        "superseded_by, owners, audience, synonyms, summary, extra, body, source, "
        "source_path, content_hash, indexed_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (p.id, p.title, p.version, p.effective.isoformat(), p.review_due.isoformat(),
         p.law_as_at.isoformat(), p.superseded_by, json.dumps(list(p.owners)),
         json.dumps(list(p.audience)), json.dumps(list(p.synonyms)), p.summary,
         json.dumps(p.extra), p.body, p.source, p.source_path, p.content_hash, now))
    conn.execute("INSERT INTO protocol_terms(protocol_id, title, keywords) VALUES (?,?,?)",
                 (p.id, " ".join(stems(p.title)),
                  " ".join(stems(" ; ".join(p.synonyms + (p.summary,))))))
    indexed = {section.ordinal for section in indexed_sections(p)}
    for section in p.sections():
        cursor = conn.execute(
            "INSERT INTO protocol_sections(protocol_id, ordinal, level, heading, anchor, "
            "body_md) VALUES (?,?,?,?,?,?)",
            (p.id, section.ordinal, section.level, section.heading, section.anchor,
             section.body_md))
        if section.ordinal not in indexed:
            continue
        text = section_text(section, contacts)
        conn.execute(
            "INSERT INTO sections_fts(rowid, heading, asked, body, plain) VALUES (?,?,?,?,?)",
            (cursor.lastrowid, " ".join(stems(section.heading)),
             " ; ".join(" ".join(stems(phrase)) for phrase in section.asked),
             " ".join(stems(text)), text))
