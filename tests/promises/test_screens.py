"""Every window and dialog of every role fits an old ward PC's screen, and every control is
named, reachable by keyboard and readable.

Each screen size runs in a child process whose Qt platform is ``offscreen`` with one
configured screen of that logical size (``screen_walk.py`` opens everything on it):

- 1366x728 and 1024x728: 1366x768 and 1024x768 less a 40 px taskbar;
- 1280x680: 1920x1080 at 150%, less the taskbar;
- 960x500: 1920x1080 at 200%; here every control must at least be reachable by scrolling.

Budget: about a minute and a half of CI on two cores (two walks at a time).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.promises import controls as harness

pytestmark = pytest.mark.slow

SCREENS = (("1366x728", "fit"), ("1024x728", "fit"), ("1280x680", "fit"), ("960x500", "reach"))


def screen_config(folder: Path, size: str) -> Path:
    width, height = (int(n) for n in size.split("x"))
    path = folder / f"screen-{size}.json"
    path.write_text(json.dumps({"screens": [{"name": f"Screen {size}", "x": 0, "y": 0,
                                             "width": width, "height": height,
                                             "logicalDpi": 96, "dpr": 1}]}), encoding="utf-8")
    return path


def walk(folder: Path, templates: Path, size: str, mode: str) -> dict:
    env = dict(os.environ, PYTHONFAULTHANDLER="1",
               QT_QPA_PLATFORM=f"offscreen:configfile={screen_config(folder, size)}")
    # Names, Tab and contrast do not change with the screen: checked once, on the first.
    a11y = [] if size == SCREENS[0][0] else ["--no-a11y"]
    done = subprocess.run(
        [sys.executable, "-m", "tests.promises.screen_walk", "--mode", mode, *a11y,
         "--templates", str(templates), "--work", str(folder / f"work-{size}")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (f"the walk at {size} ended with code {done.returncode}:\n"
                                  f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("screens")
    made = harness.make_template(root)
    (root / "policies.json").write_text(json.dumps({role: text for role, (_f, text)
                                                    in made.items()}), encoding="utf-8")
    return root


def test_every_window_of_every_role_fits_each_screen_and_is_accessible(templates, tmp_path):
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda screen: walk(tmp_path, templates, *screen), SCREENS))
    failures = []
    for result in results:
        print(f"\n{result['screen']} ({result['mode']}): {len(result['windows'])} windows and "
              f"dialogs, {result['presses']} presses, {result['tab_stops']} Tab stops, "
              f"{result['seconds']} s")
        for window in result["windows"]:
            print(f"  checked: {window}")
        for problem, where in sorted(result["problems"].items()):
            failures.append(f"{result['screen']}: {problem}  [{where[0]}"
                            f"{f' and {len(where) - 1} more' if len(where) > 1 else ''}]")
    for line in failures:
        print(f"  PROBLEM {line}")
    assert failures == []
    assert all(len(result["windows"]) >= 30 for result in results)
    assert results[0]["tab_stops"] > 1000   # the keyboard walk really went round
