"""What a ward PC adds to a report after it is sent reaches the advisor, and is not kept on
the shared PC once it has gone: decision-aid answers travel to the advisor's case like
addenda do, and after the advisor's receipt the ward PC keeps of an addendum or an aid
answer only the day it went (no words, no name), in no byte of its database files."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from commonground.core.aids import prosecution_limit
from commonground.core.cases import workflow as cases
from commonground.core.records import timeline
from tests.core.test_sync import count


def aid_answer(offence_on: dt.date) -> dict:
    """A real answer from the prosecution time limit aid, as "Record this" keeps it."""
    result = prosecution_limit.work_out(prosecution_limit.ProsecutionLimitInput(
        offence_on, today=dt.date(2026, 12, 1)))
    return result.recorded()


def ward_events(world, report_id: int, kind: str) -> list[dict]:
    return [{"author": row["author"], **json.loads(row["detail"])} for row in world.front.db.query(
        "SELECT author, detail FROM report_events WHERE report_id = ? AND kind = ? ORDER BY id",
        (report_id, kind))]


def the_case(world) -> int:
    [row] = world.advisor.db.query("SELECT id FROM cases")
    return row["id"]


def database_bytes(context) -> dict[str, bytes]:
    return {path.name: path.read_bytes()
            for path in context.paths.root.glob("commonground.sqlite3*")}


def test_aid_answers_before_and_after_the_report_went_reach_the_advisors_case(world):
    report = world.report(reporter_name="Zeb Quillfeather", reporter_role="Staff nurse")
    before = aid_answer(dt.date(2026, 11, 20))
    timeline.record_event(world.front.db, report.id, "aid", "Zeb Quillfeather", before)
    world.sync(world.front)
    assert world.sync(world.advisor).received >= 1
    case_id = the_case(world)
    shown = [event.describe() for event in cases.timeline(world.advisor.db, case_id)]
    assert f"Recorded on the ward PC: {before['text']}" in shown
    [arrived] = world.advisor.db.query("SELECT author, detail FROM report_events "
                                       "WHERE kind = 'aid'")
    assert arrived["author"] == "Zeb Quillfeather"
    assert json.loads(arrived["detail"])["result"] == before["result"]

    world.sync(world.front)                                # the receipt: the answer went
    [kept] = ward_events(world, report.id, "aid")
    assert set(kept) == {"author", "sent_on"} and kept["author"] == "Staff nurse"

    after = aid_answer(dt.date(2026, 6, 2))                # recorded after the receipt
    timeline.record_event(world.front.db, report.id, "aid", "Orla Brightwater", after)
    world.sync(world.front)
    world.sync(world.advisor)
    shown = [event.describe() for event in cases.timeline(world.advisor.db, case_id)]
    assert f"Recorded on the ward PC: {after['text']}" in shown
    assert all(set(kept) == {"author", "sent_on"} and "Brightwater" not in kept["author"]
               for kept in ward_events(world, report.id, "aid"))
    described = [event.describe() for event in timeline.timeline(world.front.db, report.id)]
    assert described.count(f"Decision aid answer sent to the advisor "
                           f"{dt.date.today().isoformat()}") == 2

    for _ in range(2):                                     # nothing goes twice
        world.sync(world.front)
        world.sync(world.advisor)
    assert count(world.advisor, "SELECT count(*) FROM report_events WHERE kind = 'aid'") == 2


def test_after_the_receipt_an_addendum_leaves_no_words_and_no_name_in_the_file(world):
    report = world.report(reporter_name="Zeb Quillfeather", reporter_role="Staff nurse")
    timeline.add_addendum(world.front.db, report.id, "The Xylophone cupboard key was "
                          "missing as well. " * 40, "Zeb Quillfeather")
    world.sync(world.front)
    world.sync(world.advisor)
    world.sync(world.front)                                # the receipt
    timeline.add_addendum(world.front.db, report.id, "Kumquat-coloured bruise seen later.",
                          "Orla Brightwater")
    world.sync(world.front)                                # the later addendum goes
    world.sync(world.advisor)

    arrived = [json.loads(row["detail"])["text"] for row in world.advisor.db.query(
        "SELECT detail FROM report_events WHERE kind = 'addendum' ORDER BY id")]
    assert len(arrived) == 2 and "Kumquat" in arrived[1] and "Xylophone" in arrived[0]
    kept = ward_events(world, report.id, "addendum")
    assert kept == [{"author": "Staff nurse", "sent_on": dt.date.today().isoformat()}] * 2
    assert [e.describe() for e in timeline.timeline(world.front.db, report.id)
            if e.kind == "addendum"] == \
        [f"Addendum sent to the advisor {dt.date.today().isoformat()}"] * 2
    for table in ("reports_fts", "sections_fts"):
        assert count(world.front, f"SELECT count(*) FROM {table} WHERE {table} MATCH "
                                  "'Xylophone OR Kumquat OR Quillfeather'") == 0
    # No copy in the database, its write-ahead log or free pages: no checkpoint by hand.
    for name, data in database_bytes(world.front).items():
        for word in (b"Xylophone", b"Kumquat", b"Quillfeather", b"Brightwater"):
            assert word not in data, (name, word)

    for _ in range(2):                                     # nothing goes twice
        world.sync(world.front)
        world.sync(world.advisor)
    assert count(world.advisor, "SELECT count(*) FROM report_events WHERE kind = "
                                "'addendum'") == 2


def test_an_addendum_not_yet_sent_keeps_its_words_until_it_has_gone(world):
    report = world.report()
    world.sync(world.front)
    world.sync(world.advisor)
    world.sync(world.front)                                # received
    timeline.add_addendum(world.front.db, report.id, "Written after the receipt.",
                          "Orla Brightwater")
    [waiting] = ward_events(world, report.id, "addendum")
    assert waiting["text"] == "Written after the receipt."


def test_the_scrubbed_timeline_takes_no_other_change(world):
    report = world.report()
    timeline.add_addendum(world.front.db, report.id, "One more thing.", "A Nurse")
    for context in (world.front, world.advisor, world.front):
        world.sync(context)
    db = world.front.db
    for detail in ('{"sent_on":"2020-01-01","text":"forged"}', '{"text":"forged"}', "{}"):
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
            with db.transaction() as conn:
                conn.execute("UPDATE report_events SET detail = ? WHERE report_id = ? AND "
                             "kind = 'addendum'", (detail, report.id))
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        with db.transaction() as conn:          # a status entry is never scrubbed
            conn.execute("UPDATE report_events SET detail = '{\"sent_on\":\"2020-01-01\"}' "
                         "WHERE report_id = ? AND kind = 'status'", (report.id,))


def test_an_aid_answer_that_is_not_one_refuses_the_bundle():
    from commonground.core.sync.incoming import check_report_record
    from tests import hostile

    good = hostile.aid_answer("r-1")
    assert check_report_record(good) is None
    for change, said in (({"text": ""}, "has no text"), ({"result": []}, "not an object"),
                         ({"aid": 7}, "'aid' is missing"),
                         ({"text": "x" * 10_001}, "10,001 characters"),
                         ({"result": {"x": "y" * 200_001}}, "at most 200,000"),
                         ({"outcome": ["a"]}, "'outcome' is not text")):
        assert said in check_report_record({**good, **change})


def test_step_17_lets_a_scrub_through_on_a_database_saved_at_step_15(tmp_path):
    from commonground.core.storage.db import Database

    path = tmp_path / "v15.sqlite3"
    old = Database(sqlite3.connect(str(path), isolation_level=None), path)
    old.conn.row_factory = sqlite3.Row
    old.migrate(target=15)
    with old.transaction() as conn:
        conn.execute("INSERT INTO reports(id, uuid, reference, status, created_at, "
                     "updated_at, data, redacted, created_by) VALUES (1, 'u-1', 'R-1', "
                     "'received', '2026-11-20', '2026-11-20', '{}', 1, '')")
        conn.execute("INSERT INTO report_events(report_id, at, author, kind, detail) VALUES "
                     "(1, '2026-11-20', 'Staff nurse', 'addendum', '{\"text\": \"More.\"}')")
    scrubbed = "UPDATE report_events SET detail = '{\"sent_on\":\"2026-11-21\"}'"
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        with old.transaction() as conn:
            conn.execute(scrubbed)
    old.migrate()
    with old.transaction() as conn:
        conn.execute(scrubbed)
    assert old.query_one("SELECT detail FROM report_events")[0] == '{"sent_on":"2026-11-21"}'
    old.close()


def test_an_older_hub_that_knows_no_aid_answers_still_gets_every_report(world, monkeypatch):
    """IT upgrades ward PCs and the hub in whatever order its tools do. A hub one release
    older refuses a bundle carrying a record type it does not know: aid answers travel in
    their own bundle, so that refusal never takes the reports with it."""
    import dataclasses

    from commonground.core.sync import wire

    report = world.report(reporter_name="Zeb Quillfeather", reporter_role="Staff nurse")
    timeline.record_event(world.front.db, report.id, "aid", "Zeb Quillfeather",
                          aid_answer(dt.date(2026, 11, 20)))
    world.sync(world.front)
    newer = wire.RULES["reports"]
    monkeypatch.setitem(wire.RULES, "reports", dataclasses.replace(
        newer, types=newer.record_types - {"aid"}))         # the hub of the release before
    result = world.sync(world.advisor)
    assert count(world.advisor, "SELECT count(*) FROM reports") == 1
    assert result.rejected == 1 and any("aid" in line for line in result.problems)
    assert count(world.advisor, "SELECT count(*) FROM report_events WHERE kind = 'aid'") == 0

    # Once the hub is upgraded, the refused bundle put back where it was is taken.
    monkeypatch.setitem(wire.RULES, "reports", newer)
    [refused] = [path for path in (world.shared["upward"] / "rejected").iterdir()
                 if path.suffix != ".txt"]
    refused.rename(refused.parent.parent / refused.name)
    world.sync(world.advisor)
    assert count(world.advisor, "SELECT count(*) FROM report_events WHERE kind = 'aid'") == 1
