"""Leave one set out: does a change hold on questions it was not chosen with?

Seventeen question sets have been written independently and all have been read by now: the 180
(``questions.txt``), the fresh 90 (``questions_fresh.txt``), the round-three blind 90
(``questions_blind3.txt``), the round-four blind 119 (``questions_blind4.txt``), the
round-five blind 119 (``questions_blind5.txt``), round six's two (``questions_blind6.txt``,
119, and ``questions_blind7.txt``, 117), round seven's two (``questions_blind8.txt``, 118,
and ``questions_blind9.txt``, 116), round eight's two (``questions_blind10.txt``, 116,
and ``questions_blind11.txt``, 113), round nine's two (``questions_blind12.txt``, 116, and
``questions_blind13.txt``, 113), round ten's two (``questions_blind14.txt``, 113, and
``questions_blind15.txt``, 112) and round eleven's two (``questions_blind16.txt``, 117, and
``questions_blind17.txt``, 116). A change is kept only if, tuned on all but
one, it does not lower the one left out, and it raises the mean of the held-out figures.

    python -m tests.search_eval --folds          # each set's figures as the code stands
    python -m tests.search_eval --fit            # refit the ranking weights, leave one set out

``--fit`` chooses the weights in ``WEIGHTS`` by coordinate ascent (one weight at a time, a
few multiples of its value, best top-1 plus MRR kept if no set fitted on loses, one pass) on
all sets but one and scores the one left out, for each; then fits on all and prints the
values to write into ``search.py``. The sets are scored through the real search, so what is
fitted is exactly what ships. Later blind sets (``questions_blind18.txt`` and on) are not
read here until they have been scored once: they are the measure, not the material.

Each set's line also says where first places are lost: how often the first hit's protocol
is a right one, and when it is, how often its section is.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from . import FRESH, HERE, bundled_library, evaluate, load_questions

SETS = (("the 180", HERE / "questions.txt"), ("fresh 90", FRESH),
        ("blind-3 90", HERE / "questions_blind3.txt"),
        ("blind-4 119", HERE / "questions_blind4.txt"),
        ("blind-5 119", HERE / "questions_blind5.txt"),
        ("blind-6 119", HERE / "questions_blind6.txt"),
        ("blind-7 117", HERE / "questions_blind7.txt"),
        ("blind-8 118", HERE / "questions_blind8.txt"),
        ("blind-9 116", HERE / "questions_blind9.txt"),
        ("blind-10 116", HERE / "questions_blind10.txt"),
        ("blind-11 113", HERE / "questions_blind11.txt"),
        ("blind-12 116", HERE / "questions_blind12.txt"),
        ("blind-13 113", HERE / "questions_blind13.txt"),
        ("blind-14 113", HERE / "questions_blind14.txt"),
        ("blind-15 112", HERE / "questions_blind15.txt"),
        ("blind-16 117", HERE / "questions_blind16.txt"),
        ("blind-17 116", HERE / "questions_blind17.txt"))
# The weights fitted (module, name): each is a number the ranker already uses.
WEIGHTS = (
    ("search", "ASKED_WEIGHT"), ("search", "BODY_WEIGHT"), ("search", "PROTOCOL_WEIGHT"),
    ("search", "ASKED_FIT"), ("search", "HEADING_FIT"), ("search", "BM25_SHARE"),
    ("search", "OVERVIEW_YIELD"), ("search", "PROXIMITY"), ("search", "SENTENCE_FIT"),
    ("search", "ASK_WEIGHT"), ("query", "SYNONYM_WEIGHT"),
)
STEPS = (0.67, 1.5)     # multiples tried of a weight's current value
PASSES = 1
CAPPED = {"OVERVIEW_YIELD": 1.0, "SYNONYM_WEIGHT": 1.0}   # a share: never above this


@dataclass
class Score:
    count: int
    first: int
    three: int
    reciprocal: float

    @property
    def top1(self) -> float:
        return self.first / self.count

    @property
    def top3(self) -> float:
        return self.three / self.count

    @property
    def mrr(self) -> float:
        return self.reciprocal / self.count

    def __str__(self) -> str:
        return f"{self.top1:6.1%} / {self.top3:6.1%} / {self.mrr:.3f}"


def score(ranks: dict[str, int | None], ids: list[str]) -> Score:
    found = [ranks[i] for i in ids]
    return Score(len(ids), sum(r == 1 for r in found), sum(bool(r and r <= 3) for r in found),
                 sum(1 / r for r in found if r))


def _modules():
    return {name: importlib.import_module(f"commonground.core.protocols.{name}")
            for name in {module for module, _ in WEIGHTS}}


class Scorer:
    """Ranks of every question of the sets under a setting of the weights, cached."""

    def __init__(self):
        self.library = bundled_library()
        self.sets = [(name, load_questions(path)) for name, path in SETS]
        self.questions = [q for _, qs in self.sets for q in qs]
        self.modules = _modules()
        self._cache: dict[tuple, dict[str, int | None]] = {}
        self.protocol_first: dict[tuple, dict[str, bool]] = {}

    def current(self) -> dict[str, float]:
        return {name: getattr(self.modules[module], name) for module, name in WEIGHTS}

    def ranks(self, setting: dict[str, float]) -> dict[str, int | None]:
        key = tuple(sorted(setting.items()))
        if key not in self._cache:
            saved = self.current()
            try:
                self._apply(setting)
                outcomes = evaluate(self.library, self.questions)
                self._cache[key] = {o.question.id: o.rank for o in outcomes}
                self.protocol_first[key] = {o.question.id: o.protocol_first for o in outcomes}
            finally:
                self._apply(saved)
        return self._cache[key]

    def _apply(self, setting: dict[str, float]) -> None:
        for module, name in WEIGHTS:
            if name in setting:
                setattr(self.modules[module], name, setting[name])

    def ids(self, index: int) -> list[str]:
        return [q.id for q in self.sets[index][1]]


def objective(ranks, ids) -> tuple[float, float]:
    s = score(ranks, ids)
    return (s.top1 + s.mrr, s.top3)


def fit(scorer: Scorer, sets: list[list[str]], start: dict[str, float] | None = None,
        log=None) -> dict[str, float]:
    """Coordinate ascent on the question sets ``sets`` (lists of ids): each weight in turn
    takes the multiple of its value that scores best on them together, but only if it lowers
    none of them (the rule a hand change is kept by, so a weight does not move to fit one
    set at another's cost); the current value wins a tie."""
    setting = dict(start or scorer.current())
    pooled = [i for ids in sets for i in ids]

    def judge(ranks):
        return objective(ranks, pooled), [objective(ranks, ids) for ids in sets]

    best, each = judge(scorer.ranks(setting))
    for _ in range(PASSES):
        moved = False
        for _, name in WEIGHTS:
            base = setting[name]
            tried = [round(base * step, 4) for step in STEPS] if base else [0.25, 0.5]
            for value in tried:
                value = min(value, CAPPED.get(name, value))
                if value == setting[name]:
                    continue
                trial = dict(setting, **{name: value})
                result, parts = judge(scorer.ranks(trial))
                if result > best and all(p[0] >= e[0] for p, e in zip(parts, each)):
                    best, each, setting, moved = result, parts, trial, True
                    if log:
                        log(f"    {name} = {value}: {best[0] / 2:.3f}")
        if not moved:
            break
    return setting


def fold_table(scorer: Scorer, setting: dict[str, float]) -> list[str]:
    ranks = scorer.ranks(setting)
    right_protocol = scorer.protocol_first[tuple(sorted(setting.items()))]
    lines, scores = [], []
    for index, (name, questions) in enumerate(scorer.sets):
        ids = scorer.ids(index)
        s = score(ranks, ids)
        scores.append(s)
        protocol = sum(right_protocol[i] for i in ids)
        lines.append(f"  {name:<12} {len(questions):>4}   {s}   protocol first "
                     f"{protocol / len(ids):6.1%}, then section {s.first / protocol:6.1%}")
    lines.append(f"  {'mean':<12} {'':>4}   {_mean(scores)}")
    return lines


def _mean(scores: list[Score]) -> str:
    n = len(scores)
    return (f"{sum(s.top1 for s in scores) / n:6.1%} / {sum(s.top3 for s in scores) / n:6.1%}"
            f" / {sum(s.mrr for s in scores) / n:.3f}")


def folds() -> list[str]:
    scorer = Scorer()
    return ["each set as the code stands: top-1 / top-3 / MRR; how often the first hit's "
            "protocol is right, and when it is, how often its section is",
            *fold_table(scorer, scorer.current())]


def refit(log=print) -> list[str]:
    scorer = Scorer()
    now = scorer.current()
    lines = ["leave one set out: fitted on the others, scored on this one "
             "(top-1 / top-3 / MRR)",
             f"  {'held out':<12} {'as it stands':<26} {'fitted on the others'}"]
    held_now, held_fit = [], []
    for index, (name, _) in enumerate(scorer.sets):
        train = [scorer.ids(j) for j in range(len(scorer.sets)) if j != index]
        log(f"  fitting without {name} ...")
        chosen = fit(scorer, train, now, log)
        before = score(scorer.ranks(now), scorer.ids(index))
        after = score(scorer.ranks(chosen), scorer.ids(index))
        held_now.append(before)
        held_fit.append(after)
        changed = {k: v for k, v in chosen.items() if v != now[k]}
        lines.append(f"  {name:<12} {str(before):<26} {after}   {changed or 'no change'}")
    lines.append(f"  {'mean':<12} {_mean(held_now):<26} {_mean(held_fit)}")
    lines += one_at_a_time(scorer, now)
    log("  fitting on all sets ...")
    final = fit(scorer, [scorer.ids(j) for j in range(len(scorer.sets))], now, log)
    lines.append("fitted on all sets (write these into search.py / query.py if the "
                 "held-out figures above rose):")
    lines += [f"  {name} = {final[name]}" + ("" if final[name] == now[name]
                                             else f"   (now {now[name]})")
              for _, name in WEIGHTS]
    return lines


def one_at_a_time(scorer: Scorer, now: dict[str, float]) -> list[str]:
    """Each weight alone, leave one set out: the value (of the current one and STEPS
    multiples of it) that scores best on the other sets, scored on the one left out. A
    weight "holds" when its choices lower no held-out set and raise their mean top-1 plus
    MRR."""
    lines = ["one weight at a time, leave one set out: chosen on the others, held-out top-1 / "
             "top-3 / MRR (as it stands -> chosen)"]
    sets = [scorer.ids(j) for j in range(len(scorer.sets))]
    for _, name in WEIGHTS:
        values = [now[name]] + [min(round(now[name] * step, 4), CAPPED.get(name, 1e9))
                                for step in STEPS]
        table = {v: scorer.ranks(dict(now, **{name: v})) for v in dict.fromkeys(values)}
        chosen, cells, holds, gain = [], [], True, 0.0
        for index, held in enumerate(sets):
            train = [i for j, ids in enumerate(sets) if j != index for i in ids]
            best = max(table, key=lambda v: (objective(table[v], train), v == now[name]))
            chosen.append(best)
            before, after = objective(table[now[name]], held), objective(table[best], held)
            holds = holds and after[0] >= before[0]
            gain += after[0] - before[0]
            cells.append(f"{score(table[best], held)}")
        verdict = ("no change" if all(v == now[name] for v in chosen)
                   else "holds" if holds and gain > 0 else "does not hold")
        lines.append(f"  {name} {now[name]}: chose {chosen}; {verdict}")
        lines.append("      " + " | ".join(cells))
    return lines
