"""``python -m tests.perf``: run the benchmarks, print the table, optionally write JSON.

    python -m tests.perf                      # everything, 100,000 rows (about 20 minutes)
    python -m tests.perf --quick              # 10,000 rows, fewer runs (a few minutes)
    python -m tests.perf --only start,search --json perf.json
    python -m tests.perf --data-dir /tmp/cg-perf   # keep the generated data for next time

Data is generated with ``commonground demo-data`` in a scratch folder (a new temporary
folder, removed afterwards, unless --data-dir names one to keep); the user's own data
folder is never used.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from .harness import REPO, Figure, Settings, render_table, results_json, write_json

# name -> module; each module has run(settings) -> list[Figure]
BENCHMARKS = {
    "start": "bench_start",
    "search": "bench_search",
    "autosave": "bench_autosave",
    "reports": "bench_reports",
    "pdf": "bench_pdf",
    "sync": "bench_sync",
    "pack": "bench_pack",
    "hostile": "bench_hostile",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.perf", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="10,000 rows and fewer runs, to try the suite in a few minutes")
    parser.add_argument("--rows", type=int, metavar="N",
                        help="reports and incidents to generate (default 100,000; "
                             "10,000 with --quick)")
    parser.add_argument("--repeat", type=int, metavar="N",
                        help="runs of each figure (default 7; 3 with --quick)")
    parser.add_argument("--only", metavar="NAMES",
                        help=f"comma-separated subset of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="scratch folder for generated data, kept afterwards and reused "
                             "by the next run with the same --rows")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    names = [n.strip() for n in (args.only or ",".join(BENCHMARKS)).split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from "
              f"{', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if str(REPO / "desktop") not in sys.path:
        sys.path.insert(0, str(REPO / "desktop"))  # the app, also when not pip-installed
    rows = args.rows or (10_000 if args.quick else 100_000)
    repeat = args.repeat or (3 if args.quick else 7)
    keep = args.data_dir is not None
    scratch = Path(args.data_dir).resolve() if keep else Path(
        tempfile.mkdtemp(prefix="commonground-perf-"))
    scratch.mkdir(parents=True, exist_ok=True)
    settings = Settings(scratch=scratch, rows=rows, repeat=repeat, quick=args.quick)
    started = time.perf_counter()
    figures: list[Figure] = []
    try:
        for name in names:
            figures += run_one(name, settings)
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.perf_counter() - started
    print(render_table(figures))
    print(f"\n{rows:,} rows, {repeat} runs per figure, {seconds / 60:.1f} minutes in all.")
    if args.json:
        write_json(Path(args.json), results_json(
            figures, {"rows": rows, "repeat": repeat, "quick": args.quick, "only": names},
            seconds))
        print(f"Wrote {args.json}")
    return 0


def run_one(name: str, settings: Settings) -> list[Figure]:
    """One benchmark module's figures; a crash becomes a skipped figure, not a lost run."""
    started = time.perf_counter()
    try:
        module = importlib.import_module(f".{BENCHMARKS[name]}", __package__)
        found = module.run(settings)
    except Exception as exc:  # report and carry on with the other benchmarks
        traceback.print_exc()
        found = [Figure(name, [], skipped=f"failed: {exc.__class__.__name__}: {exc}"[:200])]
    settings.log(f"[{name}] {time.perf_counter() - started:.0f} s")
    return found


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    if "PySide6.QtCore" in sys.modules:
        # PySide6 can crash while the interpreter tears down its objects; everything is
        # printed and written by now, so leave without that teardown.
        os._exit(code)
    sys.exit(code)
