"""Drive the real report form like a person at a keyboard, and know what should be saved.

Used by the soak (tens of thousands of keystrokes in one process) and the kill test (a
typist killed with SIGKILL at a random moment). It runs in a child process of the test,
never inside pytest itself: a native abort must fail a test, not end the test run.

Every key goes through Qt's event system (QTest), so it takes the path a real key takes:
the widget, its signals, the form's checks and the draft saver.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "desktop"))

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

POLICY_TEXT = json.dumps({
    "site": "Riverside Hospital",
    "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward", "Oak Ward"]},
              {"name": "Hillside Unit", "wards": ["Ash Ward"]}]})

# Letters people type, with the accents and scripts of names on a London ward.
ALPHABET = ("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,'-!?\"() "
            "éèçñøłśżő ąęü ßæ عربي")


def rss_kib() -> int:
    """Resident memory of this process now (Linux), or 0 where it cannot be read."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def open_forms(data_dir: Path):
    """The app's own context and one report form per kind of record."""
    from commonground.context import AppContext
    from commonground.core.records import kinds as rk
    from commonground.policy import parse_policy
    from commonground.ui.report_form import ReportFormPage

    context = AppContext.open(data_dir, policy=parse_policy(POLICY_TEXT))
    forms = {}
    for key in rk.KINDS:
        form = ReportFormPage(context, kind=key)
        form.resize(1000, 700)
        form.show()
        forms[key] = form
    return context, forms


def type_char(widget, char: str) -> None:
    """One key press and release carrying this character, as a keyboard layout sends it
    (QTest.keyClicks only knows ASCII)."""
    code = ord(char.upper()) if char.isascii() and char.isprintable() else Qt.Key_unknown
    for kind in (QEvent.KeyPress, QEvent.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, code, Qt.NoModifier, char))


def pump(ms: int = 0) -> None:
    """Let timers (the autosave) and queued signals run, as the event loop would."""
    QApplication.processEvents()
    if ms:
        QTest.qWait(ms)


class Typist:
    """Types into every kind of field and keeps what each text box should now hold."""

    def __init__(self, form, seed: int):
        from commonground.ui.form_fields import (
            ChoiceField,
            DateTimeField,
            ListField,
            MultiField,
            TextAreaField,
            TextField,
        )
        self.form = form
        self.random = random.Random(seed)
        self.keys = 0
        self.kinds = {TextField: self._text, TextAreaField: self._text,
                      DateTimeField: self._datetime, ChoiceField: self._choice,
                      MultiField: self._multi, ListField: self._list}

    def press(self, widget, key, modifier=Qt.NoModifier) -> None:
        QTest.keyClick(widget, key, modifier)
        self.keys += 1

    def type_text(self, widget, text: str) -> None:
        for char in text:
            type_char(widget, char)
            self.keys += 1

    def chunk(self, room: int) -> str:
        length = min(room, self.random.randint(3, 40))
        return "".join(self.random.choice(ALPHABET) for _ in range(length))

    def visible_fields(self):
        return [(key, field) for key, field in self.form.fields.items()
                if not field.container.isHidden()]

    def step(self) -> None:
        """One burst of typing into one visible field, chosen at random."""
        key, field = self.random.choice(self.visible_fields())
        handler = next(h for cls, h in self.kinds.items() if type(field) is cls)
        handler(field)

    # --------------------------------------------------------------- field kinds
    def _text(self, field) -> None:
        edit = field.focus_target()
        edit.setFocus()
        limit = field.spec.max_length or 20000
        current = field.value() or ""
        if len(current) + 45 > limit:
            self.press(edit, Qt.Key_A, Qt.ControlModifier)
            self.press(edit, Qt.Key_Delete)
            current = ""
        self.type_text(edit, self.chunk(limit - len(current)))

    def _datetime(self, field) -> None:
        for box, text in ((field.date, f"{self.random.randint(1, 28):02d}/"
                                       f"{self.random.randint(1, 12):02d}/2026"),
                          (field.time, f"{self.random.randint(0, 23):02d}:"
                                       f"{self.random.randint(0, 59):02d}")):
            box.setFocus()
            self.press(box, Qt.Key_A, Qt.ControlModifier)
            self.press(box, Qt.Key_Backspace)
            self.type_text(box, text)

    def _choice(self, field) -> None:
        combo = field.focus_target()
        combo.setFocus()
        for _ in range(self.random.randint(1, 3)):
            self.press(combo, self.random.choice((Qt.Key_Down, Qt.Key_Up)))

    def _multi(self, field) -> None:
        box = self.random.choice(list(field.boxes.values()))
        box.setFocus()
        self.press(box, Qt.Key_Space)

    def _list(self, field) -> None:
        if len(field.entries) < 3 and self.random.random() < 0.3:
            field.add_button.setFocus()
            self.press(field.add_button, Qt.Key_Space)
        if not field.entries:
            return
        _frame, subfields = self.random.choice(field.entries)
        sub = self.random.choice(list(subfields.values()))
        handler = next(h for cls, h in self.kinds.items() if type(sub) is cls)
        handler(sub)


def saved_draft(context, report_id: int) -> dict:
    from commonground.core.records import reports as incidents
    report = incidents.get_report(context.db, report_id)
    return report.data if report else {}


def differences(saved: dict, expected: dict) -> list[str]:
    """Where the saved draft differs from what is in the form, field by field."""
    found = []
    for key in sorted(set(saved) | set(expected)):
        if key.startswith("_"):
            continue
        if saved.get(key) != expected.get(key):
            found.append(f"{key}: saved {str(saved.get(key))[:60]!r} "
                         f"!= typed {str(expected.get(key))[:60]!r}")
    return found
