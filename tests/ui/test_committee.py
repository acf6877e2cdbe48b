"""The committee's dashboard and action log, driven through the real widgets."""

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from commonground.core.committee import meetings as mt
from commonground.core.sync import incoming
from commonground.policy import parse_policy

COMMITTEE = parse_policy(json.dumps({"role": "committee"}))


def record(n, month, ward, harm="low", police="no", crn=False, site="Riverside Hospital"):
    return {"type": "incident", "id": f"{n:024d}", "incident_date": f"2026-{month:02d}-10",
            "reported_date": f"2026-{month:02d}-11", "delay_hours": 20, "site": site,
            "ward": ward, "setting": "inpatient_ward", "types": ["physical_assault"],
            "aggravating": [], "victims": ["staff"], "perpetrator": "patient", "harm": harm,
            "treatment": "none", "absence": "none", "police_informed": police,
            "police_attended": None, "crime_reference": crn, "late": False, "riddor": False,
            "supports_prosecution": "yes", "case": None}


@pytest.fixture
def committee(open_window):
    window = open_window(policy=COMMITTEE)
    window.ensure_role()
    records = [record(n, 3 + n % 3, "Cedar Ward" if n < 7 else "Oak Ward",
                      police="yes" if n < 4 else "no") for n in range(10)]
    records.append(record(99, 4, "Ash Ward", site="Hillside Unit"))
    incoming.import_deidentified(window.context.db, records, "advisor-install",
                                 dt.datetime(2026, 11, 1))
    return window


def set_period(qtbot, page, start, end):
    page.start.clear()
    qtbot.keyClicks(page.start, start)
    page.end.clear()
    qtbot.keyClicks(page.end, end)


def test_the_dashboard_counts_and_filters(committee, qtbot):
    window = committee
    qtbot.keyClick(window.nav, Qt.Key_4, Qt.ControlModifier)
    page = window.committee
    assert window.pages.currentWidget() is page
    set_period(qtbot, page, "01/01/2026", "30/06/2026")
    qtbot.waitUntil(lambda: page.headline.text().startswith("<b>11</b> incidents"),
                    timeout=10000)
    wards = page.views["by_ward"].table
    rows = {wards.item(r, 0).text(): wards.item(r, 1).text() for r in range(wards.rowCount())}
    assert rows == {"Cedar Ward": "7", "Oak Ward": "3", "Ash Ward": "1"}
    police = page.views["police"].table
    assert (police.item(0, 0).text(), police.item(0, 1).text(), police.item(0, 2).text()) == \
        ("Police informed", "4", "36%")

    page.site.setCurrentIndex(page.site.findData("Riverside Hospital"))
    qtbot.waitUntil(lambda: page.headline.text().startswith("<b>10</b> incidents"),
                    timeout=10000)
    page.ward.setCurrentIndex(page.ward.findData("Oak Ward"))
    qtbot.waitUntil(lambda: page.headline.text().startswith("<b>3</b> incidents"),
                    timeout=10000)

    page.share.setChecked(True)
    assert page.views["by_ward"].table.item(0, 1).text() == "<5"
    assert page.views["by_ward"].chart.accessibleDescription() == "Oak Ward: <5"


def test_wrong_way_dates_and_an_empty_period_are_said_in_words(committee, qtbot):
    window = committee
    window.go_to(window.committee)
    page = window.committee
    set_period(qtbot, page, "30/06/2026", "01/01/2026")
    qtbot.waitUntil(lambda: page.message.text().startswith("Problem: The period starts"),
                    timeout=10000)
    set_period(qtbot, page, "01/01/2020", "31/12/2020")
    qtbot.waitUntil(lambda: page.message.text().startswith("There were no incidents"),
                    timeout=10000)


def press_ok(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)


def test_an_action_is_raised_updated_and_carried_to_the_next_meeting(committee, qtbot):
    window = committee
    window.go_to(window.meetings)
    page = window.meetings
    dialog = page.record_meeting()
    dialog.date.setText("01/09/2026")
    dialog.present["health"].setChecked(True)
    dialog.present["social_care"].setChecked(True)
    press_ok(qtbot, dialog)
    assert page.meeting_list.item(0).text() == "1 Sep 2026 (3 agencies absent)"
    assert "Police: not present" in page.meeting_text.toPlainText()

    dialog = page.raise_action()
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.text() == "Problem: Enter what the action is."
    qtbot.keyClicks(dialog.title, "Audit who cancels planned MHA assessments")
    qtbot.keyClicks(dialog.raised_by, "AMHP service manager")
    dialog.agency.setCurrentIndex(dialog.agency.findData("police"))
    qtbot.keyClicks(dialog.role, "Operations sergeant")
    dialog.due.setText("01/12/2026")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert page.table.item(0, 0).text() == "Audit who cancels planned MHA assessments"
    assert page.table.item(0, 1).text() == "Police, Operations sergeant"

    page.table.setCurrentCell(0, 0)
    update = page.add_update()
    update.date.setText("15/10/2026")
    qtbot.keyClicks(update.author, "Operations sergeant")
    qtbot.keyClicks(update.text, "Two months logged: health cancelled as many as police.")
    update.status.setCurrentIndex(update.status.findData("in_progress"))
    press_ok(qtbot, update)
    assert page.table.item(0, 4).text() == "In progress"
    assert page.table.item(0, 5).text().startswith("15 Oct: Two months logged")

    mt.add_meeting(window.context.db, dt.date(2026, 11, 3), {"police": {"present": True}})
    page.refresh()
    changed = mt.changed_since(window.context.db, dt.date(2026, 9, 1), dt.date(2026, 11, 3))
    assert [a.title for a in changed] == ["Audit who cancels planned MHA assessments"]
    assert page.table.rowCount() == 1  # still open: carried to the new meeting


def test_the_meeting_pack_is_made_in_the_background_for_the_days_since_the_last_meeting(
        committee, qtbot, tmp_path):
    import io

    from pypdf import PdfReader
    window = committee
    db = window.context.db
    mt.add_meeting(db, dt.date(2026, 3, 31), {"police": {"present": True}})
    mt.add_meeting(db, dt.date(2026, 5, 31), {"police": {"present": True}})
    window.go_to(window.meetings)
    page = window.meetings
    page.refresh()
    assert page.meeting_list.item(0).text().startswith("31 May 2026")
    qtbot.mouseClick(page.share_pack, Qt.LeftButton)
    assert page.share_pack.isChecked()
    target = tmp_path / "pack.pdf"
    page.make_pack(target)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Saved {target}",
                    timeout=20000)
    assert page._saved_banner.text.text() == f"✓ Meeting pack saved to {target}"
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    # 1 April to 31 May: the incidents of April (Cedar Ward 3, Ash Ward 1) and May (3).
    assert "1 Apr 2026 to 31 May 2026" in text
    assert "Counts under 5 are shown as '<5'" in text
    assert "Since the last meeting on 31 Mar 2026." in text
    assert "2 Incidents and assaults Incidents 7 Median reporting delay 20 hours" in text
    assert "Ward Incidents Cedar Ward <5 Oak Ward <5 Ash Ward <5" in text


def test_the_action_log_rows_are_as_tall_as_their_text_the_first_time(committee, qtbot):
    from commonground.core.committee.demo import generate_meetings

    window = committee
    generate_meetings(window.context.db)
    window.meetings.refresh()          # filled while the page is still unshown and narrow
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)
    table = window.meetings.table
    assert window.pages.currentWidget() is window.meetings and table.rowCount() >= 3
    line = table.fontMetrics().lineSpacing()
    for row in range(table.rowCount()):
        wrapped = max(table.fontMetrics().boundingRect(
            0, 0, table.columnWidth(column) - 8, 10000, Qt.TextWordWrap,
            table.item(row, column).text()).height() for column in range(table.columnCount()))
        assert table.rowHeight(row) <= max(wrapped, line) + 12, (row, table.rowHeight(row))
