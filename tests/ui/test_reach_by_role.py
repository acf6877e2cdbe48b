"""The committee's protocol reach tab counts confirmations by agency and role, and by site,
role and ISO week, from the hub's counts; shared outside the committee, small counts read
"<5". Driven through the real dashboard."""

from __future__ import annotations

import datetime as dt
import json
import os

from commonground.core.sync import incoming
from commonground.policy import parse_policy

COMMITTEE = parse_policy(json.dumps({"role": "committee"}))
S136 = "s136-place-of-safety"


def week(role, agency, count, site="Riverside Hospital", monday="2026-11-16", version=None):
    record = {"type": "ack_week", "protocol_id": S136, "version": version, "site": site,
              "week": monday, "count": count}
    if role or agency:
        record.update(role=role, agency=agency)
    return record


def reach_tab(open_window, qtbot):
    """The dashboard on its protocol reach tab, with the hub's counts for two sites."""
    window = open_window(policy=COMMITTEE)
    window.ensure_role()
    version = window.context.library.get(S136).version
    records = [week("nurse", "health", 7, version=version),
               week("police_officer", "police", 2, version=version),
               week("nurse", "health", 5, monday="2026-11-23", version=version),
               week("", "", 6, site="Hillside Unit", version=version),
               week("nurse", "health", 40, version="0.1")]     # an old version: not counted
    incoming.import_deidentified(window.context.db, records, "advisor-install",
                                 dt.datetime(2026, 11, 30))
    window.go_to(window.committee)
    page = window.committee
    page.tabs.setCurrentWidget(page.views["reach"].parentWidget().parentWidget().parentWidget())
    qtbot.waitUntil(lambda: page.views["reach_roles"].table.rowCount() > 0, timeout=10000)
    return window, page, version


def test_reach_by_agency_role_and_week_on_the_dashboard(open_window, qtbot, tmp_path):
    window, page, version = reach_tab(open_window, qtbot)

    def cells(key):
        grid = page.views[key].table
        return [[grid.item(r, c).text() for c in range(grid.columnCount())]
                for r in range(grid.rowCount())]
    assert cells("reach_roles") == [
        ["Police: Police officer", "2"],
        ["Health (mental health Trust): Nurse", "12"],
        ["Agency not recorded: Role not recorded", "6"]]
    title = window.context.library.get(S136).title
    assert cells("reach_weeks") == [
        [title, version, "Hillside Unit", "Agency not recorded", "Role not recorded",
         "2026-W47", "6"],
        [title, version, "Riverside Hospital", "Police", "Police officer", "2026-W47", "2"],
        [title, version, "Riverside Hospital", "Health (mental health Trust)", "Nurse",
         "2026-W47", "7"],
        [title, version, "Riverside Hospital", "Health (mental health Trust)", "Nurse",
         "2026-W48", "5"]]
    assert page.views["reach_weeks"].title.text() == \
        "Protocol reach by site, agency, role and ISO week"

    page.share.setChecked(True)          # shared outside the committee: "<5"
    assert cells("reach_roles")[0] == ["Police: Police officer", "<5"]
    assert [row[-1] for row in cells("reach_weeks")] == ["6", "<5", "7", "5"]
    assert page.views["reach_roles"].chart.accessibleDescription().startswith(
        "Police: Police officer: <5")
    if os.environ.get("CG_SHOTS"):
        for width in (1366, 1024):
            window.resize(width, 768)
            qtbot.wait(200)
            window.grab().save(str(tmp_path / f"reach_{width}.png"))
            print(tmp_path / f"reach_{width}.png")


def test_at_1024_by_768_the_reach_by_site_table_fits_without_scrolling_sideways(
        open_window, qtbot, tmp_path):
    """A protocol's long title wraps in its column: the numbers by site stay in view and
    every row is shown whole, with no scroll bar inside the table."""
    window, page, _version = reach_tab(open_window, qtbot)
    window.resize(1024, 768)
    qtbot.wait(200)
    grid = page.views["reach"].table
    assert grid.rowCount() == len(window.context.library.protocols())
    assert grid.horizontalScrollBar().maximum() == 0
    assert grid.horizontalHeader().length() <= grid.viewport().width()
    shown = grid.viewport().height()
    assert sum(grid.rowHeight(row) for row in range(grid.rowCount())) <= shown
    # A title too long for its column wraps onto a second line, never cut short.
    longest = max(range(grid.rowCount()), key=lambda row: len(grid.item(row, 0).text()))
    assert grid.fontMetrics().horizontalAdvance(grid.item(longest, 0).text()) > \
        grid.columnWidth(0)
    assert grid.rowHeight(longest) >= 2 * grid.fontMetrics().lineSpacing()
    window.grab().save(str(tmp_path / "reach_1024.png"))
    page.views["reach_weeks"].grab().save(str(tmp_path / "reach_weeks_1024.png"))
    for width in (1366, 1920):      # wide enough: the table is as wide as its columns
        window.resize(width, 768)
        qtbot.wait(100)
        assert grid.horizontalScrollBar().maximum() == 0
