"""``python -m tests.search_eval``: section-level top-1, top-3 and MRR of protocol search.

    python -m tests.search_eval                    # the tuning part, every miss listed
    python -m tests.search_eval --part held-back   # the first round's held-back part
    python -m tests.search_eval --part all         # both parts, and the 180 together
    python -m tests.search_eval --check-labels     # every label names a section (no text shown)
    python -m tests.search_eval --fresh            # the fresh set: figures only (once, at the end)
    python -m tests.search_eval --fresh --reveal   # ... and its misses
    python -m tests.search_eval --fresh FILE       # another held-back set in the same format
    python -m tests.search_eval --part all --json figures.json
    python -m tests.search_eval --cross-check search.PROXIMITY=0,0.5,1   # does a setting hold?
    python -m tests.search_eval --folds            # the seventeen read sets, each on its own
    python -m tests.search_eval --fit              # refit the ranking weights, leave one set out
    python -m tests.search_eval --choose-naming    # the named-protocol rule, leave one set out
    python -m tests.search_eval --choose search.SIMILARITY=0,1,2   # one setting, the same way
    python -m tests.search_eval --write-memory     # resources/search_memory.txt from the read sets

A question is answered first (top-1) when the first hit is one of its acceptable sections,
in the top three when one of them is among the first three, and its reciprocal rank is
1/rank of the first acceptable section within the first ten hits (0 beyond).

The first round's held-back part has been read since, so both parts of questions.txt are
tuning questions now and every miss is listed. The fresh set (questions_fresh.txt) is the
held-back set of the second round; --fresh FILE scores any other set written the same way
(a blind set kept outside the repository, or ``questions_blind*.txt`` once one is added). A
held-back set is scored once, when tuning stops, and its misses are shown only with
--reveal. Looking at them while tuning would make it one more tuning set.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "desktop"))

from . import (  # noqa: E402
    FRESH,
    PARTS,
    QUESTIONS,
    Figures,
    blind_sets,
    bundled_library,
    evaluate,
    load_questions,
    load_split,
    make_split,
    summarise,
    write_split,
    wrong_labels,
)


def row(label: str, figures: Figures) -> str:
    return (f"  {label:<34} {figures.count:>4}   {figures.top1:6.1%}   {figures.top3:6.1%}"
            f"   {figures.mrr:5.3f}")


def print_figures(name: str, outcomes, show_misses: bool) -> dict:
    total, by_protocol, by_persona = summarise(outcomes)
    print(f"\n{name}: {total.count} questions")
    print(f"  {'':<34} {'n':>4}   {'top-1':>6}   {'top-3':>6}   {'MRR':>5}")
    print(row("all", total))
    print("  " + total.loss())
    print("  by protocol (of the first acceptable section)")
    for key in sorted(by_protocol):
        print(row("  " + key, by_protocol[key]))
    print("  by persona")
    for key in sorted(by_persona):
        print(row("  " + key, by_persona[key]))
    misses = [o for o in outcomes if o.rank != 1]
    if show_misses:
        print(f"\n  misses ({len(misses)}): rank of the first right section, then what came first")
        for outcome in misses:
            q = outcome.question
            rank = f"#{outcome.rank}" if outcome.rank else "not in 10"
            print(f"  {q.id} [{q.persona}] {q.text!r}: {rank}")
            print(f"      wanted: {', '.join(f'{p}#{a}' for p, a in q.answers)}")
            for pid, anchor, heading in outcome.top:
                print(f"      got:    {pid}#{anchor}  ({heading})")
    elif misses:
        print(f"  ({len(misses)} misses not shown: --reveal shows them)")
    return {"questions": total.count, "top1": round(total.top1, 4),
            "top3": round(total.top3, 4), "mrr": round(total.mrr, 4),
            "misses": [o.question.id for o in misses]}


def check_labels(extra: Path | None = None) -> int:
    """Whether every label of every question file (and of ``extra``) names a section search
    can answer with. Only ids and labels are printed, so a blind set can be checked by
    someone who must not read it."""
    failed = False
    paths = [QUESTIONS, FRESH, *blind_sets()]
    if extra is not None and extra.resolve() not in {p.resolve() for p in paths}:
        paths.append(extra)
    for path in paths:
        questions = load_questions(path)
        wrong = wrong_labels(questions)
        labels = sum(len(q.answers) for q in questions)
        print(f"{path.name}: {len(questions)} questions, {labels} labels, "
              f"{len(wrong)} naming no answerable section")
        for qid, label in wrong:
            print(f"  {qid}: {label}")
        failed = failed or bool(wrong)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.search_eval",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=PARTS + ("all",), default="tuning")
    parser.add_argument("--fresh", nargs="?", const=FRESH, type=Path, metavar="FILE",
                        help="score a held-back set instead (once, when tuning is done): "
                             f"FILE, or {FRESH.name} when none is named")
    parser.add_argument("--reveal", action="store_true",
                        help="with --fresh: list its misses too")
    parser.add_argument("--check-labels", action="store_true",
                        help="check that every label of every question file (and of "
                             "--fresh FILE) names a section search can answer with; prints "
                             "ids and labels, never questions")
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    parser.add_argument("--cross-check", metavar="MODULE.NAME=V1,V2", action="append",
                        help="score each value of a search or query setting chosen on one "
                             "question set on the other, and five-fold over both (repeatable)")
    parser.add_argument("--folds", action="store_true",
                        help="figures for each of the seventeen sets read so far (the "
                             "180, the fresh 90, the blind sets of rounds three to eleven): "
                             "the held-out folds")
    parser.add_argument("--fit", action="store_true",
                        help="refit the ranking weights on all sets but one, score the one "
                             "left out, each way; then fit on all and print the values")
    parser.add_argument("--choose-naming", action="store_true",
                        help="round five's named-protocol rule, each kind of name and weight "
                             "chosen on all read sets but one and scored on that one")
    parser.add_argument("--choose-memory", action="store_true",
                        help="the memory of questions asked before, made of all read sets but "
                             "one, its weight chosen on them and scored on that one")
    parser.add_argument("--write-memory", action="store_true",
                        help="write resources/search_memory.txt from the read question sets")
    parser.add_argument("--choose", metavar="MODULE.NAME=V1,V2",
                        help="one setting of the ranking chosen on all read sets but one and "
                             "scored on that one, each way (the first value is the baseline)")
    parser.add_argument("--make-split", action="store_true",
                        help="draw the split (once, when the questions are first written)")
    args = parser.parse_args(argv)

    if args.check_labels:
        return check_labels(args.fresh)
    if args.choose_naming:
        from .choose import choose_naming

        print("\n".join(choose_naming()))
        return 0
    if args.folds or args.fit:
        from .folds import folds, refit

        print("\n".join(refit() if args.fit else folds()))
        return 0
    if args.choose_memory:
        from .memory_file import choose_memory

        print("\n".join(choose_memory()))
        return 0
    if args.write_memory:
        from commonground import paths

        from .memory_file import write_memory

        print(f"wrote {write_memory(paths.resources_dir())}")
        return 0
    if args.choose:
        from .choose import choose_setting

        try:
            print("\n".join(choose_setting(args.choose)))
        except ValueError as exc:
            parser.error(f"--choose {args.choose}: {exc}")
        return 0
    if args.cross_check:
        from .crosscheck import cross_check

        for spec in args.cross_check:
            try:
                print("\n".join(cross_check(spec)))
            except ValueError as exc:
                parser.error(f"--cross-check {spec}: {exc}")
        return 0
    if args.fresh:
        try:
            fresh = load_questions(args.fresh)
        except OSError as exc:
            parser.error(f"cannot read {args.fresh}: {exc.strerror or exc}")
        except ValueError as exc:
            parser.error(str(exc))
        wrong = wrong_labels(fresh)
        if wrong:
            parser.error(f"{args.fresh.name}: {len(wrong)} labels name no answerable section "
                         f"(first: {wrong[0][0]} {wrong[0][1]}); "
                         "--check-labels --fresh FILE lists them")
        name = "fresh" if args.fresh == FRESH else args.fresh.name
        report = {name: print_figures(name, evaluate(bundled_library(), fresh), args.reveal)}
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return 0

    questions = load_questions()
    if args.make_split:
        from . import SPLIT
        if SPLIT.exists():
            parser.error("the split is made once; it exists already")
        write_split(make_split([q.id for q in questions]))
        print(f"wrote {SPLIT}")
        return 0
    split = load_split()
    unsplit = [q.id for q in questions if q.id not in split]
    if unsplit:
        parser.error(f"questions not in split.txt: {', '.join(unsplit)}")

    library = bundled_library()
    report = {}
    for part in (PARTS if args.part == "all" else (args.part,)):
        chosen = [q for q in questions if split[q.id] == part]
        report[part] = print_figures(part, evaluate(library, chosen), True)
    if args.part == "all":
        total, _, _ = summarise(evaluate(library, questions))
        print(f"\nall {total.count} together")
        print(row("all", total))
        report["all"] = {"questions": total.count, "top1": round(total.top1, 4),
                         "top3": round(total.top3, 4), "mrr": round(total.mrr, 4)}
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
