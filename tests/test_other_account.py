"""A data folder made by another account, without the README's permission step.

Found with two accounts: `selftest` passed for the account that could not write the
database; `sync` and `demo-data` then crashed with "attempt to write a readonly database";
and that account left -wal/-shm files behind, after which the first account failed too.

Run as root, the second account is a real one (the commands run as `nobody`); otherwise
the same account meets a read-only database in a read-only folder. Every command must say
so in one line, with an exit code, and leave nothing behind.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from commonground import paths
from tests.conftest import REPO, run_cli
from tests.test_writer import COMMANDS

NOBODY = 65534


def _second_python() -> str | None:
    """A Python of this version that another account can run (this one may live in a
    private home folder), with this environment's packages on its path."""
    candidate = "/usr/bin/python3"
    try:
        found = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return None
    return candidate if found == str(tuple(sys.version_info[:2])) else None


AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0 and _second_python() is not None
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX accounts")


@pytest.fixture
def shared(tmp_path_factory):
    """A folder every account can reach (pytest's own is private to its account)."""
    base = Path(tempfile.mkdtemp(prefix="cg-accounts-"))
    os.chmod(base, 0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def made_by_first_account(base: Path, folder_writable_by_all: bool) -> Path:
    data = base / "data"
    made = run_cli("demo-data", "--incidents", "5", data_dir=data)
    assert made.returncode == 0, made.stderr
    os.chmod(base / "data", 0o777 if folder_writable_by_all else 0o755)
    for path in data.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    if not AS_ROOT:   # the same account, but nothing here is writable any more
        for path in [*data.rglob("*"), data]:
            os.chmod(path, 0o555 if path.is_dir() else 0o444)
    return data


def as_second_account(*args: str, data: Path, cwd: Path) -> subprocess.CompletedProcess:
    python, path = sys.executable, str(REPO / "desktop")
    if AS_ROOT:
        python = _second_python()
        path += os.pathsep + sysconfig.get_paths()["purelib"]
    env = dict(os.environ, PYTHONPATH=path, PYTHONIOENCODING="utf-8", HOME=str(cwd),
               PYTHONDONTWRITEBYTECODE="1", **{paths.DATA_DIR_ENV: str(data)})

    def drop():
        if AS_ROOT:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
    return subprocess.run([python, "-m", "commonground", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120, preexec_fn=drop)


def listing(data: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(data)): (p.stat().st_uid, p.stat().st_size)
            for p in data.rglob("*") if p.is_file()}


@pytest.mark.parametrize("writable_folder", [False, True] if AS_ROOT else [False])
def test_every_command_says_in_one_line_that_it_cannot_write_and_leaves_nothing(
        shared, writable_folder):
    data = made_by_first_account(shared, writable_folder)
    work = shared / "work"
    work.mkdir()
    os.chmod(work, 0o777)
    before = listing(data)
    for name, argv in {**COMMANDS, "selftest": ["selftest", "--no-gui"]}.items():
        result = as_second_account(*argv, data=data, cwd=work)
        assert result.returncode != 0, (name, result.stdout)
        output = result.stdout + result.stderr
        assert "Traceback" not in output and "readonly database" not in output, (name, output)
        problem = [line for line in output.splitlines()
                   if line.startswith(("commonground:", "FAIL"))]
        assert problem, (name, output)
        assert "cannot write" in problem[0] or "cannot create files in" in problem[0], \
            (name, problem)
        assert "Ask IT" in problem[0] and str(data) in problem[0], (name, problem)
    assert listing(data) == before     # no -wal, -shm or lock files of the second account


def test_selftest_fails_for_the_account_that_cannot_write_the_database(shared):
    data = made_by_first_account(shared, writable_folder := AS_ROOT)
    work = shared / "work"
    work.mkdir()
    os.chmod(work, 0o777)
    result = as_second_account("selftest", "--no-gui", data=data, cwd=work)
    assert result.returncode == 1
    assert "selftest FAILED" in result.stdout
    [line] = [line for line in result.stdout.splitlines() if line.startswith("FAIL")][:1]
    assert line.startswith("FAIL  data folder: Common Ground cannot write") or \
        line.startswith("FAIL  data folder: Common Ground cannot create files in"), line
    assert writable_folder is AS_ROOT


@pytest.mark.skipif(not AS_ROOT, reason="needs a second account")
def test_the_first_account_still_works_after_the_second_tried(shared):
    data = made_by_first_account(shared, True)
    work = shared / "work"
    work.mkdir()
    os.chmod(work, 0o777)
    as_second_account("sync", data=data, cwd=work)
    as_second_account("demo-data", "--incidents", "1", data=data, cwd=work)
    leftovers = [p.name for p in data.rglob("*") if p.stat().st_uid == NOBODY]
    assert leftovers == []
    again = run_cli("demo-data", "--incidents", "1", data_dir=data)
    assert again.returncode == 0, again.stderr


def test_a_folder_probe_is_real_not_a_permission_bit_guess(tmp_path, monkeypatch):
    # On Windows os.access(W_OK) ignores folder ACLs; the check creates and removes a file.
    root = paths.prepare_data_dir(tmp_path / "data").root
    made = []
    real_open = os.open

    def spy(path, flags, *args):
        if flags & os.O_CREAT and flags & os.O_EXCL:
            made.append(Path(path).parent)
        return real_open(path, flags, *args)
    monkeypatch.setattr(os, "open", spy)
    paths.prepare_data_dir(root)
    assert root in made and root / "logs" in made and root / "backups" in made
    assert not [p for p in root.rglob(".write-test*")]
    assert stat.S_ISDIR(root.stat().st_mode)


@pytest.mark.skipif(not AS_ROOT, reason="needs a second account")
def test_selftest_names_a_shared_folder_the_second_account_cannot_write(shared):
    data = shared / "own-data"
    data.mkdir()
    os.chmod(data, 0o777)
    upward, downward = shared / "upward", shared / "downward"
    for folder in (upward, downward):
        folder.mkdir()
        os.chmod(folder, 0o755)                   # only the first account may write them
    policy = shared / "policy.json"
    policy.write_text('{"role": "frontline", "folders": {"upward": "%s", "downward": "%s"}}'
                      % (upward, downward), "utf-8")
    os.chmod(policy, 0o644)
    work = shared / "work"
    work.mkdir()
    os.chmod(work, 0o777)
    result = as_second_account("--policy", str(policy), "selftest", "--no-gui", data=data,
                               cwd=work)
    assert result.returncode == 1, result.stdout
    assert f"FAIL  sync folder upward: this account (nobody) cannot create and remove files " \
           f"in {upward} (Permission denied), and this computer sends through it. Ask IT to " \
           "give it Modify rights" in result.stdout
    assert f"ok    sync folder downward: {downward}: readable; this account cannot create " \
           "files there (Permission denied)" in result.stdout      # it only reads there
    assert "ok    database:" in result.stdout
