"""The section 136 clock, live in the episode form's header.

It reads the form's own fields (arrival, place, age, extension) each time one changes and
on a timer, and shows the time left and the deadline with GMT or BST named. Below 4 hours
and below 1 hour it says so in words (the colour only repeats it). For anyone who is or may
be under 18 it says a police station must not be used and what to do instead, and still
shows the deadline. An arrival in the hour the clocks go back is asked about, and the
answer is kept only while the arrival stays the same. An extension longer than the law
allows is named and not counted: the 24 hours still show. It never writes anything: a tick
is arithmetic on what the form already holds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.aids import s136_clock as aid
from ...core.aids.result import AidInputError, AidResult, AmbiguousTimeError
from ...core.aids.uktime import UTC, clock_words

TICK_MS = 15_000
INSTEAD = ("Take the person to the health-based place of safety that accepts under-18s, or to "
           "the emergency department; ring ahead. Custody is never the fallback.")
STYLES = {"normal": "background:#e8f1fb; color:#0b2a4a; border:1px solid #0b2a4a;",
          "four": "background:#fff4ce; color:#4d3800; border:2px solid #8a6d00;",
          "one": "background:#fde2e1; color:#7a0000; border:3px solid #7a0000;",
          "ended": "background:#fde2e1; color:#7a0000; border:3px solid #7a0000;",
          "quiet": "color:#333333;"}


FIX = {"arrived_at": "correct the arrival time to see it",
       "extension_hours": "correct the length of the extension to see it"}


def counted(data: dict, now: dt.datetime) -> tuple[AidResult, str]:
    """The clock's answer from the form's fields, and what is wrong with the extension when
    it cannot be counted (too long, or its length unreadable): the 24 hours stand without
    it, so the clock keeps counting them and says why."""
    try:
        inp = aid.S136ClockInput.from_record(data, now)
    except AidInputError as exc:
        if exc.field != "extension_hours" or isinstance(exc, AmbiguousTimeError):
            raise
        unextended = aid.S136ClockInput.from_record({**data, "extended": "no"}, now)
        return aid.work_out(unextended), (f"The extension is not counted: {exc} Correct the "
                                          "length of the extension.")
    try:
        return aid.work_out(inp), ""
    except AidInputError as exc:
        if exc.field != "extension_hours" or not inp.extension_hours > aid.MAX_EXTENSION_HOURS:
            raise
    return aid.work_out(dataclasses.replace(inp, extension_hours=0)), (
        f"The extension is not counted: {inp.extension_hours} hours is longer than an "
        f"extension can be (1 to {aid.MAX_EXTENSION_HOURS} hours, s136B). Correct the length "
        "of the extension.")


def span_words(span: dt.timedelta) -> str:
    minutes = max(0, int(span.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


class S136Clock(QWidget):
    def __init__(self, read: Callable[[], dict], now: Callable[[], dt.datetime], parent=None):
        super().__init__(parent)
        self.read, self.now = read, now
        self.zone: tuple[str, str] | None = None       # (arrival as typed, "BST" or "GMT")
        self.result: AidResult | None = None
        self.state = "quiet"
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Section 136 clock")
        self.child = QLabel("")
        self.child.setWordWrap(True)
        self.child.setAccessibleName("Section 136 clock: under 18")
        self.child.setStyleSheet(f"QLabel {{ {STYLES['one']} padding:4px; }}")
        self.child.hide()
        self.zone_buttons = [QPushButton(), QPushButton()]
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        for button in self.zone_buttons:
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, b=button: self.choose_zone(b.text()))
            button.hide()
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.child)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.tick()

    # ------------------------------------------------------------------ each tick
    def tick(self) -> None:
        data = dict(self.read())
        arrived = str(data.get("arrived_at") or "")
        for button in self.zone_buttons:
            button.hide()
        if self.zone and self.zone[0] != arrived:
            self.zone = None
        if self.zone:
            data["arrived_at"] = f"{arrived} {self.zone[1]}"
        if not arrived:
            self.result = None
            self._child(data, None, "enter the arrival time to see it")
            return self._show("quiet", "Section 136 clock: enter the arrival at the place of "
                                       "safety and the clock starts (24 hours from arrival).")
        try:
            self.result, problem = counted(data, self.now())
        except AmbiguousTimeError as exc:
            self.result = None
            for button, choice in zip(self.zone_buttons, exc.choices):
                button.setText(choice)
                button.setAccessibleName(f"Arrival was {choice}")
                button.show()
            question = str(exc).split(" Enter it again")[0]
            self._show("four", f"Section 136 clock stopped: {question} Choose one:")
            return self._child(data, None)
        except AidInputError as exc:
            self.result = None
            self._child(data, None, FIX.get(exc.field, "correct what is named above to see it"))
            return self._show("quiet", f"Section 136 clock: {exc}")
        self._show_result(self.result, problem)

    def _show_result(self, result: AidResult, problem: str = "") -> None:
        final = result.deadlines[-1]
        left = final.at.astimezone(UTC) - self.now().astimezone(UTC)
        ends = f"ends {final.words}"
        if left <= dt.timedelta(0):
            self._show("ended", f"Warning: section 136 has ended. The permitted period "
                                f"ended {span_words(-left)} ago, at {final.words}. There is no "
                                "power to keep the person under section 136 now.")
        elif left <= aid.WARN_AT[0]:
            self._show("one", f"Warning: less than 1 hour left: {span_words(left)}. Section "
                              f"136 {ends}.")
        elif left <= aid.WARN_AT[1]:
            self._show("four", f"Warning: less than 4 hours left: {span_words(left)}. Section "
                               f"136 {ends}.")
        else:
            self._show("normal", f"Section 136 clock: {span_words(left)} left. It {ends}.")
        if problem:
            self.text.setText(f"{self.text.text()} {problem}")
        data = self.read()
        if data.get("ended_at"):
            self.text.setText(self.text.text() + " (An end time is recorded on this form.)")
        self._child(data, result)

    def _child(self, data: dict, result: AidResult | None,
               missing: str = "answer the question above to see it") -> None:
        """Under 18, or may be: never a police station, what to do instead, the deadline."""
        child = data.get("age") in ("under_18", "not_sure")
        self.child.setVisible(child)
        if not child:
            return
        move = "move them now. " if data.get("place_type") == "police_station" else ""
        deadline = (f"The deadline still applies: {result.deadlines[-1].words}." if result
                    else f"The deadline still applies: {missing}.")
        self.child.setText("A police station must not be used for this person (under 18, or "
                           f"may be): {move}{INSTEAD} {deadline}")

    def _show(self, state: str, text: str) -> None:
        self.state = state
        self.text.setText(text)
        self.text.setStyleSheet(f"QLabel {{ {STYLES[state]} padding:4px; "
                                f"{'font-weight:bold;' if state != 'quiet' else ''} }}")

    def choose_zone(self, choice: str) -> None:
        self.zone = (str(self.read().get("arrived_at") or ""), choice.split()[-1])
        self.tick()

    def deadline_words(self) -> str:
        return clock_words(self.result.deadlines[-1].at) if self.result else ""
