"""Joint training on the committee's dashboard: a session typed into the real dialog, the
counts it keeps, and coverage shown in words."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from commonground.policy import parse_policy
from tests.ui.conftest import unlabelled_controls

COMMITTEE = parse_policy(json.dumps({"role": "committee"}))


def texts(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_the_committee_records_a_session_and_sees_what_it_covers(open_window, qtbot,
                                                                tmp_path):
    window = open_window(policy=COMMITTEE)
    window.ensure_role()
    window.resize(1366, 768)
    window.go_to(window.committee)
    view = window.committee.training
    window.committee.tabs.setCurrentWidget(view)
    assert unlabelled_controls(view) == []
    assert view.lapsed.text() == "6 of 6 protocols need training again (training lapses " \
        "after 365 days, or with a new version)."

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
    qtbot.keyClicks(dialog.roles["police"], "PC")
    dialog.counts["police"].setValue(12)
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    rows = [tuple(r) for r in window.context.db.query(
        "SELECT agency, role, count FROM training_attendance")]
    assert rows == [("police", "PC", 12)]
    [session] = texts(view.sessions)
    assert session[1:] == ["Section 136 and the place of safety",
                           "Health (mental health Trust)", "Police PC: 12 (12 in all)",
                           "s136-place-of-safety 1.1"]
    [s136] = [row for row in texts(view.coverage) if row[0].startswith("Section 136")]
    assert s136[2:] == ["Police 12", "0", "Current"]
    assert view.lapsed.text().startswith("5 of 6 protocols need training again")
    window.grab().save(str(tmp_path / "training.png"))
