"""The committee's dashboard: the figures for a period and place, each chart with its numbers.

Figures are computed from the de-identified data in a worker and drawn when ready, so
changing a filter over 100,000 incidents never freezes the window.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..core.committee import ack_counts, dashboards, stats
from ..core.protocols.versions import equivalent_versions
from . import tasks
from .charts import FigureView, NoChart
from .dates import about, date_problem, parse_date
from .figure_stack import FigureStack
from .membership_view import MembershipView
from .month_chart import MonthTypeChart
from .training_view import TrainingView

# (key in Figures.tables, tab title, column the chart draws, suffix)
TABS = (("by_month_type", "&Incidents by month", 1, ""), ("by_ward", "By &ward", 1, ""),
        ("harm", "&Harm", 1, ""), ("aggravating", "A&ggravating", 1, ""),
        ("delay", "Reporting &delay", 4, "%"), ("police", "&Police", 2, "%"),
        ("funnel", "Prosecution &funnel", 1, ""), ("nfa", "&NFA reasons", 1, ""),
        ("reach", "Protocol &reach", 3, ""))
# The protocol reach tab: by site, then by agency and role, then by site, role and week.
REACH_KEYS = ("reach", "reach_roles", "reach_weeks")


def day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class CommitteePage(QWidget):
    status_message = Signal(str)

    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.figures: stats.Figures | None = None
        heading = QLabel("Committee dashboard")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        today = dt.date.today()
        self.start = QLineEdit(day_text(today.replace(day=1) - dt.timedelta(days=365)))
        self.start.setAccessibleName("Period from, day/month/year")
        self.end = QLineEdit(day_text(today))
        self.end.setAccessibleName("Period to, day/month/year")
        self.site = QComboBox()
        self.site.setAccessibleName("Site")
        self.ward = QComboBox()
        self.ward.setAccessibleName("Ward")
        self.share = QCheckBox("Show as &shared outside the committee (counts under 5 as <5)")
        self.share.setChecked(bool(context.policy.setting("suppress_small_counts")))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Dashboard message")
        self.headline = QLabel("")
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName("Headline figures")
        self.headline.setTextInteractionFlags(Qt.TextSelectableByMouse)

        # Incidents, requests, episodes and protocol reach side by side, as in the meeting
        # pack; the incident figures have their own row of tabs inside the first.
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Figures")
        self.incident_tabs = QTabWidget()
        self.incident_tabs.setAccessibleName("Incident figures")
        self.tabs.addTab(self.incident_tabs, "In&cidents and assaults")
        # Each figure scrolls in its tab, chart over table: the window's height never has
        # to hold a whole chart (a long one made the window taller than the screen).
        self.views: dict[str, FigureView] = {}
        pages: dict[str, FigureStack] = {}
        for key, title, _column, _suffix in TABS:
            keys = REACH_KEYS if key == "reach" else (key,)
            pages[key] = FigureStack(title.replace("&", ""), keys,
                                     charts={"by_month_type": MonthTypeChart,
                                             "reach_weeks": NoChart})
            self.views.update(pages[key].views)
            if key != "reach":
                self.incident_tabs.addTab(pages[key], title)
        # Each kind with a dashboard of its own: a tab stacking its figures, keyed by its
        # wire name.
        self.stacks: dict[str, FigureStack] = {}
        self.csv_buttons: dict[str, QPushButton] = {}
        self.stack_kinds = {kind.wire: kind for kind in dashboards.kinds()}
        for key, kind in self.stack_kinds.items():
            board = kind.committee.dashboard
            self.stacks[key] = FigureStack(board.tab.replace("&", "") + " figures",
                                           tuple(figure.key for figure in board.figures))
            self.tabs.addTab(self.stacks[key], board.tab)
            button = QPushButton("Save these tables as CSV…")
            button.setAccessibleName(f"Save the {board.tab.replace('&', '')} tables as CSV "
                                     "files, one per table")
            button.clicked.connect(lambda _on=False, k=key: self.save_csv(k))
            self.stacks[key].top.addWidget(button, 0, Qt.AlignTop)
            self.csv_buttons[key] = button
        self.tabs.addTab(pages["reach"], next(t for k, t, *_ in TABS if k == "reach"))
        # Who belongs: seats, leads, attendance balance (kept here by the committee).
        self.membership = MembershipView(context.db)
        self.membership.status_message.connect(self.status_message)
        self.tabs.addTab(self.membership, "&Membership")
        # Joint training: sessions as counts, and each protocol's coverage.
        self.training = TrainingView(context)
        self.training.status_message.connect(self.status_message)
        self.tabs.addTab(self.training, "&Joint training")

        filters = QHBoxLayout()
        for label_text, widget in (("&From:", self.start), ("&To:", self.end),
                                   ("Si&te:", self.site), ("Wa&rd:", self.ward)):
            label = QLabel(label_text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(self.share)
        layout.addWidget(self.message)
        layout.addWidget(self.headline)
        layout.addWidget(self.tabs, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self._refresh_if_shown)
        for edit in (self.start, self.end):
            edit.textChanged.connect(lambda _t: self._timer.start())
        self.site.currentIndexChanged.connect(self._site_changed)
        self.ward.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.share.toggled.connect(lambda _on: self._show())
        self.load_places()

    def load_places(self) -> None:
        sites, self._wards = stats.places(self.context.db)
        current = self.site.currentData()
        self.site.blockSignals(True)
        self.site.clear()
        self.site.addItem("All sites", None)
        for site in sites:
            self.site.addItem(site, site)
        self.site.setCurrentIndex(max(self.site.findData(current), 0))
        self.site.blockSignals(False)
        self._site_changed()

    def _site_changed(self, _index=None) -> None:
        self.ward.blockSignals(True)
        self.ward.clear()
        self.ward.addItem("All wards", None)
        for ward in self._wards.get(self.site.currentData() or "", []) if \
                self.site.currentData() else []:
            self.ward.addItem(ward, ward)
        self.ward.blockSignals(False)
        self._timer.start()

    def _refresh_if_shown(self) -> None:
        # Only a dashboard someone is looking at is worth computing.
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._timer.start()

    def current_filters(self) -> stats.Filters | None:
        start, end = parse_date(self.start.text()), parse_date(self.end.text())
        if start is None or end is None:
            which = "From" if start is None else "To"
            text = (self.start if start is None else self.end).text()
            self.message.setText("Problem: " + about(f"the '{which}' date", date_problem(text)))
            return None
        filters = stats.Filters(start, end, self.site.currentData(), self.ward.currentData(),
                                self.context.policy.areas())
        try:
            filters.check()
        except stats.PeriodError as exc:
            self.message.setText(f"Problem: {exc}")
            return None
        return filters

    def refresh(self) -> None:
        self._timer.stop()
        self.membership.refresh()
        self.training.refresh()
        filters = self.current_filters()
        if filters is None:
            return
        self.message.setText("Working out the figures…")
        db = self.context.db
        current = [(p.id, p.title, p.version, p.effective)
                   for p in self.context.library.protocols()]

        def work(progress, cancelled):
            figures = stats.figures(db, filters)
            standing = {pid: equivalent_versions(db, pid, version)
                        for pid, _title, version, _published in current}
            by_site, _over_time = stats.protocol_reach(db, current, counts_for=standing)
            figures.tables["reach"] = by_site
            figures.tables["reach_roles"], figures.tables["reach_weeks"] = ack_counts.by_who(
                db, current, counts_for=standing)
            return figures

        def done(figures):
            self.figures = figures
            self._show()

        tasks.start(work, name="Committee figures", on_done=done,
                    on_failed=lambda message: self.message.setText(f"Problem: {message}"))

    def _show(self) -> None:
        figures = self.figures
        if figures is None:
            return
        threshold = self.context.policy.setting("small_count_threshold", 5)
        boards = [kind.committee.dashboard for kind in self.stack_kinds.values()]
        if figures.no_data and any(figures.headline[b.headline[0].key] for b in boards):
            tabs = _listed([_lower(b.tab.replace("&", "")) for b in boards], "and")
            self.message.setText(f"There were no incidents in this period "
                                 f"({figures.filters.describe()}); see the {tabs} tabs.")
        elif figures.no_data:
            nouns = ["incidents"] + [b.headline[0].words.replace("{} ", "") for b in boards]
            self.message.setText(f"There were no {_listed(nouns, 'or')} in this period "
                                 f"({figures.filters.describe()}). Choose another period, "
                                 "site or ward.")
        else:
            self.message.setText(f"{figures.filters.describe()}.")
        head = figures.headline
        shared = self.share.isChecked()

        def count(value: int) -> str:
            return f"&lt;{threshold}" if shared and 0 < value < threshold else f"{value:,}"

        def number(value) -> str:
            return "–" if value is None else f"{stats._round(value):,}"

        def shown(item) -> str:
            value = head[item.key]
            return f"<b>{count(value) if item.count else number(value)}</b>"
        self.headline.setText(
            f"<b>{count(figures.total)}</b> incidents · median reporting delay "
            f"<b>{number(head['median_delay_hours'])}</b> hours · "
            f"<b>{count(head['over_48h'])}</b> reported after 48 hours · median "
            f"<b>{number(head['median_days_to_decision'])}</b> days from incident to charging "
            "decision<br>" + " · ".join(item.words.format(shown(item))
                                        for board in boards for item in board.headline))
        columns = {key: (column, suffix) for key, _title, column, suffix in TABS}
        for key, view in self.views.items():
            table = figures.tables[key]
            if self.share.isChecked():
                table = stats.suppressed(table, threshold)
            view.show_table(table, *columns.get(key, (1, "")))
        self._show_stacks(figures, threshold)

    def _show_stacks(self, figures: stats.Figures, threshold: int) -> None:
        head, filters = figures.headline, figures.filters
        shared = self.share.isChecked()

        def count(value: int, noun: str) -> str:
            hidden = shared and 0 < value < threshold
            shown = f"&lt;{threshold}" if hidden else f"{value:,}"
            return f"<b>{shown}</b> {noun}{'' if value == 1 and not hidden else 's'}"
        intros = {}
        for key, kind in self.stack_kinds.items():
            board = kind.committee.dashboard
            intros[key] = board.intro(count(head[board.headline[0].key], board.unit),
                                      dashboards.describe(kind, filters),
                                      dashboards.unfiltered(kind, filters))
        charts = {key: (column, "%" if "Share" in figures.tables[key].columns[column] else "")
                  for key, column in dashboards.chart_columns().items()}
        for key, stack in self.stacks.items():
            tables = {name: stats.suppressed(figures.tables[name], threshold) if shared
                      else figures.tables[name] for name in stack.views}
            stack.show_tables(intros[key], tables, charts)


    def save_csv(self, key: str, folder: str | None = None) -> None:
        """Each table on the tab as a CSV file in a chosen folder, as shown now (small
        counts hidden if the page shows them hidden), written in the background."""
        from ..core.committee import exports

        figures = self.figures
        if figures is None:
            return
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, "Save the tables as CSV files in")
            if not folder:
                return
        kind, tables = self.stack_kinds[key], dict(figures.tables)
        share = self.share.isChecked()
        threshold = self.context.policy.setting("small_count_threshold", 5)

        def work(progress, cancelled):
            return exports.write_kind_csvs(None, kind, figures.filters, folder, share=share,
                                           threshold=threshold, tables=tables)

        tasks.start(work, name="CSV tables",
                    on_done=lambda paths: self.status_message.emit(
                        f"Saved {len(paths)} CSV files in {folder}"),
                    on_failed=lambda message: QMessageBox.warning(
                        self, "CSV files not saved", f"Not saved: {message}"))


def _lower(title: str) -> str:
    return title[:1].lower() + title[1:]


def _listed(items: list[str], last: str) -> str:
    """"a, b and c"."""
    return ", ".join(items[:-1]) + f" {last} " + items[-1] if len(items) > 1 else items[0]
