"""Soak: type tens of thousands of keystrokes into the real report forms in one process.

    python -m tests.promises.soak_form --keystrokes 20000 [--seed 1] [--data-dir DIR]

Prints one JSON line at the end: keystrokes sent, resident memory after a warm-up and at
the end, and every field where the saved draft differs from what is on screen. Exits 0
only if the process lived, every form's draft holds exactly what was typed, and memory
stayed flat. The test runs it in a child process so that a native abort (as PySide6 6.12.0
on Python 3.11 gave: "Fatal Python error: none_dealloc") fails the test instead of
killing pytest.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from tests.promises import form_driver as fd

WARM_UP = 2000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keystrokes", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--max-growth-mib", type=float, default=40.0)
    args = parser.parse_args(argv)
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="cg-soak-"))

    app = fd.QApplication.instance() or fd.QApplication([])
    context, forms = fd.open_forms(folder)
    typists = [fd.Typist(form, args.seed + index) for index, form in enumerate(forms.values())]
    started = time.monotonic()
    warm_rss = 0
    total = 0
    reported = 0
    while total < args.keystrokes:
        for typist in typists:
            typist.step()
        total = sum(t.keys for t in typists)
        fd.pump()
        if total // 1000 > reported:
            reported = total // 1000
            print(f"soak: {total} keystrokes, {fd.rss_kib() // 1024} MiB", file=sys.stderr,
                  flush=True)
        if not warm_rss and total >= WARM_UP:
            warm_rss = fd.rss_kib()
    for form in forms.values():
        form.flush()
    fd.pump(50)
    problems = {}
    for key, form in forms.items():
        if form.report_id is None:
            problems[key] = ["no draft was saved"]
            continue
        diff = fd.differences(fd.saved_draft(context, form.report_id), form.collect())
        if diff:
            problems[key] = diff
    end_rss = fd.rss_kib()
    growth_mib = (end_rss - warm_rss) / 1024 if warm_rss and end_rss else 0.0
    result = {"keystrokes": total, "seconds": round(time.monotonic() - started, 1),
              "rss_warm_kib": warm_rss, "rss_end_kib": end_rss,
              "rss_growth_mib": round(growth_mib, 1), "problems": problems,
              "python": sys.version.split()[0], "pyside6": _pyside_version()}
    print(json.dumps(result), flush=True)
    context.close()
    del app
    return 0 if not problems and growth_mib <= args.max_growth_mib else 1


def _pyside_version() -> str:
    import PySide6
    return PySide6.__version__


if __name__ == "__main__":
    sys.exit(main())
