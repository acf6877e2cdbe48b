"""Report PDF and case file PDF, against reportlab laying out the same text with nothing of
ours in the way.

Ours: ``report_pdf`` for the fullest submitted report (the most data) with its timeline, and
``case_pdf`` for the case with the longest history, both into memory. Floor: the text of our
PDF (extracted with pypdf, once, outside the timing) as plain paragraphs in reportlab's own
sample style and built-in font, one paragraph per line, also into memory.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from . import data
from .harness import Figure, Settings, interleaved, ratio


def pdf_text(pdf: bytes) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError:
        raise RuntimeError("pypdf is needed for the PDF floor (pip install -e \".[test]\")"
                           ) from None
    lines = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines += [line for line in (page.extract_text() or "").splitlines() if line.strip()]
    return lines


def floor_pdf(lines: list[str]):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["Normal"]

    def build() -> bytes:
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4).build(
            [Paragraph(escape(line), style) for line in lines])
        return buffer.getvalue()
    return build


def run(settings: Settings) -> list[Figure]:
    from commonground.core.pdf.case_pdf import case_pdf
    from commonground.core.pdf.report_pdf import report_pdf
    from commonground.core.records import reports as incidents
    from commonground.core.storage.db import Database

    folder = data.reports(settings)
    db = Database.open(data.database(folder))
    try:
        fullest = db.query_one("SELECT id FROM reports WHERE status != 'draft' "
                               "ORDER BY length(data) DESC LIMIT 1")["id"]
        report = incidents.get_report(db, fullest)
        events = incidents.timeline(db, fullest)
        longest = db.query_one("SELECT c.id FROM cases AS c ORDER BY (SELECT count(*) FROM "
                               "case_events AS e WHERE e.case_id = c.id) DESC LIMIT 1")
        today = dt.date.today()
        jobs = [("report PDF", lambda: report_pdf(report, events, None),
                 f"report {report.reference}, {len(events)} timeline entries")]
        if longest is not None:
            jobs.append(("case file PDF", lambda: case_pdf(db, longest["id"], None, today=today),
                         f"case with the longest history (id {longest['id']})"))
        figures = []
        for name, make, what in jobs:
            made = make()
            lines = pdf_text(made)
            settings.log(f"{name}: {settings.repeat} runs …")
            ours, floor = interleaved(make, floor_pdf(lines), settings.repeat)
            figures.append(Figure(name, ours, floor=floor, target=ratio(2.0),
                                  note=f"{what}; {len(made) // 1024} KiB, {len(lines)} lines "
                                       "of text"))
        if longest is None:
            figures.append(Figure("case file PDF", [], target=ratio(2.0),
                                  skipped="no case in the data (demo-data --cases)"))
        return figures
    finally:
        db.close()
