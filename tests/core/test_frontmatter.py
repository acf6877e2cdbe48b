import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.core.protocols.frontmatter import FrontMatterError, parse, split_list

GOOD = """---
id: sample
title: A sample
# a comment line
owners: Police; Health ;  Social care
summary:   spaced value
---
## Heading
Body text.
"""


def test_reads_fields_with_their_lines_and_the_body():
    doc = parse(GOOD)
    assert doc.fields["id"].value == "sample"
    assert doc.fields["id"].line == 2
    assert doc.fields["summary"].value == "spaced value"
    assert split_list(doc.fields["owners"].value) == ["Police", "Health", "Social care"]
    assert doc.body.startswith("## Heading")
    assert doc.body_first_line == 8


def test_byte_order_mark_is_ignored():
    assert parse("\ufeff" + GOOD).fields["title"].value == "A sample"


@pytest.mark.parametrize("text, line, words", [
    ("## no front matter\n", 1, "must start with a line '---'"),
    ("---\nid: x\ntitle: y\n", 1, "never closed"),
    ("---\nid: x\nthis line is wrong\n---\n", 3, "expected 'key: value'"),
    ("---\nid: x\nid: y\n---\n", 3, "'id' is given twice (first on line 2)"),
    ("---\nId: x\n---\n", 2, "expected 'key: value'"),
])
def test_broken_front_matter_names_the_line_and_the_problem(text, line, words):
    with pytest.raises(FrontMatterError) as caught:
        parse(text)
    assert caught.value.line == line
    assert words in caught.value.message


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_either_parses_or_raises_a_front_matter_error(text):
    try:
        parse(text)
    except FrontMatterError as exc:
        assert exc.line >= 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
                          st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs",
                                                                               "Zl", "Zp"]),
                                  max_size=30)),
                max_size=8, unique_by=lambda kv: kv[0]))
def test_written_fields_read_back_unchanged(pairs):
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\nbody\n"
    if any(v.strip() == "---" or "\x85" in v or "\x1c" in v or "\x1d" in v or "\x1e" in v
           for _, v in pairs):
        return  # line separators are outside the format
    doc = parse(text)
    assert {k: f.value for k, f in doc.fields.items()} == {k: v.strip() for k, v in pairs}
