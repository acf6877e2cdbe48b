"""The prosecution time limit on the advisor's case: "Common assault must be charged by ...".

Worked out by the prosecution-limit aid from the case's report (the offence's day, and
whether what was recorded could be charged as common assault), or from the case's incident
date when it came from a helpline call. From six weeks before, it says how many days are
left; after the date it says the limit passed. It is never an overdue item, and it always
says that either-way offences are not limited. "Work it out…" opens the aid pre-filled,
and its "Record this" adds the answer to the case's timeline.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.aids import prosecution_limit as limit
from ...core.aids.result import AidInputError, AidResult
from ...core.cases import actions as case_actions
from ...core.records import reports as records
from .dialog import RecordTarget
from .env import AidEnv
from .form_bar import event_detail
from .reach import open_aid
from .result_view import WARNING_STYLE


class CaseLimit(QWidget):
    def __init__(self, context, worker: str, parent=None):
        super().__init__(parent)
        self.context, self.worker = context, worker
        self.env = AidEnv.from_context(context)
        self.case = None
        self.recorded = lambda: None           # the case view reloads its timeline
        self.result: AidResult | None = None
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Prosecution time limit")
        self.button = QPushButton("Time li&mit…")
        self.button.setAccessibleName("Work out the prosecution time limit for this case")
        self.button.clicked.connect(self.open)
        self.dialog = None
        # A styled frame around a plain label: a padded, word-wrapped label is clipped.
        self.box = QFrame()
        self.box.setObjectName("limitBox")
        # (Beside the text, a word-wrapped label is clipped too: the button goes below.)
        inner = QVBoxLayout(self.box)
        inner.setContentsMargins(6, 4, 6, 4)
        inner.addWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        inner.addLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)

    def prefill(self) -> dict:
        case = self.case
        if case is not None and case.report_id:
            report = records.get_report(self.context.db, case.report_id)
            if report is not None:
                return dict(report.data)
        return {"incident_at": (case.incident_at or "") if case else ""}

    def show_case(self, case) -> None:
        self.case = case
        try:
            inp = limit.ProsecutionLimitInput.from_record(self.prefill(), self.env.today())
            self.result = limit.work_out(inp)
        except AidInputError:
            self.result = None
            self.text.setText("Prosecution time limit: the offence date is not recorded, so "
                              "the last day to charge common assault cannot be worked out.")
            self._style(False)
            return
        result = self.result
        if result.outcome == "no_limit_shown":
            self.text.setText("Prosecution time limit: " + result.answer)
            self._style(False)
            return
        lines = [result.answer] + result.warnings[:1]
        self.text.setText(" ".join(lines))
        warned = bool(result.warnings) and case.is_open
        self._style(warned)
        if warned:
            self.text.setText("Warning: " + self.text.text())

    def _style(self, warned: bool) -> None:
        self.box.setStyleSheet("QFrame#limitBox { " + (
            WARNING_STYLE.replace("padding:4px;", "") if warned else
            "border:1px solid #8a8a8a;") + " }")

    def open(self):
        values = {}
        if self.result is not None:
            values = {"offence_on": self.result.inputs["offence_on"],
                      "could_be_common_assault": self.result.inputs["could_be_common_assault"],
                      "domestic": "not_known"}
        self.dialog = open_aid(self, self.env, limit.AID, values,
                               RecordTarget("this case", self.record))
        return self.dialog

    def record(self, result: AidResult) -> str:
        case_actions.record_aid_answer(self.context.db, self.case.id, event_detail(result),
                                       self.worker)
        self.recorded()
        return "Recorded on this case's timeline."
