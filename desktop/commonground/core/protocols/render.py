"""Protocol Markdown to safe HTML (for the reader) and to an element tree (for PDF).

The reader is not a browser: raw HTML in Markdown is shown as text, images are replaced
by their alt text, and links keep only in-document anchors and https addresses (the
reader asks before opening those). Matched search words are marked bold on a yellow
ground, so the mark never relies on colour alone.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .citations import BRACKET, NOT_CONSULTED, Reference, Sources, resolve
from .files import Protocol, fill_placeholders
from .localcontacts import LocalContacts

if TYPE_CHECKING:
    import markdown

HIGHLIGHT_STYLE = "background-color:#ffe27a; color:#000000; font-weight:bold"
CITATION_STYLE = "color:#1f5fa8; text-decoration:none; font-size:small"
_SAFE_SCHEMES = ("https://",)
_TRAILER = re.compile(r"\(accessed:[ \t]*([^;()]*?)[ \t]*(?:;[ \t]*dated:[ \t]*([^;()]*?)[ \t]*)?"
                      r"\)[ \t]*\.?[ \t]*$", re.M)


class _Sanitise:
    """Runs after inline parsing: strips images, unsafe links; marks highlights.

    A markdown tree processor by what it does (``run(root)``), not by inheritance, so that
    importing this module (every screen does, at start-up) does not import markdown.
    """

    def __init__(self, md, pattern: re.Pattern | None, sources: Sources | None = None,
                 references: bool = False):
        self.md = md
        self.pattern = pattern
        self.sources = sources
        self.references = references
        self.tree: ET.Element | None = None

    def run(self, root: ET.Element) -> None:
        _strip_unsafe(root)
        if self.sources is not None:
            if self.references:
                _anchor_references(root, self.sources)
            else:
                keys = sorted(self.sources.references, key=len, reverse=True)
                _link_citations(root, self.sources, keys)
        if self.pattern is not None:
            _highlight(root, self.pattern)
        self.tree = copy.deepcopy(root)


def _strip_unsafe(element: ET.Element) -> None:
    for child in list(element):
        if child.tag == "img":
            alt = child.get("alt") or ""
            _replace_with_text(element, child, f"[image: {alt}]" if alt else "")
            continue
        if child.tag == "a":
            href = (child.get("href") or "").strip()
            if not (href.startswith("#") or href.lower().startswith(_SAFE_SCHEMES)):
                child.attrib.pop("href", None)
                child.tag = "span"
            for attr in list(child.attrib):
                if attr not in ("href",):
                    child.attrib.pop(attr, None)
        _strip_unsafe(child)


def reference_note(ref: Reference, unverified: bool = False) -> str:
    """One line saying what a source is and when it was read: a tooltip, a footnote."""
    if ref.accessed is not None:
        when = f"read {format_date(ref.accessed)}"
    elif ref.accessed_note == NOT_CONSULTED:
        when = "named, but not consulted for this check"
    else:
        when = "not an outside source"
    if ref.dated is not None:
        when += f"; the text read is dated {format_date(ref.dated)}"
    note = f"[{ref.key}] {_plain_markdown(ref.text)} ({when})."
    if unverified:
        note += " This point is not yet checked against a primary text."
    return note


def _plain_markdown(text: str) -> str:
    return re.sub(r"[*_`]+", "", text)


def _link_citations(root: ET.Element, sources: Sources, keys: list[str]) -> None:
    """Each [KEY pinpoint] becomes a link to its entry under References, with a note."""
    def pieces(text: str):
        out, last = [], 0
        for match in BRACKET.finditer(text):
            citation = resolve(" ".join(match.group(1).split()), keys)
            if citation is None:
                continue
            out.append((text[last:match.start()], None))
            out.append((match.group(0), citation))
            last = match.end()
        out.append((text[last:], None))
        return out

    def link(text: str, citation) -> ET.Element:
        ref = sources.references[citation.key]
        element = ET.Element("a", {"href": "#" + ref.anchor,
                                   "title": reference_note(ref, citation.unverified),
                                   "style": CITATION_STYLE, "class": "cite"})
        element.text = "\u00a0".join(text.split())     # a citation never breaks a line
        return element

    def split(text: str | None) -> tuple[str, list[ET.Element]]:
        lead, links = "", []
        for piece, citation in pieces(text or ""):
            if citation is not None:
                links.append(link(piece, citation))
            elif links:
                links[-1].tail = (links[-1].tail or "") + piece
            else:
                lead += piece
        return lead, links

    def walk(element: ET.Element) -> None:
        if element.tag in ("code", "pre", "a"):
            return
        children = list(element)
        lead, links = split(element.text)
        element.text = lead
        for offset, made in enumerate(links):
            element.insert(offset, made)
        for child in children:
            walk(child)
            if child.tail:
                lead, links = split(child.tail)
                child.tail = lead
                index = list(element).index(child)
                for offset, made in enumerate(links, start=1):
                    element.insert(index + offset, made)
    walk(root)


def _anchor_references(root: ET.Element, sources: Sources) -> None:
    """Each entry under References gets an anchor to land on and its key in bold."""
    for li in root.iter("li"):
        match = re.match(r"\s*\[([^\[\]]+)\]\s*", li.text or "")
        ref = sources.references.get(" ".join(match.group(1).split())) if match else None
        if ref is None:
            continue
        anchor = ET.Element("a", {"name": ref.anchor})
        key = ET.Element("b")
        key.text = f"[{ref.key}]"
        key.tail = " " + li.text[match.end():]
        li.text = ""
        li.insert(0, key)
        li.insert(0, anchor)


def readable_references(markdown_text: str) -> str:
    """'(accessed: 2026-12-06; dated: 2025-05-15)' as 'read 6 December 2026; text dated ...'."""
    def words(match: re.Match) -> str:
        accessed, dated = match.group(1).strip(), (match.group(2) or "").strip()
        try:
            said = f"read {format_date(dt.date.fromisoformat(accessed))}"
        except ValueError:
            said = ("named, not consulted" if accessed.casefold() == NOT_CONSULTED
                    else "local, not an outside source")
        if dated:
            try:
                said += f"; text dated {format_date(dt.date.fromisoformat(dated))}"
            except ValueError:
                pass
        return f"({said})"
    return _TRAILER.sub(words, markdown_text)


def _replace_with_text(parent: ET.Element, child: ET.Element, text: str) -> None:
    index = list(parent).index(child)
    addition = text + (child.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + addition
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + addition
    parent.remove(child)


def _split_marked(text: str, pattern: re.Pattern) -> list[tuple[str, bool]]:
    pieces, last = [], 0
    for match in pattern.finditer(text):
        if match.start() == match.end():
            continue
        pieces.append((text[last:match.start()], False))
        pieces.append((match.group(0), True))
        last = match.end()
    pieces.append((text[last:], False))
    return pieces


def _marked_spans(pieces) -> tuple[str, list[ET.Element]]:
    """Leading plain text and the span elements (with tails) for the rest."""
    lead, spans = "", []
    for text, marked in pieces:
        if marked:
            span = ET.Element("span", {"style": HIGHLIGHT_STYLE, "class": "hit"})
            span.text = text
            spans.append(span)
        elif spans:
            spans[-1].tail = (spans[-1].tail or "") + text
        else:
            lead += text
    return lead, spans


def _highlight(element: ET.Element, pattern: re.Pattern) -> None:
    if element.tag in ("code", "pre"):
        return
    children = list(element)
    if element.text:
        lead, spans = _marked_spans(_split_marked(element.text, pattern))
        element.text = lead
        for offset, span in enumerate(spans):
            element.insert(offset, span)
    for child in children:
        _highlight(child, pattern)
        if child.tail:
            lead, spans = _marked_spans(_split_marked(child.tail, pattern))
            child.tail = lead
            index = list(element).index(child)
            for offset, span in enumerate(spans, start=1):
                element.insert(index + offset, span)


def _converter(pattern: re.Pattern | None, sources: Sources | None = None,
               references: bool = False) -> tuple[markdown.Markdown, _Sanitise]:
    import markdown  # about 30 ms of imports: when a protocol is first shown

    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Raw HTML is shown as text, never rendered.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    sanitiser = _Sanitise(md, pattern, sources, references)
    md.treeprocessors.register(sanitiser, "commonground-sanitise", 1)
    return md, sanitiser


def compile_highlight(patterns: list[str] | tuple[str, ...]) -> re.Pattern | None:
    if not patterns:
        return None
    # Longest first, so "police station" is marked whole rather than as "police".
    ordered = sorted(set(patterns), key=len, reverse=True)
    return re.compile("|".join(f"(?:{p})" for p in ordered), re.IGNORECASE)


def markdown_to_html(text: str, highlight: re.Pattern | None = None,
                     sources: Sources | None = None, references: bool = False) -> str:
    md, _ = _converter(highlight, sources, references)
    return md.convert(readable_references(text) if references else text)


def markdown_to_tree(text: str, sources: Sources | None = None,
                     references: bool = False) -> ET.Element:
    md, sanitiser = _converter(None, sources, references)
    md.convert(readable_references(text) if references else text)
    return sanitiser.tree if sanitiser.tree is not None else ET.Element("div")


def _mark_plain(text: str, highlight: re.Pattern | None) -> str:
    if highlight is None:
        return html.escape(text)
    return "".join(
        f'<span style="{HIGHLIGHT_STYLE}">{html.escape(piece)}</span>' if marked
        else html.escape(piece)
        for piece, marked in _split_marked(text, highlight))


@dataclass(frozen=True)
class ReviewStatus:
    overdue: bool
    text: str


def review_status(protocol: Protocol, today: dt.date | None = None) -> ReviewStatus:
    today = today or dt.date.today()
    due = protocol.review_due
    if due < today:
        days = (today - due).days
        return ReviewStatus(True, f"Warning: review overdue since {format_date(due)} "
                                  f"({days} day{'s' if days != 1 else ''} ago). Check with "
                                  "your committee that this protocol is still current.")
    return ReviewStatus(False, f"Review due {format_date(due)}")


def format_date(value: dt.date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def checked_text(protocol: Protocol, limit: int = 8) -> str:
    """What the text was checked against, by whom, and which points are not yet checked."""
    checked = protocol.checked()
    if checked is None:
        return "This text does not say what it was checked against."
    text = (f"Checked {format_date(checked.date)} against {checked.against}, by "
            f"{checked.by}.")
    unverified = protocol.sources().unverified_labels()
    if not unverified:
        return text + " Every point it cites was checked against a primary text."
    shown = ", ".join(unverified[:limit])
    more = len(unverified) - limit
    if more > 0:
        shown += f" and {more} more"
    return (f"{text} Not yet checked against a primary text: {shown} (each marked "
            "“unverified” where the text cites it).")


def protocol_metadata(protocol: Protocol, today: dt.date | None = None) -> list[tuple[str, str]]:
    rows = [
        ("Version", protocol.version),
        ("Effective", format_date(protocol.effective)),
        ("Law stated as at", format_date(protocol.law_as_at)),
        ("Checked", checked_text(protocol)),
        ("Review", review_status(protocol, today).text),
        ("Owned by", "; ".join(protocol.owners)),
        ("For", "; ".join(protocol.audience)),
    ]
    if protocol.superseded_by:
        rows.insert(0, ("Superseded", f"This version is replaced by '{protocol.superseded_by}'."))
    return rows


def protocol_html(protocol: Protocol, contacts: LocalContacts,
                  highlight: re.Pattern | None = None, today: dt.date | None = None) -> str:
    """The whole protocol as one HTML document, every section headed by a named anchor."""
    status = review_status(protocol, today)
    parts = [f'<h1><a name="top"></a>{html.escape(protocol.title)}</h1>',
             f"<p><i>{html.escape(protocol.summary)}</i></p>"]
    if status.overdue:
        parts.append(f'<p style="background-color:#fde2e1; color:#7a0000;"><b>'
                     f"{html.escape(status.text)}</b></p>")
    if protocol.superseded_by:
        parts.append(f"<p><b>Superseded:</b> a newer protocol, "
                     f"'{html.escape(protocol.superseded_by)}', replaces this one.</p>")
    parts.append('<table cellpadding="2" cellspacing="0">')
    for label, value in protocol_metadata(protocol, today):
        if label == "Superseded":
            continue
        parts.append(f"<tr><td><b>{html.escape(label)}</b>&nbsp;&nbsp;</td>"
                     f"<td>{html.escape(value)}</td></tr>")
    parts.append("</table><hr/>")
    sources = protocol.sources() if protocol.checked() else None
    for section in protocol.sections():
        level = min(max(section.level, 2), 3)
        heading = _mark_plain(section.heading, highlight)
        parts.append(f'<h{level}><a name="{section.anchor}"></a>{heading}</h{level}>')
        body = fill_placeholders(section.body_md, contacts)
        parts.append(markdown_to_html(body, highlight, sources, is_references(section)))
    return "\n".join(parts)


def is_references(section) -> bool:
    return section.level <= 2 and section.heading.casefold() == "references"


def standalone_html(protocol: Protocol, contacts: LocalContacts) -> str:
    body = protocol_html(protocol, contacts)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(protocol.title)}</title></head><body>\n{body}\n"
            "</body></html>\n")
