"""The aids on a record form: the buttons for the aids its kind pre-fills, the live section
136 clock where the kind has one, and "Record this" onto the record's timeline.

Recording needs the record to exist: a draft is saved first (it is saved as you type in
any case), and the answer is added to its timeline as one event, with the whole result
kept so an audit sees what the person saw.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.aids.finder import aid_info
from ...core.aids.result import AidResult
from ...core.aids.s136_clock import AID as CLOCK
from ...core.errors import UserError
from ...core.records.timeline import record_event
from .clock import S136Clock
from .dialog import SPECS, RecordTarget
from .env import AidEnv
from .reach import AidOffer

EVENT = "aid"


def event_detail(result: AidResult) -> dict:
    return result.recorded()


class FormAids(QWidget):
    """Under a record form's heading. ``form`` is the ReportFormPage (its kind, fields,
    ``collect()``, ``report_id`` and ``flush()``)."""

    def __init__(self, form):
        super().__init__(form)          # a parent first: shown unparented, it is a window
        self.form = form
        self.env = AidEnv.from_context(form.context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.clock: S136Clock | None = None
        if CLOCK in form.kind.aids:
            self.clock = S136Clock(form.collect, lambda: self.env.now(), self)
            for field in form.fields.values():
                field.changed.connect(self.clock.tick)
            layout.addWidget(self.clock)
        self.offer = AidOffer(self.env, "Decision aids:", self, prepare=self.prepare)
        self.offer.set_aids([aid_info(key) for key in form.kind.aids])
        layout.addWidget(self.offer)
        self.setVisible(bool(form.kind.aids))

    def chain_after(self, widget) -> None:
        """Tab reaches the clock's questions and the aids after ``widget`` (the form's own
        order goes through the fields first, then the buttons at the top)."""
        chain = [widget] + (self.clock.zone_buttons if self.clock else []) + self.offer.buttons
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def prepare(self, key: str):
        spec = SPECS[key]
        prefill = spec.from_record(self.form.collect()) if spec.from_record else None
        return prefill, RecordTarget(f"this {self.what()}", self.record)

    def what(self) -> str:
        view = self.form.kind.words.view
        return view[0].lower() + view[1:]

    def record(self, result: AidResult) -> str:
        form = self.form
        form.flush()
        report_id = form.report_id or form.saver.report_id   # a new draft's id, once saved
        if report_id is None:
            raise UserError(f"Fill in something on the {form.kind.noun} first, so there is a "
                            "record to add this to.")
        data = form.collect()
        author = str(data.get(form.kind.author_key) or "").strip() or form.context.login
        record_event(form.context.db, report_id, EVENT, author, event_detail(result))
        return f"Recorded on this {self.what()}'s timeline."
