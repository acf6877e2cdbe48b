"""An aid's answer on screen: the answer first, then deadlines, warnings, what to do, what it
could not decide, and every rule applied with its citation. Warnings say "Warning" in words
(the colour only repeats it); a source not verified says so beside it."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser

from ...core.aids.result import AidResult

WARNING_STYLE = "background:#fff4ce; color:#4d3800; border:1px solid #8a6d00; padding:4px;"


def _items(heading: str, items: list[str], prefix: str = "") -> str:
    if not items:
        return ""
    rows = "".join(f"<li>{prefix}{html.escape(item)}</li>" for item in items)
    return f"<h3>{html.escape(heading)}</h3><ul>{rows}</ul>"


def result_html(result: AidResult) -> str:
    parts = [f"<p style='font-size:large'><b>{html.escape(result.answer)}</b></p>"]
    if result.deadlines:
        parts.append("<ul>" + "".join(
            f"<li><b>{html.escape(d.label)}:</b> {html.escape(d.words)}</li>"
            for d in result.deadlines) + "</ul>")
    for warning in result.warnings:
        parts.append(f"<p style='{WARNING_STYLE}'><b>Warning:</b> {html.escape(warning)}</p>")
    parts.append(_items("What to do", result.steps))
    parts.append(_items("Could not decide", result.undecided))
    if result.rules:
        rows = []
        for applied in result.rules:
            citation = applied.citation
            doubt = (f"<br><b>Not verified:</b> {html.escape(citation.note)}"
                     if not citation.verified else "")
            where = (f"<br>Protocol: {html.escape(citation.protocol)}, section "
                     f"“{html.escape(citation.section or '')}”" if citation.protocol else "")
            rows.append(f"<li>{html.escape(applied.applied)}<br><i>Source:</i> "
                        f"{html.escape(citation.source)}{where}{doubt}</li>")
        parts.append("<h3>Rules applied</h3><ul>" + "".join(rows) + "</ul>")
    if result.protocols:
        checked = "; ".join(f"{p['title']} version {p['version']} (review due "
                            f"{p['review_due']})" for p in result.protocols)
        parts.append(f"<p><i>Checked against:</i> {html.escape(checked)}</p>")
    parts.append("<p><i>Nothing here is stored unless you press Record this.</i></p>")
    return "".join(parts)


class ResultView(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("The aid's answer, with the rules it applied")
        self.result: AidResult | None = None

    def show_result(self, result: AidResult) -> None:
        self.result = result
        self.setHtml(result_html(result))

    def show_message(self, text: str) -> None:
        self.result = None
        self.setHtml(f"<p>{html.escape(text)}</p>")
