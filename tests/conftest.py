"""Shared test set-up: Qt offscreen, and a fresh data folder for every test."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path


def _ward_screen() -> str:
    """Qt's offscreen platform with one screen the size a ward PC leaves a window: 1366x768
    less a 40 px taskbar. (Offscreen's own default is 800x600.)"""
    import json
    import tempfile

    path = Path(tempfile.gettempdir()) / "commonground-test-screen-1366x728.json"
    if not path.exists():
        temporary = path.with_name(f"{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps({"screens": [{"name": "Ward PC", "x": 0, "y": 0,
                                                      "width": 1366, "height": 728,
                                                      "logicalDpi": 96, "dpr": 1}]}),
                             encoding="utf-8")
        os.replace(temporary, path)
    return f"offscreen:configfile={path}"


os.environ.setdefault("QT_QPA_PLATFORM", _ward_screen())

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "desktop"))

from commonground import paths  # noqa: E402
from commonground.core.protocols.library import Library  # noqa: E402
from commonground.core.storage.db import Database  # noqa: E402


def with_new_version(text: str, version: str, note: str = "A local change.") -> str:
    """A protocol text given a new version number and, as FORMAT.md asks, a history entry."""
    text = re.sub(r"^version: .*$", f"version: {version}", text, count=1, flags=re.M)
    if (re.fullmatch(r"\d+(\.\d+)*", version) and f"\n### Version {version}" not in text
            and "\n## Version history\n" in text):
        text = text.replace("\n## Version history\n", f"\n## Version history\n\n### Version "
                            f"{version}\n\n**Other changes:**\n\n- {note}\n", 1)
    return text


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """Every test gets its own data folder; nothing touches the real profile."""
    folder = tmp_path / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def bundled_library() -> Library:
    db = Database.in_memory()
    return Library.open(db, [paths.bundled_protocols_dir()], paths.resources_dir())


@pytest.fixture
def protocol_dir(tmp_path) -> Path:
    """A writable copy of the bundled protocols."""
    target = tmp_path / "protocols"
    shutil.copytree(paths.bundled_protocols_dir(), target)
    return target


def run_cli(*args: str, data_dir: Path | None = None, timeout: int = 120):
    import subprocess

    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "desktop") + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    if data_dir is not None:
        env[paths.DATA_DIR_ENV] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "commonground", *args], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def pytest_terminal_summary(terminalreporter):
    """The fuzzing figures (examples and seconds per property), for CI's log."""
    from tests import fuzzing

    lines = fuzzing.summary()
    if lines:
        terminalreporter.section("fuzzing")
        for line in lines:
            terminalreporter.write_line(line)
