"""Leave one set out over a few discrete choices: is a new kind of rule worth keeping?

``--choose search.NAME=v1,v2,...`` does it for one setting of the ranking (round six's
``SIMILARITY``): each value is scored on every read set; for each set left out, the value that
scores best on the others (top-1 plus MRR pooled; the first value listed, meant to be "off",
wins a tie) is scored on the one left out. A setting holds when those held-out figures lower
no set below the first value and raise their mean.

Round five's rule (a protocol named outright chooses the protocol, ``core/protocols/naming``)
has two things to choose: which kinds of name to read from the front matter, and how much a
named protocol's sections gain. Each choice (every combination, and the rule off) is scored
on the read sets; for each set left out, the choice that scores best on the others
(top-1 plus MRR pooled; off wins a tie) is scored on the one left out. The rule holds when
those held-out figures lower no set below the rule off and raise their mean.

    python -m tests.search_eval --choose-naming
"""

from __future__ import annotations

import importlib
from itertools import combinations

from . import bundled_library, evaluate, load_questions
from .crosscheck import parse
from .folds import SETS, Score, _mean, score

KINDS = ("title", "brackets", "sections", "initials")
WEIGHTS = (0.1, 0.25, 0.5, 1.0)


def _modules():
    return (importlib.import_module("commonground.core.protocols.naming"),
            importlib.import_module("commonground.core.protocols.search"))


def choices() -> list[tuple[str, frozenset[str], float]]:
    found = [("off", frozenset(), 0.0)]
    for size in range(1, len(KINDS) + 1):
        for kinds in combinations(KINDS, size):
            for weight in WEIGHTS:
                found.append((f"{'+'.join(kinds)} @ {weight}", frozenset(kinds), weight))
    return found


def choose_naming(log=print) -> list[str]:
    naming, search = _modules()
    saved = (naming.KINDS, search.NAMED_WEIGHT)
    library = bundled_library()
    sets = [(name, load_questions(path)) for name, path in SETS]
    questions = [q for _, qs in sets for q in qs]
    ids = [[q.id for q in qs] for _, qs in sets]
    ranks = {}
    try:
        for label, kinds, weight in choices():
            naming.KINDS, search.NAMED_WEIGHT = kinds, weight
            library.search_cache.__init__()          # the names are read once per state
            ranks[label] = {o.question.id: o.rank for o in evaluate(library, questions)}
    finally:
        naming.KINDS, search.NAMED_WEIGHT = saved
        library.search_cache.__init__()
    log(f"  scored {len(ranks)} choices")

    lines = ["leave one set out: the naming rule chosen on the other sets, scored on the one "
             "left out (top-1 / top-3 / MRR)",
             f"  {'held out':<13} {'rule off':<26} {'chosen on the others':<26} choice"]
    lines += held_out_rows([name for name, _ in sets], ids, ranks, "off")
    every = [i for part in ids for i in part]
    lines.append("each choice on all the sets (top-1 / top-3 / MRR), best first:")
    for label in sorted(ranks, key=lambda lb: -sum(score(ranks[lb], p).top1 for p in ids))[:12]:
        lines.append(f"  {label:<40} {score(ranks[label], every)}   per set top-1: "
                     + " ".join(f"{score(ranks[label], p).top1:6.1%}" for p in ids))
    return lines


def choose_setting(spec: str, log=print) -> list[str]:
    """Leave one set out over the values of one setting ("search.SIMILARITY=0,1,2")."""
    module, name, values = parse(spec)
    saved = getattr(module, name)
    library = bundled_library()
    sets = [(label, load_questions(path)) for label, path in SETS]
    questions = [q for _, qs in sets for q in qs]
    ids = [[q.id for q in qs] for _, qs in sets]
    ranks = {}
    try:
        for value in values:
            setattr(module, name, value)
            ranks[value] = {o.question.id: o.rank for o in evaluate(library, questions)}
    finally:
        setattr(module, name, saved)
    off = values[0]
    lines = [f"leave one set out: {name} chosen on the other sets, scored on the one left out "
             "(top-1 / top-3 / MRR)",
             f"  {'held out':<13} {f'{name} = {off}':<26} {'chosen on the others':<26} value"]
    lines += held_out_rows([label for label, _ in sets], ids, ranks, off, what="the setting")
    lines.append("each value on each set, top-1 (top-3):")
    for value in values:
        lines.append(f"  {name} = {value:<6} " + "  ".join(
            f"{score(ranks[value], part).top1:6.1%} ({score(ranks[value], part).top3:6.1%})"
            for part in ids))
    return lines


def held_out_rows(names, ids, ranks, off, show=str, what="the rule") -> list[str]:
    """The held-out table's rows: for each set, the choice that scores best on the other sets
    (top-1 plus MRR pooled; ``off`` wins a tie) scored on it; then the mean, and whether the
    choice holds (it lowers no set's first places below ``off`` and raises the mean)."""
    lines: list[str] = []
    before: list[Score] = []
    after: list[Score] = []
    for held, name in enumerate(names):
        pooled = [i for j, part in enumerate(ids) if j != held for i in part]

        def aim(choice, pooled=pooled):
            s = score(ranks[choice], pooled)
            return (s.top1 + s.mrr, choice == off)

        best = max(ranks, key=aim)
        before.append(score(ranks[off], ids[held]))
        after.append(score(ranks[best], ids[held]))
        lines.append(f"  {name:<13} {str(before[-1]):<26} {str(after[-1]):<26} {show(best)}")
    lines.append(f"  {'mean':<13} {_mean(before):<26} {_mean(after)}")
    holds = (all(a.top1 >= b.top1 for a, b in zip(after, before))
             and sum(a.top1 + a.mrr for a in after) > sum(b.top1 + b.mrr for b in before))
    lines.append(f"  {what} {'holds' if holds else 'does not hold'}")
    return lines
