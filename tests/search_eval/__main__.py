"""``python -m tests.search_eval``: section-level top-1, top-3 and MRR of protocol search.

    python -m tests.search_eval                    # the tuning part, every miss listed
    python -m tests.search_eval --part held-back   # the held-back part: figures only
    python -m tests.search_eval --part held-back --reveal   # ... and its misses (at the end)
    python -m tests.search_eval --part all --json figures.json

A question is answered first (top-1) when the first hit is one of its acceptable sections,
in the top three when one of them is among the first three, and its reciprocal rank is
1/rank of the first acceptable section within the first ten hits (0 beyond). The held-back
part's misses stay hidden unless asked for with --reveal: looking at them while tuning would
turn it into a second tuning part.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "desktop"))

from . import (  # noqa: E402
    PARTS,
    Figures,
    bundled_library,
    evaluate,
    load_questions,
    load_split,
    make_split,
    summarise,
    write_split,
)


def row(label: str, figures: Figures) -> str:
    return (f"  {label:<34} {figures.count:>4}   {figures.top1:6.1%}   {figures.top3:6.1%}"
            f"   {figures.mrr:5.3f}")


def print_figures(name: str, outcomes, show_misses: bool) -> dict:
    total, by_protocol, by_persona = summarise(outcomes)
    print(f"\n{name}: {total.count} questions")
    print(f"  {'':<34} {'n':>4}   {'top-1':>6}   {'top-3':>6}   {'MRR':>5}")
    print(row("all", total))
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.search_eval",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=PARTS + ("all",), default="tuning")
    parser.add_argument("--reveal", action="store_true",
                        help="list the held-back part's misses too (only when tuning is done)")
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    parser.add_argument("--make-split", action="store_true",
                        help="draw the split (once, when the questions are first written)")
    args = parser.parse_args(argv)

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
        show = part == "tuning" or args.reveal
        report[part] = print_figures(part, evaluate(library, chosen), show)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
