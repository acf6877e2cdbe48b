"""Typo tolerance corrects typos, not words; the synonym file means what it says."""

import logging
import shutil

from commonground import paths
from commonground.core.protocols.analysis import stem, tokens
from commonground.core.protocols.library import Library
from commonground.core.protocols.query import parse_query
from commonground.core.protocols.thesaurus import Thesaurus
from commonground.core.storage.db import Database


def test_a_real_word_the_library_never_uses_is_not_corrected(bundled_library):
    # None of these words is in the protocols; each is one or two slips from one that is
    # ("rank", "three", "moving", "care", "tell", "make", "into").
    for text in ("police rang the ward", "he threw a chair", "assessment this morning",
                 "he came back", "wait till the amhp arrives", "male on a bridge",
                 "what info do police want"):
        result = bundled_library.search(text, limit=1)
        assert result.query.corrections == (), text
        assert result.showing_for is None, text


def test_a_misspelt_word_is_still_read_as_the_library_s_word(bundled_library):
    result = bundled_library.search("who signs the extention", limit=1)
    assert result.showing_for == "who signs the extension"
    assert bundled_library.search("prosecusion", limit=1).query.corrections == (
        ("prosecusion", "prosecution"),)


def test_the_word_list_holds_words_not_the_typos_search_must_correct():
    words = set((paths.resources_dir() / "words" / "english.txt").read_text(
        encoding="utf-8").split())
    assert {"rang", "threw", "morning", "extension", "appropriate"} <= words
    assert not {"extention", "appropiate", "absconsion", "prosecusion", "seperate"} & words
    assert (paths.resources_dir() / "words" / "SCOWL-LICENSE.txt").exists()


def test_without_the_word_list_search_still_works_and_says_why(tmp_path, caplog):
    resources = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), resources)
    (resources / "words" / "english.txt").unlink()
    library = Library.open(Database.in_memory(), [paths.bundled_protocols_dir()], resources)
    with caplog.at_level(logging.WARNING):
        result = library.search("who signs the extention", limit=1)
    assert result.showing_for == "who signs the extension"
    assert result.hits[0].anchor == "the-12-hour-extension"
    assert "English word list unreadable" in caplog.text


def test_a_negation_reads_the_same_however_it_is_typed(bundled_library):
    thesaurus = bundled_library.thesaurus
    keys = {text: [[a.key for a in g.alternatives] for g in parse_query(text, thesaurus).groups]
            for text in ("victim doesnt want to", "victim doesn't want to",
                         "victim does not want to")}
    assert len({repr(k) for k in keys.values()}) == 1, keys
    # ... and an apostrophe's stray letters are no search terms.
    assert [g.typed for g in parse_query("the patient's meds", thesaurus).groups] == [
        "patient", "meds"]


def test_no_phrase_of_the_synonym_file_is_in_two_groups():
    """A phrase listed in two groups is only ever read as the first: the second listing is a
    mistake that silently does nothing."""
    text = (paths.resources_dir() / "synonyms.txt").read_text(encoding="utf-8")
    seen: dict[str, int] = {}
    twice = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for part in line.replace(">", "|").replace("=", "|").split("|"):
            phrase = " ".join(tokens(part))
            if phrase and seen.setdefault(phrase, number) != number:
                twice.append((phrase, seen[phrase], number))
    assert twice == []


def test_every_synonym_group_parses_and_sectioning_is_not_any_section():
    thesaurus = Thesaurus.load(paths.resources_dir())
    assert len(thesaurus.groups) > 100
    # "sectioning" means a Mental Health Act assessment; its stem "section" is in nearly
    # every section of the library, so it must never be searched for as such.
    group = parse_query("sectioning", thesaurus).groups[0]
    assert "section" not in [a.key for a in group.alternatives]
    assert "mental health act assess" in [a.key for a in group.alternatives]


def test_past_forms_of_irregular_verbs_are_read_as_the_verb(bundled_library):
    assert stem("kept") == stem("keep") and stem("held") == stem("holding")
    assert stem("brought") == stem("bring") and stem("spat") == stem("spitting")
    hit = bundled_library.search("how long can someone be kept on a 136", limit=1).hits[0]
    assert hit.anchor == "the-clock-24-hours-and-the-12-hour-extension"


ROLES_PROTOCOL = """---
id: lost-property
title: Lost property
version: 1.0
effective: 2026-01-01
review_due: 2027-01-01
law_as_at: 2026-01-01
owners: Police
audience: Police; ward staff
summary: What happens to things people lose.
---

## Who does what

### Police

asked: what police do with lost property; police role for things found

- Police take lost property handed in at the front desk and try to find the owner.

### Ward staff

asked: what ward staff do with a patient's lost property

- Ward staff log property and keep it safe.

## Keys handed in at the front desk

asked: keys found and handed to police; who keeps found keys

Keys handed in are kept for 28 days, then destroyed if no owner comes forward.
"""


def test_a_role_s_part_gives_way_to_the_section_that_answers(tmp_path, monkeypatch):
    """Under "Who does what", each role's part is a summary: like "The 30-second version",
    it gives way to a specific section of its protocol that answers nearly as well."""
    from commonground.core.protocols import search, searchcache

    # The rule alone: in a two-section library the role's phrase "police role for things
    # found" is the question's own words, and likeness (round six) would read it so.
    monkeypatch.setattr(search, "SIMILARITY", 0.0)
    (tmp_path / "lost-property.md").write_text(ROLES_PROTOCOL, encoding="utf-8")

    def first(query):
        library = Library.open(Database.in_memory(), [tmp_path], paths.resources_dir())
        assert library.problems == []
        return [hit.section for hit in library.search(query, limit=2).hits]

    assert first("police role with lost keys") == ["Keys handed in at the front desk", "Police"]
    assert first("lost property keys police")[0] == "Keys handed in at the front desk"
    # Asked about the role alone, the role's part still answers.
    assert first("what do ward staff do with lost property")[0] == "Ward staff"
    # Without the rule the role's part would have come first: the test can fail.
    monkeypatch.setattr(searchcache, "ROLES_HEADING", "no such heading")
    assert first("police role with lost keys")[0] == "Police"


NEARBY_PROTOCOL = """---
id: lost-keys
title: Lost keys
version: 1.0
effective: 2026-01-01
review_due: 2027-01-01
law_as_at: 2026-01-01
owners: Police
audience: Police; ward staff
summary: What happens to keys people lose.
---

## Logging what comes in

asked: what gets written down

Keys are logged at the front desk by whoever is on duty that evening, and the owner is
told to come back with some identification before anything is handed over to them.

## Giving things back

asked: returning property

The owner is told at the front desk by whoever is on duty to come back with some
identification, and the keys are handed over to them once that has been seen and logged.
"""


def test_words_asked_side_by_side_find_the_section_that_says_them_together(tmp_path,
                                                                           monkeypatch):
    """Both sections say "keys" and "handed over"; the second says them together, as asked."""
    from commonground.core.protocols import search

    (tmp_path / "lost-keys.md").write_text(NEARBY_PROTOCOL, encoding="utf-8")

    def first(query):
        library = Library.open(Database.in_memory(), [tmp_path], paths.resources_dir())
        assert library.problems == []
        return library.search(query, limit=2).hits[0].section

    assert first("keys handed over") == "Giving things back"
    # Without the rule the two tie and the first section wins: the test can fail.
    monkeypatch.setattr(search, "PROXIMITY", 0.0)
    assert first("keys handed over") == "Logging what comes in"


def test_a_long_question_keeps_what_it_asks_at_the_end(bundled_library):
    """People tell the story first and ask last: the question is not cut off at the end."""
    text = ("man in crisis shouting at neighbours from his front garden, family very "
            "worried, no crime committed, control room asking whether officers should "
            "attend tonight, does it meet rcrp")
    parsed = parse_query(text, bundled_library.thesaurus)
    assert len(parsed.groups) > 12
    assert parsed.groups[-1].typed == "rcrp"
    hit = bundled_library.search(text, limit=1).hits[0]
    assert "Right Care, Right Person" in hit.section


def test_a_word_no_section_says_changes_nothing(bundled_library):
    """'bloke' is in no protocol: it cannot tell sections apart, so asking with it finds
    what asking without it finds, in the same order and by the same margins."""
    def hits(text):
        return [(h.anchor, round(h.score, 9))
                for h in bundled_library.search(text, limit=10).hits]

    assert bundled_library.search("bloke", limit=3).hits == ()
    assert hits("bloke wont get in the police van") == hits("wont get in the police van")


def test_shorthand_is_read_as_the_word_and_a_contraction_is_no_typo(bundled_library):
    for short, long in (("when does the 24hrs start", "when does the 24 hours start"),
                        ("mh info for police", "mental health information for police"),
                        ("max time in the dept", "maximum time in the department")):
        assert ([h.anchor for h in bundled_library.search(short, limit=3).hits]
                == [h.anchor for h in bundled_library.search(long, limit=3).hits]), short
    result = bundled_library.search("weve found him in the park", limit=1)
    assert result.query.corrections == () and result.showing_for is None


STORY_PROTOCOL = """---
id: ward-property
title: Ward property
version: 1.0
effective: 2026-01-01
review_due: 2027-01-01
law_as_at: 2026-01-01
owners: Mental health Trust
audience: Ward staff
summary: What happens to patients' belongings.
---

## Bicycles

asked: patient's bike left at the hospital; bike rack keys

Bicycles stay in the rack; security holds the rack keys.

## Property book

asked: the property book

Property is listed in the book on admission. At discharge the nurse in charge gives back the
patient's keys from the safe and both sign the book. The safe is checked each week. Other
items are listed separately, with a description, and the list is kept with the book.
"""


def test_a_story_question_opens_the_section_with_a_sentence_that_answers_it(tmp_path,
                                                                            monkeypatch):
    """A long question tells a story first; the bike is a side detail. The section with one
    sentence saying the discharge, the keys and the safe answers it, not the bike's."""
    from commonground.core.protocols import search

    # The rule alone: the bike section's phrase "bike rack keys" is a third of its words.
    monkeypatch.setattr(search, "SIMILARITY", 0.0)
    (tmp_path / "ward-property.md").write_text(STORY_PROTOCOL, encoding="utf-8")
    question = ("came in on his bike yesterday, discharged now, "
                "who gives his keys back from the safe")

    def first():
        library = Library.open(Database.in_memory(), [tmp_path], paths.resources_dir())
        assert library.problems == []
        return library.search(question, limit=2)

    assert len(first().query.groups) >= search.LONG_QUESTION
    assert first().hits[0].section == "Property book"
    # Without the rule the side detail wins: the test can fail.
    monkeypatch.setattr(search, "LONG_QUESTION", 99)
    assert first().hits[0].section == "Bicycles"
