"""The report form: one scrollable page of numbered sections, saved as you type.

One page serves every kind of record (an incident report, a request for police assistance,
a section 136 episode): the kind gives the sections and the checks. Every change is saved
as a draft about a second after typing pauses, off the UI thread. Nothing asks "save?": it
is already saved. Submit checks everything and lists each problem at the top (each a link
to its field) and under the field itself. Warnings that do not stop submission (a late
request, a detention over the limit) are shown as they arise.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..core.records import fields as rf
from ..core.records import kinds as rk
from ..core.records import reports as incidents
from ..core.timeutil import format_time, now_local
from .aids.form_bar import FormAids
from .draft_saver import DraftSaver
from .form_fields import DateTimeField, FieldBase, ListField
from .form_sections import (
    build_section,
    privacy_notice,
    site_choices,
    speak_to,
    starting_answers,
    ward_choices,
)
from .problems_box import ProblemsBox
from .record_done import DonePanel, done_message
from .report_actions import copy_as_text, save_report_pdf
from .save_schedule import SaveSchedule
from .window_fit import Scroller

FLAG_STYLE = "QLabel { background: #fff4ce; color: #3d2e00; border: 1px solid #8a6d00; " \
             "padding: 6px; }"


def _set_visible(widget: QWidget, visible: bool) -> None:
    # A widget not yet shown or hidden by hand follows its parent: decide it explicitly.
    if widget.isHidden() == visible or not widget.testAttribute(Qt.WA_WState_ExplicitShowHide):
        widget.setVisible(visible)


def _set_text(target, text: str) -> None:
    if target.text() != text:
        target.setText(text)


class ReportFormPage(QWidget):
    status_message = Signal(str)
    submitted = Signal(int)
    show_my_reports = Signal()

    def __init__(self, context: AppContext, parent=None, kind: str = rk.DEFAULT):
        super().__init__(parent)
        self.context = context
        self.kind = rk.KINDS[kind]
        noun = self.kind.noun
        self.report_id: int | None = None
        self._loading = False
        self.saver = DraftSaver(context.db, context.login, self)
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(self._save_failed)
        self.saver.started.connect(self._draft_started)
        self.schedule = SaveSchedule(self)
        self.schedule.due.connect(self._save_now)

        self.heading = QLabel(self.kind.words.heading)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.save_state = QLabel("Fields marked * are needed to submit. Everything you type is "
                                 "saved as you go.")
        self.save_state.setWordWrap(True)
        self.save_state.setAccessibleName("Draft save status")
        self.pdf_button = QPushButton("Save as PD&F…")
        self.pdf_button.setAccessibleName(f"Save this {noun} as a PDF")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.discard_button = QPushButton("&Discard draft…")
        self.discard_button.clicked.connect(self.discard)
        self.submit_button = QPushButton(f"&Submit {noun}")
        self.submit_button.setAccessibleName(f"Submit {noun}")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)

        self.problems = ProblemsBox(noun, self._label)
        self.problems.link.connect(self._go_to_field)
        self.flags = QLabel("")
        self.flags.setWordWrap(True)
        self.flags.setStyleSheet(FLAG_STYLE)
        self.flags.setAccessibleName("Things to note (they do not stop you submitting)")
        self.flags.hide()
        self.rules = rk.rules(context.library, context.policy)
        self.notes: dict[str, QLabel] = {}    # the kind's notes under its fields

        self.fields: dict[str, FieldBase] = {}
        self.groups: dict[str, QGroupBox] = {}
        self.reader: str | None = None   # whose words the form speaks in
        form = QWidget()
        form_layout = QVBoxLayout(form)
        self.privacy = privacy_notice(self.kind, context.policy)
        if self.privacy is not None:
            form_layout.addWidget(self.privacy)
        for section in self.kind.sections:
            form_layout.addWidget(build_section(self, section))
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.submit_bottom = QPushButton(f"Submit {noun}")
        self.submit_bottom.setAccessibleName(f"Submit {noun} (end of form)")
        self.submit_bottom.clicked.connect(self.submit)
        bottom.addWidget(self.submit_bottom)
        form_layout.addLayout(bottom)
        form_layout.addStretch(1)

        form_width = form.fontMetrics().horizontalAdvance("M") * 75
        form.setMaximumWidth(form_width)

        self.index = QListWidget()
        self.index.setAccessibleName(f"Sections of the {noun}, with what is still needed")
        self.index.setWordWrap(True)
        for section in self.kind.sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.UserRole, section.key)
            self.index.addItem(item)
        self.index.itemActivated.connect(self._jump)
        self.index.itemClicked.connect(self._jump)
        longest = max((s.title for s in self.kind.sections), key=len)
        self.index.setMaximumWidth(min(self.fontMetrics().horizontalAdvance(
            f"{longest}: optional") + 40, self.fontMetrics().horizontalAdvance("M") * 24))
        rows = len(self.kind.sections) + 1
        self.index.setMaximumHeight(self.index.fontMetrics().lineSpacing() * rows * 2 + 12)
        index_label = QLabel("Sect&ions")
        index_label.setBuddy(self.index)
        self.index_box = QWidget()
        index_layout = QVBoxLayout(self.index_box)
        index_layout.setContentsMargins(0, 0, 0, 0)
        index_layout.addWidget(index_label)
        index_layout.addWidget(self.index)
        self.scroll = Scroller(form)   # not a Tab stop: it follows the focus
        self.scroll.setMaximumWidth(
            form_width + self.scroll.style().pixelMetric(QStyle.PM_ScrollBarExtent) + 4)

        self.done_panel = DonePanel(self.kind, self)
        self.done_panel.pdf.clicked.connect(self.save_pdf)
        self.done_panel.new.clicked.connect(self.new_report)
        self.done_panel.my_reports.clicked.connect(self.show_my_reports)
        self.done_panel.copy.clicked.connect(self.copy_text)
        self.done_text = self.done_panel.text
        self.done_panel.hide()

        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addStretch(1)
        header.addWidget(self.pdf_button)
        header.addWidget(self.discard_button)
        header.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        self.aids = FormAids(self)      # the kind's decision aids, and its live clock
        for widget in (self.aids, self.save_state, self.problems, self.flags):
            layout.addWidget(widget)
        self.body = QWidget()  # hidden as a whole once submitted, so it takes no space
        body = QHBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.scroll, 1)
        body.addWidget(self.index_box, 0, Qt.AlignTop)
        body.addStretch(0)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.done_panel, 1)
        # Tab goes through the form first; the buttons at the top come after the sections.
        for first, second in ((self.index, self.pdf_button), (self.pdf_button,
                              self.discard_button), (self.discard_button, self.submit_button)):
            QWidget.setTabOrder(first, second)
        self.aids.chain_after(self.submit_button)
        self.new_report()

    def focus_first(self) -> None:
        """The cursor in the first field of the form (or the summary, once submitted)."""
        if self.done_panel.isVisible():
            self.done_text.setFocus(Qt.OtherFocusReason)
            return
        first = next((f for f in self.fields.values() if not f.container.isHidden()), None)
        if first is not None:
            first.focus_target().setFocus(Qt.TabFocusReason)
            self.scroll.verticalScrollBar().setValue(0)

    # ------------------------------------------------------------------ layout
    def _site_choices(self):
        return site_choices(self.context.policy)

    def _ward_choices(self, site):
        return ward_choices(self.context.policy, site)

    # ------------------------------------------------------------ form values
    def collect(self) -> dict:
        data = rk.marked(self.kind, {key: field.value() for key, field in self.fields.items()})
        entered = {key: field.entered() for key, field in self.fields.items()
                   if isinstance(field, DateTimeField) and field.entered() and not field.value()}
        if entered:
            data["_entered"] = entered
        return data

    def fill(self, data: dict) -> None:
        self._loading = True
        try:
            if "location" in self.fields:
                self.fields["location"].set_choices(self._ward_choices(data.get("site")))
            for key, field in self.fields.items():
                if isinstance(field, DateTimeField):
                    field.set_value(data.get(key), (data.get("_entered") or {}).get(key))
                else:
                    field.set_value(data.get(key))
        finally:
            self._loading = False
        self._refresh_visibility()

    def new_report(self) -> None:
        self.saver.attach(None)
        self.report_id = None
        self.fill(starting_answers(self.kind, self.context))
        self._show_form()
        self._set_problems([])
        self.save_state.setText(f"New {self.kind.noun}. Fields marked * are needed to submit. "
                                "Everything you type is saved as you go.")

    def load_draft(self, report_id: int) -> None:
        report = incidents.get_report(self.context.db, report_id)
        if report is None or not report.is_draft:
            return
        self.saver.attach(report_id)
        self.report_id = report_id
        self.fill(report.data)
        self._show_form()
        self._set_problems([])
        name = str(report.data.get(self.kind.author_key) or "").strip()
        whose = f"{name}'s draft" if name else "the draft"
        self.save_state.setText(f"Continuing {whose} started {format_time(report.created_at)}"
                                f"; last saved {format_time(report.updated_at)}.")

    def _show_form(self) -> None:
        self.done_panel.hide()
        self.body.show()
        for button in (self.pdf_button, self.discard_button, self.submit_button):
            button.show()
        self.scroll.verticalScrollBar().setValue(0)

    # ------------------------------------------------------------------ saving
    def _changed(self, key: str) -> None:
        if self._loading:
            return
        if key == "site" and "location" in self.fields:
            self.fields["location"].set_choices(self._ward_choices(self.fields["site"].value()))
        self._refresh_visibility()
        self.schedule.changed()
        if self.problems.isVisible():
            self._set_problems(incidents.validate(self.collect()), stable=True)

    def _refresh_visibility(self) -> None:
        """Runs on every keystroke, so it touches a widget only when something changes:
        fewer calls into Qt per key (PySide6 6.12 on Python 3.11 leaked on every one)."""
        data = self.collect()
        speak_to(self, data)
        for key, field in self.fields.items():
            spec = self.kind.fields[key]
            visible = spec.form_shown(data) if spec.form_shown else rf.is_shown(spec, data)
            _set_visible(field.container, visible)
        for note in self.kind.form_notes:
            _set_visible(self.notes[note.key], note.when(data))
        found = rk.flags(data, now_local(), self.rules)
        _set_text(self.flags, "\n".join(f"⚠ {flag}" for flag in found))
        _set_visible(self.flags, bool(found))
        self._refresh_index(data)

    def _refresh_index(self, data: dict) -> None:
        """Each section says, in words, whether it still needs an answer."""
        needed = {p.field.split(".")[0] for p in incidents.validate(data)}
        for row, section in enumerate(self.kind.sections):
            keys = {spec.key for spec in section.fields}
            state = "to do" if keys & needed else "done"
            if state == "done" and not any(data.get(key) for key in keys):
                state = "nothing entered" if "(optional)" in section.title else "optional"
            _set_text(self.index.item(row), f"{section.title}: {state}")

    def _jump(self, item: QListWidgetItem) -> None:
        group = self.groups[item.data(Qt.UserRole)]
        self.scroll.ensureWidgetVisible(group, 0, 0)
        self.scroll.verticalScrollBar().setValue(group.y())
        first = next(f for f in self.fields.values() if f.container.parent() is group
                     and f.container.isVisible())
        first.focus_target().setFocus(Qt.OtherFocusReason)

    def pending(self) -> bool:
        return self.schedule.pending()

    def save_soon(self) -> None:
        """Hand anything typed to the saver now, without waiting for it to be written."""
        self.schedule.fire_if_pending()

    def _save_now(self) -> None:
        self.schedule.clear()
        _set_text(self.save_state, "Saving…")
        self.saver.request(self.collect())

    def _draft_started(self, report_id: int) -> None:
        self.report_id = report_id

    def _saved(self, report_id: int, revision: int, at: str) -> None:
        if self.done_panel.isVisible():
            return  # a save that finished as the report was submitted: nothing to say
        if report_id == self.report_id or self.report_id is None:
            self.report_id = report_id
            self.save_state.setText(f"Draft saved at {at[11:19]}. Nothing you type is lost, "
                                    "even if the computer is switched off.")

    def _save_failed(self, message: str) -> None:
        self.save_state.setText(f"⚠ Not saved: {message}. Your text is still here and "
                                "Common Ground keeps trying every few seconds.")
        self.status_message.emit(f"Draft not saved: {message}")

    def flush(self) -> bool:
        """Save anything typed but not yet written, and wait for it (close, submit)."""
        if self.pending():
            self.schedule.clear()
            self.saver.request(self.collect())
        return self.saver.flush()

    # ------------------------------------------------------------------ submit
    def submit(self) -> None:
        data = self.collect()
        problems = incidents.validate(data)
        noun = self.kind.noun
        if problems:
            self._set_problems(problems)
            self.problems.setFocus(Qt.OtherFocusReason)
            self.scroll.verticalScrollBar().setValue(0)
            self.status_message.emit(f"{len(problems)} problem"
                                     f"{'s' if len(problems) != 1 else ''} to fix before "
                                     f"the {noun} can be submitted.")
            return
        self.schedule.clear()
        self.saver.request(data)
        if not self.saver.flush() or self.saver.report_id is None:
            QMessageBox.warning(self, "Not submitted", f"The {noun} could not be saved, so it "
                                "was not submitted. Your text is still here; try again.")
            return
        self.report_id = self.saver.report_id
        try:
            report = incidents.submit(self.context.db, self.report_id, self.context.login,
                                      rules=self.rules)
        except incidents.ValidationFailed as exc:
            self._set_problems(exc.problems)
            return
        except incidents.ReportError as exc:
            QMessageBox.warning(self, "Not submitted", str(exc))
            return
        incidents.remember_reporter(self.context.db, self.context.login, data,
                                    bool(self.context.policy.setting("shared_login")))
        incidents.remember_place(self.context.db, data)
        self.saver.attach(None)
        self._set_problems([])
        self.body.hide()
        for button in (self.pdf_button, self.discard_button, self.submit_button):
            button.hide()
        self.flags.hide()
        self.done_report_id = report.id
        route = (self.context.policy.contacts or {}).get("police_planned_assessments", "")
        self.done_text.setText(done_message(self.kind, report, str(route or "")) + (
            self.kind.done_note(report.data) if self.kind.done_note else ""))
        self.done_panel.show()
        self.done_text.setFocus()
        self.report_id = None
        self.save_state.setText(f"Submitted as {report.reference}.")
        self.status_message.emit(f"{noun.capitalize()} submitted: {report.reference}")
        self.submitted.emit(report.id)

    def _set_problems(self, problems: list[incidents.Problem], stable: bool = False) -> None:
        """Each problem under its field, and in the list at the top: a new list after
        Submit, or (``stable``, while typing) the same list with what is fixed marked."""
        by_field: dict[str, str] = {}
        item_errors: dict[str, dict] = {}
        for problem in problems:
            parts = problem.field.split(".")
            if len(parts) == 3:
                item_errors.setdefault(parts[0], {})[(int(parts[1]), parts[2])] = problem.message
            else:
                by_field.setdefault(parts[0], problem.message)
        for key, field in self.fields.items():
            field.set_error(by_field.get(key))
            if isinstance(field, ListField):
                field.set_item_errors(item_errors.get(key, {}))
        if not stable:
            self.problems.show_problems(problems)
            return
        before = self.problems.left()
        self.problems.update_problems(problems)
        left = self.problems.left()
        if left != before:   # the status bar must not go on saying "8 problems"
            self.status_message.emit(f"{left} problem{'s' if left != 1 else ''} left to fix."
                                     if left else f"All problems fixed: the {self.kind.noun} "
                                     "can be submitted.")

    def _label(self, key: str) -> str:
        base = key.split(".")[0]
        return self.kind.fields[base].label_for(self.reader or "") \
            if base in self.kind.fields else key

    def _go_to_field(self, key: str) -> None:
        parts = key.split(".")
        field = self.fields.get(parts[0])
        if field is None:
            return
        target = field.focus_target()
        if isinstance(field, ListField) and len(parts) == 3:
            index = int(parts[1])
            if index < len(field.entries):
                target = field.entries[index][1][parts[2]].focus_target()
        self.scroll.ensureWidgetVisible(target)
        target.setFocus(Qt.OtherFocusReason)

    # ------------------------------------------------------------- other actions
    def discard(self) -> None:
        if self.report_id is None and not self.pending():
            self.new_report()
            return
        answer = QMessageBox.question(self, "Discard this draft?",
                                      f"Discard this draft {self.kind.noun}? What you typed "
                                      "will be deleted and cannot be recovered.")
        if answer != QMessageBox.Yes:
            return
        self.flush()
        if self.report_id is not None:
            incidents.discard_draft(self.context.db, self.report_id)
        self.status_message.emit("Draft discarded.")
        self.new_report()

    def save_pdf(self) -> None:
        report_id = getattr(self, "done_report_id", None) if self.done_panel.isVisible() \
            else self.report_id
        if not self.done_panel.isVisible():
            self.flush()   # the first save's id may not have reached this thread yet
            report_id = self.report_id or self.saver.report_id
        if report_id is None:
            QMessageBox.information(self, "Nothing to save yet",
                                    "Type something in the report first.")
            return
        save_report_pdf(self, self.context, report_id, self.status_message.emit, banner_at=1)

    def copy_text(self) -> str:
        """The submitted record as plain text, on the clipboard."""
        report_id = getattr(self, "done_report_id", None)
        return copy_as_text(self.context, report_id, self.status_message.emit,
                            ": paste it where it needs to go") if report_id else ""
