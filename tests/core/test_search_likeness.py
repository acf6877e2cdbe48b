"""Round six: a section whose heading and asked-as phrases, read together, are most like the
question moves up among the first few (``core/protocols/likeness``)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground import paths
from commonground.core.protocols import search as search_module
from commonground.core.protocols.analysis import stems
from commonground.core.protocols.files import load_directory
from commonground.core.protocols.index import indexed_sections
from commonground.core.protocols.library import Library
from commonground.core.protocols.likeness import PhraseWeights, cosine, phrase_counts
from commonground.core.storage.db import Database


@pytest.fixture(scope="module")
def library():
    return Library.open(Database.in_memory(), [paths.bundled_protocols_dir()],
                        paths.resources_dir())


def _phrases(folder):
    protocols, problems = load_directory(folder)
    assert not problems
    return [stems(phrase) for p in protocols for s in indexed_sections(p)
            for phrase in (s.heading, *s.asked)]


def test_the_index_counts_the_phrases_each_stem_is_in(library):
    expected, total = phrase_counts(_phrases(paths.bundled_protocols_dir()))
    db = library.db
    stored = dict(db.query("SELECT stem, phrases FROM search_phrase_stems"))
    assert stored == dict(expected)
    assert db.get_setting("protocol_phrase_count") == str(total)
    assert total > 1000
    # the words every second question has say little; the words of one rule say a lot
    assert stored["what"] > 10 * stored["riddor"]


def test_a_library_indexed_before_round_six_gets_its_counts_at_the_next_start(tmp_path):
    db = Database.open(tmp_path / "commonground.sqlite3")
    folders = [paths.bundled_protocols_dir()]
    Library.open(db, folders, paths.resources_dir())
    with db.transaction() as conn:       # as an older version left it: no counts at all
        conn.execute("DELETE FROM search_phrase_stems")
        conn.execute("DELETE FROM settings WHERE key = 'protocol_phrase_count'")
        conn.execute("UPDATE settings SET value = 'from an older version' "
                     "WHERE key = 'protocol_index_fingerprint'")
    library = Library.open(db, folders, paths.resources_dir())
    assert db.query_one("SELECT count(*) FROM search_phrase_stems")[0] > 500
    assert library.search("who books the ambulance for a planned assessment").hits[0].anchor \
        == "ambulance-service"


def test_an_edited_asked_as_line_is_counted_at_the_next_start(tmp_path):
    folder = tmp_path / "protocols"
    folder.mkdir()
    for source in paths.bundled_protocols_dir().iterdir():
        if source.suffix == ".md":
            (folder / source.name).write_bytes(source.read_bytes())
    db = Database.open(tmp_path / "commonground.sqlite3")
    Library.open(db, [folder], paths.resources_dir())
    assert db.query_one("SELECT phrases FROM search_phrase_stems WHERE stem = 'zebra'") is None
    target = folder / "appropriate-adult.md"
    text = target.read_text(encoding="utf-8")
    first = text.index("\nasked: ") + 1
    target.write_text(text[:first] + "asked: zebra crossing question\n" + text[first:],
                      encoding="utf-8")
    Library.open(db, [folder], paths.resources_dir())
    assert db.query_one("SELECT phrases FROM search_phrase_stems WHERE stem = 'zebra'")[0] == 1


@pytest.mark.parametrize("question, before, after", [
    # a question that says little of any one rule: the section all about it, not the one
    # that mentions an ambulance among other things
    ("who books the ambulance for a planned assessment",
     "cancellations-and-re-booking", "ambulance-service"),
    ("patient back after 2 days missing, what do we do now",
     "how-long-the-power-lasts", "when-the-patient-is-found-or-returns"),
])
def test_the_section_most_like_the_question_opens(library, monkeypatch, question, before,
                                                  after):
    monkeypatch.setattr(search_module, "MEMORY_WEIGHT", 0.0)     # likeness alone
    assert library.search(question).hits[0].anchor == after
    monkeypatch.setattr(search_module, "SIMILARITY", 0.0)
    assert library.search(question).hits[0].anchor == before


def test_likeness_only_reorders_the_first_few(library, monkeypatch):
    monkeypatch.setattr(search_module, "MEMORY_WEIGHT", 0.0)     # likeness alone
    question = "who books the ambulance for a planned assessment"
    on = [(h.protocol_id, h.anchor) for h in library.search(question).hits]
    monkeypatch.setattr(search_module, "SIMILARITY", 0.0)
    off = [(h.protocol_id, h.anchor) for h in library.search(question).hits]
    rerank = search_module.RERANK
    assert sorted(on[:rerank]) == sorted(off[:rerank]) and on[rerank:] == off[rerank:]


stem_lists = st.lists(st.sampled_from(["what", "bail", "kin", "ambul", "book", "136", "zz"]),
                      max_size=12)


@settings(max_examples=300, deadline=None)
@given(stem_lists, stem_lists)
def test_cosine_is_a_share_the_same_both_ways(one, other):
    weights = PhraseWeights({"what": 500, "bail": 3, "kin": 2, "ambul": 9, "book": 30}, 1500)
    a, b = weights.vector(one), weights.vector(other)
    assert -1e-9 <= cosine(a, b) <= 1 + 1e-9
    assert math.isclose(cosine(a, b), cosine(b, a), abs_tol=1e-12)
    if one:
        assert math.isclose(cosine(a, a), 1.0)


def test_a_word_no_phrase_uses_weighs_most_and_a_common_one_least():
    weights = PhraseWeights({"what": 500, "bail": 3}, 1500)
    assert weights.weight("never-seen") > weights.weight("bail") > weights.weight("what") > 0
    empty = PhraseWeights({}, 0)                  # a library with no phrases at all
    assert weights.vector([]) == {} and empty.vector(["a"]) == {"a": 1.0}


def test_a_section_with_no_phrases_is_read_by_its_text(tmp_path):
    """A Trust's local addition has no asked-as lines: its own words still open it, not a
    section whose phrases are about some of them."""
    folder = tmp_path / "protocols"
    folder.mkdir()
    source = (paths.bundled_protocols_dir() / "appropriate-adult.md").read_text(encoding="utf-8")
    (folder / "appropriate-adult.md").write_text(
        source + "\n## Local addition\nThe scheme now answers within the hour.\n",
        encoding="utf-8")
    library = Library.open(Database.in_memory(), [folder], paths.resources_dir())
    hits = library.search("scheme now answers within the hour", limit=3).hits
    assert hits[0].section == "Local addition"
