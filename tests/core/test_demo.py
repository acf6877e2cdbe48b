import collections
import datetime as dt
import json
import re

import pytest

from commonground.core.install import install_tag
from commonground.core.records import demo
from commonground.core.records import reports as incidents
from commonground.core.records.kinds.incident import fields as incident_fields
from commonground.core.records.listing import ReportQuery, count_reports, list_reports
from commonground.core.storage.db import Database

NOW = dt.datetime(2026, 3, 2, 18, 0)
COUNT = 500


@pytest.fixture(scope="module")
def demo_db() -> Database:
    db = Database.in_memory()
    calls = []
    assert demo.generate(db, COUNT, now=NOW,
                         progress=lambda done, total: calls.append((done, total))) == COUNT
    assert calls[-1] == (COUNT, COUNT)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    return db


def rows(db: Database):
    return db.query("SELECT * FROM reports ORDER BY id")


def test_every_report_is_stored_with_its_timeline_and_search_row(demo_db):
    assert demo_db.query_one("SELECT count(*) FROM reports")[0] == COUNT
    assert demo_db.query_one("SELECT count(*) FROM reports_fts")[0] == COUNT
    for row in rows(demo_db):
        events = incidents.timeline(demo_db, row["id"])
        data = json.loads(row["data"])
        assert events[0].kind == "created"
        assert row["created_by"] == "demo"
        assert row["place"] == incidents.place_label(data)
        assert row["types"] == incidents.types_label(data)
        assert row["reporter_name"] == (data.get("reporter_name") or "")
        assert row["incident_at"] == data.get("incident_at")
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert row["updated_at"] == events[-1].at
        if row["status"] != "draft":
            assert events[1].kind == "submitted"
            assert events[1].detail == {"reference": row["reference"]}
            assert events[1].author == data["reporter_name"]


def test_every_submitted_report_validates_clean_at_its_submission_time(demo_db):
    late = 0
    for row in rows(demo_db):
        data = json.loads(row["data"])
        if row["status"] == "draft":
            assert row["reference"] is None and row["submitted_at"] is None
            assert incidents.validate(data, now=NOW, submitting=False) == []
            continue
        submitted = dt.datetime.fromisoformat(row["submitted_at"])
        assert incidents.validate(data, now=submitted) == [], row["id"]
        incident = dt.datetime.fromisoformat(row["incident_at"])
        assert incident < submitted <= NOW
        assert NOW - incident <= dt.timedelta(days=3 * 366)
        assert data["reported_at"] == row["submitted_at"]
        assert data["late_report"] == incident_fields.is_late(data, submitted)
        if data["late_report"]:
            late += 1
            assert data["delay_reason"]
    assert 0 < late < COUNT * 0.2


def test_references_are_unique_sequential_per_year_and_shaped_like_submit_makes_them(demo_db):
    tag = install_tag(demo_db)
    by_year = collections.defaultdict(list)
    for row in demo_db.query("SELECT reference, submitted_at FROM reports "
                             "WHERE status != 'draft' ORDER BY submitted_at, id"):
        match = re.fullmatch(rf"CG-(\d{{4}})-{tag}-(\d{{6}})", row["reference"])
        assert match, row["reference"]
        assert int(match[1]) == int(row["submitted_at"][:4])
        by_year[int(match[1])].append(int(match[2]))
    for numbers in by_year.values():
        assert numbers == list(range(1, len(numbers) + 1))  # in order of submission
    counters = dict(demo_db.query("SELECT year, last FROM reference_counters"))
    assert counters == {year: len(numbers) for year, numbers in by_year.items()}


def test_a_real_submission_continues_the_sequence():
    db = Database.in_memory()
    demo.generate(db, 300, now=NOW)
    before = db.query_one("SELECT last FROM reference_counters WHERE year = 2026")["last"]
    draft = incidents.start_draft(db, "ward-pc", {}, now=NOW)
    template = json.loads(db.query_one("SELECT data FROM reports WHERE status != 'draft' "
                                       "ORDER BY id DESC LIMIT 1")["data"])
    incidents.save_draft(db, draft.id, template, "ward-pc", now=NOW)
    report = incidents.submit(db, draft.id, "ward-pc", now=NOW + dt.timedelta(minutes=1))
    assert report.reference == f"CG-2026-{install_tag(db)}-{before + 1:06d}"


def test_generating_twice_adds_more_without_clashing():
    db = Database.in_memory()
    demo.generate(db, 120, now=NOW)
    demo.generate(db, 80, seed=7, now=NOW)
    assert db.query_one("SELECT count(*) FROM reports")[0] == 200
    assert db.query_one("SELECT count(DISTINCT reference) FROM reports")[0] == \
        db.query_one("SELECT count(*) FROM reports WHERE reference IS NOT NULL")[0]


def test_the_data_is_varied(demo_db):
    reports = [(row["status"], json.loads(row["data"])) for row in rows(demo_db)]
    submitted = [data for status, data in reports if status != "draft"]
    statuses = collections.Counter(status for status, _ in reports)
    assert set(statuses) == {"draft", "queued", "sent", "received", "case_open", "closed"}
    assert statuses["draft"] == COUNT // 100
    # A report waits in the queue only until the next sync; old ones have been heard of.
    for row in rows(demo_db):
        if row["status"] == "draft":
            continue
        age = NOW - dt.datetime.fromisoformat(row["submitted_at"])
        if row["status"] == "queued":
            assert age < dt.timedelta(days=1)
    old = [row["status"] for row in rows(demo_db) if row["status"] != "draft" and
           NOW - dt.datetime.fromisoformat(row["submitted_at"]) > dt.timedelta(days=14)]
    assert sum(s in ("received", "case_open", "closed") for s in old) > len(old) * 0.8
    assert len({t for data in submitted for t in data["incident_types"]}) >= 6
    assert len({data["site"] for data in submitted}) == 3
    assert len({data["location"] for data in submitted}) >= 12
    harms = collections.Counter(data["harm_grade"] for data in submitted)
    assert {"none", "low", "moderate", "severe"} <= set(harms)
    assert harms["none"] + harms["low"] > len(submitted) * 0.7
    victims = collections.Counter(v["kind"] for data in submitted for v in data["victims"])
    assert victims.most_common(1)[0][0] == "staff" and {"police", "patient"} <= set(victims)
    perpetrators = collections.Counter(data["perpetrator_kind"] for data in submitted)
    assert perpetrators.most_common(1)[0][0] == "patient"
    informed = sum(data["police_informed"] == "yes" for data in submitted) / len(submitted)
    assert 0.3 < informed < 0.5
    assert any(data.get("crime_reference") for data in submitted)
    assert any(data.get("witnesses") for data in submitted)
    assert any(data.get("aggravating") for data in submitted)
    for data in submitted:
        if data["harm_grade"] == "severe":
            assert data["treatment"] in ("emergency_department", "admitted")
        sentences = re.findall(r"[.!?](?:\"|$|\s)", data["narrative"])
        assert 2 <= len(sentences) <= 6, data["narrative"]
    assert len({data["narrative"] for data in submitted}) > len(submitted) * 0.8


def test_search_finds_demo_reports_by_narrative_word_and_ward(demo_db):
    kettle = demo_db.query_one("SELECT count(*) FROM reports WHERE data LIKE '%kettle%'")[0]
    assert kettle > 0
    assert count_reports(demo_db, ReportQuery(text="kettle")) == kettle
    cedar = demo_db.query_one("SELECT count(*) FROM reports "
                              "WHERE place LIKE 'Cedar Ward%'")[0]
    assert cedar > 0
    assert count_reports(demo_db, ReportQuery(text="cedar ward")) == cedar
    found = list_reports(demo_db, ReportQuery(text="Cedar"), 0, 5)
    assert found and all(row.place.startswith("Cedar Ward") for row in found)


def test_the_same_seed_gives_the_same_reports():
    def snapshot(seed: int):
        db = Database.in_memory()
        db.set_setting("install_id", "fixed-install")
        demo.generate(db, 150, seed=seed, now=NOW)
        return ([tuple(row) for row in rows(db)],
                [tuple(row) for row in db.query("SELECT * FROM report_events ORDER BY id")],
                [tuple(row) for row in db.query("SELECT rowid, * FROM reports_fts")])
    first = snapshot(2026)
    assert first == snapshot(2026)
    assert first[0] != snapshot(5)[0]


def test_nothing_is_inserted_for_zero():
    db = Database.in_memory()
    assert demo.generate(db, 0, now=NOW) == 0
    assert db.query_one("SELECT count(*) FROM reports")[0] == 0


def test_a_year_of_advisor_demo_data_looks_like_a_real_list_of_cases():
    """Cases spread over the past year, most of the old ones decided or closed, and of the
    open ones between one in ten and one in five overdue, as on a real advisor's list; no
    draft unless asked for."""
    from commonground.core.cases import listing
    from commonground.core.cases.demo import generate_cases

    now = dt.datetime(2026, 12, 6, 15, 0)
    for seed, reports, wanted in ((1, 1000, 50), (7, 400, 40), (2026, 2000, 120)):
        db = Database.in_memory()
        demo.generate(db, reports, seed=seed, now=now, years=1, drafts=0, sent_only=True)
        assert db.query_one("SELECT count(*) FROM reports WHERE status = 'draft'")[0] == 0
        submitted = [dt.datetime.fromisoformat(r[0]) for r in
                     db.query("SELECT submitted_at FROM reports")]
        assert min(submitted) > now - dt.timedelta(days=366)
        assert generate_cases(db, wanted, seed=seed, now=now) == wanted
        received = sorted(dt.date.fromisoformat(r[0][:10]) for r in
                          db.query("SELECT received_at FROM cases"))
        assert (received[-1] - received[0]).days > 300          # the whole year, not a month
        months = collections.Counter(day.strftime("%Y-%m") for day in received)
        assert len(months) >= 12
        counts = listing.dashboard_counts(db, now.date())
        assert 0.1 <= counts["overdue"] / counts["open"] <= 0.2, (seed, counts)
        assert counts["open"] < wanted * 0.6                      # old cases get decided


def test_drafts_come_only_when_asked_for():
    db = Database.in_memory()
    demo.generate(db, 200, seed=3, now=NOW, years=1, drafts=0)
    assert db.query_one("SELECT count(*) FROM reports WHERE status = 'draft'")[0] == 0
    db = Database.in_memory()
    demo.generate(db, 200, seed=3, now=NOW, years=1, drafts=4)
    assert db.query_one("SELECT count(*) FROM reports WHERE status = 'draft'")[0] == 4


def test_committee_demo_confirmations_are_for_the_versions_the_library_holds(tmp_path):
    """The demo shows reach: its confirmations are of the bundled protocols' current
    versions from their publication (the version before until then), so the reach tables
    a person tries out are not all zero."""
    import datetime as dt

    from commonground.context import AppContext
    from commonground.core.committee import stats
    from commonground.core.committee.demo import generate_committee

    context = AppContext.open(tmp_path / "committee")
    try:
        generate_committee(context.db, 60, now=dt.datetime.now().replace(microsecond=0))
        current = [(p.id, p.title, p.version, p.effective)
                   for p in context.library.protocols()]
        versions = {pid: (version, published) for pid, _title, version, published in current}
        sent = context.db.query("SELECT protocol_id, version, week FROM deid_ack_weeks")
        assert {row["version"] for row in sent} >= {"1.1"}
        for row in sent:       # the current version from its week of publication, never before
            version, published = versions[row["protocol_id"]]
            monday = published - dt.timedelta(days=published.weekday())
            if row["week"] != monday.isoformat():       # in that week it may be either
                assert (row["version"] == version) == (row["week"] > monday.isoformat()), \
                    dict(row)
        by_site, _weeks = stats.protocol_reach(context.db, current)
        all_sites = by_site.columns.index("All sites")
        reached = {row[0]: row[all_sites] for row in by_site.rows}
        assert sum(value for value in reached.values() if isinstance(value, int)) > 0, reached
    finally:
        context.close()
