"""The dialog and the command read typed answers with one core function per aid, so the same
slip gets the same words on the screen and on the terminal."""

from __future__ import annotations

import pytest

from commonground.ui.aids.dialog import AidDialog
from tests.conftest import run_cli
from tests.ui.aids.conftest import answer, work_out

SHOWN = "Cannot work this out yet: "

CASES = [
    ("s136-clock", {"arrived": "2026-02-30 10:00"}, ["--arrived", "2026-02-30 10:00"],
     "Arrival at the first place of safety: 30 February 2026 does not exist"),
    ("s136-clock", {"arrived": "2026-03-28 22:10", "transfer_at": "2026-03-29 99:00",
                    "transfer_to": "emergency_department"},
     ["--arrived", "2026-03-28 22:10", "--transfer", "2026-03-29 99:00=emergency_department"],
     "Moved to another place of safety at: '2026-03-29 99:00' is not a real time of day."),
    ("s136-clock", {"arrived": "2026-03-28 22:10", "extension_authorised_at": "2026-03-29 01:30"},
     ["--arrived", "2026-03-28 22:10", "--extension-hours", "0", "--extension-at",
      "2026-03-29 01:30"],
     "Extension authorised at: 01:30 on Sunday 29 March 2026 did not happen in the UK"),
    ("awol", {"section": "s2", "period_start": "yesterday"},
     ["--section", "s2", "--start", "yesterday"],
     "Start of the current period: 'yesterday' is not a date this understands."),
    ("awol", {"section": "s3", "period_start": "2026-01-01", "first_day_absent": "2026-13-01"},
     ["--section", "s3", "--start", "2026-01-01", "--absent-from", "2026-13-01"],
     "First day of absence: there is no month 13."),
    ("prosecution-limit", {"offence_on": "31/02/2026"}, ["--offence-date", "31/02/2026"],
     "Day of the offence: 31 February 2026 does not exist"),
    ("notice", {"assessment_at": "2026-12-24 10:00", "ask_on": "soon"},
     ["--assessment", "2026-12-24 10:00", "--ask-on", "soon"],
     "When the request would be sent: 'soon' is not a date and time this understands."),
    ("notice", {"assessment_at": "9999-12-24 10:00"}, ["--assessment", "9999-12-24 10:00"],
     "The planned assessment: the year 9999 cannot be right"),
    ("notice", {"ask_on": "1900-01-01 09:00", "assessment_at": "2199-12-31 10:00"},
     ["--ask-on", "1900-01-01 09:00", "--assessment", "2199-12-31 10:00"],
     "The planned assessment: Tuesday 31 December 2199 is more than a year after the "
     "request (Monday 1 January 1900). Check both dates."),
]


@pytest.mark.parametrize("key, typed, args, starts", CASES)
@pytest.mark.hazard("H-016")
def test_the_dialog_and_the_command_refuse_a_slip_in_the_same_words(qtbot, env, data_dir,
                                                                   key, typed, args, starts):
    dialog = AidDialog(key, env)
    qtbot.addWidget(dialog)
    dialog.show()
    answer(qtbot, dialog, **typed)
    work_out(qtbot, dialog)
    assert dialog.error.isVisible()
    on_screen = dialog.error.text()
    assert on_screen.startswith(SHOWN)
    on_screen = on_screen[len(SHOWN):]

    result = run_cli("check", key, *args, data_dir=data_dir)
    assert result.returncode == 1 and result.stdout == ""
    on_terminal = result.stderr.strip().removeprefix("commonground: ")

    assert on_screen == on_terminal
    assert on_screen.startswith(starts), on_screen
