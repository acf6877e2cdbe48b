"""Membership on the committee's dashboard: a seat added, a lead appointed and leaving,
typed into the real dialogs, and what the tab says about it."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from commonground.policy import parse_policy
from tests.ui.conftest import unlabelled_controls

COMMITTEE = parse_policy(json.dumps({"role": "committee"}))


def texts(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def retype(qtbot, edit, text):
    edit.clear()
    qtbot.keyClicks(edit, text)


def ok(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)


def test_the_committee_adds_a_seat_appoints_a_lead_and_records_the_lead_leaving(
        open_window, qtbot, tmp_path):
    window = open_window(policy=COMMITTEE)
    window.ensure_role()
    window.resize(1366, 768)
    window.go_to(window.committee)
    page = window.committee.membership
    window.committee.tabs.setCurrentWidget(page)
    assert unlabelled_controls(page) == []
    assert page.attention.text() == "No seats yet: add each agency's seats with Add a seat."

    dialog = page.add_seat()
    qtbot.waitExposed(dialog)
    ok(qtbot, dialog)                                          # nothing chosen or typed
    assert dialog.isVisible() and dialog.error.text().startswith("Problem: '' is not an "
                                                                 "agency of the committee")
    dialog.agency.setCurrentIndex(dialog.agency.findData("police"))
    qtbot.keyClicks(dialog.title, "Mental health liaison officer")
    retype(qtbot, dialog.opened, (dt.date.today() - dt.timedelta(days=400)).strftime("%d/%m/%Y"))
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert [tuple(r) for r in window.context.db.query(
        "SELECT agency, title FROM committee_seats")] == [
        ("police", "Mental health liaison officer")]

    page.seat_table.selectRow(0)
    dialog = page.appoint()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Bethan Corriel")
    qtbot.keyClicks(dialog.role, "Sergeant")
    took = dt.date.today() - dt.timedelta(days=200)
    retype(qtbot, dialog.took, took.strftime("%d/%m/%Y"))
    ok(qtbot, dialog)
    assert not dialog.isVisible(), dialog.error.text()
    assert texts(page.seat_table)[0][3] == \
        f"Bethan Corriel (Sergeant), since {took.day} {took:%b %Y}"

    page.seat_table.selectRow(0)
    dialog = page.lead_left()
    qtbot.waitExposed(dialog)
    left = dt.date.today() - dt.timedelta(days=40)
    retype(qtbot, dialog.left, left.strftime("%d/%m/%Y"))
    ok(qtbot, dialog)
    assert not dialog.isVisible(), dialog.error.text()
    assert texts(page.seat_table)[0][3] == f"EMPTY since {left.day} {left:%b %Y} (40 days)"
    assert page.attention.text() == \
        "Police: Mental health liaison officer has had no lead for 40 days."
    assert texts(page.balance_table)[0] == ["Police", "1", "0 of 0 (–)", "0"]
    window.grab().save(str(tmp_path / "membership.png"))
