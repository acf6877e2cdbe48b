"""Every PDF Common Ground makes: its title shows in the viewer, it says it is in British
English, every font it uses travels inside it, and its running header fits the page.

A screen reader picks its voice from the document's language; a viewer that shows the file
name ("CG-2026-K7Q2-000123.pdf") instead of the title tells a reader nothing; a font that
is not embedded is drawn with whatever the reading machine has (PDF/UA and PDF/A both
require embedding). Each kind of PDF is read back with pypdf, as a checker would.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from commonground.core.pdf import common

LANGUAGE = "en-GB"


def _report_pdf(tmp_path) -> tuple[bytes, str]:
    from commonground.core.pdf.report_pdf import report_pdf
    from commonground.core.records import reports
    from commonground.core.storage.db import Database
    from tests.core.test_incidents import full_report

    db = Database.in_memory()
    draft = reports.start_draft(db, "nurse1", full_report())
    report = reports.submit(db, draft.id, "nurse1", now=dt.datetime(2026, 11, 21, 9, 0))
    return report_pdf(report, reports.timeline(db, report.id), None), report.reference


def _case_pdf(tmp_path) -> tuple[bytes, str]:
    from commonground.core.cases import workflow
    from commonground.core.pdf.case_pdf import case_pdf
    from commonground.core.records import reports
    from commonground.core.storage.db import Database
    from tests.core.test_incidents import full_report

    db = Database.open(tmp_path / "case.db")
    draft = reports.start_draft(db, "nurse1", full_report())
    report = reports.submit(db, draft.id, "nurse1", now=dt.datetime(2026, 11, 21, 9, 0))
    case = workflow.receive_report(db, report.id, "advisor",
                                   now=dt.datetime(2026, 11, 21, 10, 0))
    return case_pdf(db, case.id, None), f"Case file {case.number}"


def _protocol_pdf(tmp_path, library) -> tuple[bytes, str]:
    from commonground.core.pdf.protocol_pdf import protocol_pdf

    protocol = library.get("s136-place-of-safety")
    return protocol_pdf(protocol, library.contacts, None), protocol.title


def _meeting_pack(tmp_path) -> tuple[bytes, str]:
    from commonground.core.committee import stats
    from commonground.core.committee.demo import generate_committee, generate_meetings
    from commonground.core.pdf.meeting_pack import TITLE, meeting_pack
    from commonground.core.storage.db import Database

    db = Database.open(tmp_path / "committee.db")
    generate_committee(db, 300, seed=4, now=dt.datetime(2026, 11, 20))
    generate_meetings(db)
    filters = stats.Filters(dt.date(2026, 5, 15), dt.date(2026, 11, 20))
    return meeting_pack(db, filters, None, today=dt.date(2026, 11, 20)), TITLE


KINDS = ("report", "case file", "protocol", "meeting pack")


@pytest.fixture
def made(request, tmp_path, bundled_library):
    kind = request.param
    if kind == "protocol":
        return _protocol_pdf(tmp_path, bundled_library)
    return {"report": _report_pdf, "case file": _case_pdf,
            "meeting pack": _meeting_pack}[kind](tmp_path)


def fonts_of(reader: PdfReader) -> dict[str, bool]:
    """Every font any page uses (forms included): name -> whether its program is inside."""
    found: dict[str, bool] = {}

    def embedded(font) -> bool:
        if font.get("/Subtype") == "/Type0":
            return all(embedded(d.get_object()) for d in font["/DescendantFonts"])
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font.get("/BaseFont"))] = embedded(font)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


@pytest.mark.parametrize("made", KINDS, indirect=True)
def test_the_viewer_shows_the_title_the_language_is_british_english_and_fonts_are_inside(made):
    data, title = made
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"].get_object()
    assert catalog.get("/Lang") == LANGUAGE
    preferences = catalog["/ViewerPreferences"].get_object()
    assert preferences.get("/DisplayDocTitle") is True or \
        str(preferences.get("/DisplayDocTitle")).lower() == "true"
    assert title in reader.metadata.title
    fonts = fonts_of(reader)
    assert fonts, "no fonts found"
    assert {name: inside for name, inside in fonts.items() if not inside} == {}


def test_a_header_too_long_for_the_page_wraps_and_loses_nothing():
    header = ("Section 136: removal to a place of safety, conveyance, time limits and under-18s "
              "· version 2.3 · effective 1 Apr 2026 · law as at 1 Mar 2026 · review due "
              "1 Oct 2026")
    lines = common.header_lines(header)
    room = A4[0] - 36 * mm
    assert len(lines) == 2
    assert all(stringWidth(line, common.FONT, common.HEADER_SIZE) <= room for line in lines)
    assert " ".join(lines) == header
    assert common.header_lines("Short header") == ["Short header"]


@pytest.mark.parametrize("made", ["protocol"], indirect=True)
def test_the_protocol_header_keeps_its_review_date_on_every_page(made):
    data, _title = made
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        text = " ".join(page.extract_text().split())
        assert "review due" in text


def test_code_lists_and_tables_in_a_protocol_use_embedded_fonts_too():
    from commonground.core.pdf.protocol_pdf import tree_to_flowables
    from commonground.core.protocols.render import markdown_to_tree

    markdown = ("Call `999` first.\n\n```\nsection 136(2)\n```\n\n- first\n- second\n\n"
                "1. one\n2. two\n\n| Who | When |\n|---|---|\n| AMHP | now |\n\n> quoted\n")
    story = tree_to_flowables(markdown_to_tree(markdown), common.styles())
    data = common.build_pdf(None, story, common.PageFrame("A protocol"), title="A protocol")
    fonts = fonts_of(PdfReader(io.BytesIO(data)))
    assert "/Helvetica" not in fonts and "/Courier" not in fonts
    assert all(fonts.values()) and any("Mono" in name for name in fonts), fonts
