"""The search evaluation's question set is sound: every label names a real section, the split
is the one drawn once, and no question was copied into the protocols as an "asked as" phrase."""

from __future__ import annotations

from collections import Counter

from commonground import paths
from commonground.core.protocols.files import load_directory
from tests.search_eval import (
    HELD_BACK_SHARE,
    PARTS,
    load_questions,
    load_split,
    make_split,
)

PERSONAS = {"ward nurse", "ED nurse", "police officer", "custody sergeant", "AMHP", "advisor"}
NOT_ANSWERS = ("references", "version-history", "about-this-protocol")


def bundled_sections() -> dict[tuple[str, str], str]:
    protocols, problems = load_directory(paths.bundled_protocols_dir())
    assert not problems
    return {(p.id, s.anchor): s.heading for p in protocols for s in p.sections()}


def test_there_are_enough_questions_from_every_persona():
    questions = load_questions()
    assert len(questions) >= 150
    by_persona = Counter(q.persona for q in questions)
    assert set(by_persona) == PERSONAS
    assert min(by_persona.values()) >= 20, by_persona


def test_every_label_names_a_section_that_search_can_answer_with():
    sections = bundled_sections()
    wrong = [(q.id, f"{pid}#{anchor}") for q in load_questions() for pid, anchor in q.answers
             if (pid, anchor) not in sections or anchor.startswith(NOT_ANSWERS)
             or anchor.startswith("version-")]
    assert not wrong, wrong


def test_no_question_is_asked_twice():
    texts = Counter(" ".join(q.text.casefold().split()) for q in load_questions())
    assert [text for text, count in texts.items() if count > 1] == []


def test_the_split_is_the_one_drawn_once_and_holds_back_a_third():
    questions = load_questions()
    split = load_split()
    assert set(split) == {q.id for q in questions}
    assert set(split.values()) == set(PARTS)
    # The file is the draw with the fixed seed: not re-drawn, not edited by hand to move a
    # question from one part to the other.
    assert split == make_split([q.id for q in questions])
    held = sum(1 for part in split.values() if part == "held-back")
    assert abs(held - len(split) * HELD_BACK_SHARE) <= 1


def test_search_keeps_what_the_tuning_part_measured():
    """A guard against a synonym or phrase edit that quietly breaks answers: the tuning
    part's figures when this was written (85.8% first, 93.3% in the top three), less one
    question's worth. The held-back part is not asserted here, so no one tunes against it."""
    from tests.search_eval import bundled_library, evaluate, summarise

    split = load_split()
    tuning = [q for q in load_questions() if split[q.id] == "tuning"]
    total, _, _ = summarise(evaluate(bundled_library(), tuning))
    assert total.top1 >= 0.85 - 1 / len(tuning), total.top1
    assert total.top3 >= 0.93 - 1 / len(tuning), total.top3
