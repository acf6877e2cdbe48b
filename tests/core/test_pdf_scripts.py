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


def _copied_out(texts: list[str]) -> list[str]:
    from commonground.core.pdf.common import PageFrame, build_pdf, para, styles

    sheet = styles()
    pdf = build_pdf(None, [para(printable(text), sheet["Body"]) for text in texts],
                    PageFrame(header="Names"), title="Names")
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()[:len(texts)]


# What a reader gets copying real names out of a PDF (the printed page is right: checked
# by eye, each in Noto Sans Bengali). Pinned so a change in it is seen; see the README.
BENGALI_COPIED = {
    # ি ে ৈ are drawn before the consonant they follow, and come out there.
    "আমিনা বেগম": "আিমনা েবগম",
    "জ\u09af\u09bcনাল আবেদীন": "জ\u09dfনাল আেবদীন",
    # ো and ৌ are drawn in two parts around the consonant, and come out as those parts.
    "মোহাম্মদ কৌশিক": "েমাহাম্মদ েকৗিশক",
    # য় typed as য and ় (as keyboards type it) comes out as the one code U+09DF.
    "স\u09c8\u09af\u09bcদ": "\u09c8স\u09dfদ",
    # Conjuncts (শ্র, ম্ম, ত্ত) come out whole and in order.
    "শ্রীলেখা দত্ত": "শ্রীেলখা দত্ত",
}


def test_what_copying_bengali_names_out_of_a_pdf_gives_is_known():
    names = list(BENGALI_COPIED)
    assert _copied_out(names) == [BENGALI_COPIED[name] for name in names]
    # The same letters, none lost, for these names: only their order differs (and ো, ৌ
    # and য় come out as their canonical parts).
    for name, copied in BENGALI_COPIED.items():
        assert sorted(unicodedata.normalize("NFD", copied)) == \
            sorted(unicodedata.normalize("NFD", name))


def test_a_conjunct_drawn_with_glyphs_of_its_own_copies_out_as_its_letters():
    # দ্দ and the form of ি drawn with it have no character in the font: reportlab gave
    # them private-use codes, so copied out the name lost them. The map now says which
    # letters they stand for (worked out from the font); ি still comes out first.
    assert _copied_out(["রহিম উদ্দিন", "ক্ষমা"]) == ["রিহম উিদ্দন", "ক্ষমা"]
    # ব with ় (not a letter Bengali uses) is drawn as র by the font, and copied out so.
    assert _copied_out(["ব\u09bc"]) == ["র"]


def test_polish_names_and_emoji_are_copied_out_as_written_or_named():
    names = ["Łucja Wąsowska", "Grzegorz Brzęczyszczykiewicz", "Żaneta Ćwiek-Ślęzak",
             "Ward 🏥 team", "Kind ☺ words"]
    assert _copied_out(names) == ["Łucja Wąsowska", "Grzegorz Brzęczyszczykiewicz",
                                  "Żaneta Ćwiek-Ślęzak", "Ward [emoji: hospital] team",
                                  "Kind ☺ words"]


def test_a_bengali_or_arabic_name_touching_a_bracket_or_comma_prints_its_own_letters():
    # reportlab shaped such a word with one font and read it back through another: the
    # comma after a Bengali name printed as a stray sign and the next letter was lost.
    copied = _copied_out(["আমিনা, বেগম", "(আমিনা)", "(محمد علي)", "محمد، علي"])
    assert copied[0] == "আিমনা, েবগম"
    assert copied[1] == "(আিমনা)"
    for line, name in zip(copied[2:], ["محمد علي", "محمد، علي"]):
        assert set(unicodedata.normalize("NFKC", line)) >= set(name), line
