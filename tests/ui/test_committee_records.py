"""The dashboard's police assistance and section 136 tabs, driven through the real widgets."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from commonground.core.records.kinds import assistance, s136
from commonground.core.sync import deidentify, incoming
from tests.core.test_committee_records import episode
from tests.core.test_record_kinds import full_request
from tests.ui.conftest import unlabelled_controls

SECRET = b"s" * 32


def request(n: int, day: int, outcome: dict | None, urgency="planned") -> dict:
    data = full_request(assessment_at=f"2026-03-{day:02d}T10:00:00", urgency=urgency,
                        notice={"given": 4, "rule": 3})
    return assistance.KIND.committee.deidentify(
        SECRET, {"uuid": f"r{n}", "submitted_at": "2026-03-01T09:00:00", "data": data},
        {"outcome": outcome})


@pytest.fixture
def committee(role_window):
    """March 2026: seven requests (police cancelled two, health three, two attended) and six
    episodes, five by ambulance, one at Hillside by police vehicle."""
    window = role_window(role="committee")
    police = {"outcome": "cancelled", "cancelled_by": "police",
              "cancel_reason": "police_resources"}
    health = {"outcome": "cancelled", "cancelled_by": "health_social_care",
              "cancel_reason": "bed_unavailable"}
    records = [request(n, 2 + n, outcome) for n, outcome in enumerate(
        (police, police, health, health, health, {"outcome": "on_time"},
         {"outcome": "on_time"}))]
    sites = ["Riverside Hospital"] * 5 + ["Hillside Unit"]
    records += [s136.KIND.committee.deidentify(
        SECRET, {"uuid": f"e{n}", "submitted_at": "", "data": episode(
            f"2026-03-{n + 2:02d}T10:00:00", 30 * (n + 1), 5, site=site,
            conveyance="ambulance" if n < 5 else "police_vehicle",
            police_vehicle_why="diverted", police_vehicle_reason="x",
            ethnicity=("white", "white", "black", "black", "asian", "not_stated")[n])},
        {"places": set(sites)})
        for n, site in enumerate(sites)]
    assert all(deidentify.check_record(r) is None for r in records)
    incoming.import_deidentified(window.context.db, records, "advisor-install",
                                 dt.datetime(2026, 4, 1))
    return window


def rows(view) -> list[list[str]]:
    table = view.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_the_new_tabs_show_every_table_and_hide_small_counts_when_shared(committee, qtbot):
    window = committee
    window.go_to(window.committee)
    page = window.committee
    page.start.clear()
    qtbot.keyClicks(page.start, "01/03/2026")
    page.end.clear()
    qtbot.keyClicks(page.end, "31/03/2026")
    qtbot.waitUntil(lambda: "<b>7</b> police assistance requests" in page.headline.text(),
                    timeout=10000)
    assert "<b>6</b> section 136 episodes" in page.headline.text()
    # The median police wait of 30, 60, ... 180 minutes is 105.
    assert "median police wait at the place of safety <b>105</b> minutes" in \
        page.headline.text()

    qtbot.keyClick(page.tabs, Qt.Key_A, Qt.AltModifier)
    stack = page.stacks["assistance"]
    assert page.tabs.currentWidget() is stack
    assert stack.intro.text().startswith("<b>7</b> requests for police assistance")
    assert rows(stack.views["request_outcomes"]) == [
        ["Police attended on time", "2", "29%"], ["Police attended late", "0", "0%"],
        ["Police did not attend", "0", "0%"], ["Cancelled by police", "2", "29%"],
        ["Cancelled by health or social care", "3", "43%"], ["Not recorded yet", "0", "0%"]]
    assert rows(stack.views["cancelled_by_health"])[0] == ["No bed available", "3"]
    assert stack.views["request_outcomes"].chart.accessibleDescription().startswith(
        "Police attended on time: 2; Police attended late: 0;")
    # Every table is whole: no rows hidden behind a table's own scroll bar.
    for view in stack.views.values():
        table = view.table
        assert table.verticalScrollBar().maximum() == 0, view.title.text()
        assert table.accessibleName() == f"Numbers: {view.title.text()}"
    assert unlabelled_controls(stack) == []

    qtbot.keyClick(page.tabs, Qt.Key_1, Qt.AltModifier)
    s136 = page.stacks["s136"]
    assert page.tabs.currentWidget() is s136
    assert rows(s136.views["s136_by_month"]) == [["Mar 2026", "6", "5", "83%", "105", "180"]]
    assert rows(s136.views["conveyance"])[:2] == [["Ambulance", "5", "83%"],
                                                  ["Police vehicle", "1", "17%"]]
    # The keyboard reaches the last table, and the page scrolls to show it.
    last = s136.views["s136_limits"].table
    page.tabs.tabBar().setFocus(Qt.TabFocusReason)
    for _ in range(len(s136.views) + 1):     # the CSV button first
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        if QApplication.focusWidget() is last:
            break
    assert QApplication.focusWidget() is last
    assert s136.verticalScrollBar().value() > 0

    page.share.setChecked(True)
    assert rows(s136.views["s136_by_month"]) == [["Mar 2026", "6", "5", "83%", "105", "180"]]
    assert rows(s136.views["conveyance"])[1] == ["Police vehicle", "<5", "not shown"]
    assert rows(stack.views["request_outcomes"])[4] == ["Cancelled by health or social care",
                                                        "<5", "not shown"]
    assert "<b>7</b> police assistance requests" in page.headline.text()

    page.site.setCurrentIndex(page.site.findData("Hillside Unit"))
    qtbot.waitUntil(lambda: "<b>&lt;5</b> section 136 episodes," in s136.intro.text(),
                    timeout=10000)
    assert "Requests are counted for all sites: a request has no site." in \
        stack.views["requests_by_month"].note.text()
    page.share.setChecked(False)
    assert rows(s136.views["s136_by_month"]) == [["Mar 2026", "1", "0", "0%", "180", "180"]]
    assert s136.intro.text().startswith("<b>1</b> section 136 episode,")


def test_the_section_136_tab_saves_each_table_as_csv_as_shown(committee, qtbot, tmp_path,
                                                               monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = committee
    window.go_to(window.committee)
    page = window.committee
    page.start.clear()
    qtbot.keyClicks(page.start, "01/03/2026")
    page.end.clear()
    qtbot.keyClicks(page.end, "31/03/2026")
    qtbot.waitUntil(lambda: "<b>6</b> section 136 episodes" in page.headline.text(),
                    timeout=10000)
    qtbot.keyClick(page.tabs, Qt.Key_1, Qt.AltModifier)
    s136_tab = page.stacks["s136"]
    assert rows(s136_tab.views["s136_ethnicity"])[:4] == [
        ["White", "2", "33%", "0", "0", "2"], ["Mixed / Multiple ethnic groups", "0", "0%",
                                                "0", "0", "0"],
        ["Asian / Asian British", "1", "17%", "0", "0", "1"],
        ["Black / African / Caribbean / Black British", "2", "33%", "0", "0", "2"]]
    assert "Compare with: NHS England" in s136_tab.views["s136_ethnicity"].note.text()
    assert s136_tab.views["s136_limits"].note.text().startswith(
        "Local measure: no national comparator.")
    button = page.csv_buttons["s136"]
    assert button.accessibleName() == ("Save the Section 136 tables as CSV files, one per "
                                       "table")
    page.share.setChecked(True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    button.setFocus()
    qtbot.keyClick(button, Qt.Key_Space)
    name = "s136-s136_ethnicity-2026-03-01-to-2026-03-31.csv"
    qtbot.waitUntil(lambda: len(list(tmp_path.glob("s136-*.csv"))) == len(s136_tab.views),
                    timeout=10000)
    lines = (tmp_path / name).read_bytes().decode("utf-8-sig").split("\r\n")
    # Police vehicle: one, among the not stated, and one in all (hidden in its own table).
    assert lines[1].endswith(",White,<5,not shown,0,0,<5")
