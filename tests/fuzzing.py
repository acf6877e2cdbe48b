"""Figures for the fuzzing in the test run: how many examples each property saw, in what
time. Printed at the end of the run (tests/conftest.py), so CI's log shows the budget kept.

The budget for all of sync's fuzzing together is three minutes of CI; each property has
its own ``max_examples`` sized to keep inside it on a 2-core machine.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

FIGURES: list[tuple[str, int, float]] = []


@contextmanager
def measured(name: str):
    """Count the examples a property runs (``counter[0] += 1`` in it) and time them all."""
    counter = [0]
    started = time.perf_counter()
    try:
        yield counter
    finally:
        FIGURES.append((name, counter[0], time.perf_counter() - started))


def summary() -> list[str]:
    if not FIGURES:
        return []
    total_examples = sum(n for _, n, _ in FIGURES)
    total_seconds = sum(s for _, _, s in FIGURES)
    out = [f"{name}: {examples:,} examples in {seconds:.1f} s"
           for name, examples, seconds in FIGURES]
    out.append(f"all fuzzing: {total_examples:,} examples in {total_seconds:.1f} s "
               "(budget 180 s)")
    return out
