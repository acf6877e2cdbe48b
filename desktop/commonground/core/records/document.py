"""A report laid out for reading: every field with its label, section by section.

The report viewer and the PDF both show exactly this, so what a nurse sees on screen is
what the police get on paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..timeutil import format_time
from . import fields as rf
from . import kinds as rk
from .record import Report
from .timeline import Event


@dataclass(frozen=True)
class Block:
    title: str
    rows: tuple[tuple[str, str], ...] = ()
    text: str = ""          # a long free-text block (the narrative)
    table: tuple[tuple[str, ...], ...] = ()   # header row first
    text_label: str = ""    # the free-text block's label: set when the section has one


def _others(section: rf.Section) -> dict[str, str]:
    """Each field whose "other" answer is typed into a field of its own, with that field:
    the document says "Site: Hillside Clinic" on one row, not "Other" and then the name."""
    found = {}
    for spec in section.fields:
        when = spec.shown_when
        if isinstance(when, tuple) and when[1] == "other" and spec.kind == "text":
            found[when[0]] = spec.key
    return found


def _value_text(spec: rf.Field, data: dict, other: str | None = None) -> str:
    value = data.get(spec.key)
    typed = str(data.get(other) or "").strip() if other else ""
    if spec.kind == "datetime":
        return format_time(value)
    if spec.kind == "choice":
        return typed if value == "other" and typed else rf.label_for(spec.choices, value)
    if spec.kind == "multi":
        return ", ".join(f"Other: {typed}" if code == "other" and typed
                         else rf.label_for(spec.choices, code) for code in (value or []))
    if spec.kind in ("site", "ward"):
        return (typed or "Other") if value == "other" else str(value or "")
    return str(value or "")


def blocks(report: Report) -> list[Block]:
    data = report.data
    kind = rk.kind_of(data)
    out: list[Block] = []
    noun = kind.noun.capitalize()
    facts = [("Reference", report.reference or "Not yet submitted (draft)"),
             ("Status", report.status_label),
             (f"{noun} started", format_time(report.created_at))]
    if report.submitted_at:
        facts.append(("Submitted", format_time(report.submitted_at)))
    facts.extend(kind.document_rows(data))
    facts.extend(("Note", str(flag)) for flag in data.get("flags") or [])
    out.append(Block(kind.words.document, tuple(facts)))
    for section in kind.sections:
        rows: list[tuple[str, str]] = []
        table: tuple = ()
        text = text_label = ""
        others = _others(section)
        for spec in section.fields:
            if not rf.is_shown(spec, data) or spec.key in others.values():
                continue
            if spec.kind == "list":
                items = [item for item in data.get(spec.key) or [] if isinstance(item, dict)
                         and any(str(v).strip() for v in item.values())]
                header = tuple(sub.document_label for sub in spec.item_fields)
                body = tuple(tuple(rf.label_for(sub.choices, item.get(sub.key))
                                   if sub.kind == "choice" else str(item.get(sub.key) or "")
                                   for sub in spec.item_fields) for item in items)
                table = (header,) + body if body else ()
                if not body:
                    rows.append((spec.label, "None recorded"))
                continue
            if spec.document_text:
                text, text_label = str(data.get(spec.key) or ""), spec.document_label
                continue
            shown = _value_text(spec, data, others.get(spec.key))
            if shown or spec.required:
                rows.append((spec.document_label, shown or "Not given"))
        if kind.reported_at_row and section.key == kind.reported_at_row[0] \
                and data.get("reported_at"):
            rows.insert(kind.reported_at_row[1], ("Reported at", format_time(data["reported_at"])))
        out.append(Block(section.title, tuple(rows), text, table, text_label))
    return out


def timeline_rows(events: list[Event]) -> list[tuple[str, str, str]]:
    return [(format_time(event.at), event.author, event.describe()) for event in events]


def addenda(events: list[Event]) -> list[Event]:
    """The addenda whose words this computer holds (a ward PC keeps only the day one went,
    once the advisor has it)."""
    return [event for event in events if event.kind == "addendum" and "text" in event.detail]


def plain_text(report: Report, events: list[Event] = ()) -> str:
    """The record as plain text, section by section: for a request to paste into an email
    or the police's own system, where a PDF cannot go."""
    title = rk.kind_of(report.data).words.document
    lines = [title.upper(), f"Reference: {report.reference or 'not yet submitted (draft)'}"]
    lines += [f"{label}: {value}" for label, value in blocks(report)[0].rows
              if label in ("Submitted", "Notice given")]
    lines.append("")
    for block in blocks(report)[1:]:
        lines.append(block.title)
        lines.append("-" * len(block.title))
        width = max((len(label) for label, _value in block.rows), default=0)
        for label, value in block.rows:
            value_lines = str(value).splitlines() or [""]
            lines.append(f"{label + ':':<{width + 1}} {value_lines[0]}")
            lines.extend(" " * (width + 2) + more for more in value_lines[1:])
        if block.table:
            for row in block.table[1:]:
                lines.append("- " + "; ".join(f"{head}: {cell}" for head, cell
                                              in zip(block.table[0], row) if cell))
        if block.text:
            lines.append(block.text)
        lines.append("")
    outcome = [e for e in events if e.kind == "outcome"]
    if outcome:
        lines += ["Outcome", "-------", outcome[-1].describe().removeprefix("Outcome: "), ""]
    for flag in report.data.get("flags") or []:
        lines.append(f"Note: {flag}")
    return "\n".join(lines).rstrip() + "\n"
