"""Schema steps from 16 on, kept apart from ``migrations_later.py`` only for size: the same
rules hold (never edit a released step; add one at the end, with a test that upgrades a
database saved at the step before). Each step is (version, title, statements).
"""

from __future__ import annotations

RECENT: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (16, "acknowledgements say the reader's role and agency; the hub keeps no names; "
         "recruit intakes", (
        # Codes from closed lists (core/staff.py); '' for those made before the question.
        "ALTER TABLE acknowledgements ADD COLUMN role TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE acknowledgements ADD COLUMN agency TEXT NOT NULL DEFAULT ''",
        # Names stay only where the reader confirmed (their PC shows "you confirmed"):
        # nothing on the hub or the committee reads a name that arrived.
        "UPDATE acknowledgements SET name = '' WHERE source_install IS NOT NULL",
        # The committee's counts gain the role and agency (the older counts: not recorded).
        """CREATE TABLE deid_ack_weeks_16 (
            protocol_id    TEXT NOT NULL,
            version        TEXT NOT NULL,
            site           TEXT NOT NULL DEFAULT '',
            role           TEXT NOT NULL DEFAULT '',
            agency         TEXT NOT NULL DEFAULT '',
            week           TEXT NOT NULL,
            count          INTEGER NOT NULL,
            source_install TEXT NOT NULL,
            PRIMARY KEY (protocol_id, version, site, role, agency, week, source_install)
        )""",
        "INSERT INTO deid_ack_weeks_16(protocol_id, version, site, week, count, "
        "source_install) SELECT protocol_id, version, site, week, count, source_install "
        "FROM deid_ack_weeks",
        "DROP TABLE deid_ack_weeks",
        "ALTER TABLE deid_ack_weeks_16 RENAME TO deid_ack_weeks",
        # A new recruit intake (no names): it lapses coverage for its site, agency and role
        # until confirmations or a session cover as many people as started.
        """CREATE TABLE training_intakes (
            id         INTEGER PRIMARY KEY,
            taken_on   TEXT NOT NULL,
            site       TEXT NOT NULL,
            agency     TEXT NOT NULL,
            role       TEXT NOT NULL,
            starters   INTEGER NOT NULL CHECK (starters > 0),
            created_at TEXT NOT NULL
        )""",
    )),
    (17, "what a ward PC keeps of an addendum or aid answer the advisor has", (
        # Once the advisor has a report, an addendum or decision-aid answer that has gone to
        # the advisor keeps only the day it went ({"sent_on": day}): its words and its
        # author's name go. Nothing else on a submitted report's timeline ever changes.
        "DROP TRIGGER report_timeline_is_append_only",
        """CREATE TRIGGER report_timeline_is_append_only BEFORE UPDATE ON report_events
           WHEN (SELECT status FROM reports WHERE id = OLD.report_id) != 'draft'
            AND NOT ((SELECT redacted FROM reports WHERE id = OLD.report_id) = 1
                     AND NEW.id = OLD.id AND NEW.report_id = OLD.report_id
                     AND NEW.at IS OLD.at AND NEW.kind IS OLD.kind
                     AND (NEW.detail IS OLD.detail
                          OR (OLD.kind IN ('addendum', 'aid') AND NEW.detail GLOB
                              '{"sent_on":"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"}')))
           BEGIN SELECT RAISE(ABORT, 'the timeline of a submitted report cannot be changed');
           END""",
    )),
    (18, "how many headings and asked-as phrases use each word (search likeness)", (
        # Filled whenever the protocol index is rebuilt (core/protocols/likeness.py); the
        # index format moved on with it, so every library is rebuilt at its next start.
        """CREATE TABLE search_phrase_stems (
            stem    TEXT PRIMARY KEY,
            phrases INTEGER NOT NULL
        )""",
    )),
)
