"""Joint training on the committee's dashboard: a session typed into the real dialog, the
counts it keeps, and coverage shown in words."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from commonground.policy import parse_policy
from tests.ui.conftest import unlabelled_controls

COMMITTEE = parse_policy(json.dumps({"role": "committee"}))


def texts(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def training_tab(open_window, width: int | None = None, before=None):
    """The committee's window on its Joint training tab (``before`` runs on its database
    first); returns the window and the tab."""
    window = open_window(policy=COMMITTEE)
    window.ensure_role()
    if before is not None:
        before(window.context.db)
    if width is not None:
        window.resize(width, 768)
    window.go_to(window.committee)
    view = window.committee.training
    window.committee.tabs.setCurrentWidget(view)
    return window, view


def test_the_committee_records_a_session_and_sees_what_it_covers(open_window, qtbot,
                                                                tmp_path):
    window, view = training_tab(open_window, 1366)
    assert unlabelled_controls(view) == []
    assert view.lapsed.text() == "6 of 6 protocols need training again (training lapses " \
        "after 365 days, with a new version, or with a recruit intake until its starters " \
        "are covered)."

    dialog = view.add_session()
    qtbot.waitExposed(dialog)
    assert unlabelled_controls(dialog) == []
    qtbot.keyClicks(dialog.topic, "Section 136 and the place of safety")
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert dialog.error.text() == "Problem: Say which agencies the trainers came from."
    dialog.grab().save(str(tmp_path / "training-session.png"))
    dialog.trainers["health"].setFocus()
    qtbot.keyClick(dialog.trainers["health"], Qt.Key_Space)
    assert dialog.trainers["health"].isChecked()
    for index in range(dialog.protocols.count()):
        item = dialog.protocols.item(index)
        if item.data(Qt.UserRole)[0] == "s136-place-of-safety":
            item.setCheckState(Qt.Checked)
    police_agency, police_role, police_count = dialog.came.rows[0]
    assert police_agency.currentData() == "police"
    qtbot.keyClicks(police_role, "PC")
    qtbot.mouseClick(ok, Qt.LeftButton)                  # a role with no number
    assert dialog.error.text() == "Problem: Row 1: say how many came as PC, or clear the role."
    police_count.setFocus()
    police_count.lineEdit().selectAll()
    qtbot.keyClicks(police_count, "12")
    # A second police role, from the keyboard: "Add another role" adds a row below, with
    # the last row's agency offered, and the cursor in it.
    dialog.came.more.setFocus()
    qtbot.keyClick(dialog.came.more, Qt.Key_Space)
    agency, role, count = dialog.came.rows[-1]
    assert len(dialog.came.rows) == 6
    qtbot.waitUntil(agency.hasFocus)
    qtbot.keyClicks(agency, "Police")
    qtbot.keyClick(agency, Qt.Key_Tab)
    qtbot.keyClicks(role, "Sergeant")
    qtbot.keyClick(role, Qt.Key_Tab)
    assert count.hasFocus() or count.lineEdit().hasFocus()
    qtbot.keyClicks(count, "2")
    assert unlabelled_controls(dialog) == []
    dialog.grab().save(str(tmp_path / "training-rows.png"))
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    rows = [tuple(r) for r in window.context.db.query(
        "SELECT agency, role, count FROM training_attendance")]
    assert rows == [("police", "PC", 12), ("police", "Sergeant", 2)]
    [session] = texts(view.sessions)
    assert session[1:] == ["Section 136 and the place of safety",
                           "Health (mental health Trust)",
                           "Police PC: 12; Police Sergeant: 2 (14 in all)",
                           "s136-place-of-safety 1.1"]
    [s136] = [row for row in texts(view.coverage) if row[0].startswith("Section 136")]
    assert s136[2:] == ["Police 14", "0", "Current"]
    assert view.lapsed.text().startswith("5 of 6 protocols need training again")
    window.grab().save(str(tmp_path / "training.png"))


def test_a_recruit_intake_lapses_coverage_on_the_training_page(open_window, qtbot, tmp_path):
    import datetime as dt

    from commonground.core.committee import training as tr

    window, view = training_tab(open_window)
    version = window.context.library.get("s136-place-of-safety").version
    tr.add_session(window.context.db, held_on=dt.date.today() - dt.timedelta(days=30),
                   topic="Section 136", protocols={"s136-place-of-safety": version},
                   trainers=["health"], attended=[("police", "PC", 9)],
                   site="Riverside Hospital")
    view.refresh()
    [s136] = [row for row in texts(view.coverage) if row[0].startswith("Section 136")]
    assert s136[4] == "Current"

    view.intake_button.setFocus()
    qtbot.keyClick(view.intake_button, Qt.Key_Space)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in view.findChildren(QDialog)))
    [dialog] = [d for d in view.findChildren(QDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Record a recruit intake"
    assert unlabelled_controls(dialog) == []
    assert dialog.site.currentText() == "Riverside Hospital"   # the sites it knows
    dialog.site.lineEdit().clear()
    qtbot.keyClicks(dialog.site.lineEdit(), "Riverside Hospital")
    dialog.role.setFocus()
    qtbot.keyClicks(dialog.role, "Police o")
    assert dialog.agency.currentData() == "police"        # the role's agency
    dialog.starters.lineEdit().selectAll()
    qtbot.keyClicks(dialog.starters, "7")
    for width in (1366, 1024):
        window.resize(width, 768)
        qtbot.wait(100)
        dialog.grab().save(str(tmp_path / f"intake_{width}.png"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    [s136] = [row for row in texts(view.coverage) if row[0].startswith("Section 136")]
    assert s136[4] == "LAPSED. Recruit intake: Riverside Hospital, Police officer: 0 of 7 " \
        "covered."
    [cell] = [view.coverage.item(r, 4) for r in range(view.coverage.rowCount())
              if view.coverage.item(r, 0).text().startswith("Section 136")]
    assert cell.toolTip().startswith("Recruit intake: 7 new starters (Police officer, Police) "
                                     "at Riverside Hospital from ")
    assert "or with a recruit intake until its starters are covered" in view.lapsed.text()
    for width in (1366, 1024):
        window.resize(width, 768)
        qtbot.wait(100)
        window.grab().save(str(tmp_path / f"training_{width}.png"))


def test_each_row_of_who_came_suggests_a_role_of_its_own_agency(open_window, qtbot,
                                                               tmp_path):
    window, view = training_tab(open_window, 1024)
    dialog = view.add_session()
    qtbot.waitExposed(dialog)
    suggested = {agency.currentText(): role.placeholderText()
                 for agency, role, _count in dialog.came.rows}
    assert suggested == {
        "Police": "a role, such as PC or sergeant",
        "Health (mental health Trust)": "a role, such as staff nurse",
        "Social care": "a role, such as AMHP",
        "Ambulance service": "a role, such as paramedic",
        "Service users and carers": "a role, such as carer or peer supporter"}
    # A row moved to another agency suggests that agency's kind of role.
    agency, role, _count = dialog.came.rows[0]
    agency.setFocus()
    qtbot.keyClicks(agency, "Ambulance")
    assert agency.currentData() == "ambulance"
    assert role.placeholderText() == "a role, such as paramedic"
    for width in (1024, 1366):
        window.resize(width, 768)
        qtbot.wait(100)
        dialog.grab().save(str(tmp_path / f"session_{width}.png"))


def test_at_1024_by_768_the_coverage_table_shows_every_heading_and_wraps_its_words(
        open_window, qtbot, tmp_path):
    """With confirmations from every agency (the demo's), no column of words runs to one
    long line that squeezes the others: each heading is shown whole, the table does not
    scroll sideways, and a protocol's name keeps a readable width."""
    from commonground.core.committee.demo import generate_committee
    from commonground.core.committee.training_demo import generate_training

    window, view = training_tab(open_window, before=lambda db: (
        generate_committee(db, 200, seed=5), generate_training(db)))
    view.refresh()
    window.resize(1024, 768)
    qtbot.wait(200)
    grid = view.coverage
    assert any("Police" in row[3] for row in texts(grid))
    header = grid.horizontalHeader()
    assert grid.horizontalScrollBar().maximum() == 0
    metrics = header.fontMetrics()
    for column in range(grid.columnCount()):
        heading = grid.horizontalHeaderItem(column).text()
        assert metrics.horizontalAdvance(heading) + 6 <= header.sectionSize(column), heading
    assert grid.columnWidth(0) >= metrics.horizontalAdvance("Assaults on staff: reporting,")
    window.grab().save(str(tmp_path / "training_1024.png"))
