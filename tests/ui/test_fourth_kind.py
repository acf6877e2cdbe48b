"""A kind of record nobody wrote code for goes all the way through: the test-only fourth
kind (``tests/fourth_kind.py``), registered with its committee table, is typed into the
real form, saved as a draft, submitted, printed, exported de-identified by the command,
imported by the committee's command, and shown on the committee's dashboard."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from commonground import cli
from commonground.context import AppContext
from commonground.core.committee import stats
from commonground.core.pdf.meeting_pack import meeting_pack
from commonground.core.pdf.report_pdf import report_pdf
from commonground.core.records import reports as incidents
from commonground.core.sync import keys, state
from commonground.policy import parse_policy
from commonground.ui.main_window import MainWindow
from tests import fourth_kind
from tests.ui.conftest import unlabelled_controls
from tests.ui.test_records import choose, pick_kind, type_in, when

HUB_POLICY = {"role": "advisor", "site": "Riverside Hospital",
              "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward"]}]}
HUB = parse_policy(json.dumps(HUB_POLICY))
COMMITTEE = parse_policy(json.dumps({"role": "committee"}))


@pytest.fixture
def visits():
    with fourth_kind.registered() as kind:
        yield kind


def rows(view) -> list[list[str]]:
    table = view.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def test_a_fourth_kind_goes_from_the_form_to_the_committee_dashboard(
        visits, open_window, data_dir, tmp_path, qtbot, capsys):
    hub = open_window(policy=HUB)
    hub.ensure_role()
    db = hub.context.db

    # The form: chosen like any kind, typed into, saved as a draft while typing.
    form = pick_kind(qtbot, hub, visits.key)
    assert form.heading.text() == "Record a visit"
    assert unlabelled_controls(form) == []
    yesterday = (dt.date.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    when(qtbot, form.fields["visited_at"], yesterday, "14:30")
    choose(qtbot, form.fields["purpose"], "Other")
    assert form.fields["purpose_other"].container.isVisible()
    type_in(qtbot, form.fields["visitor_name"], "Sam Visitor")
    assert form.flush()
    [draft] = db.query("SELECT id, status, kind, data FROM reports")
    assert (draft["status"], draft["kind"]) == ("draft", "test_visit")
    typed = json.loads(draft["data"])
    assert (typed["_kind"], typed["visitor_name"], typed["purpose"]) == (
        "test_visit", "Sam Visitor", "other")

    # Submit: refused in words until complete, then numbered and sealed.
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.fields["purpose_other"].error.text() == "Problem: Say why you visited."
    choose(qtbot, form.fields["purpose"], "A concern was raised")
    type_in(qtbot, form.fields["found"], "Bedrooms cold; heating reported to estates.")
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.done_panel.isVisible(), form.problems.text()
    assert "Visit recorded" in form.done_text.text()
    report = incidents.get_report(db, draft["id"])
    assert report.reference and report.status == "received"   # the hub's own record
    assert report.data["reported_at"]
    assert db.query_one("SELECT types, place FROM reports")[:] == (
        "Visit: a concern was raised", "Riverside Hospital")

    # The PDF says what kind it is and everything typed.
    text = pdf_text(report_pdf(report, incidents.timeline(db, report.id), None))
    assert f"Visit record {report.reference}" in text
    assert "Visitor's name Sam Visitor" in text
    assert "Why you visited A concern was raised" in text
    assert "Bedrooms cold; heating reported to estates." in text

    # The advisor hub exports it de-identified: a type of its own, no name, no free text.
    usb = tmp_path / "usb"
    usb.mkdir()
    assert cli.main(["--data-dir", str(data_dir), "--policy", _policy_file(tmp_path, HUB_POLICY),
                     "export", "--kind", "deidentified", "--to", str(usb)]) == 0, \
        capsys.readouterr()
    [bundle] = usb.glob("deidentified_*.zip")
    with zipfile.ZipFile(bundle) as archive:
        payload = archive.read("payload.jsonl")
    [line] = [json.loads(line) for line in payload.splitlines()
              if json.loads(line)["type"] == "visit"]
    assert set(line) == {"type", "id", "visit_date", "site", "purpose"}
    assert (line["visit_date"], line["site"], line["purpose"]) == (
        (dt.date.today() - dt.timedelta(days=1)).isoformat(), "Riverside Hospital", "concern")
    assert b"Sam Visitor" not in payload and b"Bedrooms" not in payload
    signing = keys.b64(keys.raw_public(keys.install_signing_key(
        hub.context.paths.keys).public_key()))

    # The committee's command imports it into the kind's own table.
    committee_dir = tmp_path / "committee"
    context = AppContext.open(committee_dir, policy=COMMITTEE)
    state.trust(context.db, signing, "advisor", "policy")
    context.close()
    capsys.readouterr()
    assert cli.main(["--data-dir", str(committee_dir), "--policy",
                     _policy_file(tmp_path, {"role": "committee"}), "import", str(bundle)]) == 0, \
        capsys.readouterr()
    assert "Received deidentified_" in capsys.readouterr().out

    # The dashboard has a tab for it, with its table on screen; the pack has its section.
    context = AppContext.open(committee_dir, policy=COMMITTEE)
    try:
        [stored] = context.db.query(f"SELECT purpose, site FROM {fourth_kind.TABLE}")
        assert tuple(stored) == ("concern", "Riverside Hospital")
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.ensure_role()
        window.go_to(window.committee)
        page = window.committee
        stack = page.stacks["visit"]
        qtbot.waitUntil(lambda: "<b>1</b> visits" in page.headline.text(), timeout=10000)
        page.tabs.setCurrentWidget(stack)
        assert page.tabs.tabText(page.tabs.indexOf(stack)) == "Test &visits"
        assert stack.intro.text().startswith("<b>1</b> visit, by the day (")
        assert rows(stack.views["visit_purposes"]) == [
            ["Routine", "0", "0%"], ["A concern was raised", "1", "100%"], ["Other", "0", "0%"]]
        assert rows(stack.views["visits_by_month"])[-1][1] in ("0", "1")
        assert sum(int(row[1]) for row in rows(stack.views["visits_by_month"])) == 1
        assert unlabelled_controls(stack) == []
        filters = stats.Filters(dt.date.today() - dt.timedelta(days=30), dt.date.today())
        pack = pdf_text(meeting_pack(context.db, filters, None))
        assert "6 Visits" in pack and "Visits by purpose" in pack
        assert "8 Protocols: changes and reach" in pack and "9 Cases of note" in pack
        window.close()
        QApplication.processEvents()
    finally:
        context.close()


def _policy_file(tmp_path, policy: dict) -> str:
    path = tmp_path / f"{policy['role']}-policy.json"
    path.write_text(json.dumps(policy), encoding="utf-8")
    return str(path)
