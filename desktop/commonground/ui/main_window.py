"""The main window: a navigation list on the left, one area at a time on the right.

Ctrl+F or Ctrl+K from anywhere goes to the protocol search; Ctrl+1, Ctrl+2, ... go to
each area in order. Closing the window saves any typing not yet saved; it never asks.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from .. import paths
from ..context import AppContext
from ..core import roles
from ..core.cases import workflow as cases
from ..core.records import kinds as rk
from ..core.records import reports as incidents
from ..core.storage import backups
from . import crash, tasks
from .aids.env import AidEnv
from .area_stack import AreaStack, focus_first
from .cases_page import CasesPage
from .committee_page import CommitteePage
from .contacts_page import ContactsPage
from .keys import enter_presses_buttons
from .meetings_page import MeetingsPage
from .my_reports import MyReportsPage
from .new_record import NewRecordPage
from .protocols_page import ProtocolsPage
from .sync_page import SyncController, SyncPage, failure_text
from .this_computer import ThisComputerPage
from .window_fit import Remembered, fit_on_show

# Which areas each role sees, in order. Everyone sees what frontline sees.
AREAS = {
    "frontline": ("protocols", "report", "my_reports", "contacts", "sync", "this_computer"),
    "advisor": ("protocols", "report", "my_reports", "cases", "inbox", "contacts", "sync",
                "this_computer"),
    "committee": ("protocols", "report", "my_reports", "committee", "meetings", "contacts",
                  "sync", "this_computer"),
}

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context
        self.record_windows: dict[tuple[str, int], QWidget] = {}
        self.setWindowTitle("Common Ground")
        icon = paths.resources_dir() / "icons" / "commonground.svg"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))

        self.nav = QListWidget()
        self.nav.setAccessibleName("Areas of Common Ground")
        self.nav.setFixedWidth(max(self.fontMetrics().horizontalAdvance(title) for title in (
            "Meetings and actions", "New report or request")) + 36)
        self.pages = AreaStack()

        self.protocols = ProtocolsPage(context.library, login=context.login,
                                       site=context.policy.site or "",
                                       aids=AidEnv.from_context(context),
                                       policy_who=(context.policy.setting("staff_role"),
                                                   context.policy.setting("agency")))
        self.protocols.status_message.connect(self.show_status)
        self.contacts = ContactsPage(context)
        self.contacts.status_message.connect(self.show_status)
        self.record_page = NewRecordPage(context)
        self.record_page.status_message.connect(self.show_status)
        self.record_page.show_my_reports.connect(lambda: self.go_to(self.my_reports))
        self.record_page.submitted.connect(self._after_submit)
        self.my_reports = MyReportsPage(context.db)
        self.my_reports.status_message.connect(self.show_status)
        self.my_reports.open_report.connect(self.open_report)
        self.inbox = MyReportsPage(context.db, received=True)
        self.inbox.status_message.connect(self.show_status)
        self.inbox.open_report.connect(self.open_report)
        self.cases = CasesPage(context)
        self.cases.status_message.connect(self.show_status)
        self.cases.open_case.connect(self.open_case)
        self.committee = CommitteePage(context)
        self.committee.status_message.connect(self.show_status)
        self.meetings = MeetingsPage(context)
        self.meetings.status_message.connect(self.show_status)
        self.this_computer = ThisComputerPage(context)
        self.this_computer.change_role.connect(self.choose_role)
        self.sync = SyncController(context, self)
        self.sync_page = SyncPage(context, self.sync)
        self.sync_page.status_message.connect(self.show_status)
        self.sync.finished.connect(self._after_sync)
        self.sync.failed.connect(lambda message: self.show_status(failure_text(message)))
        self.sync_state = QLabel(self.sync.status_text())
        self.sync_state.setAccessibleName("Sync status")
        self.statusBar().addPermanentWidget(self.sync_state)
        self.area_pages = {"protocols": ("Protocols", self.protocols),
                           "report": ("New report or request", self.record_page),
                           "my_reports": ("My reports", self.my_reports),
                           "cases": ("Cases", self.cases),
                           "inbox": ("Inbox", self.inbox),
                           "committee": ("Dashboard", self.committee),
                           "meetings": ("Meetings and actions", self.meetings),
                           "contacts": ("Who to contact", self.contacts),
                           "sync": ("Sync", self.sync_page),
                           "this_computer": ("This computer", self.this_computer)}
        for title, page in self.area_pages.values():
            self.add_page(title, page)
        self.nav.currentRowChanged.connect(self._page_changed)
        # Choosing an area (Enter, a click, Ctrl+N) puts the cursor in its first field;
        # moving through the list with the arrows leaves it in the list.
        self.nav.itemActivated.connect(lambda _item: self.focus_area())
        self.nav.itemClicked.connect(lambda _item: self.focus_area())
        for number in range(1, 10):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.setContext(Qt.ApplicationShortcut)
            shortcut.activated.connect(lambda n=number: self._go_to_visible(n))
        self.apply_role()

        areas = QWidget()
        areas_layout = QVBoxLayout(areas)
        areas_layout.setContentsMargins(0, 0, 0, 0)
        nav_label = QLabel("&Go to")
        nav_label.setBuddy(self.nav)
        areas_layout.addWidget(nav_label)
        areas_layout.addWidget(self.nav)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(areas)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        for keys in ("Ctrl+F", "Ctrl+K"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ApplicationShortcut)
            shortcut.activated.connect(self.go_to_search)

        crash.save_first(self.save_drafts)   # an unexpected error saves the typing first
        count = len(context.library.protocols())
        self.show_status(f"{count} protocols ready · data folder {context.paths.root}")
        # As big as the screen allows (less the taskbar), or where it was last left on
        # this screen; never a fixed size taller than a ward PC's screen.
        fit_on_show(self, 1360, 900, Remembered(self, context.db, context.login, "main"))
        enter_presses_buttons(self)

    @property
    def report_form(self):
        """The default kind's form, an incident report (built on first use)."""
        return self.record_page.form(rk.DEFAULT)

    def add_page(self, title: str, page: QWidget) -> None:
        self.pages.addWidget(page)
        item = QListWidgetItem(title)
        item.setData(Qt.AccessibleTextRole, title)
        self.nav.addItem(item)

    def _go_to_visible(self, number: int) -> None:
        """Ctrl+N goes to the Nth area this role shows."""
        visible = [row for row in range(self.nav.count()) if not self.nav.item(row).isHidden()]
        if number <= len(visible):
            self.nav.setCurrentRow(visible[number - 1])
            self.focus_area()

    def focus_area(self) -> None:
        """The cursor in the current area's first field."""
        focus_first(self.pages.currentWidget())

    # ------------------------------------------------------------------ roles
    @property
    def role(self) -> str:
        return roles.current_role(self.context.db) or "frontline"

    def apply_role(self) -> None:
        """Show the areas this install's role uses; an advisor hub receives its own reports."""
        shown = AREAS.get(self.role, AREAS["frontline"])
        for row, key in enumerate(self.area_pages):
            self.nav.item(row).setHidden(key not in shown)
        if self.nav.currentItem() is None or self.nav.currentItem().isHidden():
            self.nav.setCurrentRow(0)
        if self.role == "advisor":
            self.receive_local_reports()
        self.this_computer.refresh()
        self.contacts.refresh()    # the committee keeps the directory; others only read it
        name = roles.ROLE_NAMES.get(self.role, self.role)
        self.setWindowTitle(f"Common Ground – {name}")

    def ensure_role(self) -> None:
        """The site policy decides the role if it sets one; otherwise ask once, at first run."""
        db, policy = self.context.db, self.context.policy
        if policy.role:
            if roles.set_role(db, policy.role, self.context.login, "site policy"):
                self.show_status(f"Role set by the site policy: "
                                 f"{roles.ROLE_NAMES[policy.role]}.")
        elif roles.current_role(db) is None:
            from .role_dialog import RoleDialog  # first run only

            dialog = RoleDialog(parent=self)
            dialog.exec()
            roles.set_role(db, dialog.chosen(), self.context.login, "first run")
        self.apply_role()

    def choose_role(self) -> None:
        if self.context.policy.role:
            return
        from .role_dialog import RoleDialog

        dialog = RoleDialog(self.role, self)
        if dialog.exec() and roles.set_role(self.context.db, dialog.chosen(),
                                            self.context.login, "changed in This computer"):
            self.apply_role()
            self.show_status(f"Role changed to {roles.ROLE_NAMES[self.role]}.")

    def receive_local_reports(self) -> None:
        """On the advisor's own computer, reports made here reach the advisor at once."""
        if cases.receive_queued(self.context.db, self.context.login):
            self.cases.refresh()

    def after_command(self, command: str, code: int) -> None:
        """A command handed to this window (commonground sync, import, ...) has run."""
        self.show_status(f"A command ran in this window: commonground {command} "
                         f"({'done' if code == 0 else f'exit code {code}'}).")
        self._refresh_data()

    def _after_sync(self, result) -> None:
        self.sync_state.setText(self.sync.status_text())
        if result.received or result.sent:
            self.refresh_record_windows()   # a status, a receipt or news may have changed
        if result.received:
            self._refresh_data()

    def _refresh_data(self) -> None:
        """Show what a sync pass or a command changed in the database."""
        self.sync_state.setText(self.sync.status_text())
        self.my_reports.refresh()
        self.inbox.refresh()
        self.cases.refresh()
        self.contacts.refresh()
        if self.role == "committee":
            self.committee.load_places()
            self.meetings.refresh()
        # A protocol pack may have arrived: re-read the library off the UI thread.
        library = self.context.library
        tasks.start(lambda progress, cancelled: library.reload(), name="Protocol library",
                    on_done=lambda changed: changed and self.protocols.refresh())

    def _after_submit(self, report_id: int) -> None:
        self.refresh_record_windows()   # a window open on the draft shows the record now
        if self.role == "advisor":
            case = cases.receive_report(self.context.db, report_id, self.context.login)
            self.cases.refresh()
            if case:
                self.show_status(f"Report received here; case {case.number} opened.")
        elif self.context.policy.folders:
            self.sync.sync_now()  # send it now rather than at the next timer

    def go_to(self, page: QWidget) -> None:
        for key, form in self.record_page.forms.items():
            if page is form:  # one kind's form: choose it on the New report page
                self.record_page.choose(key)
                page = self.record_page
        self.nav.setCurrentRow(self.pages.indexOf(page))

    def _page_changed(self, row: int) -> None:
        if self.pages.currentWidget() is self.record_page:
            self.record_page.save_soon()   # leaving the form: save what is typed now
        self.pages.setCurrentIndex(row)
        if self.pages.currentWidget() in (self.my_reports, self.inbox):
            self.pages.currentWidget().refresh()
        elif self.pages.currentWidget() is self.cases:
            self.cases.refresh()
        elif self.pages.currentWidget() is self.committee:
            self.committee.load_places()

    def go_to_search(self) -> None:
        self.go_to(self.protocols)
        self.protocols.focus_search()

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message)

    # ------------------------------------------------- one window per record
    def _record_window(self, key: tuple[str, int], make):
        """The open window for this record, brought forward; or a new one. Two windows on
        one record would show different states and invite contradictory edits."""
        view = self.record_windows.get(key)
        if view is not None and view.isVisible():
            view.showNormal()
            view.raise_()
            view.activateWindow()
            return view
        view = make()
        self.record_windows[key] = view
        view.finished.connect(lambda _result, key=key: self.record_windows.pop(key, None))
        # Freed once closed: as a child of this window it would otherwise live until exit,
        # and the advisor opens dozens of records a day in a window left open for weeks.
        view.finished.connect(view.deleteLater)
        view.show()
        return view

    def refresh_record_windows(self, changed_by=None) -> None:
        """A record changed (in another window, or by a sync pass): every open record
        window shows it as it is now."""
        for view in list(self.record_windows.values()):
            if view is not changed_by and view.isVisible():
                view.reload()

    def open_report(self, report_id: int):
        from .report_view import ReportView  # imported when first needed, not at start-up

        def make():
            view = ReportView(self.context, report_id, self)
            view.status_message.connect(self.show_status)
            view.continue_draft.connect(self.continue_draft)
            view.changed.connect(lambda: self._record_changed(view))
            view.finished.connect(lambda _r: self.my_reports.refresh())
            return view
        return self._record_window(("report", report_id), make)

    def open_case(self, case_id: int):
        db, login = self.context.db, self.context.login
        worker = db.get_setting(f"case_worker:{login}") or \
            incidents.remembered_reporter(db, login).get("reporter_name") or login
        from .case_view import CaseView  # imported when first needed, not at start-up

        def make():
            view = CaseView(self.context, case_id, worker, self)
            view.status_message.connect(self.show_status)
            view.changed.connect(lambda: self._record_changed(view))
            return view
        self.case_view = self._record_window(("case", case_id), make)
        return self.case_view

    def _record_changed(self, view) -> None:
        self.refresh_record_windows(changed_by=view)
        self.cases.refresh()
        self.my_reports.refresh()

    def continue_draft(self, report_id: int) -> None:
        self.record_page.flush()
        self.record_page.load_draft(report_id)
        self.go_to(self.record_page)

    def offer_drafts(self) -> None:
        """After a crash or a closed lid: offer back what was being typed."""
        waiting = incidents.drafts(self.context.db)
        if not waiting:
            return
        from .drafts_dialog import DraftsDialog

        dialog = DraftsDialog(self.context.db, waiting, self)
        if dialog.exec() and dialog.chosen is not None:
            self.continue_draft(dialog.chosen)

    def start_background_work(self) -> None:
        def backup(progress, cancelled):
            return backups.daily_backup(self.context.db, self.context.paths.backups)

        tasks.start(backup, name="Daily backup",
                    on_done=lambda made: made and log.info("daily backup %s", made),
                    on_failed=lambda message: self.show_status(
                        f"Today's backup could not be made: {message}"))
        # The stemmer's first use imports it and the first unknown word reads the English word
        # list (tens of milliseconds each): not on the first keystroke.
        library = self.context.library
        tasks.start(lambda progress, cancelled: library.warm_up(), name="Search warm-up")
        self.sync.start_timer()
        if self.context.policy.folders:
            QTimer.singleShot(2000, self, self.sync.sync_now)

    def save_drafts(self) -> bool:
        return self.record_page.flush()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not self.record_page.flush():
            log.error("a draft could not be saved on close")
        super().closeEvent(event)
