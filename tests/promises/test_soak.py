"""A shift's typing in one process: the window must live, remember every character, and
not grow.

The soak runs in a child process: PySide6 6.12.0 on Python 3.11 aborted the interpreter
("Fatal Python error: none_dealloc") a few hundred keystrokes into a report, and an abort
inside pytest would end the whole run instead of failing this test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow
KEYSTROKES = int(os.environ.get("COMMONGROUND_SOAK_KEYSTROKES", "20000"))


def test_twenty_thousand_keystrokes_in_every_kind_of_field_lose_nothing(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    done = subprocess.run(
        [sys.executable, "-m", "tests.promises.soak_form", "--keystrokes", str(KEYSTROKES),
         "--data-dir", str(tmp_path / "data")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, (
        f"the soak process ended with code {done.returncode}; last output:\n"
        f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"soak: {result['keystrokes']} keystrokes in {result['seconds']} s, resident memory "
          f"{result['rss_warm_kib'] // 1024} -> {result['rss_end_kib'] // 1024} MiB "
          f"(+{result['rss_growth_mib']} MiB), Python {result['python']}, "
          f"PySide6 {result['pyside6']}")
    assert result["keystrokes"] >= KEYSTROKES
    assert result["problems"] == {}
