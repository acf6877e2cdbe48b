"""A long account written in Arabic or Urdu, or in Arabic with an English name, a date and
numbers in it, prints over several lines in reading order in every PDF made from a report:
the paragraph is broken into lines on the text as written and only then is each line put
in drawing order, so the first words written are on the first line, not the last.

What is checked is what a reader copies out of the PDF (pypdf): the lines come in the
order they were written, each line holds a run of the account with nothing missing, and
for the wholly right-to-left accounts each line's words are in reading order too."""

import datetime as dt
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from commonground.core.cases import workflow as cases
from commonground.core.pdf import scripts
from commonground.core.pdf.case_pdf import case_pdf
from commonground.core.pdf.report_pdf import report_pdf
from commonground.core.records import reports as incidents
from commonground.core.storage.db import Database
from tests.core.test_incidents import full_report

# Fictional accounts, written for these tests.
ARABIC = ("كان المريض مضطربا أثناء جولة الدواء في الجناح، ثم صرخ في وجهي وقال إنه سيؤذيني. "
          "بعد ذلك لكمني على ذراعي اليسرى وبصق علي أمام الممرضين الآخرين، فطلبنا المساعدة "
          "من الفريق واتصلنا بالشرطة التي وصلت بعد نصف ساعة. بقيت في الجناح حتى نهاية "
          "المناوبة وكتبت هذا التقرير في اليوم نفسه بعد أن فحصني الطبيب ووضع ضمادة على ذراعي.")
URDU = ("مریض دوائی کے وقت بہت غصے میں تھا اور اس نے وارڈ کے دروازے پر مجھے دھمکی دی۔ پھر "
        "اس نے میرے بائیں بازو پر مکا مارا اور مجھ پر تھوکا۔ وارڈ کے عملے نے فوراً مدد کی اور "
        "ہم نے پولیس کو اطلاع دی جو آدھے گھنٹے بعد پہنچی۔ ڈاکٹر نے میرا معائنہ کیا اور بازو "
        "پر پٹی باندھی، اور میں نے شفٹ کے آخر میں یہ رپورٹ لکھی۔")
MIXED = ("في يوم 20/11/2026 الساعة 14:32 قام المريض John Smith بضرب الممرضة على وجهها "
         "أمام الجميع، ثم قال بالإنجليزية I will get you وخرج من الغرفة. اتصلنا بالشرطة "
         "ورقم البلاغ 12/3456/26 وحضر الضابط PC 4521 بعد عشرين دقيقة وأخذ أقوال الشهود كلهم "
         "ثم غادر الجناح في الساعة 15:05 مع المريض.")
MIXED_NAME = "Arabic with English and numbers"
ACCOUNTS = {"Arabic": ARABIC, "Urdu": URDU, MIXED_NAME: MIXED}
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_MARK = re.compile(r"[^\w]")


def _norm(text: str) -> str:
    # Joined letters are drawn with their joined forms; NFKC reads them as letters.
    return unicodedata.normalize("NFKC", text)


def _letters(text: str) -> list[str]:
    return [c for c in _norm(text) if c.isalnum()]


def _words(text: str) -> list[str]:
    return [w for w in (_MARK.sub("", word) for word in _norm(text).split()) if w]


def account_lines(pdf: bytes, account: str) -> list[str]:
    """The lines copied out of the PDF that hold the account (the only right-to-left text
    in these reports)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return [_norm(line) for line in text.splitlines() if _RTL.search(line)]


def assert_reads_in_order(lines: list[str], account: str, *, words_in_order: bool) -> None:
    assert len(lines) >= 3, lines        # it wraps, so the order of lines matters
    written = _letters(account)
    at = 0
    for line in lines:
        letters = _letters(line)
        # Each line is the next stretch of the account as written: its letters, no more.
        assert sorted(letters) == sorted(written[at:at + len(letters)]), (line, lines)
        at += len(letters)
    assert at == len(written), lines
    first = _words(account)[:2]
    assert _words(lines[0])[:2] == first or set(first) <= set(_words(lines[0])), lines
    if words_in_order:
        # Word for word, full stops and commas where they were written.
        assert " ".join(" ".join(lines).split()) == _norm(account), lines


def _report(narrative: str) -> incidents.Report:
    data = full_report(narrative=narrative)
    return incidents.Report(1, "u", "CG-2026-AAAA-000001", "queued", "2026-03-02T18:00:00",
                            "2026-03-02T18:00:00", "2026-03-02T18:00:00", "ward-pc", 0, data)


def _case_file(narrative: str) -> bytes:
    db = Database.in_memory()
    draft = incidents.start_draft(db, "ward-pc")
    incidents.save_draft(db, draft.id, full_report(narrative=narrative), "ward-pc")
    report = incidents.submit(db, draft.id, "ward-pc")
    case = cases.receive_report(db, report.id, "Advisor")
    return case_pdf(db, case.id, None, today=dt.date.today())


@pytest.mark.parametrize("script", ACCOUNTS)
def test_a_long_right_to_left_account_reads_in_order_in_the_report_pdf(script):
    account = ACCOUNTS[script]
    lines = account_lines(report_pdf(_report(account), [], None), account)
    assert_reads_in_order(lines, account, words_in_order=script != MIXED_NAME)


@pytest.mark.parametrize("script", ACCOUNTS)
def test_a_long_right_to_left_account_reads_in_order_in_the_case_file(script):
    account = ACCOUNTS[script]
    lines = account_lines(_case_file(account), account)
    assert_reads_in_order(lines, account, words_in_order=script != MIXED_NAME)


def test_each_line_is_ordered_on_its_own_with_the_account_s_own_direction():
    # Three lines as written: the first words of the paragraph stay on the first line.
    lines = scripts.logical_lines("أ ب ج د هـ و", lambda word: 10.0, 5.0, 25.0)
    assert lines == ["أ ب", "ج د", "هـ و"]
    assert [scripts.visual_line(line, "R") for line in lines] == ["ب أ", "د ج", "و هـ"]
    # An English name and a date inside Arabic keep their own left-to-right order.
    assert scripts.visual_line("قال John Smith في 20/11/2026", "R") == \
        "20/11/2026 في John Smith قال"
    # Brackets in a right-to-left run are mirrored; a sentence's full stop stays with its
    # last word (HarfBuzz draws it on the word's left).
    assert scripts.visual_line("قال (12) لي.", "R") == "لي. (12) قال"
    assert scripts.direction("  (12) محمد Smith") == "R"
    assert scripts.direction("Sam محمد") == "L"


def test_an_account_longer_than_a_page_reads_in_order_across_pages():
    account = " ".join([ARABIC] * 14)
    pdf = report_pdf(_report(account), [], None)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    assert_reads_in_order(account_lines(pdf, account), account, words_in_order=True)


def test_a_time_or_bracket_glued_to_an_urdu_full_stop_keeps_its_order():
    from tests.core.test_pdf_scripts import _copied_out

    # "(12:30)۔" is one word in two fonts: its digits came out reversed as "(03:21)".
    [copied] = _copied_out(['آمنہ نے کہا: "میں ٹھیک ہوں" (12:30)۔ Then Sam called 999.'])
    assert "(12:30)" in copied and "03:21" not in copied, copied
    assert "Then Sam called 999" in copied
