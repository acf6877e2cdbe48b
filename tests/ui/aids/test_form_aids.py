"""The aids on the record forms: the live section 136 clock in the episode form's header,
its warnings and its refusal for children, and "Record this" onto the record's timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from commonground.core.aids.uktime import LONDON
from commonground.core.records import kinds as rk
from commonground.core.records.timeline import timeline
from tests.ui.aids.conftest import work_out
from tests.ui.conftest import unlabelled_controls
from tests.ui.test_records import choose, pick_kind, when


def kind_with(aid: str) -> str:
    return next(kind.key for kind in rk.KINDS.values() if aid in kind.aids)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def episode(window, qtbot, now: dt.datetime, arrived=("28/03/2026", "22:10")):
    form = pick_kind(qtbot, window, kind_with("s136-clock"))
    form.aids.env.now = lambda: now
    if arrived:
        when(qtbot, form.fields["arrived_at"], *arrived)
    return form


def saved_state(db) -> list:
    return [tuple(row) for row in db.query("SELECT * FROM reports")] + \
        [tuple(row) for row in db.query("SELECT * FROM report_events")]


@pytest.mark.hazard("H-018")
@pytest.mark.hazard("H-001", "H-002")
def test_the_clock_runs_in_the_header_and_warns_at_4_hours_and_1_hour(window, qtbot):
    form = episode(window, qtbot, at(2026, 3, 29, 4, 10))
    clock = form.aids.clock
    choose(qtbot, form.fields["age"], "18 or over")
    assert clock.timer.isActive() and clock.timer.interval() == 15_000
    assert clock.text.text() == ("Section 136 clock: 19 h 00 min left. It ends 23:10 BST on "
                                 "Sunday 29 March 2026.")
    assert clock.state == "normal"
    form.aids.env.now = lambda: at(2026, 3, 29, 19, 30)
    clock.tick()
    assert clock.text.text().startswith("Warning: less than 4 hours left: 3 h 40 min.")
    form.aids.env.now = lambda: at(2026, 3, 29, 22, 40)
    clock.tick()
    assert clock.text.text().startswith("Warning: less than 1 hour left: 30 min.")
    form.aids.env.now = lambda: at(2026, 3, 29, 23, 20)
    clock.tick()
    assert clock.text.text().startswith("Warning: section 136 has ended.")
    assert clock.state == "ended"


@pytest.mark.hazard("H-018")
def test_the_clock_never_writes_to_the_database(window, qtbot):
    form = episode(window, qtbot, at(2026, 3, 29, 4, 10))
    assert form.flush()
    before = saved_state(window.context.db)
    for minute in range(0, 600, 10):
        form.aids.env.now = lambda m=minute: at(2026, 3, 29, 4, 10) + dt.timedelta(minutes=m)
        form.aids.clock.tick()
    assert saved_state(window.context.db) == before


@pytest.mark.hazard("H-018")
@pytest.mark.hazard("H-004")
def test_for_a_child_the_clock_refuses_the_police_station_and_still_shows_the_deadline(
        window, qtbot):
    form = episode(window, qtbot, at(2026, 3, 29, 4, 10))
    choose(qtbot, form.fields["age"], "Not sure: may be under 18")
    choose(qtbot, form.fields["place_type"], "Police station")
    child = form.aids.clock.child
    assert child.isVisible()
    assert child.text().startswith("A police station must not be used for this person (under "
                                   "18, or may be): move them now. Take the person to the "
                                   "health-based place of safety that accepts under-18s")
    assert child.text().endswith("The deadline still applies: 23:10 BST on Sunday 29 March "
                                 "2026.")
    assert "19 h 00 min left" in form.aids.clock.text.text()


@pytest.mark.hazard("H-018")
@pytest.mark.hazard("H-004")
def test_an_extension_that_cannot_be_right_is_named_and_the_24_hours_still_shown(window,
                                                                                 qtbot):
    """The extension is what is wrong, not the arrival: the clock says so, keeps counting
    the 24 hours (which stand without it), and the child's line shows that deadline."""
    form = episode(window, qtbot, at(2026, 3, 29, 4, 10))
    choose(qtbot, form.fields["age"], "Under 18")
    choose(qtbot, form.fields["extended"], "Yes")
    qtbot.keyClicks(form.fields["extension_hours"].focus_target(), "13")
    clock = form.aids.clock
    assert clock.text.text() == (
        "Section 136 clock: 19 h 00 min left. It ends 23:10 BST on Sunday 29 March 2026. "
        "The extension is not counted: 13 hours is longer than an extension can be (1 to 12 "
        "hours, s136B). Correct the length of the extension.")
    assert clock.state == "normal"
    assert "arrival" not in clock.child.text()
    assert clock.child.text().endswith("The deadline still applies: 23:10 BST on Sunday 29 "
                                       "March 2026.")
    form.fields["extension_hours"].focus_target().clear()
    qtbot.keyClicks(form.fields["extension_hours"].focus_target(), "12")
    assert clock.text.text().startswith("Section 136 clock: 31 h 00 min left.")


@pytest.mark.hazard("H-018")
# The field takes two characters ("abc" is "ab"); "²" passes str.isdigit.
@pytest.mark.parametrize("typed", ["ab", "6h", "\u00b2"])
def test_an_extension_whose_hours_cannot_be_read_is_named_not_silently_dropped(window, qtbot,
                                                                              typed):
    """The form's own check flags it; the clock says so too, and counts the 24 hours."""
    form = episode(window, qtbot, at(2026, 3, 29, 4, 10))
    choose(qtbot, form.fields["age"], "18 or over")
    choose(qtbot, form.fields["extended"], "Yes")
    qtbot.keyClicks(form.fields["extension_hours"].focus_target(), typed)
    clock = form.aids.clock
    assert clock.text.text() == (
        "Section 136 clock: 19 h 00 min left. It ends 23:10 BST on Sunday 29 March 2026. "
        f"The extension is not counted: its length '{typed}' cannot be read as whole hours "
        "(1 to 12 hours, s136B). Correct the length of the extension.")
    assert clock.state == "normal"
    form.fields["extension_hours"].focus_target().clear()
    qtbot.keyClicks(form.fields["extension_hours"].focus_target(), "6")
    assert clock.text.text() == ("Section 136 clock: 25 h 00 min left. It ends 05:10 BST on "
                                 "Monday 30 March 2026.")


@pytest.mark.hazard("H-018")
def test_a_wrong_arrival_says_to_correct_the_arrival(window, qtbot):
    form = episode(window, qtbot, at(2026, 3, 29, 4, 10), arrived=("29/03/2026", "01:30"))
    choose(qtbot, form.fields["age"], "Under 18")
    clock = form.aids.clock
    assert clock.text.text().startswith("Section 136 clock: 01:30 on Sunday 29 March 2026 did "
                                        "not happen in the UK")
    assert clock.child.text().endswith("The deadline still applies: correct the arrival time "
                                       "to see it.")


@pytest.mark.hazard("H-018")
@pytest.mark.hazard("H-002")
def test_an_arrival_in_the_repeated_hour_stops_the_clock_until_it_is_answered(window, qtbot):
    form = episode(window, qtbot, at(2026, 10, 25, 12, 0), arrived=("25/10/2026", "01:30"))
    clock = form.aids.clock
    assert "Was it 01:30 BST or 01:30 GMT?" in clock.text.text()
    assert "left" not in clock.text.text()
    buttons = clock.zone_buttons
    assert [b.text() for b in buttons if b.isVisible()] == ["01:30 BST", "01:30 GMT"]
    assert clock.text.text().endswith("Choose one:")
    choose(qtbot, form.fields["age"], "Under 18")
    assert clock.child.isVisible()              # the refusal stands while the time is asked
    assert clock.child.text().endswith("answer the question above to see it.")
    qtbot.mouseClick(buttons[1], Qt.LeftButton)
    assert "It ends 01:30 GMT on Monday 26 October 2026" in clock.text.text()
    assert clock.child.text().endswith("01:30 GMT on Monday 26 October 2026.")
    form.fields["arrived_at"].time.clear()
    qtbot.keyClicks(form.fields["arrived_at"].time, "01:35")
    assert "Was it 01:35 BST or 01:35 GMT?" in clock.text.text()   # a new time: asked again


@pytest.mark.hazard("H-019", "H-020")
@pytest.mark.hazard("H-005")
def test_record_this_puts_the_police_station_checklist_on_the_episode_timeline(window,
                                                                                qtbot):
    form = episode(window, qtbot, at(2026, 3, 29, 4, 10))
    choose(qtbot, form.fields["age"], "18 or over")
    qtbot.keyClicks(form.fields["recorded_by"].focus_target(), "Sam Sergeant")
    offer = form.aids.offer
    assert [b.text() for b in offer.buttons] == ["Section 136 clock…",
                                                 "Police station for an adult?…"]
    qtbot.mouseClick(offer.buttons[1], Qt.LeftButton)
    dialog = offer.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.form.values()["age"] == "18_or_over"          # pre-filled from the form
    assert dialog.record_button.text() == "&Record this on this section 136 episode"
    text = work_out(qtbot, dialog)
    assert text.startswith("Not yet.")
    qtbot.mouseClick(dialog.record_button, Qt.LeftButton)
    assert dialog.status.text() == "Recorded on this section 136 episode's timeline."
    assert not dialog.record_button.isEnabled()           # once per answer
    events = timeline(window.context.db, form.saver.report_id)
    assert [e.kind for e in events].count("aid") == 1
    last = events[-1]
    assert last.kind == "aid" and last.author == "Sam Sergeant"
    assert last.describe().startswith("Decision aid, Can a police station be the place of "
                                      "safety for this adult?: Not yet.")
    assert last.detail["result"]["outcome"] == "not_yet"
    dialog.close()


@pytest.mark.hazard("H-020")
@pytest.mark.hazard("H-010")
def test_the_incident_form_prefills_the_common_assault_limit(window, qtbot):
    form = pick_kind(qtbot, window, kind_with("prosecution-limit"))
    form.aids.env.now = lambda: at(2026, 12, 1, 9, 0)
    when(qtbot, form.fields["incident_at"], "31/08/2026", "14:00")
    assert form.aids.clock is None
    qtbot.mouseClick(form.aids.offer.buttons[0], Qt.LeftButton)
    dialog = form.aids.offer.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.form.values()["offence_on"] == "2026-08-31"
    assert "Common assault must be charged by Sunday 28 February 2027" in work_out(qtbot,
                                                                                   dialog)
    dialog.close()


@pytest.mark.hazard("H-011", "H-020")
def test_the_request_form_asks_if_there_is_enough_notice_before_it_is_filled_in(window,
                                                                              qtbot):
    """The notice aid counts as the request does (weekends and bank holidays skipped)."""
    form = pick_kind(qtbot, window, kind_with("notice"))
    form.aids.env.now = lambda: at(2026, 12, 21, 9, 0)
    assert [b.text() for b in form.aids.offer.buttons] == [
        "Does this need police?…", "Notice for a planned assessment…"]
    assert unlabelled_controls(form) == []
    when(qtbot, form.fields["assessment_at"], "31/12/2026", "10:00")
    qtbot.mouseClick(form.aids.offer.buttons[1], Qt.LeftButton)
    dialog = form.aids.offer.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.form.values()["assessment_at"] == "2026-12-31 10:00"
    text = work_out(qtbot, dialog)
    assert text.startswith("Yes. Asking on Monday 21 December 2026 gives 5 working days of "
                           "notice for 10:00 GMT on Thursday 31 December 2026")
    assert "Friday 25 December 2026 (bank holiday)" in text
    dialog.close()


@pytest.mark.hazard("H-020")
def test_tab_reaches_the_forms_aids_after_its_buttons_and_space_opens_one(window, qtbot):
    from PySide6.QtWidgets import QApplication

    form = episode(window, qtbot, at(2026, 3, 29, 4, 10))
    form.submit_button.setFocus(Qt.TabFocusReason)
    qtbot.keyClick(form.submit_button, Qt.Key_Tab)
    assert QApplication.focusWidget() is form.aids.offer.buttons[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Space)
    dialog = form.aids.offer.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.form.values()["arrived"] == "2026-03-28 22:10"
    dialog.close()


@pytest.mark.hazard("H-019", "H-020")
def test_a_submitted_episode_offers_its_aids_and_records_on_its_timeline(window, qtbot):
    from tests.core.test_record_kinds import full_episode, submit

    report = submit(window.context.db, full_episode())
    view = window.open_report(report.id)
    qtbot.waitUntil(view.isVisible)
    offer = view.aids.offer
    assert [b.text() for b in offer.buttons] == ["Section 136 clock…",
                                                 "Police station for an adult?…"]
    qtbot.mouseClick(offer.buttons[0], Qt.LeftButton)
    dialog = offer.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.form.values()["arrived"] == "2026-11-19 22:55:00"
    assert "Section 136 ends at 22:55 GMT on Friday 20 November 2026" in work_out(qtbot,
                                                                                  dialog)
    qtbot.mouseClick(dialog.record_button, Qt.LeftButton)
    assert dialog.status.text() == "Recorded on this section 136 episode's timeline."
    events = timeline(window.context.db, report.id)
    assert events[-1].kind == "aid"
    assert "Decision aid, Section 136: when does the permitted period end?" in \
        view.browser.toPlainText()
    dialog.close()


@pytest.mark.hazard("H-019", "H-020")
def test_a_window_open_on_a_draft_offers_the_aids_once_the_draft_is_submitted(window, qtbot):
    """A draft's window offers no aids (there is no record to add them to yet); submitted
    from the form while that window stays open, the window shows the record and its aids."""
    from tests.core.test_record_kinds import full_episode

    form = pick_kind(qtbot, window, kind_with("s136-clock"))
    form.fill(full_episode())
    form._changed("arrived_at")
    assert form.flush()
    draft_id = form.saver.report_id
    view = window.open_report(draft_id)
    qtbot.waitUntil(view.isVisible)
    assert view.windowTitle() == "Draft: section 136 episode"
    assert not view.aids.isVisible() and view.aids.offer.buttons == []

    window.activateWindow()
    qtbot.mouseClick(form.submit_button, Qt.LeftButton)
    assert form.done_panel.isVisible(), form.problems.text()
    assert view.isVisible()
    reference = window.context.db.query_one("SELECT reference FROM reports WHERE id = ?",
                                            (draft_id,))[0]
    assert view.windowTitle() == f"Section 136 episode {reference}"
    assert "Draft: not submitted yet." not in view.browser.toPlainText()
    assert view.aids.isVisible()
    assert [b.text() for b in view.aids.offer.buttons] == ["Section 136 clock…",
                                                           "Police station for an adult?…"]
    qtbot.mouseClick(view.aids.offer.buttons[1], Qt.LeftButton)
    dialog = view.aids.offer.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.record_button.text() == "&Record this on this section 136 episode"
    dialog.close()
