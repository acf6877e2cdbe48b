"""Every form filled and submitted with the keyboard alone: Tab, Space, Enter and arrows.

Nothing here sets focus or clicks: each walk starts from the area's shortcut (Ctrl+2 puts
the cursor in the form's first field), moves with Tab, ticks with Space, chooses with the
arrows, presses buttons with Enter (Qt does that only in dialogs; the window now does it
too), and submits with Enter. What to type comes from the same complete records the core
tests use, matched to each field by the control that has the focus.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit

from commonground.policy import parse_policy
from commonground.ui.form_fields import (
    ChoiceField,
    DateTimeField,
    ListField,
    MultiField,
    TextAreaField,
    TextField,
)
from tests.core.test_incidents import full_report
from tests.core.test_record_kinds import full_episode, full_request

POLICY = parse_policy(json.dumps({
    "site": "Riverside Hospital",
    "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward", "Oak Ward"]}]}))
TAB_LIMIT = 400


def focused():
    return QApplication.focusWidget()


def targets(fields: dict, data: dict) -> dict[int, tuple]:
    """Each control of the form, by identity, with what to do on it: the value it should
    get from ``data`` (list entries included, as they are now)."""
    found: dict[int, tuple] = {}
    for key, field in fields.items():
        value = data.get(key)
        if isinstance(field, ListField):
            wanted = value or []
            found[id(field.add_button)] = ("add", field, len(wanted))
            for index, (_frame, subfields) in enumerate(field.entries):
                item = wanted[index] if index < len(wanted) else {}
                found.update(targets(subfields, item))
        elif value in (None, "", []):
            continue
        elif isinstance(field, (TextField, TextAreaField)):
            found[id(field.edit)] = ("type", field, str(value))
        elif isinstance(field, ChoiceField):
            found[id(field.combo)] = ("choose", field, value)
        elif isinstance(field, MultiField):
            for code, box in field.boxes.items():
                found[id(box)] = ("tick", field, code in value)
        elif isinstance(field, DateTimeField):
            moment = dt.datetime.fromisoformat(value)
            found[id(field.date)] = ("type", field, moment.strftime("%d/%m/%Y"))
            found[id(field.time)] = ("type", field, moment.strftime("%H:%M"))
    return found


def act(qtbot, widget, action: str, field, value) -> None:
    _act(qtbot, widget, action, field, value)
    QApplication.processEvents()   # as the event loop does between a person's keys


def _act(qtbot, widget, action: str, field, value) -> None:
    if action == "type":
        qtbot.keyClick(widget, Qt.Key_A, Qt.ControlModifier)
        qtbot.keyClicks(widget, value)
    elif action == "choose":
        assert isinstance(widget, QComboBox)
        target = widget.findData(value)
        assert target >= 0, f"{value!r} is not offered in {widget.accessibleName()!r}"
        while widget.currentIndex() != target:   # the arrows, like a person
            qtbot.keyClick(widget, Qt.Key_Down if widget.currentIndex() < target else Qt.Key_Up)
    elif action == "tick" and widget.isChecked() != value:
        qtbot.keyClick(widget, Qt.Key_Space)
    elif action == "add" and len(field.entries) < value:
        qtbot.keyClick(widget, Qt.Key_Return)   # Enter on "Add witness"


def fill_with_keys(qtbot, form, data: dict) -> list[str]:
    """Tab through the form from where the cursor is, filling what ``data`` says, and press
    Enter on the submit button at its end. Returns the names Tab passed."""
    done: set = set()
    passed = []
    for _ in range(TAB_LIMIT):
        widget = focused()
        assert widget is not None and form.isAncestorOf(widget), \
            f"Tab left the form after {passed[-3:]}"
        passed.append(widget.accessibleName())
        if widget is form.submit_bottom:
            qtbot.keyClick(widget, Qt.Key_Return)
            return passed
        plan = targets(form.fields, data).get(id(widget))
        if plan is not None and (id(widget), plan[0]) not in done:
            done.add((id(widget), plan[0]))
            act(qtbot, widget, *plan)
            if plan[0] == "add" and focused() is not widget:
                continue   # the new entry's first box has the cursor: fill it next
        qtbot.keyClick(widget, Qt.Key_Tab)
        QApplication.processEvents()
    raise AssertionError(f"never reached the submit button: {passed[-10:]}")


@pytest.fixture
def window(open_window):
    return open_window(policy=POLICY)


@pytest.mark.parametrize("kind, data, arrows", [
    ("incident", full_report(), 0),
    ("police_assistance", full_request(), 1),
    ("s136", full_episode(), 2),
])
def test_each_form_is_filled_and_submitted_from_the_keyboard_alone(window, qtbot, kind, data,
                                                                    arrows):
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    page = window.record_page
    first = page.current.fields[next(iter(page.current.fields))].focus_target()
    assert focused() is first, "Ctrl+2 must put the cursor in the form's first field"
    if arrows:   # back to the choice of record, then the arrows choose it
        qtbot.keyClick(first, Qt.Key_Backtab)
        assert focused() is page.buttons["incident"]
        for _ in range(arrows):
            qtbot.keyClick(focused(), Qt.Key_Right)
        assert page.buttons[kind].isChecked() and focused() is page.buttons[kind]
        qtbot.keyClick(focused(), Qt.Key_Tab)
    form = page.forms[kind]
    assert focused() is form.fields[next(iter(form.fields))].focus_target()
    fill_with_keys(qtbot, form, {k: v for k, v in data.items() if not k.startswith("_")})
    assert form.done_panel.isVisible(), form.problems.text()

    [row] = window.context.db.query("SELECT status, reference, data FROM reports")
    assert row["status"] == "queued" and row["reference"].startswith("CG-")
    saved = json.loads(row["data"])
    for key, value in data.items():
        if key.startswith("_") or key == "site":
            continue
        if key.endswith("_at"):   # typed to the minute
            value = dt.datetime.fromisoformat(value).isoformat(timespec="minutes")
        assert saved.get(key) == value, key


def press_enter_on(qtbot, window, name: str) -> None:
    """Tab to the button called ``name`` and press Enter on it."""
    for _ in range(80):
        widget = focused()
        label = widget.accessibleName() or getattr(widget, "text", lambda: "")()
        if label.replace("&", "") == name:
            qtbot.keyClick(widget, Qt.Key_Return)
            return
        qtbot.keyClick(widget, Qt.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}")


def fill_dialog(qtbot, dialog: QDialog, plan: dict[str, tuple]) -> None:
    """Tab once round a dialog doing what ``plan`` says for each named control, then press
    Enter in a text box: the dialog's default button (OK) takes it."""
    done = set()
    for _ in range(60):
        widget = focused()
        name = widget.accessibleName()
        if name in plan and name not in done:
            done.add(name)
            action, value = plan[name]
            act(qtbot, widget, action, None, value)
        if done == set(plan):
            break
        qtbot.keyClick(widget, Qt.Key_Tab)
    assert done == set(plan), set(plan) - done
    for _ in range(60):   # Enter in a one-line box (in a text area it starts a new line)
        if isinstance(focused(), QLineEdit):
            break
        qtbot.keyClick(focused(), Qt.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key_Return)


def test_a_helpline_call_is_logged_from_the_keyboard(open_window, qtbot):
    window = open_window(policy=parse_policy(json.dumps({"role": "advisor"})))
    window.ensure_role()
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)        # Cases
    assert window.pages.currentWidget() is window.cases and focused() is window.cases.filter
    press_enter_on(qtbot, window, "Log a helpline call…")
    dialog = window.cases.call_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    fill_dialog(qtbot, dialog, {
        "Caller's name": ("type", "Jo Ward"), "Caller's role": ("type", "Staff nurse"),
        "What the call is about": ("type", "Punched on the ward last night"),
    })
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [row] = window.context.db.query("SELECT caller, what FROM helpline_contacts")
    assert (row["caller"], row["what"]) == ("Jo Ward", "Punched on the ward last night")


def test_an_action_is_raised_from_the_keyboard(open_window, qtbot):
    window = open_window(policy=parse_policy(json.dumps({"role": "committee"})))
    window.ensure_role()
    qtbot.keyClick(window, Qt.Key_5, Qt.ControlModifier)        # Meetings and actions
    assert window.pages.currentWidget() is window.meetings
    press_enter_on(qtbot, window, "Raise an action…")
    dialog = window.meetings.action_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    fill_dialog(qtbot, dialog, {
        "What needs doing": ("type", "Invite the ambulance service"),
        "Raised by": ("type", "Chair"), "Owner's agency": ("choose", "ambulance"),
        "Owner's role": ("type", "Liaison officer"),
    })
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [row] = window.context.db.query("SELECT title, owner_agency FROM actions")
    assert (row["title"], row["owner_agency"]) == ("Invite the ambulance service", "ambulance")


def test_enter_on_a_search_with_one_match_opens_it(open_window, qtbot):
    from commonground.core.records import reports

    window = open_window(policy=POLICY)
    db, login = window.context.db, window.context.login
    made = []
    for narrative in ("Punched on the arm at lunch", "Spat at in the garden"):
        draft = reports.start_draft(db, login)
        reports.save_draft(db, draft.id, full_report(narrative=narrative), login)
        made.append(reports.submit(db, draft.id, login))
    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)        # My reports
    box = window.my_reports.filter
    assert focused() is box
    qtbot.keyClicks(box, "report")                               # both match: Enter waits
    qtbot.keyClick(box, Qt.Key_Return)
    assert window.record_windows == {}
    qtbot.keyClick(box, Qt.Key_Escape)
    assert box.text() == ""
    qtbot.keyClicks(box, "garden")
    qtbot.keyClick(box, Qt.Key_Return)
    view = window.record_windows[("report", made[1].id)]
    assert view.isVisible() and made[1].reference in view.windowTitle()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    qtbot.keyClick(view.browser, Qt.Key_Return)                  # Enter closes a viewer
    assert not view.isVisible()


def test_the_problems_list_keeps_its_place_as_problems_are_fixed(window, qtbot):
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    form = window.report_form
    qtbot.keyClick(form.submit_button, Qt.Key_Return)            # Enter on a focused button
    box = form.problems
    assert box.isVisible() and focused() is box.list
    first = box.list.count()
    rows = [box.list.item(row).text() for row in range(first)]
    assert rows[0].startswith("Date and time of the incident:")
    qtbot.keyClick(box.list, Qt.Key_Return)                      # Enter goes to the field
    date = form.fields["incident_at"].date
    assert focused() is date
    qtbot.keyClicks(date, "20/11/2026")
    qtbot.keyClicks(form.fields["incident_at"].time, "14:32")
    after = [box.list.item(row).text() for row in range(box.list.count())]
    assert after[0].startswith("Date and time of the incident: Fixed. ")
    assert after[1:first] == rows[1:]                            # nothing moved under the pointer
    assert f"{first - 1} things to fix" in box.heading.text() and "(1 fixed)" in \
        box.heading.text()
    assert window.statusBar().currentMessage() == f"{first - 1} problems left to fix."
    form.fill({**full_report(), "incident_at": "2026-11-20T14:32"})
    form._changed("narrative")
    assert box.heading.text().startswith(f"All {box.list.count()} problems are fixed")
    assert window.statusBar().currentMessage() == \
        "All problems fixed: the report can be submitted."


@pytest.mark.parametrize("role", ["frontline", "advisor", "committee"])
def test_every_area_puts_the_cursor_in_its_first_field(open_window, qtbot, role):
    """Ctrl+1, Ctrl+2, ... go to each area with the cursor already inside it: in its first
    box where it has one, else on its first control, never left in the list of areas."""
    from PySide6.QtWidgets import QLineEdit

    window = open_window(policy=parse_policy(json.dumps({"role": role})))
    window.ensure_role()
    shown = [row for row in range(window.nav.count()) if not window.nav.item(row).isHidden()]
    for number, row in enumerate(shown, start=1):
        qtbot.keyClick(window, getattr(Qt, f"Key_{number}"), Qt.ControlModifier)
        page = window.pages.currentWidget()
        assert window.nav.currentRow() == row
        widget = focused()
        assert widget is not None and page.isAncestorOf(widget), \
            f"{window.nav.item(row).text()}: the cursor is in {widget!r}"
        boxes = [w for w in page.findChildren(QLineEdit) if w.isVisible() and w.isEnabled()]
        if boxes and window.nav.item(row).text() != "New report or request":
            assert widget is min(boxes, key=lambda w: (w.mapTo(page, w.rect().topLeft()).y(),
                                                      w.mapTo(page, w.rect().topLeft()).x()))


def test_the_case_buckets_are_chosen_with_the_arrows_and_enter(open_window, qtbot):
    window = open_window(policy=parse_policy(json.dumps({"role": "advisor"})))
    window.ensure_role()
    qtbot.keyClick(window, Qt.Key_4, Qt.ControlModifier)
    group = window.cases.bucket_group
    group.button(0).setFocus()
    qtbot.keyClick(group.button(0), Qt.Key_Right)
    assert focused() is group.button(1)                # Overdue
    qtbot.keyClick(group.button(1), Qt.Key_Return)
    assert group.checkedId() == 1 and window.cases.query.bucket == "overdue"
