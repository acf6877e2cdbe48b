"""Any mix of scripts in every text field of a report makes its PDF, and nothing written
in Arabic, Hebrew or Bengali goes missing from the text a reader copies out of it.

Text fields are filled with runs of Latin (Polish too), Arabic and Urdu, Hebrew, Bengali,
Chinese, emoji and control characters, in any order, with and without spaces between
them. The PDF must be made without an exception, and the set of letters copied out of it
(pypdf) must hold every letter of those scripts that was typed, and no private-use code: the
letters a font draws come out, the rest are named. Letters are compared as a set of
canonical parts (ো is ে and া), since a Bengali vowel sign comes out before its consonant
(see the README).

Budget: 40 examples, about 15 s on a 2-core machine (printed with the run's fuzzing
figures).
"""

from __future__ import annotations

import io
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from commonground.core.pdf.report_pdf import printable, report_pdf
from commonground.core.records import reports as incidents
from tests import fuzzing
from tests.core.test_incidents import full_report

PIECES = {
    "Latin": "Sam Taylor Łucja Wąsowska żółć ĘĄŚ",
    "Arabic": "محمد علي فاطمة الزهراء ؟ ، ً ُ لا",
    "Urdu": "زینب اعوان ہے گھنٹے ۔ ٹیم",
    "Hebrew": "דוד כהן שָׁלוֹם",
    "Bengali": "আমিনা বেগম মোহাম্মদ কৌশিক সৈয়দ শ্রীলেখা ক্ষমা",
    "Chinese": "张伟 李娜",
    "emoji": "🏥👍☺✈",
    "controls": "\x00\x07\x1b\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202e\u2066\u2069\ufeff",
    "breaks": " \n\t\r\n\u2028",
}
TEXT_FIELDS = ("site", "location", "patient_identifier", "injuries", "officer_number",
               "cad_number", "crime_reference", "narrative", "contact_preference",
               "reporter_name", "reporter_role", "reporter_contact")
# The scripts whose letters must all come out (the rest are named, in Latin letters).
_CHECKED = ("ARABIC", "HEBREW", "BENGALI")
FAST = settings(deadline=None, max_examples=40, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _run(script: str) -> st.SearchStrategy[str]:
    source = PIECES[script]
    if script in ("controls", "breaks", "emoji"):
        return st.text(st.sampled_from(source), min_size=1, max_size=4)
    words = source.split()
    # Whole words and single characters of the script, so odd clusters are tried too.
    return st.one_of(st.sampled_from(words),
                     st.text(st.sampled_from(source.replace(" ", "")), min_size=1,
                             max_size=6))


field_text = st.lists(st.one_of(*[_run(script) for script in PIECES]), max_size=12).map(
    "".join)


def _letters(text: str) -> set[str]:
    return {c for c in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text))
            if c.isalpha() and unicodedata.name(c, "").startswith(_CHECKED)}


def _report(fields: dict) -> incidents.Report:
    victims = [{"kind": "staff", "name": fields["reporter_name"], "role": fields["injuries"],
                "organisation": fields["site"]}]
    witnesses = [{"name": fields["location"], "role": fields["narrative"][:40],
                  "contact": fields["reporter_contact"]}]
    data = full_report(victims=victims, witnesses=witnesses, **fields)
    return incidents.Report(1, "u", "CG-2026-AAAA-000001", "queued", "2026-03-02T18:00:00",
                            "2026-03-02T18:00:00", "2026-03-02T18:00:00", "ward-pc", 0, data)


def test_any_mix_of_scripts_in_every_field_prints_and_copies_out_its_letters():
    with fuzzing.measured("report PDF, any mix of scripts") as counter:
        @FAST
        @given(st.fixed_dictionaries({name: field_text for name in TEXT_FIELDS}))
        def check(fields):
            counter[0] += 1
            pdf = report_pdf(_report(fields), [], None)
            copied = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
            # ব with ় (a sign Bengali writes only under ড, ঢ and য) is drawn as র.
            typed = _letters(" ".join(printable(value) for value in fields.values())
                             .replace("\u09ac\u09bc", "\u09b0"))
            missing = typed - _letters(copied)
            assert not missing, (sorted(missing), fields)
            # Every glyph copies out as letters, never as a private-use code.
            assert not any(0xE000 <= ord(c) <= 0xF8FF for c in copied), fields
        check()
