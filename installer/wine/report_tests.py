"""The same tests on Linux and under Windows Python, side by side (installer/check_wine.sh).

    python3 report_tests.py LINUX.xml "Linux label" WINDOWS.xml "Windows label"

Reads the two runs' JUnit XML (pytest --junitxml) and prints collected, passed, failed,
errors and skipped for each, then every skip with its reason, every failure with the first
line of its message, and the tests that only one run collected. Exit code 1 if either run
failed a test, had an error, or left no XML (it ended early, e.g. on a hang).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

OUTCOMES = ("passed", "failed", "errors", "skipped")


def outcomes(path: Path) -> dict[str, tuple[str, str]]:
    """{test: (outcome, message)} from one JUnit XML file."""
    found: dict[str, tuple[str, str]] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        test = f"{case.get('classname', '')}::{case.get('name', '')}"
        outcome, message = "passed", ""
        for kind, name in (("skipped", "skipped"), ("failure", "failed"), ("error", "errors")):
            node = case.find(kind)
            if node is not None:   # a later kind wins: an error in teardown beats a pass
                outcome = name
                message = (node.get("message") or node.text or "").strip()
        found[test] = (outcome, message)
    return found


def first_line(text: str, width: int = 160) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= width else line[:width - 3] + "..."


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    runs: list[tuple[str, dict[str, tuple[str, str]] | None]] = []
    for path, label in ((Path(argv[0]), argv[1]), (Path(argv[2]), argv[3])):
        try:
            runs.append((label, outcomes(path)))
        except (OSError, ET.ParseError) as exc:
            print(f"{label}: no test results in {path} ({exc}); the run ended early, see its log")
            runs.append((label, None))
    (linux_label, linux), (windows_label, windows) = runs
    print(f"{'':12}{'Linux':>10}{'Windows':>10}    Linux: {linux_label}; Windows: {windows_label}")

    def count(run, outcome=None):
        if run is None:
            return "-"
        return str(len(run) if outcome is None else
                   sum(1 for got, _ in run.values() if got == outcome))
    for outcome in (None, *OUTCOMES):
        print(f"  {outcome or 'collected':10}{count(linux, outcome):>10}"
              f"{count(windows, outcome):>10}")
    bad = 0
    for label, run in (("Windows", windows), ("Linux", linux)):
        if run is None:
            bad += 1
            continue
        for outcome, title in (("skipped", "Skipped"), ("failed", "FAILED"),
                               ("errors", "ERROR")):
            tests = sorted(test for test, (got, _) in run.items() if got == outcome)
            if outcome != "skipped":
                bad += len(tests)
            if tests:
                print(f"{title} on {label} ({len(tests)}):")
                for test in tests:
                    print(f"  {test}: {first_line(run[test][1])}")
    if linux is not None and windows is not None:
        for label, one, other in (("Linux", linux, windows), ("Windows", windows, linux)):
            only = sorted(set(one) - set(other))
            if only:
                print(f"Collected on {label} only ({len(only)}):")
                for test in only:
                    print(f"  {test}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
