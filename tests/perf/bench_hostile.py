"""Hostile files up to the format's size caps, fed to the importer: peak memory and time.

Each file (made by tests/hostile.py, as large as the caps let that case be) is put in an
advisor hub's upward folder and handed to ``engine.import_file`` in a new process, so that
the peak memory is the import's own process (VmHWM on Linux, ru_maxrss elsewhere): the
whole process, interpreter, app and database included. The time is ``import_file`` alone:
reading, checking, refusing or waiting, moving the file aside with its reason, and the
database note, committed.

Floor: reading the same file from disk and hashing it (SHA-256), plus the bookkeeping any
importer must do for a refused file: its reason written beside it (temporary name, fsync,
rename) and one committed row (the app's pragmas, a bare table). It runs in this process,
alternating with the imports. Targets: peak memory under 300 MB for any file; time within
2 × the floor.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from . import data
from .harness import Figure, Settings, at_most, ratio

MB = 1024 * 1024
PASSPHRASE = "a benchmark passphrase"
CHILD = r"""
import json, sys, time
from pathlib import Path
from commonground import syncing
from commonground.context import AppContext
from commonground.core.sync import engine, keys
from commonground.core.timeutil import now_local
from commonground.policy import load_policy


def peak_mb():
    try:
        with open("/proc/self/status") as status:
            return int(status.read().split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        import resource
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kib / (1024 * 1024 if sys.platform == "darwin" else 1024)


hub, policy, path, secret = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]
context = AppContext.open(hub, policy=load_policy(policy))
setup = syncing.make_setup(context, advisor_private=keys.unlock_role_key(
    context.paths.keys, "advisor", secret))
result = engine.SyncResult()
before = peak_mb()
started = time.perf_counter()
engine.import_file(context.db, setup, "upward", path, ("reports", "acknowledgements"),
                   now_local(), result)
took = (time.perf_counter() - started) * 1000
print(json.dumps({"ms": took, "peak": peak_mb(), "before": before,
                  "said": (result.problems + result.lines + [""])[0][:300]}))
"""


def cases(advisor) -> dict[str, bytes]:
    """Each hostile case, as large as the caps let it be."""
    from tests import hostile

    stranger = hostile.Sender("Stranger")
    ward = hostile.Sender("Ward 9 PC")
    biggest = 60 * MB   # under MAX_BUNDLE_BYTES, with room for the zip around it
    record = hostile.lines([hostile.report(hostile.report_data())])
    many = record * min(100_000, biggest // len(record))   # MAX_RECORDS
    bad_last = many[:-len(record)] + b'{"type": "report"}\n'
    full = hostile.bundle("reports", many, ward, to=advisor, method=hostile.STORED)
    return {
        "junk under the next name (60 MB)": hostile.junk(biggest),
        "half-copied bundle (half of 60 MB)": hostile.half_copied(full),
        "prepended junk and a bomb (60 MB)": hostile.prepended_junk(
            hostile.compression_bomb(stranger, 512 * MB), biggest),
        "compression bomb (unpacks to 512 MB)": hostile.compression_bomb(stranger, 512 * MB),
        "compression bomb within the caps (64 MB)": hostile.compression_bomb(
            stranger, 64 * MB - 1, records=1),
        "millions of tiny records (20 million, deflated)": hostile.tiny_records(
            stranger, 20_000_000, declared=1),
        "millions of tiny records (20 million, encrypted)": hostile.bundle(
            "reports", b"{}\n" * 20_000_000, stranger, to=advisor, records=1,
            method=hostile.STORED),
        "deep nesting (100,000 deep)": hostile.deep_nesting(stranger, kind="reports",
                                                           to=advisor),
        "huge sequence (2**70)": hostile.huge_sequence(stranger),
        "NaN and Infinity": hostile.nan_and_infinity(stranger, advisor),
        "over-long text (100,000 characters)": hostile.over_long_text(stranger, advisor),
        "100,000 good reports, the last one bad": hostile.bundle(
            "reports", bad_last, ward, to=advisor, method=hostile.STORED,
            records=bad_last.count(b"\n")),
    }


def make_hub(work: Path) -> tuple[Path, Path, object]:
    from commonground.core.sync import keys

    hub = work / "hub"
    made = keys.create_role_key(hub / "keys", "advisor", PASSPHRASE)
    upward = work / "upward"
    upward.mkdir()
    policy = work / "policy.json"
    policy.write_text(json.dumps({"role": "advisor", "folders": {"upward": str(upward)},
                                  "keys": {"advisor_encryption": made.public}}))
    return hub, policy, keys.load_encryption_public(made.public)


def floor(path: Path, note: Path) -> float:
    """Milliseconds to read the file, hash it, write its reason and commit one row."""
    from commonground.core.storage.atomic import write_bytes_atomic

    started = time.perf_counter()
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(MB), b""):
            digest.update(chunk)
    write_bytes_atomic(note.with_suffix(".reason.txt"), b"Refused: a reason.\n")
    conn = sqlite3.connect(note)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE IF NOT EXISTS seen(name TEXT, sha256 TEXT)")
        with conn:
            conn.execute("INSERT INTO seen VALUES (?, ?)", (path.name, digest.hexdigest()))
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000


def run(settings: Settings) -> list[Figure]:
    work = settings.scratch / "hostile"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    hub, policy, advisor = make_hub(work)
    env = data.app_env()
    settings.log("hostile files: making the corpus at the caps …")
    made = cases(advisor)
    folder = work / "upward"
    keep = work / "originals"
    keep.mkdir()
    figures = []
    for number, (name, content) in enumerate(made.items(), start=1):
        original = keep / f"{number:02d}.zip"
        original.write_bytes(content)
        settings.log(f"hostile: {name} ({len(content) / MB:.1f} MB): {settings.repeat} runs …")
        times, floors, peaks, said = [], [], [], ""
        for round_number in range(settings.repeat + 1):
            target = folder / f"reports_{_uuid(number, round_number)}_00000001.zip"
            shutil.copyfile(original, target)
            order = ["import", "floor"] if round_number % 2 == 0 else ["floor", "import"]
            for step in order:
                if step == "floor":
                    elapsed = floor(original, work / "floor.sqlite3")
                    if round_number:
                        floors.append(elapsed)
                    continue
                done = subprocess.run([sys.executable, "-c", CHILD, str(hub), str(policy),
                                       str(target), PASSPHRASE], env=env, capture_output=True,
                                      text=True, timeout=600)
                if done.returncode != 0:
                    raise RuntimeError(f"{name}: the import crashed:\n{done.stderr[-1500:]}")
                result = json.loads(done.stdout.strip().splitlines()[-1])
                said = result["said"]
                if round_number:
                    times.append(result["ms"])
                    peaks.append(result["peak"])
            for leftover in (target, folder / "rejected" / target.name):
                leftover.unlink(missing_ok=True)
        what = _outcome(said)
        size = f"{len(content) / MB:.1f} MB file; {what}"
        figures.append(Figure(f"hostile: {name}", times, floor=floors, target=ratio(2.0),
                              note=size))
        figures.append(Figure(f"hostile: {name}, peak memory", peaks, unit="MB",
                              target=at_most(300, "max")))
    return figures


def _uuid(number: int, round_number: int) -> str:
    return f"00000000-0000-4000-8000-{number:06d}{round_number:06d}"


def _outcome(said: str) -> str:
    for mark in ("Rejected ", "Not imported yet: ", "Received "):
        if said.startswith(mark):
            reason = said[len(mark):].split(": ", 1)[-1].split(" (moved to")[0]
            return f"{mark.strip(': ').lower()}: {reason[:90]}"
    return said[:100] or "no outcome"


if __name__ == "__main__":  # pragma: no cover - run alone: python -m tests.perf.bench_hostile
    from .harness import render_table
    print(render_table(run(Settings(scratch=Path(os.environ.get("TMPDIR", "/tmp")) /
                                    "cg-hostile", repeat=3))))
