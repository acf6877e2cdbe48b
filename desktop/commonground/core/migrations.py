"""Numbered schema migrations.

Each step is a list of single SQL statements (no ``executescript``: it would commit
behind our back). ``Database.migrate`` runs each step and bumps ``PRAGMA user_version``
in one transaction. Never edit a released step: add a new one, and a test that upgrades
a database saved at the previous version.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    title: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "settings and the protocol library", (
        """CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE protocols (
            id            TEXT PRIMARY KEY,
            title         TEXT NOT NULL,
            version       TEXT NOT NULL,
            effective     TEXT NOT NULL,
            review_due    TEXT NOT NULL,
            law_as_at     TEXT NOT NULL,
            superseded_by TEXT,
            owners        TEXT NOT NULL DEFAULT '[]',
            audience      TEXT NOT NULL DEFAULT '[]',
            synonyms      TEXT NOT NULL DEFAULT '[]',
            summary       TEXT NOT NULL,
            extra         TEXT NOT NULL DEFAULT '{}',
            body          TEXT NOT NULL,
            source        TEXT NOT NULL,
            source_path   TEXT,
            content_hash  TEXT NOT NULL,
            indexed_at    TEXT NOT NULL
        )""",
        """CREATE TABLE protocol_sections (
            id          INTEGER PRIMARY KEY,
            protocol_id TEXT NOT NULL REFERENCES protocols(id) ON DELETE CASCADE,
            ordinal     INTEGER NOT NULL,
            level       INTEGER NOT NULL,
            heading     TEXT NOT NULL,
            anchor      TEXT NOT NULL,
            body_md     TEXT NOT NULL,
            UNIQUE (protocol_id, anchor)
        )""",
        "CREATE INDEX protocol_sections_by_protocol ON protocol_sections(protocol_id, ordinal)",
        """CREATE VIRTUAL TABLE sections_fts USING fts5(
            title, heading, body, keywords,
            tokenize = 'porter unicode61 remove_diacritics 2',
            prefix = '2 3'
        )""",
    )),
)


def latest_version() -> int:
    return MIGRATIONS[-1].version
