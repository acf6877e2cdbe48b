"""The Police Liaison Committee's meeting pack: one PDF made from the committee's own data.

It opens with what happened to the actions since the last meeting, because following up
earlier issues is the habit that works; then the figures for incidents, police assistance
at Mental Health Act assessments and section 136 (each a bar chart and the table with every
number), protocol changes and their reach, and cases of note. The data is
de-identified, so the marking is OFFICIAL. A pack that may leave the committee shows counts
from 1 to 4 as "<5", and never draws a bar for a hidden count.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Table, TableStyle

from ..committee import dashboards, membership, stats, suppression
from ..committee import meetings as mt
from ..protocols.versions import equivalent_versions
from ..storage.db import Database
from .charts import WIDTH, bar_charts, bar_value, month_type_charts, show
from .common import (
    FONT,
    FONT_BOLD,
    Cancelled,
    PageFrame,
    build_pdf,
    label_value_table,
    para,
    printed_on,
    styles,
)
from .meeting_members import attendance_against_seats
from .meeting_quotes import quotes_sections
from .meeting_training import training_section
from .report_pdf import printable

MARKING = "OFFICIAL"
TITLE = "Police Liaison Committee – meeting pack"
# The one series each incident figure's chart draws (a column of its table), where it is
# not the first count; the rest is in the table. Each kind's dashboard says its own.
CHART_COLUMN = {"delay": 4}


def _day(value: dt.date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else "none"


def _text(value, style) -> Paragraph:
    return para(printable(value), style)


def _number(value: float) -> str:
    return f"{round(value, 1):g}"


# ------------------------------------------------------------------ small counts
def _count(value, share: bool, threshold: int):
    return suppression.count(value, threshold) if share else value


# ------------------------------------------------------------------------- tables
def _grid(columns: Sequence[str], rows: list[list], sheet,
          fractions: Sequence[float] | None = None) -> Table:
    """A table whose header repeats on each page and whose first column (and every header)
    wraps. Without ``fractions`` (of the width, per column) it is a table of numbers: each
    number column as narrow as its header's longest word and its values allow."""
    small = len(columns) > 6
    cell = ParagraphStyle("PackCell", parent=sheet["Cell"], fontSize=8 if small else 9,
                          leading=10 if small else 11.5)
    bold = ParagraphStyle("PackHead", parent=cell, fontName=FONT_BOLD)
    if fractions:
        widths = [WIDTH * fraction for fraction in fractions]
    else:
        def natural(n: int) -> float:
            return max([stringWidth(word, FONT_BOLD, cell.fontSize)
                        for word in printable(columns[n]).split()]
                       + [stringWidth(show(row[n]), FONT, cell.fontSize) for row in rows]
                       + [28]) + 14
        widths = [min(natural(n), 90) for n in range(1, len(columns))]
        first = min(max(natural(0), 120 if len(columns) <= 3 else 60), 200)
        first = max(min(first, WIDTH - sum(widths)), 60)
        room = WIDTH - first
        if sum(widths) > room:
            widths = [w * room / sum(widths) for w in widths]
        else:   # fewer lines in the headers
            slack = (room - sum(widths)) / len(widths)
            widths = [min(w + slack, max(w, 75)) for w in widths]
        widths.insert(0, first)
    data = [[_text(c, bold) for c in columns]]
    for values in rows:
        data.append([_text(values[0], cell)] + [
            v if isinstance(v, Paragraph) else _text(v, cell) if fractions
            else show(v) for v in values[1:]])
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (1, 1), (-1, -1), FONT, cell.fontSize),
        ("ALIGN", (1, 1), (-1, -1), "LEFT" if fractions else "RIGHT"),
    ]))
    return table


# ------------------------------------------------------------------------ sections
def _cover(meeting: mt.Meeting | None, filters: stats.Filters, share: bool, threshold: int,
           sheet, seats: list, contents: list[str]) -> list:
    story = [_text(TITLE, sheet["Title"])]
    if meeting is not None:
        story.append(_text(f"Meeting on {_day(meeting.date)}", sheet["H1"]))
    story.append(_text(f"Period and place: {filters.describe()}", sheet["Body"]))
    story.append(_text("Who attended, and who should have", sheet["H2"]))
    story += attendance_against_seats(meeting, seats, sheet)
    story.append(_text("Small counts", sheet["H2"]))
    story.append(_text(
        f"Counts under {threshold} are shown as '<{threshold}' because this pack may be shared "
        "outside the committee." if share else
        "Every count is shown in full: this pack is for the committee only. Do not share it "
        "outside the committee.", sheet["Body"]))
    story.append(_text("In this pack: " + " · ".join(contents) + ". The figures come from "
                       "de-identified records: no names, no addresses, dates to the day, "
                       "places to the ward.", sheet["Small"]))
    return story


def _due(action: mt.Action, today: dt.date) -> str:
    """Markup: the due date, and OVERDUE in words (never only a colour)."""
    markup = escape(_day(action.due_date) if action.due_date else "No due date")
    if action.overdue(today):
        markup += ' <font color="#7a0000"><b>OVERDUE</b></font>'
    return markup


def _actions(db: Database, meeting: mt.Meeting | None, filters: stats.Filters,
             today: dt.date, sheet) -> list:
    until = meeting.date if meeting else filters.end
    previous = mt.previous_meeting(db, until)
    story = [PageBreak(), _text("1 Actions: what has changed since the last meeting",
                                sheet["H1"])]
    story.append(_text(f"Since the last meeting on {_day(previous.date)}." if previous else
                       "No earlier meeting is recorded, so every action is listed.",
                       sheet["Body"]))
    changed = mt.changed_since(db, previous.date if previous else None, until)
    if not changed:
        story.append(_text("Nothing has changed since the last meeting.", sheet["Body"]))
    for action in changed:
        # Names as typed (an owner's role, who raised it) go through ``para``, as every
        # other name in a PDF: right-to-left words joined and in reading order.
        facts = _grid(("Owner", "Due", "Status", "Raised by"),
                      [[action.owner, Paragraph(_due(action, today), sheet["Cell"]),
                        mt.status_label(action.status), action.raised_by]], sheet,
                      (0.36, 0.22, 0.16, 0.26))
        facts.spaceAfter = 4
        story += [CondPageBreak(30 * mm), _text(action.title, sheet["H3"]), facts]
        if action.updates:
            story.append(_grid(("Date", "Who", "Status", "Update"),
                               [[_day(u.date), u.author, mt.status_label(u.status), u.text]
                                for u in action.updates], sheet, (0.16, 0.22, 0.14, 0.48)))
    story += [CondPageBreak(40 * mm), _text("Open actions", sheet["H2"])]
    still_open = mt.actions(db, ("open", "in_progress"))
    if not still_open:
        story.append(_text("No action is open.", sheet["Body"]))
        return story
    story.append(_grid(("Action", "Owner", "Due", "Status"),
                       [[a.title, a.owner, Paragraph(_due(a, today), sheet["Cell"]),
                         mt.status_label(a.status)] for a in still_open], sheet,
                       (0.46, 0.24, 0.16, 0.14)))
    return story


def _headline(figures: stats.Figures, share: bool, threshold: int) -> list[tuple[str, str]]:
    head = figures.headline
    known = sum(row[1] for row in figures.tables["delay"].rows)
    late, of = (_count(v, share, threshold) for v in (head["over_48h"], known))
    late_words = f"{show(late)} of {show(of)} with a known delay"
    if isinstance(late, int) and isinstance(of, int):
        late_words += f" ({stats.share(late, known)})"
    delay, decision = head["median_delay_hours"], head["median_days_to_decision"]
    return [("Incidents", show(_count(head["incidents"], share, threshold))),
            ("Median reporting delay", f"{_number(delay)} hours" if delay is not None
             else "Not known"),
            ("Reported after 48 hours", late_words),
            ("Median days from incident to charging decision",
             f"{_number(decision)} days" if decision is not None
             else "No charging decision in this period")]


def _figures(figures: stats.Figures, share: bool, threshold: int, sheet) -> list:
    story = [PageBreak(), _text("2 Incidents and assaults", sheet["H1"])]
    if figures.no_data:
        story.append(_text(f"There were no incidents in this period "
                           f"({figures.filters.describe()}).", sheet["Body"]))
        return story
    story.append(label_value_table(_headline(figures, share, threshold), sheet,
                                   label_width=80 * mm))
    theirs = {figure.key for kind in dashboards.kinds()
              for figure in kind.committee.dashboard.figures}
    for key, full in figures.tables.items():
        if key not in theirs:
            story += _figure(key, full, share, threshold, sheet)
    return story


def _figure(key: str, full: stats.Table, share: bool, threshold: int, sheet) -> list:
    """One figure: its title, its bars (one series) and the table with every number."""
    table = stats.suppressed(full, threshold) if share else full
    story = [CondPageBreak(60 * mm), _text(table.title, sheet["H2"])]
    if table.empty():
        return story + [_text("None in this period.", sheet["Body"])]
    column = {**CHART_COLUMN, **dashboards.chart_columns()}.get(key, 1)
    values = [row[column] for row in table.bars()]
    if all(bar_value(value) is None for value in values):
        story.append(_text("No chart: every value here is hidden or blank.", sheet["Small"]))
    elif key == "by_month_type":   # every type, not only the total
        story.append(_text("One small chart per type, all on the same scale. The table gives "
                           "every number.", sheet["Small"]))
        story += month_type_charts(table)
    else:
        story.append(_text(f"Bars: {table.columns[column]}. The table gives every number.",
                           sheet["Small"]))
        story += bar_charts([str(row[0]) for row in table.bars()], values,
                            percent="Share" in table.columns[column])
    story.append(_grid(table.columns, table.rows, sheet))
    if table.note:
        story.append(_text(table.note, ParagraphStyle("Note", parent=sheet["Small"],
                                                      spaceBefore=3)))
    # A short figure stays on one page, its chart beside its numbers; a long one may break.
    return story[:1] + [KeepTogether(story[1:])] if len(table.rows) <= 15 else story


def _kind(number: int, kind, figures: stats.Figures, share: bool, threshold: int,
          sheet) -> list:
    """A kind's section, as its dashboard describes it: its count and headline numbers,
    how it is counted, and each of its figures."""
    dashboard, filters = kind.committee.dashboard, figures.filters
    where = dashboards.describe(kind, filters)
    story = [CondPageBreak(80 * mm), _text(f"{number} {dashboard.section}", sheet["H1"])]
    if not figures.headline[dashboard.headline[0].key]:
        return story + [_text(f"{dashboard.none} ({where}).", sheet["Body"])]
    rows = []
    for item in dashboard.headline:
        value = figures.headline[item.key]
        if not item.label:
            continue
        if item.count:
            rows.append((item.label, show(_count(value, share, threshold))))
        else:
            rows.append((item.label, f"{_number(value)} {item.unit}" if value is not None
                         else "Not known"))
    rows.append(("Counted", f"by {dashboard.counted_by}, {where}"))
    story.append(label_value_table(rows, sheet, label_width=80 * mm))
    if dashboard.comparison is not None:
        story += _comparison(dashboard, sheet)
    for figure in dashboard.figures:
        story += _figure(figure.key, figures.tables[figure.key], share, threshold, sheet)
    return story


def _small_counts_hidden(table: stats.Table, threshold: int) -> stats.Table:
    """A protocol reach table for outside the committee: each count from 1 to threshold-1
    reads "<threshold" (its other cells are names, versions and dates, never shares)."""
    copy = stats.Table(table.title, list(table.columns), note=table.note)
    for row in table.rows:
        copy.rows.append([suppression.count(value, threshold) for value in row])
    if any(f"<{threshold}" in row for row in copy.rows):
        copy.note = f"{copy.note} Counts under {threshold} are shown as <{threshold}.".strip()
    return copy


def _comparison(dashboard, sheet) -> list:
    """A page setting the kind's tables beside the national ones, with the cautions."""
    page = dashboard.comparison
    story = [PageBreak(), _text(page.title, sheet["H2"])]
    story += [_text(words, sheet["Body"]) for words in page.paragraphs]
    rows = [[figure.title, (figure.basis or "").removeprefix("Compare with: ")]
            for figure in dashboard.figures]
    return story + [_grid(("Table in this pack", "Set it beside"), rows, sheet, (0.4, 0.6)),
                    PageBreak()]


def _protocols(number: int, db: Database, filters: stats.Filters, current: Sequence,
               today: dt.date, sheet, share: bool = False, threshold: int = 5) -> list:
    story = [CondPageBreak(80 * mm), _text(f"{number} Protocols: changes and reach",
                                           sheet["H1"]),
             _text("Protocol changes installed in this period", sheet["H2"])]
    period = (filters.start.isoformat(), filters.end.isoformat())
    packs = db.query("SELECT pack_version, installed_at, protocols, changed FROM "
                     "protocol_packs WHERE substr(installed_at, 1, 10) BETWEEN ? AND ? "
                     "ORDER BY installed_at", period)
    for pack in packs:
        day = dt.date.fromisoformat(pack["installed_at"][:10])
        story.append(_text(f"Protocol pack {pack['pack_version']} was installed on "
                           f"{_day(day)}: {pack['protocols']} protocols, {pack['changed']} "
                           "of them changed.", sheet["Body"]))
    replaced = db.query("SELECT h.protocol_id, h.version, COALESCE(p.version, l.version) AS "
                        "now, h.replaced_at FROM protocol_history h LEFT JOIN pack_protocols p "
                        "ON p.id = h.protocol_id LEFT JOIN protocols l ON l.id = h.protocol_id "
                        "WHERE substr(h.replaced_at, 1, 10) BETWEEN ? AND ? "
                        "ORDER BY h.replaced_at, h.protocol_id", period)
    titles = {item[0]: item[1] for item in current}
    if replaced:
        story.append(_grid(("Protocol", "Version before", "Version now", "Changed on"),
                           [[titles.get(r["protocol_id"], r["protocol_id"]), r["version"],
                             r["now"] or "", _day(dt.date.fromisoformat(r["replaced_at"][:10]))]
                            for r in replaced], sheet, (0.46, 0.18, 0.18, 0.18)))
    elif not packs:
        story.append(_text("No protocol pack was installed in this period.", sheet["Body"]))
    if not current:
        return story
    standing = {pid: equivalent_versions(db, pid, version)
                for pid, _title, version, _published in current}
    for full in stats.protocol_reach(db, list(current), today, counts_for=standing):
        # Counts by site and week: a small one could point to a person once shared.
        table = _small_counts_hidden(full, threshold) if share else full
        story += [CondPageBreak(40 * mm), _text(table.title, sheet["H2"]),
                  _grid(table.columns, table.rows, sheet)]
    return story


def _cases_of_note(number: int, db: Database, filters: stats.Filters, sheet) -> list:
    story = [CondPageBreak(50 * mm), _text(f"{number} Cases of note", sheet["H1"])]
    notes = db.query("SELECT date, title, text FROM deid_notes WHERE date BETWEEN ? AND ? "
                     "ORDER BY date, title", (filters.start.isoformat(),
                                              filters.end.isoformat()))
    if not notes:
        story.append(_text("None this time.", sheet["Body"]))
    for note in notes:
        story += [_text(f"{note['title']} ({_day(dt.date.fromisoformat(note['date']))})",
                        sheet["H3"]), _text(note["text"], sheet["Body"])]
    return story


def meeting_pack(db: Database, filters: stats.Filters, target: Path | str | None, *,
                 meeting: mt.Meeting | None = None, share_outside: bool = False,
                 threshold: int = 5,
                 current_protocols: Sequence[tuple[str, str, str, dt.date]] = (),
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 today: dt.date | None = None) -> bytes:
    """The pack as PDF bytes, also written atomically to ``target`` if given.

    Raises ``stats.PeriodError`` for a period that cannot be used and ``common.Cancelled``
    (writing nothing) if ``cancelled()`` turns true.
    """
    filters.check()
    today = today or dt.date.today()
    sheet = styles()
    figures = stats.figures(db, filters)
    if cancelled is not None and cancelled():
        raise Cancelled()
    contents = ["1 Actions, what has changed since the last meeting, and open actions",
                "2 Incidents and assaults"]
    number = 3
    for kind in dashboards.kinds():
        contents.append(f"{number} {kind.committee.dashboard.section}")
        number += 1
    for kind in dashboards.kinds():
        if kind.committee.quotes is not None:
            contents.append(f"{number} {kind.committee.quotes.section}")
            number += 1
    contents += [f"{number} Protocols: changes and reach", f"{number + 1} Cases of note",
                 f"{number + 2} Joint training"]
    seats = membership.seats(db)
    story = (_cover(meeting, filters, share_outside, threshold, sheet, seats, contents)
             + _actions(db, meeting, filters, today, sheet)
             + _figures(figures, share_outside, threshold, sheet))
    number = 3      # 1 actions, 2 incidents; then each kind with a dashboard of its own
    for kind in dashboards.kinds():
        story += _kind(number, kind, figures, share_outside, threshold, sheet)
        number += 1
    quoted, number = quotes_sections(number, db, filters, share_outside, threshold, sheet)
    story += (quoted + _protocols(number, db, filters, current_protocols, today, sheet,
                                  share_outside, threshold)
              + _cases_of_note(number + 1, db, filters, sheet)
              + training_section(number + 2, db, filters, current_protocols, today,
                                 share_outside, threshold, sheet))
    when = f" · meeting {_day(meeting.date)}" if meeting else ""
    frame = PageFrame(header=f"Police Liaison Committee · meeting pack{when} · "
                             f"{filters.describe()}", marking=MARKING,
                      footer=f"Made {printed_on()} from Common Ground · de-identified data")
    return build_pdf(target, story, frame, title=TITLE, progress=progress,
                     cancelled=cancelled)
