"""Each decision aid as a person uses it: questions typed, the answer in words with its
rules and citations, the repeated October hour asked about, and nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from commonground.core.aids.uktime import LONDON
from commonground.ui.aids.dialog import SPECS, AidDialog, RecordTarget
from tests.ui.aids.conftest import answer, work_out
from tests.ui.conftest import unlabelled_controls


def open_aid(qtbot, env, key, **kwargs) -> AidDialog:
    dialog = AidDialog(key, env, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def events(context) -> int:
    return context.db.query("SELECT COUNT(*) AS n FROM report_events")[0]["n"]


@pytest.mark.hazard("H-001", "H-002")
def test_s136_clock_across_the_march_change_names_bst(qtbot, env):
    """MHA 1983 s136(2A): 22:10 GMT on 28 March 2026 plus 24 elapsed hours is 23:10 BST."""
    dialog = open_aid(qtbot, env, "s136-clock")
    answer(qtbot, dialog, arrived="2026-03-28 22:10", age="18_or_over")
    text = work_out(qtbot, dialog)
    assert "Section 136 ends at 23:10 BST on Sunday 29 March 2026" in text
    assert "s136(2A)" in text and "Rules applied" in text
    assert "Warning: The clocks go forward" in text


@pytest.mark.hazard("H-002")
@pytest.mark.parametrize("zone, ends", [("BST", "00:30 GMT on Monday 26 October 2026"),
                                        ("GMT", "01:30 GMT on Monday 26 October 2026")])
def test_the_repeated_october_hour_is_asked_about_never_guessed(qtbot, env, zone, ends):
    dialog = open_aid(qtbot, env, "s136-clock")
    answer(qtbot, dialog, arrived="2026-10-25 01:30", age="18_or_over")
    text = work_out(qtbot, dialog)
    assert dialog.zone_box.isVisible()
    assert "Was it 01:30 BST or 01:30 GMT?" in dialog.question.text()
    assert [b.text() for b in dialog.zone_buttons] == ["01:30 BST", "01:30 GMT"]
    assert "Section 136 ends" not in text and not dialog.copy_button.isEnabled()
    # Enter does not pick one: it asks again.
    qtbot.keyClick(dialog.form.widgets["arrived"], Qt.Key_Return)
    assert dialog.zone_box.isVisible()
    button = dialog.zone_buttons[0 if zone == "BST" else 1]
    qtbot.mouseClick(button, Qt.LeftButton)
    assert dialog.form.widgets["arrived"].text() == f"2026-10-25 01:30 {zone}"
    assert not dialog.zone_box.isVisible()
    assert f"Section 136 ends at {ends}" in dialog.view.toPlainText()


@pytest.mark.hazard("H-004")
def test_under_18_at_a_police_station_is_refused_and_the_deadline_still_shown(qtbot, env):
    """MHA 1983 s136A: never a police station for anyone who is or may be under 18."""
    dialog = open_aid(qtbot, env, "s136-clock")
    answer(qtbot, dialog, arrived="2026-03-29 09:00", place="police_station", age="not_sure")
    text = work_out(qtbot, dialog)
    assert text.startswith("A police station cannot be used for this person")
    assert "Section 136 ends at 09:00 BST on Monday 30 March 2026" in text
    assert "Warning: A police station is not allowed for this person (s136A)" in text
    assert "emergency department" in text


@pytest.mark.hazard("H-016")
def test_bad_input_is_named_where_the_person_is_looking_and_gives_no_answer(qtbot, env):
    dialog = open_aid(qtbot, env, "s136-clock")
    answer(qtbot, dialog, arrived="last tuesday")
    work_out(qtbot, dialog)
    assert dialog.error.isVisible()
    assert "'last tuesday' is not a date and time" in dialog.error.text()
    assert dialog.form.widgets["arrived"].hasFocus()
    assert not dialog.copy_button.isEnabled()


@pytest.mark.hazard("H-005")
def test_police_station_not_known_is_not_yet_and_a_failed_condition_says_what_instead(
        qtbot, env):
    dialog = open_aid(qtbot, env, "police-station")
    answer(qtbot, dialog, age="18_or_over", imminent_risk="yes")
    text = work_out(qtbot, dialog)
    assert text.startswith("Not yet.") and "Could not decide" in text
    answer(qtbot, dialog, no_other_place="no")
    assert "press Work it out again" in dialog.view.toPlainText()
    text = work_out(qtbot, dialog)
    assert text.startswith("No. A police station cannot be used")
    assert "Instead: Another place of safety can take them" in text
    assert "Not verified:" in text       # regulation 4 was not read: the screen says so


@pytest.mark.hazard("H-006")
def test_a_sister_who_is_a_witness_cannot_be_the_appropriate_adult(qtbot, env):
    """PACE Code C Note 1B: a witness may not act."""
    dialog = open_aid(qtbot, env, "appropriate-adult")
    answer(qtbot, dialog, candidate="His sister", relationship="relative", witness="yes")
    text = work_out(qtbot, dialog)
    assert text.startswith("No. His sister cannot be the appropriate adult: they are a "
                           "witness to the offence.")
    assert "Local appropriate adult scheme:" in text


@pytest.mark.hazard("H-010")
def test_prosecution_limit_at_a_month_end(qtbot, env):
    """MCA 1980 s127: 31 August plus six months is the last day of February."""
    env.now = lambda: dt.datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)
    dialog = open_aid(qtbot, env, "prosecution-limit")
    answer(qtbot, dialog, offence_on="2026-08-31")
    text = work_out(qtbot, dialog)
    assert "Common assault must be charged by Sunday 28 February 2027" in text
    assert "This does not limit assault on an emergency worker (AEWOA 2018 s1)" in text


@pytest.mark.hazard("H-009")
def test_police_need_stops_at_the_first_deciding_answer_and_ends_with_999(qtbot, env):
    dialog = open_aid(qtbot, env, "police-need")
    answer(qtbot, dialog, risk_to_life="no", crime="yes")
    text = work_out(qtbot, dialog)
    assert "If there is an immediate risk to life, call 999 now." in text
    dialog2 = open_aid(qtbot, env, "police-need")
    answer(qtbot, dialog2, risk_to_life="no")
    work_out(qtbot, dialog2)
    assert "Answer this first" in dialog2.error.text()
    assert dialog2.form.widgets["crime"].hasFocus()


@pytest.mark.hazard("H-007")
def test_awol_s2_absent_from_day_20(qtbot, env):
    """MHA 1983 s2(4) and s18(5): an s2 patient can be retaken only within the 28 days."""
    env.now = lambda: dt.datetime(2026, 3, 21, 9, 0, tzinfo=LONDON)
    dialog = open_aid(qtbot, env, "awol")
    answer(qtbot, dialog, section="s2", period_start="2026-03-01", first_day_absent="2026-03-20")
    text = work_out(qtbot, dialog)
    assert "until the end of Saturday 28 March 2026 (day 28)" in text


@pytest.mark.hazard("H-011")
def test_notice_says_how_many_working_days(qtbot, env):
    dialog = open_aid(qtbot, env, "notice")
    answer(qtbot, dialog, ask_on="2026-12-21 09:00", assessment_at="2026-12-31 10:00")
    text = work_out(qtbot, dialog)
    assert "working day" in text and "Thursday 31 December 2026" in text
    assert "Friday 25 December 2026 (bank holiday)" in text


@pytest.mark.hazard("H-019")
@pytest.mark.parametrize("key", sorted(SPECS))
def test_every_aid_is_labelled_and_stores_nothing_without_record_this(qtbot, env, context, key):
    before = events(context)
    dialog = open_aid(qtbot, env, key)
    assert unlabelled_controls(dialog) == []
    assert not dialog.record_button.isVisible()        # no record: nothing to record on
    work_out(qtbot, dialog)
    assert events(context) == before


@pytest.mark.hazard("H-019")
def test_record_this_writes_only_the_answer_on_screen(qtbot, env):
    env.now = lambda: dt.datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)
    written = []
    target = RecordTarget("this test", lambda result: written.append(result) or "Recorded.")
    dialog = open_aid(qtbot, env, "prosecution-limit", target=target)
    assert not dialog.record_button.isEnabled()
    answer(qtbot, dialog, offence_on="2026-08-31")
    work_out(qtbot, dialog)
    answer(qtbot, dialog, offence_on="2026-09-01")
    assert not dialog.record_button.isEnabled()           # changed: work it out first
    work_out(qtbot, dialog)
    qtbot.mouseClick(dialog.record_button, Qt.LeftButton)
    assert [r.inputs["offence_on"] for r in written] == ["2026-09-01"]
    assert dialog.status.text() == "Recorded."


def test_keyboard_only_type_press_enter_read_the_answer_tab_to_copy(qtbot, env):
    dialog = open_aid(qtbot, env, "prosecution-limit")
    env.now = lambda: dt.datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)
    first = dialog.form.widgets["offence_on"]
    assert QApplication.focusWidget() is first          # the first question has the cursor
    qtbot.keyClicks(first, "2026-08-31")
    qtbot.keyClick(first, Qt.Key_Return)                 # Enter works it out
    assert dialog.view.toPlainText().startswith("Common assault must be charged by Sunday 28 "
                                                "February 2027.")
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert dialog.work_button in seen and dialog.view in seen and dialog.copy_button in seen
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Escape)
    assert not dialog.isVisible()


@pytest.mark.hazard("H-020")
def test_an_episode_recording_a_15_hour_extension_is_refused_not_shown_as_none(qtbot, env):
    """MHA 1983 s136B: an extension is at most 12 hours. An episode that says 15 is
    pre-filled as 15 and refused with the rule; pre-filling 0 showed a deadline without the
    extension that was recorded."""
    record = {"arrived_at": "2026-03-29T09:00", "place_type": "health_based",
              "age": "18_or_over", "extended": "yes", "extension_hours": "15"}
    dialog = open_aid(qtbot, env, "s136-clock", prefill=SPECS["s136-clock"].from_record(record))
    assert dialog.form.widgets["extension_hours"].value() == 15
    text = work_out(qtbot, dialog)
    assert "Section 136 ends" not in text
    assert dialog.error.isVisible()
    assert "An extension is from 1 to 12 hours (s136B)" in dialog.error.text()
    assert dialog.form.widgets["extension_hours"].hasFocus()


@pytest.mark.hazard("H-020")
@pytest.mark.parametrize("typed", ["\u00b2", "twelve", "12 hrs"])
def test_an_episode_whose_extension_cannot_be_read_says_so_before_any_answer(qtbot, env,
                                                                             typed):
    """The episode says it was extended, by a length that is no number of hours ("²" passes
    str.isdigit; int() refused it and the aid did not open). The clock opens, says so at
    once beside the extension, and gives no deadline until the extension is answered: it
    pre-filled 0 and showed a deadline without the extension, saying nothing."""
    record = {"arrived_at": "2026-03-29T09:00", "place_type": "health_based",
              "age": "18_or_over", "extended": "yes", "extension_hours": typed}
    dialog = open_aid(qtbot, env, "s136-clock", prefill=SPECS["s136-clock"].from_record(record))
    spin = dialog.form.widgets["extension_hours"]
    assert dialog.error.isVisible()
    assert f"gives the extension's length as '{typed}'" in dialog.error.text()
    assert spin.hasFocus()
    text = work_out(qtbot, dialog)
    assert "Section 136 ends" not in text
    assert "Press Work it out again to count it as it stands" in dialog.error.text()
    # the person types what the episode meant: worked out with it
    spin.selectAll()
    qtbot.keyClicks(spin, "6")
    assert spin.value() == 6
    text = work_out(qtbot, dialog)
    assert "Section 136 ends at 15:00 BST on Monday 30 March 2026" in text, text


def test_an_unreadable_extension_left_as_none_is_worked_out_on_the_second_press(qtbot, env):
    record = {"arrived_at": "2026-03-29T09:00", "place_type": "health_based",
              "age": "18_or_over", "extended": "yes", "extension_hours": "twelve"}
    dialog = open_aid(qtbot, env, "s136-clock", prefill=SPECS["s136-clock"].from_record(record))
    assert "Section 136 ends" not in work_out(qtbot, dialog)
    assert "Section 136 ends at 09:00 BST on Monday 30 March 2026" in work_out(qtbot, dialog)
    assert not dialog.error.isVisible()
