"""``resources/search_memory.txt`` from the question sets read so far (``folds.SETS``).

    python -m tests.search_eval --write-memory

Each question as search reads it (``query.read_as`` against the bundled library) with every
section that answers it. Only read sets go in: a blind set joins once it has been scored.
The repository's tests check that the shipped file is what this writes.
"""

from __future__ import annotations

from pathlib import Path

from . import bundled_library, load_questions
from .folds import SETS


def memory_entries():
    from commonground.core.protocols.memory import Asked
    from commonground.core.protocols.query import parse_query, read_as

    library = bundled_library()
    with library.db.use() as conn:
        state = library.search_cache.state(conn)
        vocabulary, weights = state.vocabulary(conn), state.phrase_weights(conn)
    entries = []
    for _, path in SETS:
        for question in load_questions(path):
            parsed = parse_query(question.text, library.thesaurus, vocabulary)
            stems = read_as(parsed, weights.phrases_with)
            if stems:
                entries.append(Asked(tuple(stems), tuple(question.answers), question.text))
    return entries


HEADER = ("# Questions asked before, and the sections that answer them (see\n"
          "# core/protocols/memory.py). Written by `python -m tests.search_eval --write-memory`\n"
          "# from the evaluation's read question sets; do not edit by hand. One a line:\n"
          "# sections | stems | question.\n")


def memory_text() -> str:
    from commonground.core.protocols.memory import dump

    return HEADER + dump(memory_entries())


def write_memory(resources: Path) -> Path:
    from commonground.core.protocols.memory import FILE_NAME

    target = resources / FILE_NAME
    temporary = target.with_suffix(".tmp")
    temporary.write_text(memory_text(), encoding="utf-8")
    temporary.replace(target)
    return target


def choose_memory(weights=(0.0, 0.5, 1.0, 2.0), nearest=(3, 5, 10)) -> list[str]:
    """Leave one set out. Each set is scored under a memory made of the other sets only, for
    each weight and number of neighbours; for each set left out, the choice is the one whose
    such scores on the other sets (each under the memory without it) are best together
    (top-1 plus MRR pooled; off wins a tie), and it is scored on the set left out. No
    question is ever scored by a memory holding it."""
    import itertools

    from commonground.core.protocols import search

    from . import evaluate
    from .choose import held_out_rows
    from .folds import score

    library = bundled_library()
    entries = memory_entries()
    questions = [(name, load_questions(path)) for name, path in SETS]
    ids = [[q.id for q in qs] for _, qs in questions]
    owner = {q.text: j for j, (_, qs) in enumerate(questions) for q in qs}
    choices = [(0.0, nearest[0])] + [c for c in itertools.product(weights, nearest) if c[0]]
    ranks: dict[tuple, dict[str, int | None]] = {choice: {} for choice in choices}
    saved = (search.MEMORY_WEIGHT, search.NEAREST, library.memory)
    try:
        for held, (_, qs) in enumerate(questions):
            library.memory = tuple(e for e in entries if owner.get(e.text) != held)
            library.search_cache.__init__()
            for choice in choices:
                search.MEMORY_WEIGHT, search.NEAREST = choice
                ranks[choice].update((o.question.id, o.rank) for o in evaluate(library, qs))
    finally:
        search.MEMORY_WEIGHT, search.NEAREST, library.memory = saved
        library.search_cache.__init__()
    lines = ["leave one set out: each set scored under a memory of the other sets; the weight "
             "and neighbours chosen on the other sets, scored on the one left out "
             "(top-1 / top-3 / MRR)",
             f"  {'held out':<13} {'memory off':<26} {'chosen on the others':<26} choice"]
    lines += held_out_rows([name for name, _ in questions], ids, ranks, choices[0],
                           show=lambda c: f"weight {c[0]}, nearest {c[1]}", what="the memory")
    every = [i for part in ids for i in part]
    lines.append("each choice, every set scored under a memory without it, top-1 per set:")
    for choice in choices:
        lines.append(f"  weight {choice[0]:<4} nearest {choice[1]:<3} {score(ranks[choice], every)}"
                     "   " + " ".join(f"{score(ranks[choice], part).top1:6.1%}" for part in ids))
    return lines
