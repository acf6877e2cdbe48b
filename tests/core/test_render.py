import datetime as dt

import pytest

from commonground.core.protocols.files import parse_protocol
from commonground.core.protocols.localcontacts import LocalContacts
from commonground.core.protocols.render import (
    compile_highlight,
    markdown_to_html,
    protocol_html,
    review_status,
)

PROTOCOL = """---
id: sample
title: Sample protocol
version: 2.1
effective: 2025-01-01
review_due: 2025-06-01
law_as_at: 2025-01-01
owners: Police; Health
audience: Ward staff
summary: For tests.
---
## Calling for help
Ring {{local:pos_suite_phone}} or {{local:aa_scheme_phone}}.
"""


def sample():
    protocol, problems = parse_protocol(PROTOCOL, "sample.md", "hash")
    assert problems == []
    return protocol


def test_raw_html_is_shown_as_text_never_rendered():
    out = markdown_to_html("<script>alert(1)</script>\n\n<b onclick='x'>hi</b> <img src=x>")
    assert "<script" not in out and "<b " not in out and "<img" not in out
    assert "&lt;script&gt;" in out


def test_only_anchor_and_https_links_survive_and_images_become_text():
    out = markdown_to_html("[a](javascript:alert(1)) [b](file:///etc/passwd) "
                           "[c](https://example.org) [d](#top) ![tracker](http://t/p.png)")
    assert "javascript:" not in out and "file:" not in out and "http://t" not in out
    assert 'href="https://example.org"' in out and 'href="#top"' in out
    assert "[image: tracker]" in out


def test_matched_words_are_marked_bold_not_by_colour_alone():
    out = markdown_to_html("Take them to a place of safety.",
                           compile_highlight([r"\bplace\W{1,3}of\W{1,3}safe\w*"]))
    assert "font-weight:bold" in out
    assert ">place of safety</span>" in out


@pytest.mark.hazard("H-012")
def test_the_document_names_version_dates_and_an_overdue_review():
    html = protocol_html(sample(), LocalContacts({"pos_suite_phone": "136 suite"},
                                                 {"aa_scheme_phone": "01234 567890"}),
                         today=dt.date(2025, 7, 1))
    assert "Sample protocol" in html and "2.1" in html
    assert "1 January 2025" in html
    assert "Warning: review overdue since 1 June 2025 (30 days ago)" in html
    assert '<a name="calling-for-help"></a>' in html
    assert "01234 567890" in html
    assert "136 suite: not set for this site" in html


def test_review_not_yet_due_is_not_a_warning():
    status = review_status(sample(), today=dt.date(2025, 5, 1))
    assert not status.overdue and status.text == "Review due 1 June 2025"


SOURCED = """---
id: sourced
title: Sourced protocol
version: 1.0
effective: 2026-01-10
review_due: 2027-01-10
law_as_at: 2025-05-15
checked: 2026-01-10 against the Act, by the protocol editor
owners: Police
audience: Ward staff
summary: For tests.
---
## Time limits and numbers

| What | Rule | Law |
|---|---|---|
| Extension | Superintendent approves | [MHA s136B(3)] |

A police station rule [PoS Regs reg 2, unverified] and a year [2012] UKSC 2.

## References

- [MHA] Mental Health Act 1983 <script>alert("x")</script> "quoted". {TRAILER}
- [PoS Regs] Places of Safety Regulations 2017. (accessed: not consulted)

## Version history

### Version 1.0

**Other changes:**

- First version.
"""


def sourced():
    text = SOURCED.replace("{TRAILER}", "(accessed: 2026-01-10; dated: 2025-05-15)")
    protocol, problems = parse_protocol(text, "sourced.md", "hash")
    assert problems == []
    return protocol


def test_citations_link_to_their_reference_with_a_note_and_nothing_unsafe():
    from commonground.core.protocols.render import checked_text

    html = protocol_html(sourced(), LocalContacts({}, {}), today=dt.date(2026, 2, 1))
    assert '<a class="cite" href="#ref-mha"' in html
    assert ">[MHA\u00a0s136B(3)]</a>" in html
    assert ">[PoS\u00a0Regs\u00a0reg\u00a02,\u00a0unverified]</a>" in html
    assert "This point is not yet checked against a primary text." in html
    assert '<a name="ref-mha"></a><b>[MHA]</b>' in html
    assert "(read 10 January 2026; text dated 15 May 2025)" in html
    assert "(named, not consulted)" in html
    assert "<script" not in html and "&lt;script&gt;" in html   # text and title both escaped
    assert 'title="[MHA] Mental Health Act 1983 &lt;script&gt;' in html
    assert "&quot;quoted&quot;" in html
    assert "[2012] UKSC 2" in html and 'href="#ref-2012' not in html
    assert checked_text(sourced()) == (
        "Checked 10 January 2026 against the Act, by the protocol editor. Not yet checked "
        "against a primary text: PoS Regs reg 2 (each marked “unverified” where the text "
        "cites it).")


def test_search_marks_do_not_break_citations():
    html = markdown_to_html("Approves [MHA s136B(3)] today.", compile_highlight([r"approves"]),
                            sourced().sources())
    assert "font-weight:bold" in html and 'href="#ref-mha"' in html
