"""The aids on a submitted record's window: the same aids its kind's form offers, pre-filled
from the record, with "Record this" adding the answer to that record's timeline (an
episode written up after the event can still carry its police-station check)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.aids.finder import aid_info
from ...core.aids.result import AidResult
from ...core.records import kinds as rk
from ...core.records.timeline import record_event
from .dialog import SPECS, RecordTarget
from .env import AidEnv
from .form_bar import EVENT, event_detail
from .reach import AidOffer


class ViewAids(QWidget):
    """Under a ReportView's text. ``view`` has ``report`` (or none), ``context``,
    ``_author()`` and ``reload()``."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.offer = AidOffer(AidEnv.from_context(view.context), "Decision aids:", self,
                              prepare=self.prepare)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.offer)
        self.shown: tuple[str, ...] = ()
        self.refresh()

    def refresh(self) -> None:
        """The aids for the record as it is now (a draft offers none: there is no record
        to add an answer to yet). Unchanged, the buttons stay, and so does the focus."""
        report = getattr(self.view, "report", None)
        aids = tuple(rk.kind_of(report.data).aids) if report is not None \
            and not report.is_draft else ()
        if aids != self.shown:
            self.shown = aids
            self.offer.set_aids([aid_info(key) for key in aids])
        self.setVisible(bool(aids))

    def what(self) -> str:
        view = rk.kind_of(self.view.report.data).words.view
        return view[0].lower() + view[1:]

    def prepare(self, key: str):
        spec = SPECS[key]
        data = dict(self.view.report.data)
        return (spec.from_record(data) if spec.from_record else None,
                RecordTarget(f"this {self.what()}", self.record))

    def record(self, result: AidResult) -> str:
        view = self.view
        author = view._author() or view.context.login
        record_event(view.context.db, view.report.id, EVENT, author, event_detail(result))
        view.reload()
        view.changed.emit()
        return f"Recorded on this {self.what()}'s timeline."
