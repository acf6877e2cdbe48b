"""Whether a ranking setting holds on questions it was not chosen on.

``python -m tests.search_eval --cross-check search.PROXIMITY=0,0.25,0.5,0.75,1`` scores every
value of one setting of ``commonground.core.protocols.search`` (or ``query``) on the tuning
questions (the 180 and the fresh 90, all read by now) and reports:

- leave one set out: the value that does best on the 180, scored on the 90, and the other way;
- k-fold: over all 270, the value chosen on four fifths scored on the fifth, for a few
  shuffles, against the setting as it stands.

A value is chosen by top-1, then MRR. Nothing here reads a blind set.
"""

from __future__ import annotations

import importlib
import random

from . import FRESH, bundled_library, evaluate, load_questions

FOLDS = 5
SHUFFLES = (7, 11, 13)


def parse(spec: str) -> tuple[object, str, list[float]]:
    """'search.PROXIMITY=0,0.5' -> (module, 'PROXIMITY', [0.0, 0.5])."""
    target, equals, values = spec.partition("=")
    module_name, dot, name = target.partition(".")
    if not equals or not dot or module_name not in ("search", "query"):
        raise ValueError("expected search.NAME=v1,v2,... or query.NAME=v1,v2,...")
    module = importlib.import_module(f"commonground.core.protocols.{module_name}")
    if not hasattr(module, name):
        raise ValueError(f"{module_name} has no setting {name}")
    current = getattr(module, name)
    cast = type(current) if isinstance(current, (int, float)) else float
    return module, name, [cast(value) for value in values.split(",") if value.strip()]


def _top1(ranks: dict[str, int | None], ids: list[str]) -> float:
    return sum(ranks[i] == 1 for i in ids) / len(ids)


def _mrr(ranks: dict[str, int | None], ids: list[str]) -> float:
    return sum(1 / ranks[i] for i in ids if ranks[i]) / len(ids)


def _best(table: dict, ids: list[str]):
    return max(table, key=lambda value: (_top1(table[value], ids), _mrr(table[value], ids)))


def cross_check(spec: str) -> list[str]:
    module, name, values = parse(spec)
    now = getattr(module, name)
    library = bundled_library()
    tuned, fresh = load_questions(), load_questions(FRESH)
    table = {}
    for value in dict.fromkeys([now, *values]):
        setattr(module, name, value)
        try:
            table[value] = {o.question.id: o.rank for o in evaluate(library, tuned + fresh)}
        finally:
            setattr(module, name, now)
    a, f = [q.id for q in tuned], [q.id for q in fresh]

    def figures(value, ids):
        return f"{_top1(table[value], ids):6.1%} first, MRR {_mrr(table[value], ids):.3f}"

    lines = [f"{name}: as it stands {now}; tried {', '.join(str(v) for v in values)}"]
    for chosen_on, ids, other, label in ((a, "180", f, "90"), (f, "90", a, "180")):
        best = _best(table, chosen_on)
        lines.append(f"  chosen on the {ids}: {best}; on the {label} {figures(best, other)} "
                     f"(as it stands {figures(now, other)})")
    everyone = a + f
    for seed in SHUFFLES:
        shuffled = list(everyone)
        random.Random(seed).shuffle(shuffled)
        chosen, held, stands = [], 0.0, 0.0
        for fold in range(FOLDS):
            test = shuffled[fold::FOLDS]
            kept = set(test)
            best = _best(table, [i for i in shuffled if i not in kept])
            chosen.append(best)
            held += _top1(table[best], test) / FOLDS
            stands += _top1(table[now], test) / FOLDS
        lines.append(f"  {FOLDS}-fold, shuffle {seed}: chose {chosen}; held-out first "
                     f"{held:.1%} (as it stands {stands:.1%})")
    return lines
