"""Who to contact, on screen: the committee keeps the directory; every PC reads it, and the
protocols show a route beside the placeholder it fills."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from commonground.core.protocols import directory
from commonground.core.protocols import directory_store as store
from commonground.policy import parse_policy
from tests.ui.conftest import unlabelled_controls

COMMITTEE = parse_policy(json.dumps({"role": "committee"}))
FRONTLINE = parse_policy(json.dumps({"role": "frontline"}))


def today() -> dt.date:
    """Read when the test runs, not when the file loads: a run may cross midnight."""
    return dt.date.today()


@pytest.fixture
def committee(open_window):
    window = open_window(policy=COMMITTEE)
    window.ensure_role()
    window.resize(1366, 768)
    window.go_to(window.contacts)
    return window


def table_texts(page) -> list[list[str]]:
    table = page.table
    return [[table.item(row, column).text() for column in range(table.columnCount())]
            for row in range(table.rowCount())]


def type_into(qtbot, edit, text):
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_the_committee_adds_a_route_and_a_wrong_number_is_said_in_the_dialog(committee,
                                                                             qtbot, tmp_path):
    page = committee.contacts
    assert page.committee_buttons.isVisible()
    assert unlabelled_controls(page) == []
    dialog = page.add_route()
    qtbot.waitExposed(dialog)
    assert unlabelled_controls(dialog) == []
    type_into(qtbot, dialog.role, "Duty AMHP")
    type_into(qtbot, dialog.organisation, "Borough Council")
    type_into(qtbot, dialog.phone, "ring the office")
    type_into(qtbot, dialog.hours, "Monday to Friday, 9:00 to 17:00")
    type_into(qtbot, dialog.deputy, "Emergency duty team, 03069 990199")
    dialog.fills.setCurrentIndex(dialog.fills.findData("amhp_service_phone"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == ("Problem: A duty phone number is digits, spaces and "
                                   "brackets, such as 03069 990100.")
    assert committee.context.db.query("SELECT * FROM contact_routes") == []
    dialog.grab().save(str(tmp_path / "contacts-add-route.png"))

    type_into(qtbot, dialog.phone, "03069 990100")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert not dialog.isVisible()
    [row] = committee.context.db.query("SELECT * FROM contact_routes")
    assert (row["role"], row["phone"], row["fills"], row["confirmed"]) == (
        "Duty AMHP", "03069 990100", "amhp_service_phone", today().isoformat())
    [shown] = table_texts(page)
    assert shown == ["Duty AMHP", "Borough Council", "03069 990100",
                         "Monday to Friday, 9:00 to 17:00", "Emergency duty team, 03069 990199",
                         "AMHP service (daytime) telephone", directory.day_text(today())]
    assert "reaches the other computers with the next protocol pack" in \
        committee.statusBar().currentMessage()

    # The protocols on this computer show it beside the placeholder it fills.
    from commonground.ui import tasks
    tasks.wait_for_all()
    reader = committee.protocols.reader
    reader.show_protocol(committee.context.library.get("information-sharing"))
    assert "AMHP service (daytime): 03069 990100 (Duty AMHP, Borough Council; Monday to " \
        "Friday, 9:00 to 17:00; if no answer: Emergency duty team, 03069 990199; confirmed" \
        in reader.browser.toPlainText()
    committee.go_to(committee.protocols)
    assert reader.browser.find("03069 990100")
    committee.grab().save(str(tmp_path / "contacts-in-protocol.png"))


def test_the_committee_sees_which_routes_are_stale_and_confirms_one(committee, qtbot,
                                                                   tmp_path):
    db, known = committee.context.db, set(committee.context.library.contacts.labels)
    store.save_route(db, {"role": "Duty AMHP", "organisation": "Borough Council",
                          "phone": "03069 990100", "hours": "9:00 to 17:00"}, known)
    old = store.save_route(db, {"role": "Mental health desk", "organisation": "Police",
                                "mailbox": "mh.desk@police.example.uk", "hours": "24 hours",
                                "confirmed": (today() - dt.timedelta(days=140)).isoformat()},
                           known)
    page = committee.contacts
    page.refresh()
    assert page.stale_note.text() == ("1 of 2 routes not confirmed for more than 90 days: "
                                      "Mental health desk (Police). Check it before relying "
                                      "on it.")
    [stale] = [row for row in table_texts(page) if row[0] == "Mental health desk"]
    assert stale[2:] == ["mh.desk@police.example.uk", "24 hours", "", "",
                         "NOT CONFIRMED FOR 140 DAYS\nlast "
                         f"{directory.day_text(today() - dt.timedelta(days=140))}"]
    page.grab().save(str(tmp_path / "contacts-committee.png"))

    page.only_stale.setFocus()
    qtbot.keyClick(page.only_stale, Qt.Key_Space)
    assert [row[0] for row in table_texts(page)] == ["Mental health desk"]
    page.table.selectRow(0)
    qtbot.mouseClick(page.confirm_button, Qt.LeftButton)
    assert db.query_one("SELECT confirmed FROM contact_routes WHERE id = ?",
                        (old.id,))[0] == today().isoformat()
    assert table_texts(page) == []
    assert page.stale_note.text() == "Every route was confirmed in the last 90 days."


def test_a_ward_pc_reads_the_directory_its_pack_brought_and_cannot_change_it(
        open_window, qtbot, tmp_path):
    window = open_window(policy=FRONTLINE)
    window.ensure_role()
    window.resize(1366, 768)
    routes = [directory.check({
        "id": directory.new_id(), "role": "Mental health desk", "fills": "police_mh_liaison",
        "organisation": "Police", "mailbox": "mh.desk@police.example.uk",
        "hours": "24 hours", "confirmed": (today() - dt.timedelta(days=100)).isoformat()})]
    with window.context.db.transaction() as conn:
        store.install_from_pack(conn, routes, "2026.4", "2026-12-01T09:00:00")
    window.go_to(window.contacts)
    page = window.contacts
    page.refresh()
    assert not page.committee_buttons.isVisible()
    assert page.origin.text().startswith("Duty routes from the committee, brought by protocol "
                                         "pack 2026.4.")
    [row] = table_texts(page)
    assert row[5] == "Police mental health liaison officer"
    assert row[6].startswith("NOT CONFIRMED FOR 100 DAYS\nlast ")
    assert page.change_route() is None           # double-click opens nothing here
    window.grab().save(str(tmp_path / "contacts-ward.png"))
