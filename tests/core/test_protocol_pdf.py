import io

from pypdf import PdfReader

from commonground.core.pdf.protocol_pdf import protocol_pdf
from commonground.core.protocols.render import format_date


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_protocol_pdf_carries_version_dates_and_every_heading(bundled_library, tmp_path):
    protocol = bundled_library.get("s136-place-of-safety")
    target = tmp_path / "out.pdf"
    data = protocol_pdf(protocol, bundled_library.contacts, target)
    assert target.read_bytes() == data
    text = pdf_text(data)
    flat = " ".join(text.split())
    assert protocol.title in flat
    assert f"version {protocol.version}" in flat
    assert f"effective {format_date(protocol.effective)}" in flat
    assert f"law as at {format_date(protocol.law_as_at)}" in flat
    for section in protocol.sections():
        assert " ".join(section.heading.split()) in flat, section.heading
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert f"Page {pages} of {pages}" in flat


def test_a_failed_render_leaves_no_file(bundled_library, tmp_path, monkeypatch):
    from commonground.core.pdf import common

    protocol = bundled_library.get("appropriate-adult")
    target = tmp_path / "never.pdf"

    def cancelled():
        return True
    try:
        protocol_pdf(protocol, bundled_library.contacts, target, cancelled=cancelled)
    except common.Cancelled:
        pass
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_citations_in_the_pdf_link_to_their_source_and_the_check_is_stated(bundled_library):
    protocol = bundled_library.get("missing-patients-awol")
    data = protocol_pdf(protocol, bundled_library.contacts, None)
    reader = PdfReader(io.BytesIO(data))
    flat = " ".join(pdf_text(data).split())
    assert "Checked 6 December 2026 against secondary sources" in flat
    assert "Not yet checked against a primary text: MHA s18(1)" in flat
    assert "[PACE s17(1)(d), unverified]" in flat
    assert "[MHA s21B(2)]" in flat
    assert "(read 6 December 2026; text dated 9 November 2024)" in flat
    references_page = next(number for number, page in enumerate(reader.pages)
                           if "[MHA] Mental Health Act 1983" in page.extract_text())
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link.get("/Subtype") == "/Link" and link.get("/Dest"):
                targets.append(reader.get_page_number(link["/Dest"][0].get_object()))
    cited = len(protocol.sources().citations)
    assert len(targets) >= cited * 0.9               # a long citation may wrap into two links
    assert min(targets) >= references_page - 1 and max(targets) <= references_page + 1
