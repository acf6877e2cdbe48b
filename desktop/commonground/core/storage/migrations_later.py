"""Schema steps from 8 on, kept apart from ``migrations.py`` only for size: the same rules
hold (never edit a released step; add one at the end, with a test that upgrades a database
saved at the step before). Each step is (version, title, statements).
"""

from __future__ import annotations

LATER: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (8, "de-identified incidents remember the bundle they came from", (
        # Bundles can arrive out of order (a late USB copy); an older export must not
        # overwrite the newer state of a case.
        "ALTER TABLE deid_incidents ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0",
    )),
    (9, "police assistance requests and section 136 episodes", (
        # A record's kind lives in its data (so drafts, bundles and copies carry it); this
        # column copies it for queries, set when the row is written. Reports made before
        # kinds existed are incidents.
        "ALTER TABLE reports ADD COLUMN kind TEXT NOT NULL DEFAULT 'incident'",
        "CREATE INDEX reports_by_kind ON reports(kind, incident_at)",
        # The committee's de-identified copies: codes, days, counts; no names, no addresses.
        """CREATE TABLE deid_assistance (
            id             TEXT PRIMARY KEY,
            source_install TEXT NOT NULL,
            sequence       INTEGER NOT NULL DEFAULT 0,
            updated_at     TEXT NOT NULL,
            record         TEXT NOT NULL,
            month          TEXT,
            assessment_date TEXT,
            urgency        TEXT,
            address_type   TEXT,
            warrant        TEXT,
            reason         TEXT,
            notice_days    INTEGER,
            late_notice    INTEGER NOT NULL DEFAULT 0,
            ambulance      TEXT,
            outcome        TEXT,
            minutes_late   INTEGER,
            cancelled_by   TEXT,
            cancel_reason  TEXT,
            rebooked       INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX deid_assistance_by_month ON deid_assistance(month)",
        """CREATE TABLE deid_s136 (
            id             TEXT PRIMARY KEY,
            source_install TEXT NOT NULL,
            sequence       INTEGER NOT NULL DEFAULT 0,
            updated_at     TEXT NOT NULL,
            record         TEXT NOT NULL,
            month          TEXT,
            detained_date  TEXT,
            site           TEXT NOT NULL DEFAULT '',
            age            TEXT,
            consulted      TEXT,
            conveyance     TEXT,
            place_type     TEXT,
            station_reason TEXT,
            station_confirmed INTEGER,
            wait_minutes   INTEGER,
            outcome        TEXT,
            extended       INTEGER NOT NULL DEFAULT 0,
            over_limit     INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX deid_s136_by_month ON deid_s136(month)",
    )),
    (10, "arrived files judged by content, not by name", (
        # A file is read again when its size or time changes (a half-copied bundle that
        # later completes, or junk replaced by the real bundle under the same name).
        "ALTER TABLE inbox ADD COLUMN size INTEGER",
        "ALTER TABLE inbox ADD COLUMN mtime_ns INTEGER",
        "CREATE INDEX inbox_by_name ON inbox(folder, file_name)",
    )),
    (11, "protocol search: stems by field, asked-as phrases, the library's words", (
        # Derived data only: the library is indexed again at the next start (the index
        # fingerprint changes with the index format).
        "DROP TABLE sections_fts",
        """CREATE VIRTUAL TABLE sections_fts USING fts5(
            heading, asked, body, plain UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2'
        )""",
        """CREATE TABLE protocol_terms (
            protocol_id TEXT PRIMARY KEY REFERENCES protocols(id) ON DELETE CASCADE,
            title       TEXT NOT NULL,
            keywords    TEXT NOT NULL
        )""",
        """CREATE TABLE search_words (
            word  TEXT PRIMARY KEY,
            stem  TEXT NOT NULL,
            count INTEGER NOT NULL
        ) WITHOUT ROWID""",
        "DELETE FROM settings WHERE key = 'protocol_index_fingerprint'",
    )),
)
