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
