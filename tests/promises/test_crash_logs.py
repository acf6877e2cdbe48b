"""A crash leaves evidence for IT and nothing of what was typed.

A real window with a report full of marker strings meets a bug whose message quotes the
whole report, a failed task whose file name is a person's name, then a native crash
(SIGSEGV). The draft must be saved before the error is reported, the dialog must name the
log file, the log and the native crash log must say where it happened, and no file in the
log folder may hold a single marker.
"""

import json
import os
import subprocess
import sys

import pytest

from commonground.core.records import reports
from commonground.core.storage.db import Database
from tests.conftest import REPO
from tests.promises.crash_child import MARKERS

pytestmark = pytest.mark.slow


def test_a_crash_saves_the_draft_logs_where_and_leaks_nothing_typed(tmp_path):
    data_dir = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "desktop"), str(REPO)])
    child = subprocess.run([sys.executable, "-m", "tests.promises.crash_child", str(data_dir)],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert child.returncode != 0, "the native crash did not happen"
    found = json.loads(child.stdout.strip().splitlines()[-1])

    assert found["draft"] is not None, "the draft was not saved before the error report"
    assert found["draft"]["narrative"] == MARKERS["narrative"]
    [dialog] = [d for d in found["dialogs"] if "unexpected problem" in d]
    log_file = data_dir / "logs" / "commonground.log"
    assert str(log_file) in dialog

    leaked = {}
    for path in (data_dir / "logs").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            for name, marker in MARKERS.items():
                for piece in (marker, marker.split()[0]):
                    if piece in text:
                        leaked.setdefault(path.name, []).append(name)
    assert leaked == {}

    log_text = log_file.read_text(encoding="utf-8")
    assert "unexpected error" in log_text and "ValueError (message withheld" in log_text
    assert "broken_validate" in log_text                   # where it happened
    assert "Report PDF failed: OSError (ENOSPC: No space left on device)" in log_text
    native = (data_dir / "logs" / "native-crash.log").read_text(encoding="utf-8")
    assert "Segmentation fault" in native and "crash_child.py" in native


    db = Database.open(data_dir / "commonground.sqlite3")
    try:
        [draft] = reports.drafts(db)
        assert draft.data["reporter_name"] == MARKERS["reporter_name"]
    finally:
        db.close()
