"""Schema steps 7 to 15, kept apart from ``migrations.py`` only for size: the same rules
hold (never edit a released step; add new ones at the end of ``migrations_recent.py``, with
a test that upgrades a database saved at the step before). Each step is (version, title,
statements).
"""

from __future__ import annotations


def _blank_to_not_known(column: str, keys: tuple[str, ...]) -> str:
    """json_set(...) giving each key that is missing, null or "" the code "not_known"."""
    pairs = ", ".join(
        f"'$.{key}', CASE WHEN coalesce(json_extract({column}, '$.{key}'), '') = '' "
        f"THEN 'not_known' ELSE json_extract({column}, '$.{key}') END" for key in keys)
    return f"json_set({column}, {pairs})"


# Step 14's names, frozen here as they were released (the kind's lists may grow later).
_S136_ASKED = ("age_band", "gender", "ethnicity", "officer_ethnicity", "intoxication",
               "already_at_pos", "transferred", "s12_doctor")
_S136_COLUMNS = ("age_band", "gender", "ethnicity", "officer_ethnicity", "intoxication",
                 "already_at_pos", "transferred", "s12_doctor", "transfer_place",
                 "police_vehicle_why", "doctor_minutes", "amhp_minutes")
_S136_WHY = ("CASE WHEN json_extract({c}, '$.conveyance') = 'police_vehicle' THEN "
             "coalesce(nullif(json_extract({c}, '$.police_vehicle_why'), ''), 'not_known') "
             "END")

LATER: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (7, "the committee: figures from de-identified data, meetings, action log", (
        # Figures over 100,000 incidents come from plain columns, not JSON, each import.
        "ALTER TABLE deid_incidents ADD COLUMN month TEXT",
        "ALTER TABLE deid_incidents ADD COLUMN harm TEXT",
        "ALTER TABLE deid_incidents ADD COLUMN police_informed TEXT",
        "ALTER TABLE deid_incidents ADD COLUMN police_attended TEXT",
        "ALTER TABLE deid_incidents ADD COLUMN crime_reference INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE deid_incidents ADD COLUMN delay_hours INTEGER",
        "ALTER TABLE deid_incidents ADD COLUMN has_case INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE deid_incidents ADD COLUMN decision TEXT",
        "ALTER TABLE deid_incidents ADD COLUMN nfa_reason TEXT",
        "ALTER TABLE deid_incidents ADD COLUMN decision_date TEXT",
        "ALTER TABLE deid_incidents ADD COLUMN court_outcome TEXT",
        "ALTER TABLE deid_incidents ADD COLUMN closed_date TEXT",
        """UPDATE deid_incidents SET
            month = substr(incident_date, 1, 7),
            harm = json_extract(record, '$.harm'),
            police_informed = json_extract(record, '$.police_informed'),
            police_attended = json_extract(record, '$.police_attended'),
            crime_reference = coalesce(json_extract(record, '$.crime_reference'), 0),
            delay_hours = json_extract(record, '$.delay_hours'),
            has_case = json_extract(record, '$.case') IS NOT NULL,
            decision = json_extract(record, '$.case.decision'),
            nfa_reason = json_extract(record, '$.case.nfa_reason'),
            decision_date = json_extract(record, '$.case.decision_date'),
            court_outcome = json_extract(record, '$.case.court_outcome'),
            closed_date = json_extract(record, '$.case.closed')""",
        "CREATE INDEX deid_incidents_by_place ON deid_incidents(site, ward, incident_date)",
        """CREATE TABLE deid_codes (
            incident_id TEXT NOT NULL REFERENCES deid_incidents(id) ON DELETE CASCADE,
            kind        TEXT NOT NULL,
            code        TEXT NOT NULL
        )""",
        "CREATE INDEX deid_codes_by_incident ON deid_codes(incident_id)",
        "CREATE INDEX deid_codes_by_kind ON deid_codes(kind, code)",
        """INSERT INTO deid_codes(incident_id, kind, code)
           SELECT d.id, k.kind, j.value FROM deid_incidents AS d
           JOIN (SELECT 'type' AS kind, '$.types' AS path UNION ALL
                 SELECT 'aggravating', '$.aggravating' UNION ALL
                 SELECT 'victim', '$.victims') AS k
           JOIN json_each(d.record, k.path) AS j""",
        # Cases of note: short de-identified summaries the advisor writes for the committee.
        """CREATE TABLE case_notes (
            id      INTEGER PRIMARY KEY,
            uuid    TEXT NOT NULL UNIQUE,
            case_id INTEGER REFERENCES cases(id),
            at      TEXT NOT NULL,
            title   TEXT NOT NULL,
            text    TEXT NOT NULL,
            author  TEXT NOT NULL
        )""",
        """CREATE TABLE deid_notes (
            uuid           TEXT PRIMARY KEY,
            source_install TEXT NOT NULL,
            date           TEXT NOT NULL,
            title          TEXT NOT NULL,
            text           TEXT NOT NULL
        )""",
        """CREATE TABLE meetings (
            id         INTEGER PRIMARY KEY,
            date       TEXT NOT NULL,
            attendees  TEXT NOT NULL DEFAULT '{}',
            notes      TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX meetings_by_date ON meetings(date)",
        """CREATE TABLE actions (
            id           INTEGER PRIMARY KEY,
            meeting_id   INTEGER REFERENCES meetings(id),
            raised_by    TEXT NOT NULL,
            title        TEXT NOT NULL,
            detail       TEXT NOT NULL DEFAULT '',
            owner_agency TEXT NOT NULL,
            owner_role   TEXT NOT NULL DEFAULT '',
            due_date     TEXT,
            status       TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done',
                                                         'dropped')),
            created_at   TEXT NOT NULL
        )""",
        """CREATE TABLE action_updates (
            id        INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES actions(id),
            date      TEXT NOT NULL,
            author    TEXT NOT NULL,
            text      TEXT NOT NULL,
            status    TEXT NOT NULL,
            at        TEXT NOT NULL
        )""",
        "CREATE INDEX action_updates_by_action ON action_updates(action_id, date)",
        """CREATE TRIGGER action_updates_are_kept BEFORE DELETE ON action_updates
           BEGIN SELECT RAISE(ABORT, 'action updates are a record; they are not deleted'); END""",
    )),
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
    (12, "what was made of an arrived file, as a code as well as in words", (
        # The Sync screen decides from the code (a duplicate to leave out of the list, a
        # sender whose key can be accepted), never from the wording, which may change.
        "ALTER TABLE inbox ADD COLUMN code TEXT NOT NULL DEFAULT ''",
        # Files noted before there were codes, by the wording every version used for them.
        """UPDATE inbox SET code = 'duplicate' WHERE status = 'skipped'
           AND (reason = 'already imported' OR reason LIKE 'bundle % was already imported')""",
        """UPDATE inbox SET code = 'untrusted_signer' WHERE status = 'waiting'
           AND reason LIKE '%, which is not the %''s key this computer trusts%'""",
    )),
    (13, "only enrolled computers: keys approved, replaced PCs linked to the old", (
        # A ward PC that was reimaged or replaced enrols again under a new install id; the
        # advisor links it to the old one so that it may still add to the reports it sent.
        """CREATE TABLE install_links (
            install_id TEXT PRIMARY KEY,
            replaces   TEXT NOT NULL,
            linked_at  TEXT NOT NULL,
            by         TEXT NOT NULL DEFAULT ''
        )""",
        # Keys trusted on first use before enrolment stay trusted, marked as such and
        # listed on the Sync screen for the advisor to check.
        "UPDATE trusted_keys SET source = 'upgrade' WHERE purpose = 'install' "
        "AND source = 'first use'",
        # Once the advisor has a report, the shared ward PC's timeline names no one: only
        # an entry's author may change then (to the reporter's role); nothing else ever.
        "DROP TRIGGER report_timeline_is_append_only",
        """CREATE TRIGGER report_timeline_is_append_only BEFORE UPDATE ON report_events
           WHEN (SELECT status FROM reports WHERE id = OLD.report_id) != 'draft'
            AND NOT ((SELECT redacted FROM reports WHERE id = OLD.report_id) = 1
                     AND NEW.id = OLD.id AND NEW.report_id = OLD.report_id
                     AND NEW.at IS OLD.at AND NEW.kind IS OLD.kind
                     AND NEW.detail IS OLD.detail)
           BEGIN SELECT RAISE(ABORT, 'the timeline of a submitted report cannot be changed');
           END""",
        # The committee counts acknowledgements by protocol, site and week: no names.
        """CREATE TABLE deid_ack_weeks (
            protocol_id    TEXT NOT NULL,
            version        TEXT NOT NULL,
            site           TEXT NOT NULL DEFAULT '',
            week           TEXT NOT NULL,
            count          INTEGER NOT NULL,
            source_install TEXT NOT NULL,
            PRIMARY KEY (protocol_id, version, site, week, source_install)
        )""",
        "UPDATE acknowledgements SET name = '' WHERE source_install IS NOT NULL AND "
        "EXISTS (SELECT 1 FROM settings WHERE key = 'role' AND value = 'committee')",
    )),
    (14, "section 136 in the national tables' categories", (
        # Submitted section 136 records are final (a trigger refuses any change) and stay
        # exactly as written: every earlier answer keeps its code, since the lists only
        # grew, and a question not yet asked then is read as "not known" wherever it is
        # counted; nothing is guessed. The committee's de-identified copies are not records
        # of what happened, only counts: they gain the new fields, a blank as "not known".
        *(f"ALTER TABLE deid_s136 ADD COLUMN {column} "
          + ("INTEGER" if column.endswith("_minutes") else "TEXT") for column in _S136_COLUMNS),
        "UPDATE deid_s136 SET record = json_set("
        + _blank_to_not_known("record", _S136_ASKED + ("conveyance", "place_type"))
        + ", '$.police_vehicle_why', " + _S136_WHY.format(c="record")
        + ", '$.transfer_place', json_extract(record, '$.transfer_place'), "
        "'$.doctor_minutes', json_extract(record, '$.doctor_minutes'), "
        "'$.amhp_minutes', json_extract(record, '$.amhp_minutes')) WHERE json_valid(record)",
        "UPDATE deid_s136 SET " + ", ".join(
            f"{column} = json_extract(record, '$.{column}')"
            for column in _S136_COLUMNS + ("conveyance", "place_type")),
    )),
    (15, "the partnership: who to contact, thanks, membership, joint training", (
        # The committee's own list, kept and confirmed on its install.
        """CREATE TABLE contact_routes (
            id           TEXT PRIMARY KEY,
            fills        TEXT NOT NULL DEFAULT '',
            role         TEXT NOT NULL,
            organisation TEXT NOT NULL,
            phone        TEXT NOT NULL DEFAULT '',
            mailbox      TEXT NOT NULL DEFAULT '',
            hours        TEXT NOT NULL,
            deputy       TEXT NOT NULL DEFAULT '',
            confirmed    TEXT NOT NULL,
            updated_at   TEXT NOT NULL
        )""",
        # The directory the last protocol pack carried, replaced whole by each pack.
        """CREATE TABLE pack_contacts (
            id           TEXT PRIMARY KEY,
            fills        TEXT NOT NULL DEFAULT '',
            role         TEXT NOT NULL,
            organisation TEXT NOT NULL,
            phone        TEXT NOT NULL DEFAULT '',
            mailbox      TEXT NOT NULL DEFAULT '',
            hours        TEXT NOT NULL,
            deputy       TEXT NOT NULL DEFAULT '',
            confirmed    TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            installed_at TEXT NOT NULL
        )""",
        # Thanks and positive feedback, as the committee receives them: the words only where
        # the sender allowed quoting (in ``record``), counted by agency and month.
        """CREATE TABLE deid_thanks (
            id             TEXT PRIMARY KEY,
            source_install TEXT NOT NULL,
            sequence       INTEGER NOT NULL DEFAULT 0,
            updated_at     TEXT NOT NULL,
            record         TEXT NOT NULL,
            month          TEXT,
            thanks_date    TEXT,
            site           TEXT NOT NULL DEFAULT '',
            agency         TEXT,
            quote          INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX deid_thanks_by_month ON deid_thanks(month)",
        # Membership: each agency's seats, and who held the lead and the deputy place of each
        # (a name in its committee role only), kept as a history: a change is a new row.
        """CREATE TABLE committee_seats (
            id         INTEGER PRIMARY KEY,
            agency     TEXT NOT NULL,
            title      TEXT NOT NULL,
            opened_on  TEXT NOT NULL,
            closed_on  TEXT,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE seat_holders (
            id        INTEGER PRIMARY KEY,
            seat_id   INTEGER NOT NULL REFERENCES committee_seats(id),
            position  TEXT NOT NULL CHECK (position IN ('lead', 'deputy')),
            role      TEXT NOT NULL,
            name      TEXT NOT NULL,
            took_on   TEXT NOT NULL,
            left_on   TEXT,
            at        TEXT NOT NULL
        )""",
        "CREATE INDEX seat_holders_by_seat ON seat_holders(seat_id, position, took_on)",
        """CREATE TRIGGER seat_holders_are_kept BEFORE DELETE ON seat_holders
           BEGIN SELECT RAISE(ABORT, 'who held a seat is a record; it is not deleted'); END""",
        # Joint training: a session and who came as counts by agency and role; never names.
        """CREATE TABLE training_sessions (
            id         INTEGER PRIMARY KEY,
            held_on    TEXT NOT NULL,
            topic      TEXT NOT NULL,
            site       TEXT NOT NULL DEFAULT '',
            induction  INTEGER NOT NULL DEFAULT 0,
            protocols  TEXT NOT NULL DEFAULT '[]',
            trainers   TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE training_attendance (
            session_id INTEGER NOT NULL REFERENCES training_sessions(id),
            agency     TEXT NOT NULL,
            role       TEXT NOT NULL,
            count      INTEGER NOT NULL CHECK (count > 0)
        )""",
        "CREATE INDEX training_by_day ON training_sessions(held_on)",
    )),
)
