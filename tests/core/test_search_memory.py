"""Questions asked before vote for the sections that answered them (``core/protocols/memory``),
among the first few hits only; the file they come from is what the evaluation writes, and no
content of it can make search fail."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground import paths
from commonground.core.protocols import memory as memory_module
from commonground.core.protocols import search as search_module
from commonground.core.protocols.library import Library
from commonground.core.protocols.memory import Asked, load, parse
from commonground.core.storage.db import Database


@pytest.fixture()
def library():
    return Library.open(Database.in_memory(), [paths.bundled_protocols_dir()],
                        paths.resources_dir())


def test_the_shipped_memory_is_what_the_evaluation_writes():
    from tests.search_eval.memory_file import memory_text

    shipped = (paths.resources_dir() / memory_module.FILE_NAME).read_text(encoding="utf-8")
    assert shipped == memory_text(), "run: python -m tests.search_eval --write-memory"


def test_the_shipped_memory_holds_only_read_sets_never_a_blind_one_not_yet_scored():
    from tests.search_eval import blind_sets, load_questions
    from tests.search_eval.folds import SETS

    shipped = {entry.text for entry in load(paths.resources_dir())}
    read = {path.name for _, path in SETS}
    assert len(shipped) > 1000
    for path in blind_sets():
        if path.name not in read:       # committed, not yet scored: never in the memory
            assert not shipped & {q.text for q in load_questions(path)}, path.name


def read(library, text):
    from commonground.core.protocols.query import parse_query, read_as

    with library.db.use() as conn:
        state = library.search_cache.state(conn)
        parsed = parse_query(text, library.thesaurus, state.vocabulary(conn))
        return tuple(read_as(parsed, state.phrase_weights(conn).phrases_with))


def test_a_question_like_one_asked_before_opens_what_answered_it(library, monkeypatch):
    question = "who sorts the transport to hospital after the assessment"
    monkeypatch.setattr(search_module, "MEMORY_WEIGHT", 0.0)
    before = [(h.protocol_id, h.anchor) for h in library.search(question, limit=10).hits]
    answered = before[3]            # fourth: a section search found but did not put first
    monkeypatch.setattr(search_module, "MEMORY_WEIGHT", 3.0)
    library.memory = (Asked(read(library, question), (answered,), question),)
    library.search_cache.__init__()
    after = [(h.protocol_id, h.anchor) for h in library.search(question, limit=10).hits]
    assert after[0] == answered
    # the votes only reorder the first few: the rest of the list is as it was
    rerank = search_module.RERANK
    assert sorted(after[:rerank]) == sorted(before[:rerank])
    assert after[rerank:] == before[rerank:]


def test_a_section_the_library_no_longer_has_gets_no_vote_and_changes_nothing(library,
                                                                              monkeypatch):
    question = "who sorts the transport to hospital after the assessment"
    library.memory = ()
    before = [(h.protocol_id, h.anchor) for h in library.search(question, limit=10).hits]
    monkeypatch.setattr(search_module, "MEMORY_WEIGHT", 1.0)
    library.memory = (Asked(("sort", "transport", "hospit", "assess"),
                            (("gone-protocol", "renamed-section"),), "x"),)
    library.search_cache.__init__()
    assert [(h.protocol_id, h.anchor) for h in library.search(question, limit=10).hits] == \
        before


def test_a_missing_or_unreadable_memory_leaves_search_as_it_was(tmp_path, caplog):
    for name in ("synonyms.txt", "stopwords.txt", "local_contacts.json"):
        (tmp_path / name).write_bytes((paths.resources_dir() / name).read_bytes())
    assert load(tmp_path) == ()
    (tmp_path / memory_module.FILE_NAME).write_bytes(b"\xff\xfe not text")
    assert load(tmp_path) == ()
    assert "search memory not read" in caplog.text
    library = Library.open(Database.in_memory(), [paths.bundled_protocols_dir()], tmp_path)
    assert library.memory == ()
    assert library.search("who can act as an appropriate adult").hits


def test_lines_that_do_not_read_are_skipped():
    text = ("# a comment\n\nno bars at all\n| | |\nnot a label | stem | question\n"
            "Bad#Label | stem | q\naa#who-can | | empty stems\n"
            "appropriate-adult#who-can-act extra#x | who act | who can act\n")
    [entry] = parse(text)
    assert entry.answers == (("appropriate-adult", "who-can-act"), ("extra", "x"))
    assert entry.stems == ("who", "act") and entry.text == "who can act"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_no_memory_file_content_makes_parsing_fail(text):
    for entry in parse(text):
        assert entry.stems and entry.answers


@pytest.fixture(scope="module")
def shared_library():
    return Library.open(Database.in_memory(), [paths.bundled_protocols_dir()],
                        paths.resources_dir())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=30)), max_size=5),
       st.text(max_size=60))
def test_no_memory_makes_a_search_fail(shared_library, labels, question):
    saved = search_module.MEMORY_WEIGHT
    search_module.MEMORY_WEIGHT = 1.0
    try:
        shared_library.memory = parse("".join(f"{a}#{b} | {a} {b} act | q\n"
                                              for a, b in labels))
        shared_library.search_cache.__init__()
        shared_library.search(question or "appropriate adult", limit=5)
    finally:
        search_module.MEMORY_WEIGHT = saved
