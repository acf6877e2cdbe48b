"""'Asked as' phrases: the questions each section answers, in staff words. Searched, never
shown, checked for every section that says something, and never copied from the questions
the search is measured with."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from commonground import paths
from commonground.core.protocols.files import load_directory, parse_protocol
from commonground.core.protocols.library import Library
from commonground.core.protocols.localcontacts import LocalContacts
from commonground.core.protocols.render import protocol_html
from commonground.core.protocols.sections import split_sections
from commonground.core.storage.db import Database
from commonground.core.textutil import words
from tests.search_eval import load_questions

EXEMPT = ("references", "about this protocol", "version history")


def bundled():
    protocols, problems = load_directory(paths.bundled_protocols_dir())
    assert problems == []
    return protocols


def test_every_section_that_says_something_has_asked_as_phrases():
    missing = []
    for protocol in bundled():
        exempt = False
        for section in protocol.sections():
            if section.level <= 2:
                exempt = section.heading.casefold() in EXEMPT
            if exempt or not section.body_md.strip():
                continue
            if len(section.asked) < 2:
                missing.append(f"{protocol.id}#{section.anchor}")
    assert missing == []


def test_no_evaluation_question_is_an_asked_as_phrase():
    phrases = {" ".join(words(phrase)) for protocol in bundled()
               for section in protocol.sections() for phrase in section.asked}
    copied = [q.id for q in load_questions() if " ".join(words(q.text)) in phrases]
    assert copied == []
    # ... nor sits whole inside one.
    inside = [q.id for q in load_questions() for phrase in phrases
              if len(words(q.text)) > 2 and f" {' '.join(words(q.text))} " in f" {phrase} "]
    assert inside == []


def test_asked_lines_are_kept_apart_from_the_text():
    body = ("## When the clock starts\n\nasked: when does the 24 hours begin; clock start\n"
            "asked: does moving restart it\n\nThe clock starts on arrival.\n")
    [section] = split_sections(body)
    assert section.asked == ("when does the 24 hours begin", "clock start",
                             "does moving restart it")
    assert "asked" not in section.body_md and "arrival" in section.body_md


def test_the_reader_never_shows_them():
    protocol = next(p for p in bundled() if p.id == "s136-place-of-safety")
    assert any(s.asked for s in protocol.sections())
    html = protocol_html(protocol, LocalContacts.load(paths.resources_dir()
                                                      / "local_contacts.json"))
    assert not re.search(r"asked:", html)
    for phrase in next(s for s in protocol.sections() if s.asked).asked:
        assert phrase not in html


def test_an_asked_line_away_from_its_heading_is_refused_with_its_line():
    text = (paths.bundled_protocols_dir() / "s136-place-of-safety.md").read_text(
        encoding="utf-8")
    first = "- Accept the person; a hospital, including its ED, is a place of safety.\n"
    assert first in text
    broken = text.replace(first, first + "asked: who takes the patient\n", 1)
    protocol, problems = parse_protocol(broken, "s136.md", "hash")
    assert protocol is None
    line = broken.splitlines().index("asked: who takes the patient") + 1
    assert [(p.line, "directly under a heading" in p.message) for p in problems] == [
        (line, True)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                               blacklist_characters="\r\n\x0b\x0c\x1c\x1d"
                                                                    "\x1e\x85\u2028\u2029"),
                        max_size=60), max_size=6))
def test_any_asked_line_loads_or_is_refused_and_search_never_fails(tmp_path_factory, phrases):
    """Whatever an editor writes on an asked line, the file loads with those phrases (or is
    refused with its line, like any broken file), and searching for them never fails."""
    folder = tmp_path_factory.mktemp("asked")
    text = (paths.bundled_protocols_dir() / "s136-place-of-safety.md").read_text(
        encoding="utf-8")
    line = "asked: " + "; ".join(phrases)
    text = text.replace("## Searching the person\n\n", f"## Searching the person\n\n{line}\n", 1)
    (folder / "s136-place-of-safety.md").write_text(text, encoding="utf-8")
    protocols, problems = load_directory(folder)
    if problems:
        assert protocols == [] and all(p.line > 0 for p in problems)
        return
    [section] = [s for s in protocols[0].sections() if s.anchor == "searching-the-person"]
    assert set(section.asked) >= {" ".join(p.split()) for p in phrases
                                  if p.strip() and ";" not in p}
    library = Library.open(Database.in_memory(), [folder], paths.resources_dir())
    for phrase in phrases:
        for hit in library.search(phrase, limit=3).hits:
            assert hit.anchor
