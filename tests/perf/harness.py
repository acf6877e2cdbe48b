"""Timing, figures, the printed table and the JSON file: everything the benchmarks share.

A figure is a list of samples of our work, optionally beside samples of the floor (the same
work with nothing of ours in the way) measured in the same run, interleaved with it, so a
noisy machine moves both. Its target is a ratio to the floor or an absolute limit on the
median or a percentile. Nothing here imports Qt or the app.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

REPO = Path(__file__).resolve().parents[2]
SCHEMA = "commonground-perf/1"


@dataclass(frozen=True)
class Target:
    """``kind``: 'ratio' (median / floor median), or the statistic limited: 'median', 'p95',
    'p99', 'max'. ``limit`` is in the figure's unit (a plain number for a ratio)."""
    kind: str
    limit: float

    def describe(self, unit: str) -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:g} × floor"
        return f"{self.kind} ≤ {fmt(self.limit, unit)}"


def ratio(limit: float) -> Target:
    return Target("ratio", limit)


def at_most(limit: float, stat: str = "median") -> Target:
    return Target(stat, limit)


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..100): an observed sample, never interpolated."""
    ordered = sorted(samples)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Figure:
    name: str
    samples: list[float]
    unit: str = "ms"                       # 'ms', 's' or 'MB'
    floor: list[float] | None = None
    target: Target | None = None
    tail: str | None = None                # 'p95' or 'p99': shown in the table
    note: str = ""
    skipped: str | None = None             # why it was not measured

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        base = self.floor_median
        return self.median / base if base else None

    def stat(self, name: str) -> float:
        if name == "median":
            return self.median
        if name == "max":
            return max(self.samples)
        if name in ("p95", "p99"):
            return percentile(self.samples, float(name[1:]))
        raise ValueError(f"unknown statistic {name!r}")

    @property
    def result(self) -> str:
        if self.skipped:
            return "skipped"
        if self.target is None:
            return "info"
        value = self.ratio if self.target.kind == "ratio" else self.stat(self.target.kind)
        if value is None or math.isnan(value):
            return "info"
        return "pass" if value <= self.target.limit else "MISS"

    def as_json(self) -> dict:
        out = {"name": self.name, "unit": self.unit, "result": self.result, "note": self.note}
        if self.skipped:
            return {**out, "skipped": self.skipped}
        out.update(samples=[round(s, 4) for s in self.samples], runs=len(self.samples),
                   median=_round(self.median), min=_round(min(self.samples)),
                   max=_round(max(self.samples)), p95=_round(self.stat("p95")),
                   p99=_round(self.stat("p99")))
        if self.floor:
            out["floor"] = {"samples": [round(s, 4) for s in self.floor],
                            "median": _round(self.floor_median)}
            out["ratio"] = _round(self.ratio)
        if self.target:
            out["target"] = {"kind": self.target.kind, "limit": self.target.limit,
                             "text": self.target.describe(self.unit)}
        return out


def _round(value):
    return None if value is None or math.isnan(value) else round(value, 4)


def fmt(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "–"
    if unit == "ms":
        if value >= 1000:
            return f"{value / 1000:.2f} s"
        return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.3g} {unit}"


# ------------------------------------------------------------------- timing
def clock() -> float:
    return time.perf_counter()


def timed(fn: Callable[[], object]) -> float:
    """Milliseconds one call of ``fn`` takes."""
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def interleaved(work: Callable[[], object], floor: Callable[[], object] | None,
                repeat: int, warmup: int = 1) -> tuple[list[float], list[float]]:
    """Run ``work`` and ``floor`` alternately (swapping which goes first each round, so a
    drift in the machine's speed falls on both), discarding ``warmup`` rounds. Returns
    milliseconds: (work samples, floor samples)."""
    work_ms: list[float] = []
    floor_ms: list[float] = []
    for round_number in range(warmup + repeat):
        pair = [("work", work), ("floor", floor)]
        if round_number % 2:
            pair.reverse()
        for kind, fn in pair:
            if fn is None:
                continue
            elapsed = timed(fn)
            if round_number >= warmup:
                (work_ms if kind == "work" else floor_ms).append(elapsed)
    return work_ms, floor_ms


# -------------------------------------------------------------------- output
COLUMNS = ("figure", "runs", "median", "min–max", "tail", "floor (median)", "ratio", "target",
           "result")


def table_rows(figures: Sequence[Figure]) -> list[list[str]]:
    rows = []
    for f in figures:
        if f.skipped:
            rows.append([f.name, "–", "–", "–", "–", "–", "–",
                         f.target.describe(f.unit) if f.target else "–", f"skipped: {f.skipped}"])
            continue
        tail = f"{f.tail} {fmt(f.stat(f.tail), f.unit)}" if f.tail else "–"
        ratio_text = f"{f.ratio:.2f} ×" if f.ratio is not None else "–"
        rows.append([f.name, str(len(f.samples)), fmt(f.median, f.unit),
                     f"{fmt(min(f.samples), f.unit)} – {fmt(max(f.samples), f.unit)}", tail,
                     fmt(f.floor_median, f.unit) if f.floor else "–", ratio_text,
                     f.target.describe(f.unit) if f.target else "–", f.result])
    return rows


def render_table(figures: Sequence[Figure]) -> str:
    """A Markdown table: readable in a terminal and pasteable into the README as it is."""
    rows = [list(COLUMNS)] + table_rows(figures)
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    out = [line(rows[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in rows[1:]]
    notes = [f"- {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(out + ([""] + notes if notes else []))


def machine() -> dict:
    info = {"platform": platform.platform(), "python": sys.version.split()[0],
            "cpus": os.cpu_count(), "sqlite": sqlite3.sqlite_version,
            "qt_platform": os.environ.get("QT_QPA_PLATFORM", "")}
    from importlib import metadata

    try:   # read, not imported: the harness's own tests run in the Qt-free selection
        info["pyside6"] = metadata.version("PySide6-Essentials")
    except metadata.PackageNotFoundError:
        pass
    return info


def git_commit() -> dict:
    """The commit measured (read-only git commands), so files can be compared across commits."""
    def ask(*args):
        try:
            done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                                  timeout=20)
            return done.stdout.strip() if done.returncode == 0 else None
        except (OSError, subprocess.SubprocessError):
            return None
    status = ask("status", "--porcelain", "--untracked-files=no")
    return {"commit": ask("rev-parse", "HEAD"),
            "uncommitted_changes": bool(status) if status is not None else None}


def results_json(figures: Sequence[Figure], options: dict, seconds: float) -> dict:
    return {"schema": SCHEMA, "created": dt.datetime.now().astimezone().isoformat(
                timespec="seconds"),
            **git_commit(), "machine": machine(), "options": options,
            "duration_s": round(seconds, 1), "figures": [f.as_json() for f in figures]}


def write_json(path: Path, data: dict) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


@dataclass
class Settings:
    """What every benchmark is told: how much data, how many runs, where to write."""
    scratch: Path
    rows: int = 100_000
    repeat: int = 7
    quick: bool = False
    log: Callable[[str], None] = field(default=lambda message: print(message, file=sys.stderr,
                                                                      flush=True))
