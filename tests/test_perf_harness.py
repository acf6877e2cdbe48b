"""The benchmark suite's own machinery (tests/perf) works, so it cannot silently rot.

No timing is asserted here: only that figures are computed, judged, printed and written.
"""

import json
import sys
import types

import pytest

from tests.perf import __main__ as perf
from tests.perf.harness import (
    Figure,
    at_most,
    interleaved,
    percentile,
    ratio,
    render_table,
    results_json,
)


def test_percentiles_are_observed_samples():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 95) == 95.0
    assert percentile(samples, 99) == 99.0
    assert percentile([3.0], 95) == 3.0


def test_work_and_floor_alternate_and_the_warm_up_is_discarded():
    calls = []
    work, floor = interleaved(lambda: calls.append("w"), lambda: calls.append("f"),
                              repeat=3, warmup=1)
    assert len(work) == len(floor) == 3
    assert calls == ["w", "f", "f", "w", "w", "f", "f", "w"]  # who goes first alternates


def test_figures_are_judged_against_their_targets():
    assert Figure("r", [2.0, 2.0, 2.0], floor=[1.0, 1.0], target=ratio(1.5)).result == "MISS"
    assert Figure("r", [1.2], floor=[1.0], target=ratio(1.5)).result == "pass"
    tail = Figure("t", [1.0] * 99 + [50.0], target=at_most(10.0, "p99"), tail="p99")
    assert tail.result == "pass" and tail.stat("max") == 50.0
    assert Figure("m", [11.0], target=at_most(10.0, "max")).result == "MISS"
    assert Figure("i", [1.0]).result == "info"
    assert Figure("s", [], target=ratio(2), skipped="no frozen build").result == "skipped"


def test_the_table_and_json_hold_every_figure():
    figures = [Figure("search", [1.0, 2.0, 3.0], floor=[0.5, 0.5], target=at_most(10, "p95"),
                      tail="p95", note="144 sections"),
               Figure("memory", [110.0], unit="MB", floor=[55.0], target=ratio(1.5)),
               Figure("frozen", [], target=ratio(1.5), skipped="no frozen build")]
    table = render_table(figures)
    assert table.splitlines()[0].startswith("| figure")
    assert "| search" in table and "p95 3.00 ms" in table and "4.00 ×" in table
    assert "110 MB" in table and "2.00 ×" in table and "MISS" in table
    assert "skipped: no frozen build" in table and "- search: 144 sections" in table
    data = json.loads(json.dumps(results_json(figures, {"rows": 10}, 1.0)))
    by_name = {f["name"]: f for f in data["figures"]}
    assert by_name["search"]["median"] == 2.0 and by_name["search"]["floor"]["median"] == 0.5
    assert by_name["memory"]["result"] == "MISS" and by_name["frozen"]["result"] == "skipped"
    assert data["machine"]["cpus"] and data["options"] == {"rows": 10}


def test_the_suite_runs_a_benchmark_and_writes_its_results(tmp_path, monkeypatch, capsys):
    def run(settings):
        work, floor = interleaved(lambda: sum(range(100)), lambda: sum(range(100)),
                                  settings.repeat)
        return [Figure(f"trivial ({settings.rows} rows)", work, floor=floor,
                       target=ratio(1000))]
    monkeypatch.setitem(sys.modules, "tests.perf.bench_trivial",
                        types.SimpleNamespace(run=run))
    monkeypatch.setitem(perf.BENCHMARKS, "trivial", "bench_trivial")
    out = tmp_path / "perf.json"
    assert perf.main(["--only", "trivial", "--quick", "--json", str(out),
                      "--data-dir", str(tmp_path / "scratch")]) == 0
    printed = capsys.readouterr().out
    assert "| trivial (10000 rows) | 3" in printed and "pass" in printed
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["figures"][0]["runs"] == 3 and written["options"]["quick"] is True


def test_a_failing_benchmark_becomes_a_skipped_figure(tmp_path, monkeypatch, capsys):
    def run(settings):
        raise RuntimeError("no data")
    monkeypatch.setitem(sys.modules, "tests.perf.bench_broken",
                        types.SimpleNamespace(run=run))
    monkeypatch.setitem(perf.BENCHMARKS, "broken", "bench_broken")
    assert perf.main(["--only", "broken", "--data-dir", str(tmp_path)]) == 0
    assert "skipped: failed: RuntimeError: no data" in capsys.readouterr().out


def test_unknown_benchmarks_are_refused(capsys):
    assert perf.main(["--only", "nonsense"]) == 2
    assert "unknown benchmark" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(perf.BENCHMARKS))
def test_every_benchmark_module_imports_and_has_run(name):
    import importlib

    module = importlib.import_module(f"tests.perf.{perf.BENCHMARKS[name]}")
    assert callable(module.run)
