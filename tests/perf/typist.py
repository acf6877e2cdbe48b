"""A scripted typist: three typical incident reports typed into the real form with the
keyboard alone, counting the answers the form required and every key pressed.

    python -m tests.perf.typist            # prints the table the README shows

The typist starts in the form's first field and moves only with Tab, as someone who has
never seen the form would; on each control its script names (by accessible name) it types,
ticks (Space) or chooses (Down arrow, one press per row, the slowest honest way). Enter on
"Submit report (end of form)" ends it, and the report must be submitted. The ward PC has
submitted a report before (its site, ward and setting are remembered) and the login is
shared (no name is remembered), so name and role are typed. Counts, not times: a timed
walkthrough by a new user is a separate, human measurement.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .qt import application

POLICY = {"site": "Riverside Hospital",
          "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward", "Oak Ward"]}]}
WHEN = [("Date and time of the incident: date, day/month/year", "type", "20/11/2026"),
        ("Date and time of the incident: time, 24-hour hh:mm", "type", "14:32")]

SCRIPTS = {
    "A nurse punched by a patient": WHEN + [
        ("Type of incident: Physical assault", "tick", None),
        ("Who (person harmed 1)", "choose", "Staff member"),
        ("Who did it", "choose", "Patient"),
        ("Harm (NHS grading)", "choose", "Low"),
        ("Injuries", "type", "Bruised left cheek"),
        ("Treatment", "choose", "First aid"),
        ("Police informed", "choose", "Not yet"),
        ("What happened, in your words", "type",
         "At the medication round the patient said \"get away from me\" and punched me "
         "once on the left cheek with his right fist."),
        ("Does the victim support prosecution?", "choose", "Yes"),
        ("Does the victim want contact from the violence and prosecution advisor?",
         "choose", "Yes"),
        ("Your name", "type", "Sam Taylor"),
        ("Your role", "type", "Staff nurse"),
    ],
    "A police officer assaulted on the ward": [
        ("You are reporting as", "choose", "Police officer or police staff")] + WHEN + [
        ("Type of incident: Physical assault", "tick", None),
        ("Who (person harmed 1)", "choose", "Police officer"),
        ("Who did it (the suspect)", "choose", "Patient"),
        ("How badly hurt (the NHS's harm grading, not the offence)", "choose", "Low"),
        ("Treatment", "choose", "None"),
        ("What happened, in your words", "type",
         "While I escorted the patient back to the ward he kicked me twice in the left "
         "shin and said \"I'll have you\"."),
        ("Does the victim support prosecution?", "choose", "Yes"),
        ("Your name", "type", "Jo Reed"),
        ("Your rank and role (for example PC, response team)", "type", "PC, response"),
    ],
    "Spitting at a nurse": WHEN + [
        ("Type of incident: Spitting", "tick", None),
        ("Who (person harmed 1)", "choose", "Staff member"),
        ("Who did it", "choose", "Patient"),
        ("Harm (NHS grading)", "choose", "No harm"),
        ("Treatment", "choose", "First aid"),
        ("Police informed", "choose", "No"),
        ("What happened, in your words", "type",
         "The patient spat in my face when asked to return to his room."),
        ("Does the victim support prosecution?", "choose", "Undecided"),
        ("Does the victim want contact from the violence and prosecution advisor?",
         "choose", "Yes"),
        ("Your name", "type", "Sam Taylor"),
        ("Your role", "type", "Staff nurse"),
    ],
}


@dataclass
class Typed:
    report: str
    required: int           # required answers the reporter gave (not already filled in)
    answers: int            # every answer given, optional ones included
    keys: int               # every key pressed
    typing: int             # of which characters typed
    moving: int             # of which Tab presses
    submitted: bool
    problems: str = ""      # what the form said, if it was not submitted


def type_report(name: str, steps: list[tuple[str, str, str | None]], data_dir: Path) -> Typed:
    """One report typed into a fresh window on a data folder of its own."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from commonground.context import AppContext
    from commonground.core.records import fields as rf
    from commonground.core.records import reports as incidents
    from commonground.policy import parse_policy
    from commonground.ui.main_window import MainWindow

    application()
    context = AppContext.open(data_dir, policy=parse_policy(json.dumps(POLICY)))
    incidents.remember_place(context.db, {"site": "Riverside Hospital",
                                          "location": "Cedar Ward",
                                          "setting": "inpatient_ward"})
    window = MainWindow(context)
    window.show()
    window.go_to(window.report_form)
    form = window.report_form
    QApplication.processEvents()
    before = form.collect()
    plan = {label: (action, value) for label, action, value in steps}
    done: set[str] = set()
    keys = typing = moving = 0
    form.focus_first()
    for _ in range(400):
        widget = QApplication.focusWidget()
        label = widget.accessibleName() if widget else ""
        if label in plan and label not in done:
            action, value = plan[label]
            if action == "type":
                QTest.keyClicks(widget, value)
                keys += len(value)
                typing += len(value)
            elif action == "tick":
                QTest.keyClick(widget, Qt.Key_Space)
                keys += 1
            else:
                while widget.currentText() != value:
                    was = widget.currentIndex()
                    QTest.keyClick(widget, Qt.Key_Down)
                    keys += 1
                    if widget.currentIndex() == was:
                        raise AssertionError(f"{name}: {value!r} is not offered in {label}")
            done.add(label)
        if label.startswith("Submit report (end of form)"):
            QTest.keyClick(widget, Qt.Key_Space)
            keys += 1
            break
        QTest.keyClick(widget, Qt.Key_Tab)
        keys += 1
        moving += 1
    QApplication.processEvents()
    missing = set(plan) - done
    if missing:
        raise AssertionError(f"{name}: never reached {sorted(missing)}")
    after = form.collect()
    submitted = form.done_panel.isVisible()
    problems = "" if submitted else form.problems.text()
    required = answers = 0
    for spec in form.kind.fields.values():
        if not rf.is_shown(spec, after):
            continue
        if spec.kind == "list":
            old = (before.get(spec.key) or [{}])[0]
            new = (after.get(spec.key) or [{}])[0]
            for sub in spec.item_fields:
                if new.get(sub.key) and new.get(sub.key) != old.get(sub.key):
                    answers += 1
                    required += sub.required
            continue
        if after.get(spec.key) and after.get(spec.key) != before.get(spec.key):
            answers += 1
            required += spec.required
    window.close()
    context.close()
    return Typed(name, required, answers, keys, typing, moving, submitted, problems)


def run_all() -> list[Typed]:
    results = []
    for name, steps in SCRIPTS.items():
        with tempfile.TemporaryDirectory(prefix="commonground-typist-") as folder:
            results.append(type_report(name, steps, Path(folder) / "data"))
    return results


def table(results: list[Typed]) -> str:
    lines = ["| Report | Required answers | All answers | Keys pressed | of which typed | "
             "of which Tab |", "|---|---|---|---|---|---|"]
    lines += [f"| {r.report} | {r.required} | {r.answers} | {r.keys} | {r.typing} | "
              f"{r.moving} |" for r in results]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run_all()))
