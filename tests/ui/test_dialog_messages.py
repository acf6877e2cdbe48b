"""A dialog that refuses OK says why without moving a single field: the person reaching for
the box to fix must find it where it was."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from commonground.core.cases import steps as cs
from commonground.core.cases.workflow import CaseStep
from commonground.core.committee import meetings as mt
from commonground.ui import case_dialogs as cd
from commonground.ui import meetings_page as mp


def refuse(_dialog) -> str:
    return ("The date is not one this case can use: write it as day/month/year, for "
            "example 20/11/2026, and check it is not before the report arrived.")


def a_step(key: str) -> CaseStep:
    step = cs.STEP_BY_KEY[key]
    return CaseStep(key=key, title=step.title, owner=step.owner, status="todo", due=None,
                    done_on=None, done_by=None, note="", na_reason="", detail={})


def an_action() -> mt.Action:
    return mt.Action(id=1, meeting_id=None, raised_by="Chair", title="Review the rota",
                     detail="", owner_agency="police", owner_role="Inspector", due_date=None,
                     status="open", created_at="2026-11-01T10:00")


DIALOGS = {
    "record step": lambda: cd.RecordStepDialog(a_step("decision"), "Dana", refuse),
    "due date": lambda: cd.DueDialog(a_step("victim_contacted"), refuse),
    "note": lambda: cd.TextDialog("Add a note", "&Note", refuse),
    "case of note": lambda: cd.CaseNoteDialog(refuse),
    "close case": lambda: cd.CloseDialog(3, refuse),
    "helpline call": lambda: cd.HelplineDialog(refuse),
    "deadlines": lambda: cd.DeadlinesDialog(cs.due_defaults(None), 28, refuse),
    "meeting": lambda: mp.MeetingDialog(refuse),
    "action": lambda: mp.ActionDialog([], refuse),
    "update": lambda: mp.UpdateDialog(an_action(), refuse),
}


def places(dialog) -> dict[str, tuple[int, int, int, int]]:
    """Where each field and button is, in the dialog's own coordinates."""
    found = {}
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton)) and \
                widget.isVisible() and not isinstance(widget.parentWidget(), QDialogButtonBox):
            corner = widget.mapTo(dialog, widget.rect().topLeft())
            found[f"{type(widget).__name__} {widget.accessibleName() or widget.text()}"] = (
                corner.x(), corner.y(), widget.width(), widget.height())
    return found


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_a_refused_ok_shows_the_problem_and_moves_no_field(qtbot, name):
    dialog = DIALOGS[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = places(dialog)
    assert before, "no fields found"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    QApplication.processEvents()
    assert dialog.isVisible()
    assert dialog.error.isVisible() and dialog.error.text().startswith("Problem: The date")
    assert places(dialog) == before
    room = dialog.screen().availableGeometry()
    assert room.contains(dialog.frameGeometry())


def test_the_outcome_dialog_says_what_is_wrong_without_moving_its_fields(qtbot, tmp_path):
    from commonground.context import AppContext
    from commonground.core.records import reports
    from commonground.ui.outcome_dialog import OutcomeDialog
    from tests.core.test_record_kinds import full_request

    context = AppContext.open(tmp_path / "data")
    draft = reports.start_draft(context.db, context.login)
    reports.save_draft(context.db, draft.id, full_request(), context.login)
    request = reports.submit(context.db, draft.id, context.login)
    dialog = OutcomeDialog(context, request, "Sam Taylor")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    combo = dialog.fields["outcome"].focus_target()
    combo.setCurrentIndex(combo.findData("late"))   # late, but not how late
    QApplication.processEvents()
    before = places(dialog)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    QApplication.processEvents()
    assert dialog.isVisible() and dialog.error.text().startswith("Problem: 1 thing to fix.")
    assert places(dialog) == before
    problem_field = QApplication.focusWidget() or dialog.focusWidget()
    assert problem_field.accessibleDescription().startswith("Problem:")
    context.close()
    assert json.dumps(dialog.values())   # what was typed is still there to fix
