"""The meeting pack's pages of quoted words: for each kind of record that has them
(``committee.quotes``: today thanks and positive feedback), a page for each service they
are addressed to, for that service's lead to take back. Only words whose sender allowed
quoting (and had not withdrawn it when the figures came) are printed; the others are
counted.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak

from ..committee import dashboards, stats, suppression
from ..storage.db import Database
from .common import para
from .report_pdf import printable


def _text(value, style):
    return para(printable(value), style)


def _count(value: int, share: bool, threshold: int) -> str:
    return str(suppression.count(value, threshold) if share else value)


def quotes_sections(number: int, db: Database, filters: stats.Filters, share: bool,
                    threshold: int, sheet) -> tuple[list, int]:
    """The pages, and the next section number."""
    story: list = []
    for kind in dashboards.kinds():
        quotes = kind.committee.quotes
        if quotes is None:
            continue
        with db.use() as conn:
            groups = dashboards.quoted(conn, kind, filters)
        where = dashboards.describe(kind, filters)
        story += [CondPageBreak(60 * mm), _text(f"{number} {quotes.section}", sheet["H1"])]
        sent = [group for group in groups if group.total]
        if not sent:
            story.append(_text(f"{kind.committee.dashboard.none} ({where}).", sheet["Body"]))
        else:
            story.append(_text(f"A page for each service thanked ({where}). Words are quoted "
                               "only where the sender allowed it.", sheet["Body"]))
        for index, group in enumerate(sent):
            if index:
                story.append(PageBreak())
            counted = (f"{_count(group.total, share, threshold)} in this period; "
                       f"{_count(len(group.quoted), share, threshold)} may be quoted.")
            story += [_text(f"{group.label}", sheet["H2"]), _text(counted, sheet["Body"])]
            for about, words in group.quoted:
                story += [_text(about, sheet["H3"]), _text(f"“{words}”", sheet["Body"])]
            if group.unquoted and not group.quoted:
                story.append(_text("None of them may be quoted.", sheet["Body"]))
        empty = [group.label for group in groups if not group.total]
        if sent and empty:
            story.append(_text("Nothing was addressed to: " + "; ".join(empty) + ".",
                               sheet["Body"]))
        number += 1
    return story, number
