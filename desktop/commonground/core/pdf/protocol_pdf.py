"""A protocol as a printable PDF, marked on every page with its version and dates."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import (
    HRFlowable,
    ListFlowable,
    ListItem,
    Paragraph,
    Preformatted,
    Spacer,
    Table,
    TableStyle,
)

from ..protocols.files import Protocol, fill_placeholders
from ..protocols.localcontacts import LocalContacts
from ..protocols.render import (
    format_date,
    is_references,
    markdown_to_tree,
    protocol_metadata,
    review_status,
)
from .common import FONT_MONO, PageFrame, build_pdf, label_value_table, para, printed_on, styles

_INLINE = {"strong": "b", "b": "b", "em": "i", "i": "i"}


def inline_markup(element: ET.Element) -> str:
    """The inside of an element as reportlab paragraph markup."""
    out = [escape(element.text or "")]
    for child in element:
        inner = inline_markup(child)
        if child.tag in _INLINE:
            tag = _INLINE[child.tag]
            out.append(f"<{tag}>{inner}</{tag}>")
        elif child.tag == "code":
            out.append(f'<font face="{FONT_MONO}">{inner}</font>')
        elif child.tag == "a" and (child.get("href") or "").startswith("https://"):
            out.append(f'<a href="{escape(child.get("href"))}" color="blue">{inner}</a>')
        elif child.tag == "a" and (child.get("href") or "").startswith("#ref-"):
            # A citation: small, coloured, and a link to its entry under References.
            out.append(f'<font size="7" color="#1f5fa8"><a href="{escape(child.get("href"))}">'
                       f'{inner}</a></font>')
        elif child.tag == "a" and child.get("name"):
            out.append(f'<a name="{escape(child.get("name"))}"/>{inner}')
        elif child.tag == "br":
            out.append("<br/>")
        elif child.tag in ("ul", "ol", "p"):
            out.append("<br/>" + inner)
        else:
            out.append(inner)
        out.append(escape(child.tail or ""))
    return "".join(out)


def tree_to_flowables(root: ET.Element, sheet) -> list:
    story = []
    for element in root:
        story.extend(_block(element, sheet))
    return story


def _block(element: ET.Element, sheet) -> list:
    tag = element.tag
    if tag == "p":
        return [Paragraph(inline_markup(element), sheet["Body"])]
    if tag in ("h1", "h2"):
        return [Paragraph(inline_markup(element), sheet["H2"])]
    if tag in ("h3", "h4", "h5", "h6"):
        return [Paragraph(inline_markup(element), sheet["H3"])]
    if tag in ("ul", "ol"):
        return [_list(element, sheet)]
    if tag == "table":
        return [_table(element, sheet)]
    if tag == "pre":
        return [Preformatted("".join(element.itertext()), sheet["Code"])]
    if tag == "blockquote":
        inner = tree_to_flowables(element, sheet)
        return [Table([[inner]], colWidths=[None], style=TableStyle([
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("LINEBEFORE", (0, 0), (0, -1), 2, colors.HexColor("#999999"))]))]
    if tag == "hr":
        return [HRFlowable(width="100%", thickness=0.5, color=colors.grey)]
    text = "".join(element.itertext()).strip()
    return [Paragraph(escape(text), sheet["Body"])] if text else []


def _list(element: ET.Element, sheet) -> ListFlowable:
    items = []
    for li in element.findall("li"):
        nested = [child for child in li if child.tag in ("ul", "ol", "p")]
        if nested and any(child.tag in ("ul", "ol") for child in nested):
            parts = []
            lead = ET.Element("p")
            lead.text = li.text
            for child in li:
                if child.tag in ("ul", "ol"):
                    if (lead.text or "").strip() or len(lead):
                        parts.append(Paragraph(inline_markup(lead), sheet["Body"]))
                    parts.append(_list(child, sheet))
                    lead = ET.Element("p")
                    lead.text = child.tail
                elif child.tag == "p":
                    parts.append(Paragraph(inline_markup(child), sheet["Body"]))
                else:
                    lead.append(child)
            if (lead.text or "").strip() or len(lead):
                parts.append(Paragraph(inline_markup(lead), sheet["Body"]))
            items.append(ListItem(parts))
        else:
            items.append(ListItem(Paragraph(inline_markup(li).strip().removeprefix("<br/>"),
                                                sheet["Body"])))
    ordered = element.tag == "ol"
    if ordered:
        return ListFlowable(items, bulletType="1", bulletFormat="%s.", leftIndent=16,
                            bulletFontSize=9)
    return ListFlowable(items, bulletType="bullet", start="•", leftIndent=14,
                        bulletFontSize=9)


def _table(element: ET.Element, sheet) -> Table:
    rows = []
    header_rows = 0
    for section in element:
        for tr in section.iter("tr"):
            cells = [Paragraph(inline_markup(cell), sheet["CellBold" if cell.tag == "th"
                                                          else "Cell"])
                     for cell in tr if cell.tag in ("td", "th")]
            if section.tag == "thead":
                header_rows += 1
            rows.append(cells)
    width = max((len(r) for r in rows), default=1)
    rows = [r + [""] * (width - len(r)) for r in rows]
    table = Table(rows or [[""]], repeatRows=header_rows, hAlign="LEFT")
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8e8e8")))
    table.setStyle(TableStyle(style))
    return table


def protocol_story(protocol: Protocol, contacts: LocalContacts,
                   today: dt.date | None = None) -> list:
    sheet = styles()
    story = [para(protocol.title, sheet["Title"]), para(protocol.summary, sheet["Body"])]
    status = review_status(protocol, today)
    if status.overdue:
        story.append(para(status.text, sheet["Warning"]))
    story += [label_value_table(protocol_metadata(protocol, today), sheet), Spacer(1, 8)]
    sources = protocol.sources() if protocol.checked() else None
    for section in protocol.sections():
        style = sheet["H2"] if section.level <= 2 else sheet["H3"]
        story.append(para(section.heading, style))
        body = fill_placeholders(section.body_md, contacts)
        tree = markdown_to_tree(body, sources, is_references(section))
        story.extend(tree_to_flowables(tree, sheet))
    return story


def protocol_pdf(protocol: Protocol, contacts: LocalContacts, target: Path | str | None,
                 *, today: dt.date | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> bytes:
    frame = PageFrame(
        header=(f"{protocol.title} · version {protocol.version} · effective "
                f"{format_date(protocol.effective)} · law as at "
                f"{format_date(protocol.law_as_at)} · review due "
                f"{format_date(protocol.review_due)}"),
        footer=f"Printed {printed_on()} from Common Ground. Check the app for the current "
               "version.",
    )
    return build_pdf(target, protocol_story(protocol, contacts, today), frame,
                     title=f"{protocol.title} (version {protocol.version})",
                     progress=progress, cancelled=cancelled)
