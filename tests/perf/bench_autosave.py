"""Draft autosave of a full report: a keystroke in the real report form until the draft is
committed, and how long the window stops responding meanwhile.

The real ``ReportFormPage`` (offscreen) holds a fully filled report (three people harmed, two
witnesses, a long account) in the data folder with years of reports. Each step types one
character into the account and fires the autosave the form would fire after its 800 ms
pause (that pause is left out: it is a wait, not work). The time runs from the keystroke
to the moment the saver's worker thread has committed. A 1 ms heartbeat timer on the UI
thread records every gap in the event loop: the longest gap is the worst stall the user
could feel. Floor: a bare ``UPDATE`` + ``COMMIT`` of the same JSON bytes, in a table of its
own in the same folder, with the same pragmas (WAL, synchronous=FULL), timed after each step
with the heartbeat paused.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time

from . import data
from .harness import Figure, Settings, at_most, ratio
from .qt import application, settle, wait_until

LETTERS = "the patient pushed the nurse against the wall and shouted "


def full_report() -> dict:
    """A report with every section answered and more than one of everything."""
    from commonground.core.records.kinds.incident import demo
    from commonground.core.timeutil import iso

    rng = random.Random(136)
    incident = dt.datetime.now().replace(microsecond=0, second=0) - dt.timedelta(hours=3)
    report = demo._report(rng, incident, incident + dt.timedelta(hours=2), late=False)
    report["victims"] = [
        {"kind": "staff", "name": "Priya Halloway", "role": "Staff nurse",
         "organisation": "Valeshire Mental Health Trust"},
        {"kind": "staff", "name": "Kwame Tillbrook", "role": "Healthcare assistant",
         "organisation": "Valeshire Mental Health Trust"},
        {"kind": "police", "name": "", "role": "Police constable",
         "organisation": "Valeshire Police"}]
    report["witnesses"] = [{"name": "Ruth Oyelaran-Platt", "role": "Charge nurse",
                            "contact": "Ext. 4411"},
                           {"name": "Sam Treverrow", "role": "Ward manager",
                            "contact": "Ext. 4412"}]
    sentences = [demo._narrative(rng, ["physical_assault", "spitting"], "patient",
                                 report["victims"][0]) for _ in range(12)]
    report["narrative"] = " ".join(sentences)          # about 2,000 characters
    report["injuries"] = "Bruising to the upper arm and a scratch to the back of the hand."
    report["police_informed"] = "yes"
    report["police_informed_at"] = iso(incident + dt.timedelta(minutes=30))
    return report


class Heartbeat:
    """A 1 ms timer on the UI thread; ``worst`` is the longest gap since ``start_step``."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.recording = False
        self.last: float | None = None
        self.worst = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self.beat)
        self.timer.start()

    def beat(self) -> None:
        now = time.perf_counter()
        if self.recording and self.last is not None:
            self.worst = max(self.worst, (now - self.last) * 1000 - 1.0)
        self.last = now

    def start_step(self) -> None:
        self.recording, self.last, self.worst = True, time.perf_counter(), 0.0

    def pause(self) -> float:
        self.recording, self.last = False, None
        return max(self.worst, 0.0)


def run(settings: Settings) -> list[Figure]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from commonground.context import AppContext
    from commonground.core.records import reports as incidents
    from commonground.core.storage.db import connect
    from commonground.core.textutil import clean_text
    from commonground.ui.report_form import ReportFormPage

    folder = data.reports(settings)
    app = application()
    context = AppContext.open(folder)
    form = ReportFormPage(context)
    form.resize(1100, 800)
    form.show()
    form.fill(full_report())
    commits: list[float] = []
    write = form.saver._write

    def timed_write(snapshot):
        result = write(snapshot)
        commits.append(time.perf_counter())
        return result
    form.saver._write = timed_write
    form._save_now()                                   # the first save creates the draft
    wait_until(lambda: commits and not form.saver.busy())
    target = form.fields["narrative"].focus_target()
    target.setFocus()
    target.moveCursor(QTextCursor.End)
    settle(app)

    floor_db = connect(settings.scratch / "autosave-floor.sqlite3")
    floor_db.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, data TEXT)")
    floor_db.execute("INSERT OR REPLACE INTO t(id, data) VALUES (1, '')")
    steps = 30 if settings.quick else 100
    settings.log(f"autosave: {steps} keystrokes, each saved, in a data folder with "
                 f"{settings.rows:,} reports …")
    latency, floor, stalls = [], [], []
    heartbeat = Heartbeat()
    try:
        for step in range(steps):
            before = len(commits)
            heartbeat.start_step()
            started = time.perf_counter()
            QTest.keyClick(target, LETTERS[step % len(LETTERS)], Qt.NoModifier)
            form._save_now()
            wait_until(lambda: len(commits) > before and not form.saver.busy())
            settle(app)                                # the "saved" message and repaints
            latency.append((commits[before] - started) * 1000)
            stalls.append(heartbeat.pause())
            encoded = json.dumps(clean_text(form.collect()), ensure_ascii=False)
            began = time.perf_counter()
            floor_db.execute("BEGIN IMMEDIATE")
            floor_db.execute("UPDATE t SET data = ? WHERE id = 1", (encoded,))
            floor_db.execute("COMMIT")
            floor.append((time.perf_counter() - began) * 1000)
    finally:
        heartbeat.timer.stop()
        floor_db.close()
        report_id = form.saver.report_id
        form.saver.flush()
        form.close()
        if report_id is not None:
            incidents.discard_draft(context.db, report_id)  # leave the data as it was
        context.close()
    size = len(json.dumps(form.collect(), ensure_ascii=False).encode())
    return [Figure("draft autosave, keystroke to committed", latency, floor=floor,
                   target=ratio(3.0), tail="p99",
                   note=f"a full report of {size:,} bytes of JSON; the form's 800 ms pause "
                        "before saving is not counted"),
            Figure("longest UI stall per autosaved keystroke", stalls,
                   target=at_most(16.0, "max"), tail="p99",
                   note="gaps in a 1 ms heartbeat on the UI thread, keystroke to saved")]
