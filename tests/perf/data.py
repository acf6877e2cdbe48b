"""The benchmarks' data: made with ``commonground demo-data`` in a scratch folder, never in the
user's data folder.

Two data folders, each made once per run (or reused from ``--data-dir`` when its marker
says it was made the same way):

* ``reports-N``: N fictional reports made on this computer, a few taken through cases,
  the role set (frontline, so start-up asks nothing), the demo's stale drafts discarded (a
  ward PC offers its few drafts at start; a thousand would open a dialog instead of the
  search box), and today's daily backup already taken (so start-up does not copy the file).
* ``committee-N``: N de-identified incidents as the committee receives them, with
  acknowledgements, cases of note, meetings and an action log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .harness import REPO, Settings

PREPARED = 4          # bump when the preparation below changes
MARKER = "perf-dataset.json"
CASES = 40


def app_env(data_dir: Path | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "desktop") + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("COMMONGROUND_POLICY", None)   # the machine's policy must not steer the run
    if data_dir is not None:
        env["COMMONGROUND_DATA_DIR"] = str(data_dir)
    return env


def demo_data(data_dir: Path, *args: str) -> None:
    command = [sys.executable, "-m", "commonground", "--data-dir", str(data_dir), "demo-data",
               *args]
    done = subprocess.run(command, env=app_env(data_dir), cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[2:])} failed:\n{done.stderr[-2000:]}")


def _ready(folder: Path, recipe: dict) -> bool:
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8")) == recipe
    except (OSError, ValueError):
        return False


def _fresh(folder: Path) -> None:
    import shutil

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def reports(settings: Settings) -> Path:
    """The data folder with ``settings.rows`` reports of this computer's own."""
    folder = settings.scratch / f"reports-{settings.rows}"
    recipe = {"kind": "reports", "rows": settings.rows, "cases": CASES, "prepared": PREPARED}
    if _ready(folder, recipe):
        _prepare_reports(folder)  # cheap when nothing changed; undoes an interrupted run
        return folder
    _fresh(folder)
    started = time.perf_counter()
    settings.log(f"making {settings.rows:,} reports with demo-data in {folder} …")
    demo_data(folder, "--incidents", str(settings.rows), "--cases", str(CASES), "--role",
              "frontline")
    _prepare_reports(folder)
    settings.log(f"  done in {time.perf_counter() - started:.0f} s")
    (folder / MARKER).write_text(json.dumps(recipe), encoding="utf-8")
    return folder


def _prepare_reports(folder: Path) -> None:
    sys.path.insert(0, str(REPO / "desktop"))
    from commonground import paths
    from commonground.core import roles
    from commonground.core.records import reports as incidents
    from commonground.core.storage import backups
    from commonground.core.storage.db import Database

    data_paths = paths.prepare_data_dir(folder)
    db = Database.open(data_paths.database, backup_dir=data_paths.backups)
    try:
        roles.set_role(db, "frontline", "benchmark", "benchmark set-up")
        with db.transaction():
            for row in db.query("SELECT id FROM reports WHERE status = 'draft'"):
                incidents.discard_draft(db, row["id"])
        db.checkpoint()
        backups.daily_backup(db, data_paths.backups)
    finally:
        db.close()


def committee(settings: Settings) -> Path:
    """The data folder of a committee install holding ``settings.rows`` incidents."""
    folder = settings.scratch / f"committee-{settings.rows}"
    recipe = {"kind": "committee", "rows": settings.rows, "prepared": PREPARED}
    if _ready(folder, recipe):
        return folder
    _fresh(folder)
    started = time.perf_counter()
    settings.log(f"making {settings.rows:,} de-identified incidents with demo-data "
                 f"--committee in {folder} …")
    demo_data(folder, "--incidents", str(settings.rows), "--committee")
    settings.log(f"  done in {time.perf_counter() - started:.0f} s")
    (folder / MARKER).write_text(json.dumps(recipe), encoding="utf-8")
    return folder


def database(folder: Path) -> Path:
    return folder / "commonground.sqlite3"
