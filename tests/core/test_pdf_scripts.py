"""Names in the scripts staff and patients write them in, in every PDF: Arabic and Urdu
joined and in reading order, Polish and Bengali drawn, Chinese and emoji named, never
dropped or reversed; text copied out of the PDF reads in the order it was written."""

import io
import unicodedata

from pypdf import PdfReader

from commonground.core.pdf import scripts
from commonground.core.pdf.report_pdf import printable, report_pdf
from commonground.core.records import reports as incidents
from tests.core.test_incidents import full_report

NAMES = {"Arabic": "محمد علي", "Urdu": "زینب اعوان", "Polish": "Łucja Wąsowska",
         "Bengali": "আমিনা বেগম", "Chinese": "张伟", "emoji": "Ward 🏥 team"}


def a_report(**changes) -> incidents.Report:
    victims = [{"kind": "staff", "name": name, "role": "Nurse", "organisation": ""}
               for name in NAMES.values()]
    data = full_report(victims=victims, **changes)
    return incidents.Report(1, "u", "CG-2026-AAAA-000001", "queued", "2026-03-02T18:00:00",
                            "2026-03-02T18:00:00", "2026-03-02T18:00:00", "ward-pc", 0, data)


def lines_of(pdf: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # Joined Arabic letters are drawn with their joined forms; NFKC reads them as letters.
    return [unicodedata.normalize("NFKC", line).strip() for line in text.splitlines()]


def fonts_of(pdf: bytes) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return found


def test_names_in_each_script_read_in_the_order_they_were_written():
    pdf = report_pdf(a_report(reporter_name="زینب اعوان"), [], None)
    lines = lines_of(pdf)
    for script in ("Arabic", "Urdu", "Polish"):
        assert NAMES[script] in lines, (script, lines)
    assert any(line.endswith("زینب اعوان") for line in lines if "Reporter" in line) \
        or "زینب اعوان" in lines
    # Bengali is drawn in its own font, not named; its vowel signs are drawn before the
    # consonant they follow, which is the order text copied out of the PDF comes in.
    assert "NotoSansBengali-Regular" in fonts_of(pdf)
    assert not any("Bengali text" in line for line in lines)
    assert any(set("আমনবগম") <= set(line) for line in lines)
    joined = " ".join(lines)
    assert "[Chinese, Japanese or Korean text, no font in this PDF: U+5F20 U+4F1F]" in joined
    assert "Ward [emoji: hospital] team" in joined


def test_a_right_to_left_name_is_joined_and_ordered_for_drawing():
    drawn = scripts.visual("محمد علي")
    assert drawn == "علي محمد"          # drawn left to right, each word in reading order
    assert scripts.visual("Name: محمد علي (nurse)") == "Name: علي محمد (nurse)"
    assert scripts.needs_shaping("محمد") and not scripts.needs_shaping("Sam Taylor")
    assert scripts.visual("Sam Taylor") == "Sam Taylor"


def test_direction_controls_in_typed_text_cannot_reorder_the_printed_words():
    # U+202E (right-to-left override) would print "reversed" backwards.
    assert "reversed" in scripts.visual("محمد \u202e reversed")
    assert "\u202e" not in scripts.visual("محمد \u202e reversed")


def test_what_no_font_draws_is_named_never_silently_replaced():
    assert printable("a\U0001F3E5b") == "a[emoji: hospital]b"
    assert printable("张伟 and 李") == ("[Chinese, Japanese or Korean text, no font in this "
                                       "PDF: U+5F20 U+4F1F] and [Chinese, Japanese or Korean "
                                       "text, no font in this PDF: U+674E]")
    assert printable("আমিনা") == "আমিনা"


def test_the_case_file_prints_an_arabic_victims_name_in_reading_order():
    import datetime as dt

    from commonground.core.cases import workflow as cases
    from commonground.core.pdf.case_pdf import case_pdf
    from commonground.core.storage.db import Database

    db = Database.in_memory()
    victim = {"kind": "staff", "name": "محمد علي", "role": "Staff nurse", "organisation": ""}
    draft = incidents.start_draft(db, "ward-pc")
    incidents.save_draft(db, draft.id, full_report(victims=[victim],
                                                   reporter_name="زینب اعوان"), "ward-pc")
    report = incidents.submit(db, draft.id, "ward-pc")
    case = cases.receive_report(db, report.id, "Advisor")
    pdf = case_pdf(db, case.id, None, today=dt.date.today())
    joined = " ".join(lines_of(pdf))
    assert "محمد علي" in joined
    assert "علي محمد" not in joined and "يلع" not in joined
