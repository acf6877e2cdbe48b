"""Schema steps 1 to 6, kept apart from ``migrations.py`` only for size: the same rules
hold (never edit a released step; add one at the end of ``migrations_recent.py``, with a
test that upgrades a database saved at the step before). Each step is (version, title,
statements).
"""

from __future__ import annotations

EARLY: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "settings and the protocol library", (
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
    (2, "incident reports: drafts, finalised reports, timeline", (
        """CREATE TABLE reports (
            id            INTEGER PRIMARY KEY,
            uuid          TEXT NOT NULL UNIQUE,
            reference     TEXT UNIQUE,
            status        TEXT NOT NULL CHECK (status IN
                              ('draft', 'queued', 'sent', 'received', 'case_open', 'closed')),
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL,
            submitted_at  TEXT,
            incident_at   TEXT,
            place         TEXT NOT NULL DEFAULT '',
            types         TEXT NOT NULL DEFAULT '',
            reporter_name TEXT NOT NULL DEFAULT '',
            created_by    TEXT NOT NULL,
            revision      INTEGER NOT NULL DEFAULT 0,
            data          TEXT NOT NULL
        )""",
        "CREATE INDEX reports_by_updated ON reports(updated_at)",
        "CREATE INDEX reports_by_incident ON reports(incident_at)",
        "CREATE INDEX reports_by_status ON reports(status, updated_at)",
        "CREATE INDEX reports_by_place ON reports(place, incident_at)",
        "CREATE INDEX reports_by_types ON reports(types, incident_at)",
        """CREATE TABLE report_events (
            id        INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            at        TEXT NOT NULL,
            author    TEXT NOT NULL,
            kind      TEXT NOT NULL,
            detail    TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX report_events_by_report ON report_events(report_id, id)",
        """CREATE TABLE reference_counters (
            year INTEGER PRIMARY KEY,
            last INTEGER NOT NULL
        )""",
        """CREATE VIRTUAL TABLE reports_fts USING fts5(
            reference, place, types, body,
            tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'
        )""",
        # A submitted report is never altered: corrections are addenda in its timeline.
        """CREATE TRIGGER reports_submitted_are_final BEFORE UPDATE OF data, incident_at,
               place, types, uuid, reference ON reports
           WHEN OLD.status != 'draft'
           BEGIN SELECT RAISE(ABORT, 'a submitted report cannot be changed'); END""",
        """CREATE TRIGGER reports_submitted_are_kept BEFORE DELETE ON reports
           WHEN OLD.status != 'draft'
           BEGIN SELECT RAISE(ABORT, 'a submitted report cannot be deleted'); END""",
        """CREATE TRIGGER report_timeline_is_append_only BEFORE UPDATE ON report_events
           WHEN (SELECT status FROM reports WHERE id = OLD.report_id) != 'draft'
           BEGIN SELECT RAISE(ABORT, 'the timeline of a submitted report cannot be changed');
           END""",
        """CREATE TRIGGER report_timeline_is_kept BEFORE DELETE ON report_events
           WHEN EXISTS (SELECT 1 FROM reports WHERE id = OLD.report_id AND status != 'draft')
           BEGIN SELECT RAISE(ABORT, 'the timeline of a submitted report cannot be changed');
           END""",
    )),
    (3, "protect every column of a submitted report that says what happened", (
        "DROP TRIGGER reports_submitted_are_final",
        """CREATE TRIGGER reports_submitted_are_final BEFORE UPDATE OF data, incident_at,
               place, types, uuid, reference, submitted_at, created_at, created_by,
               reporter_name, revision ON reports
           WHEN OLD.status != 'draft'
           BEGIN SELECT RAISE(ABORT, 'a submitted report cannot be changed'); END""",
    )),
    (4, "roles, prosecution-support cases, helpline calls, news for reporters", (
        """CREATE TABLE role_history (
            id         INTEGER PRIMARY KEY,
            at         TEXT NOT NULL,
            role       TEXT NOT NULL,
            previous   TEXT,
            changed_by TEXT NOT NULL,
            source     TEXT NOT NULL
        )""",
        """CREATE TABLE case_counters (
            year INTEGER PRIMARY KEY,
            last INTEGER NOT NULL
        )""",
        """CREATE TABLE cases (
            id              INTEGER PRIMARY KEY,
            number          TEXT NOT NULL UNIQUE,
            report_id       INTEGER UNIQUE REFERENCES reports(id),
            source          TEXT NOT NULL CHECK (source IN ('report', 'helpline')),
            status          TEXT NOT NULL CHECK (status IN ('open', 'closed')),
            opened_at       TEXT NOT NULL,
            opened_by       TEXT NOT NULL,
            received_at     TEXT NOT NULL,
            incident_at     TEXT,
            summary         TEXT NOT NULL DEFAULT '',
            victim          TEXT NOT NULL DEFAULT '',
            crime_reference TEXT,
            decision        TEXT,
            nfa_reason      TEXT,
            closed_at       TEXT,
            closing_reason  TEXT,
            next_due        TEXT,
            next_step       TEXT,
            waiting_on      TEXT
        )""",
        "CREATE INDEX cases_by_due ON cases(status, next_due)",
        "CREATE INDEX cases_by_opened ON cases(status, opened_at)",
        """CREATE TABLE case_steps (
            id        INTEGER PRIMARY KEY,
            case_id   INTEGER NOT NULL REFERENCES cases(id),
            step      TEXT NOT NULL,
            ordinal   INTEGER NOT NULL,
            status    TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'done', 'na')),
            due       TEXT,
            done_on   TEXT,
            done_by   TEXT,
            note      TEXT NOT NULL DEFAULT '',
            na_reason TEXT,
            detail    TEXT NOT NULL DEFAULT '{}',
            UNIQUE (case_id, step)
        )""",
        """CREATE TABLE case_events (
            id      INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            at      TEXT NOT NULL,
            author  TEXT NOT NULL,
            kind    TEXT NOT NULL,
            detail  TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX case_events_by_case ON case_events(case_id, id)",
        """CREATE TRIGGER case_timeline_no_update BEFORE UPDATE ON case_events
           BEGIN SELECT RAISE(ABORT, 'a case timeline is never rewritten'); END""",
        """CREATE TRIGGER case_timeline_no_delete BEFORE DELETE ON case_events
           BEGIN SELECT RAISE(ABORT, 'a case timeline is never rewritten'); END""",
        """CREATE TABLE helpline_contacts (
            id               INTEGER PRIMARY KEY,
            at               TEXT NOT NULL,
            logged_by        TEXT NOT NULL,
            caller           TEXT NOT NULL,
            caller_role      TEXT NOT NULL DEFAULT '',
            organisation     TEXT NOT NULL DEFAULT '',
            phone            TEXT NOT NULL DEFAULT '',
            what             TEXT NOT NULL,
            report_reference TEXT,
            incident_at      TEXT,
            case_id          INTEGER REFERENCES cases(id)
        )""",
        """CREATE TABLE report_messages (
            id        INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id),
            case_id   INTEGER REFERENCES cases(id),
            at        TEXT NOT NULL,
            text      TEXT NOT NULL
        )""",
        "CREATE INDEX report_messages_by_report ON report_messages(report_id, id)",
    )),
    (5, "sync: bundles out and in, sequences, trusted keys, acknowledgements", (
        "ALTER TABLE reports ADD COLUMN source_install TEXT",
        "ALTER TABLE reports ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX reports_by_source ON reports(source_install, updated_at)",
        "DROP TRIGGER reports_submitted_are_final",
        # Still final, except one way: after the advisor's receipt a ward PC may drop the
        # identifiable parts it no longer needs (redacted 0 -> 1), never the reverse.
        """CREATE TRIGGER reports_submitted_are_final BEFORE UPDATE OF data, incident_at,
               place, types, uuid, reference, submitted_at, created_at, created_by,
               reporter_name, revision, redacted ON reports
           WHEN OLD.status != 'draft' AND NOT (OLD.redacted = 0 AND NEW.redacted = 1)
           BEGIN SELECT RAISE(ABORT, 'a submitted report cannot be changed'); END""",
        "ALTER TABLE report_messages ADD COLUMN uuid TEXT",
        "CREATE UNIQUE INDEX report_messages_by_uuid ON report_messages(uuid)",
        """CREATE TABLE sequences (
            kind      TEXT NOT NULL,
            recipient TEXT NOT NULL DEFAULT '',
            last      INTEGER NOT NULL,
            PRIMARY KEY (kind, recipient)
        )""",
        """CREATE TABLE outbox (
            id         INTEGER PRIMARY KEY,
            kind       TEXT NOT NULL,
            folder     TEXT NOT NULL,
            recipient  TEXT NOT NULL DEFAULT '',
            sequence   INTEGER NOT NULL,
            file_name  TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            records    INTEGER NOT NULL,
            data       BLOB NOT NULL,
            written_at TEXT,
            attempts   INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        )""",
        "CREATE INDEX outbox_waiting ON outbox(written_at, id)",
        """CREATE TABLE sent_items (
            item      TEXT PRIMARY KEY,
            outbox_id INTEGER NOT NULL REFERENCES outbox(id),
            version   TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE inbox (
            id             INTEGER PRIMARY KEY,
            file_name      TEXT NOT NULL,
            folder         TEXT NOT NULL,
            sha256         TEXT NOT NULL,
            kind           TEXT,
            source_install TEXT,
            source_name    TEXT,
            signer         TEXT,
            sequence       INTEGER,
            seen_at        TEXT NOT NULL,
            status         TEXT NOT NULL CHECK (status IN ('imported', 'rejected', 'waiting',
                                                           'skipped')),
            reason         TEXT NOT NULL DEFAULT '',
            records        INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX inbox_by_hash ON inbox(sha256, status)",
        "CREATE INDEX inbox_by_source ON inbox(kind, source_install, sequence)",
        """CREATE TABLE trusted_keys (
            fingerprint TEXT PRIMARY KEY,
            public_key  TEXT NOT NULL,
            purpose     TEXT NOT NULL,
            install_id  TEXT,
            name        TEXT NOT NULL DEFAULT '',
            source      TEXT NOT NULL,
            first_seen  TEXT NOT NULL,
            blocked     INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE acknowledgements (
            id             INTEGER PRIMARY KEY,
            uuid           TEXT NOT NULL UNIQUE,
            protocol_id    TEXT NOT NULL,
            version        TEXT NOT NULL,
            name           TEXT NOT NULL,
            at             TEXT NOT NULL,
            site           TEXT NOT NULL DEFAULT '',
            source_install TEXT
        )""",
        "CREATE INDEX acknowledgements_by_protocol ON acknowledgements(protocol_id, version)",
        """CREATE TABLE deid_incidents (
            id             TEXT PRIMARY KEY,
            source_install TEXT NOT NULL,
            updated_at     TEXT NOT NULL,
            incident_date  TEXT,
            reported_date  TEXT,
            site           TEXT NOT NULL DEFAULT '',
            ward           TEXT NOT NULL DEFAULT '',
            record         TEXT NOT NULL
        )""",
        "CREATE INDEX deid_incidents_by_date ON deid_incidents(incident_date)",
    )),
    (6, "protocol packs from the committee, and the versions they replaced", (
        # The newest text of each protocol a pack brought; the library reads it at open.
        """CREATE TABLE pack_protocols (
            id           TEXT PRIMARY KEY,
            version      TEXT NOT NULL,
            text         TEXT NOT NULL,
            sha256       TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            installed_at TEXT NOT NULL
        )""",
        # The text staff saw before a pack replaced it, for "what changed".
        """CREATE TABLE protocol_history (
            id          INTEGER PRIMARY KEY,
            protocol_id TEXT NOT NULL,
            version     TEXT NOT NULL,
            text        TEXT NOT NULL,
            source      TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            UNIQUE (protocol_id, version)
        )""",
        """CREATE TABLE protocol_packs (
            id             INTEGER PRIMARY KEY,
            pack_version   TEXT NOT NULL,
            source_install TEXT NOT NULL,
            sequence       INTEGER NOT NULL,
            signer         TEXT NOT NULL,
            installed_at   TEXT NOT NULL,
            protocols      INTEGER NOT NULL,
            changed        INTEGER NOT NULL
        )""",
    )),
)
