"""Every kind of record supplies every piece, and the pieces fit each other: its fields, its
words, its documents, its de-identified shape and committee table, its dashboard and its
demo records. The released kinds are checked, and the test-only fourth kind the same way
(it is what a newcomer's kind would be)."""

from __future__ import annotations

import datetime as dt
import importlib
import json

import pytest

from commonground.core.aids import AIDS
from commonground.core.records import demo, figures
from commonground.core.records import kinds as rk
from commonground.core.records import reports as incidents
from commonground.core.records.document import blocks, plain_text
from commonground.core.storage.db import Database
from commonground.core.sync import deidentify, incoming, wire
from commonground.core.timeutil import parse_time
from tests import fourth_kind

NOW = dt.datetime(2026, 11, 20, 10, 0)
RELEASED = {"incident": "incident", "police_assistance": "assistance", "s136": "s136",
            "thanks": "thanks"}


@pytest.fixture(params=list(RELEASED) + [fourth_kind.KIND.key])
def kind(request):
    if request.param == fourth_kind.KIND.key:
        with fourth_kind.registered() as fourth:
            yield fourth
    else:
        yield rk.KINDS[request.param]


def test_the_frozen_names_map_to_the_kinds_they_always_did():
    assert {key: kind.wire for key, kind in rk.KINDS.items()} == RELEASED
    assert rk.DEFAULT == "incident" and rk.KIND_KEY == "_kind"
    assert {kind.committee.table for kind in rk.KINDS.values()} == {
        "deid_incidents", "deid_assistance", "deid_s136", "deid_thanks"}
    assert rk.kind_of({}).key == "incident"   # every report made before kinds existed
    assert rk.marked(rk.KINDS["incident"], {}) == {}
    assert rk.marked(rk.KINDS["s136"], {}) == {"_kind": "s136"}


def test_a_registered_kind_is_known_everywhere_and_gone_after():
    with fourth_kind.registered():
        assert rk.is_known("test_visit") and rk.by_wire("visit") is fourth_kind.KIND
        assert "visit" in wire.RULES["deidentified"].record_types
        with pytest.raises(ValueError):
            rk.register(fourth_kind.KIND)
    assert not rk.is_known("test_visit") and rk.by_wire("visit") is None
    assert "visit" not in wire.RULES["deidentified"].record_types
    with pytest.raises(ValueError):
        rk.unregister("s136")


def test_every_kind_supplies_words_fields_and_checks(kind):
    words = kind.words
    for name in ("heading", "choice", "short", "document", "noun", "view"):
        assert isinstance(getattr(words, name), str) and getattr(words, name).strip(), name
    done = words.done("CG-2026-TEST-000001", "<p>note</p>", "by email")
    assert "CG-2026-TEST-000001" in done and "<h2>" in done
    assert kind.sections and all(section.fields for section in kind.sections)
    keys = set(kind.fields)
    assert {kind.when_key, kind.author_key, *kind.reporter_keys} <= keys
    assert {*kind.type_keys, *kind.place_keys} <= keys
    assert {note.after for note in kind.form_notes} <= keys
    assert set(kind.aids) <= {aid.key for aid in AIDS}
    if kind.reported_at_row:
        assert kind.reported_at_row[0] in {section.key for section in kind.sections}
    for spec in kind.fields.values():
        if spec.shown_when and not callable(spec.shown_when):
            assert spec.shown_when[0] in keys, spec.key
    if kind.outcome is not None:
        first = kind.outcome.fields[0]
        assert first.kind == "choice" and first.required
    # An empty record of the kind is refused in words, field by field.
    empty = incidents.validate(rk.marked(kind, {}), now=NOW)
    assert empty and all(problem.message for problem in empty)


def test_every_kinds_demo_records_pass_its_checks_print_and_deidentify(kind):
    db = Database.in_memory()
    rules = rk.Rules(3, "the protocol")
    assert demo.generate(db, 40, kind=kind, now=NOW, rules=rules, drafts=4) == 40
    rows = db.query("SELECT * FROM reports WHERE kind = ?", (kind.key,))
    assert len(rows) == 40 and any(row["status"] == "draft" for row in rows)
    submitted = [row for row in rows if row["status"] != "draft"]
    for row in submitted:
        data = json.loads(row["data"])
        assert rk.kind_of(data) is kind
        assert incidents.validate(data, now=parse_time(row["submitted_at"])) == [], row["id"]
        report = incidents.get_report(db, row["id"])
        assert blocks(report)[0].title == kind.words.document
        assert plain_text(report).startswith(kind.words.document.upper())
    records = deidentify.records_of(db, kind, {"Riverside Hospital"})
    assert len(records) == len(submitted)
    shape = kind.committee.shape
    for record in records:
        assert record["type"] == kind.wire
        assert deidentify.check_record(record) is None
        assert set(record) <= set(shape.fields)
        if shape.every_field:
            assert set(record) == set(shape.fields)


def test_every_kind_has_a_committee_table_and_figures(kind):
    committee = kind.committee
    db = Database.in_memory()
    columns = {row["name"] for row in db.query(f"PRAGMA table_info({committee.table})")}
    assert {"id", "source_install", "sequence", "updated_at", "record", "month"} <= columns
    named = {committee.date_column, committee.site_column, committee.ward_column} - {None}
    assert named <= columns
    if committee.codes is not None:
        assert db.query(f"PRAGMA table_info({committee.codes.table})")
    # Exactly one place says where its figures come from.
    assert (committee.dashboard is None) == bool(committee.figures_from)
    if committee.figures_from:
        importlib.import_module(committee.figures_from)
        return
    dashboard = committee.dashboard
    assert dashboard.tab.count("&") == 1 and dashboard.figures and dashboard.headline
    assert dashboard.headline[0].count and dashboard.headline[0].label
    for figure in dashboard.figures:
        if isinstance(figure, figures.ByChoice):
            assert figure.field in columns, figure.key
    # Its demo records, imported by the committee, fill every figure it describes.
    scratch = Database.in_memory()
    demo.generate(scratch, 30, kind=kind, now=NOW, drafts=0, rules=rk.Rules(3, "x"))
    records = deidentify.records_of(scratch, kind, {"Riverside Hospital"})
    assert incoming.import_deidentified(db, records, "hub", NOW) == len(records)
    assert db.query_one(f"SELECT count(*) FROM {committee.table}")[0] == len(records)
    for record in records:
        stored = db.query_one(f"SELECT * FROM {committee.table} WHERE id = ?", (record["id"],))
        assert {key: stored[key] for key in committee.columns(record)} == \
            committee.columns(record)


def test_figure_keys_and_headline_keys_are_unique_across_kinds():
    with fourth_kind.registered():
        keys = [figure.key for kind in rk.KINDS.values() if kind.committee.dashboard
                for figure in kind.committee.dashboard.figures]
        heads = [item.key for kind in rk.KINDS.values() if kind.committee.dashboard
                 for item in kind.committee.dashboard.headline]
        tables = [kind.committee.table for kind in rk.KINDS.values()]
    incident_figures = {"by_month_type", "by_ward", "harm", "aggravating", "delay", "police",
                        "funnel", "nfa", "reach"}
    assert len(keys) == len(set(keys)) and not set(keys) & incident_figures
    assert len(heads) == len(set(heads)) and len(tables) == len(set(tables))
