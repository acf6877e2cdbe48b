"""Thanks on screen: a frontline user thanks the police through the real form, an NHS
number is refused in words, and the sender withdraws quoting from My reports."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from commonground.core.records import outcomes
from commonground.policy import parse_policy
from tests.ui.conftest import unlabelled_controls
from tests.ui.test_records import choose, pick_kind, type_in, when

FRONT = parse_policy(json.dumps({"role": "frontline", "site": "Riverside Hospital",
                                 "sites": [{"name": "Riverside Hospital",
                                            "wards": ["Cedar Ward"]}]}))
WORDS = "Thank you to the officers who stayed with us on Cedar Ward on Tuesday night."


def test_a_frontline_user_thanks_the_police_and_later_withdraws_quoting(open_window, qtbot,
                                                                        tmp_path):
    window = open_window(policy=FRONT)
    window.ensure_role()
    window.resize(1366, 768)
    db = window.context.db
    form = pick_kind(qtbot, window, "thanks")
    assert form.heading.text() == "Thank another service"
    assert unlabelled_controls(form) == []
    choose(qtbot, form.fields["agency"], "Police")
    type_in(qtbot, form.fields["team"], "the night shift response team")
    yesterday = (dt.date.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    when(qtbot, form.fields["happened_at"], yesterday, "23:30")
    type_in(qtbot, form.fields["what"], WORDS + " NHS number 943 476 5919.")
    choose(qtbot, form.fields["may_quote"],
           "Yes, the committee may quote my words in its meeting pack")
    type_in(qtbot, form.fields["sender_name"], "Sam Sender")
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.fields["what"].error.text() == \
        "Problem: It contains what looks like an NHS number. Take it out."
    window.grab().save(str(tmp_path / "thanks-refused.png"))
    # Saved as a draft in the background (within the save schedule's half second).
    qtbot.waitUntil(lambda: db.query_one("SELECT status FROM reports") is not None)
    assert db.query_one("SELECT status FROM reports")[0] == "draft"

    field = form.fields["what"].focus_target()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key_Delete)
    type_in(qtbot, form.fields["what"], WORDS)
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.done_panel.isVisible(), form.problems.text()
    assert "Thank you sent" in form.done_text.text()
    [row] = db.query("SELECT id, kind, status, types FROM reports")
    assert (row["kind"], row["types"]) == ("thanks", "Thanks to Police")

    # My reports: the thanks opens, says it may be quoted, and quoting is withdrawn.
    window.go_to(window.my_reports)
    view = window.open_report(row["id"])
    qtbot.waitExposed(view)
    assert view.outcome_button.isVisible() and view.outcome_button.text() == "Change &quoting…"
    assert "Quoting Your words may be quoted in the committee's meeting pack." in \
        " ".join(view.browser.toPlainText().split())
    dialog = view.record_outcome()
    qtbot.waitExposed(dialog)
    choose(qtbot, dialog.fields["may_quote"], "No: count it, but do not quote it")
    dialog.grab().save(str(tmp_path / "thanks-quoting.png"))
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert ok.text() == "Save the choice"
    qtbot.mouseClick(ok, Qt.LeftButton)
    latest = outcomes.latest_outcome(db, row["id"])
    assert latest["may_quote"] == "no"
    qtbot.waitUntil(lambda: "not to be quoted" in view.browser.toPlainText())
    view.grab().save(str(tmp_path / "thanks-view.png"))


def test_thanks_is_chosen_with_the_arrow_keys_too(open_window, qtbot):
    window = open_window(policy=FRONT)
    window.ensure_role()
    window.go_to(window.record_page)
    page = window.record_page
    page.buttons["incident"].setChecked(True)
    page.buttons["incident"].setFocus()
    qtbot.keyClick(page.buttons["incident"], Qt.Key_Down)    # the second row
    assert page.buttons["thanks"].isChecked()
    assert page.current is page.forms["thanks"]


def test_a_thanks_naming_someone_in_a_report_on_this_pc_is_refused_at_the_field(
        open_window, qtbot, tmp_path):
    from commonground.core.records import reports as incidents
    from tests.core.test_incidents import full_report
    window = open_window(policy=FRONT)
    window.ensure_role()
    window.resize(1366, 768)
    db = window.context.db
    draft = incidents.start_draft(db, "ward-pc", {})
    incidents.save_draft(db, draft.id, full_report(victims=[
        {"kind": "staff", "name": "Zoë Brontë", "role": "Staff nurse"}]), "ward-pc")
    incidents.submit(db, draft.id, "ward-pc")
    form = pick_kind(qtbot, window, "thanks")
    choose(qtbot, form.fields["agency"], "Police")
    type_in(qtbot, form.fields["team"], "the night shift response team")
    yesterday = (dt.date.today() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    when(qtbot, form.fields["happened_at"], yesterday, "23:30")
    type_in(qtbot, form.fields["what"], "Thank you for staying with Zoe Bronte all night.")
    choose(qtbot, form.fields["may_quote"],
           "Yes, the committee may quote my words in its meeting pack")
    type_in(qtbot, form.fields["sender_name"], "Sam Sender")
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.fields["what"].error.text() == (
        "Problem: It contains a name from a report on this computer; the committee must "
        "not see names. Use the team or the role.")
    assert not form.done_panel.isVisible()
    window.grab().save(str(tmp_path / "thanks-named.png"))
    field = form.fields["what"].focus_target()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key_Delete)
    type_in(qtbot, form.fields["what"], "Thank you for staying with our colleague all night.")
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.done_panel.isVisible(), form.problems.text()
