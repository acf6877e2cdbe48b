"""One writer per data folder: every command takes the window's lock, waits for another
command, or hands its work to the open window; a killed holder never blocks anyone.

Found: `sync`, `import`, `demo-data` and the other commands opened the database without the
window's lock, so two processes wrote at once (the WAL-reset race fixed in SQLite 3.51.3
needs exactly that). These tests use real processes: a lock holder in a child process, the
command as a child process, kill -9 of a holder mid-write, and a real window.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from commonground import cli, paths, writer
from commonground.cli import handoff
from commonground.context import AppContext
from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# One invocation of every command that opens the data folder (a test checks the list
# against the parser, so a new command cannot slip past the lock).
COMMANDS = {
    "search": ["search", "aa"], "protocols list": ["protocols", "list"],
    "demo-data": ["demo-data", "--incidents", "1"], "reports list": ["reports", "list"],
    "reports pdf": ["reports", "pdf", "CG-X", "-o", "x.pdf"], "cases list": ["cases", "list"],
    "cases pdf": ["cases", "pdf", "C-1", "-o", "x.pdf"], "sync": ["sync"],
    "export": ["export", "--kind", "deidentified", "--to", "."], "import": ["import", "x.zip"],
    "keys show": ["keys", "show"], "keys create": ["keys", "create", "--role", "advisor"],
    "pack build": ["pack", "build", "--from", ".", "--version", "1", "-o", "."],
    "meeting-pack": ["meeting-pack", "--from", "2026-01-01", "--to", "2026-02-01", "-o", "x"],
    "committee-csv": ["committee-csv", "--kind", "s136", "--from", "2026-01-01", "--to",
                      "2026-02-01", "-o", "."],
    "actions list": ["actions", "list"],
    "check s136-clock": ["check", "s136-clock", "--arrived", "2026-03-28 22:10"],
    "check police-station": ["check", "police-station", "--imminent-risk", "yes"],
    "check appropriate-adult": ["check", "appropriate-adult", "--relationship", "ward_staff"],
    "check awol": ["check", "awol", "--section", "s3", "--start", "2026-01-01",
                   "--absent-from", "2026-06-20"],
    "check police-need": ["check", "police-need", "--list"],
    "check prosecution-limit": ["check", "prosecution-limit", "--offence-date", "2026-08-31"],
    "check notice": ["check", "notice", "--assessment", "2026-12-29 10:00"],
}


def leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words = f"{prefix} {name}".strip()
                found += leaf_commands(sub, words) or [words]
    return found


def test_the_list_covers_every_command_but_selftest():
    assert sorted(leaf_commands(cli.build_parser())) == sorted([*COMMANDS, "selftest"])


def test_every_argument_naming_a_file_or_folder_is_made_absolute_for_the_window():
    def actions(parser):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from actions(sub)
            else:
                yield action
    named = {action.dest for action in actions(cli.build_parser())
             if action.metavar in ("FILE", "DIR") or action.dest == "path"}
    assert named <= handoff.PATH_ARGUMENTS


HOLDER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {desktop!r})
    from pathlib import Path
    from commonground import writer
    lock = writer.WriterLock(Path({root!r}), "the command `test-holder`")
    assert lock.try_acquire()
    print("locked", flush=True)
    time.sleep(float(sys.argv[1]))
    lock.release()
    print("released", flush=True)
""")


def hold(root: Path, seconds: float) -> subprocess.Popen:
    root.mkdir(parents=True, exist_ok=True)
    child = subprocess.Popen([sys.executable, "-c", HOLDER.format(
        desktop=str(REPO / "desktop"), root=str(root)), str(seconds)],
        stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    return child


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_waits_for_the_lock_and_does_nothing_without_it(name, data_dir,
                                                                      tmp_path, capsys,
                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    holder = hold(data_dir, 60)
    try:
        assert cli.main(["--wait", "0", *COMMANDS[name]]) == handoff.EXIT_BUSY
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert "the command `test-holder` (process" in err
    assert "is still using the data folder" in err and "did nothing" in err
    assert not (data_dir / paths.DATABASE_NAME).exists()


def test_a_command_says_whom_it_waits_for_then_runs(data_dir):
    holder = hold(data_dir, 1.5)
    started = time.monotonic()
    result = run_cli("demo-data", "--incidents", "3", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started > 1.0
    assert "commonground: waiting for the command `test-holder` (process " \
           f"{holder.pid}" in result.stderr
    assert "Added 3 fictional reports" in result.stdout
    holder.wait(10)


def test_a_lock_left_by_a_process_killed_with_sigkill_is_free_at_once(data_dir):
    holder = hold(data_dir, 60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(10)
    result = run_cli("--wait", "0", "reports", "list", data_dir=data_dir)
    assert result.returncode == 0 and "waiting" not in result.stderr, result.stderr


def test_a_writer_killed_mid_write_leaves_the_next_one_a_whole_database(data_dir):
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"), **{paths.DATA_DIR_ENV:
                                                                str(data_dir)})
    child = subprocess.Popen([sys.executable, "-m", "commonground", "demo-data",
                              "--incidents", "200000"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    assert os.read(child.stderr.fileno(), 1) == b"\r"   # the first batch is written
    time.sleep(0.2)
    child.send_signal(signal.SIGKILL)
    assert child.wait(10) == -signal.SIGKILL
    listed = run_cli("--wait", "0", "reports", "list", "--limit", "5", data_dir=data_dir)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "No reports."   # the killed transaction left nothing
    with sqlite3.connect(data_dir / paths.DATABASE_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    more = run_cli("--wait", "0", "demo-data", "--incidents", "2", data_dir=data_dir)
    assert more.returncode == 0, more.stderr


# ------------------------------------------------------------------- the window's side

@pytest.fixture
def window_side(data_dir, qapp):
    """This test process as the open window: the lock, the channel and its database."""
    from commonground.ui.single_instance import SingleInstance

    data_paths = paths.prepare_data_dir(data_dir)
    instance = SingleInstance(data_paths)
    assert instance.acquire()
    context = AppContext.open(data_dir)
    instance.set_runner(lambda request, reply: cli.serve_request(request, context, reply))
    yield instance, context
    instance.release()
    context.close()


def test_a_command_runs_in_the_open_window_and_prints_its_result(window_side, data_dir,
                                                                  tmp_path, qtbot):
    instance, context = window_side
    finished = []
    instance.command_finished.connect(lambda command, code: finished.append((command, code)))
    made = run_cli("demo-data", "--incidents", "4", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    assert "Added 4 fictional reports" in made.stdout
    assert "Common Ground is open for this data folder (process " \
           f"{os.getpid()}); the command runs in its window." in made.stderr
    assert context.db.query_one("SELECT COUNT(*) FROM reports")[0] == 4
    listed = json.loads(run_cli("reports", "list", "--json", data_dir=data_dir).stdout)
    reference = next(row["reference"] for row in listed if row["reference"])
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"),
               **{paths.DATA_DIR_ENV: str(data_dir)})
    pdf = subprocess.run([sys.executable, "-m", "commonground", "reports", "pdf", reference,
                          "-o", "mine.pdf"], cwd=work, env=env, capture_output=True, text=True)
    assert pdf.returncode == 0, pdf.stderr
    assert (work / "mine.pdf").read_bytes().startswith(b"%PDF")   # where the command was
    qtbot.waitUntil(lambda: len(finished) == 3)
    assert finished[-1] == (f"reports pdf {reference} -o mine.pdf", 0)


def test_a_passphrase_comes_from_the_command_not_the_window(window_side, data_dir,
                                                            monkeypatch):
    monkeypatch.delenv("COMMONGROUND_PASSPHRASE", raising=False)
    refused = run_cli("keys", "create", "--role", "advisor", data_dir=data_dir)
    assert refused.returncode == 1
    assert "a passphrase is needed: set COMMONGROUND_PASSPHRASE" in refused.stderr
    monkeypatch.setenv("COMMONGROUND_PASSPHRASE", "a long enough passphrase")
    made = run_cli("keys", "create", "--role", "advisor", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    assert (data_dir / "keys" / "advisor-encryption.key").exists()


def test_a_terminal_answers_the_windows_question(window_side, data_dir):
    asked = []

    def answer(prompt):
        asked.append(prompt)
        return "a long enough passphrase"
    out, err = [], []
    code = writer.run_in_holder(data_dir, {
        "argv": ["keys", "create", "--role", "committee"], "cwd": ".", "env": {},
        "version": cli.__version__}, out=out.append, err=err.append, answer=answer)
    assert code == 0, err
    assert asked == ["New passphrase for the committee key: ", "Type it again: "]
    assert "Made the committee signing key." in "".join(out)


def test_the_window_refuses_another_version_and_selftest(window_side, data_dir):
    out, err = [], []
    request = {"argv": ["reports", "list"], "cwd": ".", "env": {}, "version": "0.0.1"}
    code = writer.run_in_holder(data_dir, request, out=out.append, err=err.append,
                                answer=lambda prompt: None)
    assert code == handoff.EXIT_BUSY and "close the window" in "".join(err)
    code = writer.run_in_holder(data_dir, {**request, "argv": ["selftest"],
                                           "version": cli.__version__},
                                out=out.append, err=err.append, answer=lambda prompt: None)
    assert code == 2 and "selftest cannot run inside the open window" in "".join(err)


def test_a_window_not_ready_for_commands_makes_them_wait(window_side, data_dir):
    instance, _ = window_side
    instance.set_runner(None)
    result = run_cli("--wait", "1", "reports", "list", data_dir=data_dir)
    assert result.returncode == handoff.EXIT_BUSY
    assert "the window (process" in result.stderr


# ------------------------------------------------------------------------ a real window

def test_a_scheduled_sync_runs_while_the_window_is_open_all_day(data_dir, tmp_path):
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"role": "frontline", "site": "North",
                                  "folders": {"upward": str(tmp_path / "up")}}), "utf-8")
    (tmp_path / "up").mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"), QT_QPA_PLATFORM="offscreen",
               COMMONGROUND_POLICY=str(policy), **{paths.DATA_DIR_ENV: str(data_dir)})
    window = subprocess.Popen([sys.executable, "-m", "commonground"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            holder = writer.read_holder(data_dir)
            if holder and holder.what == "the window" and holder.pid == window.pid \
                    and holder.address:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the window did not start")
        result = subprocess.run([sys.executable, "-m", "commonground", "sync"], env=env,
                                capture_output=True, text=True, timeout=120)
        assert "the command runs in its window" in result.stderr, result.stderr
        assert "Sync:" in result.stdout and result.returncode in (0, 1)
        second = subprocess.run([sys.executable, "-m", "commonground"], env=env,
                                capture_output=True, text=True, timeout=60)
        assert "its window was brought forward" in second.stdout
    finally:
        window.send_signal(signal.SIGKILL)
        window.wait(10)
    after = run_cli("--wait", "0", "reports", "list", data_dir=data_dir)
    assert after.returncode == 0 and "waiting" not in after.stderr


def test_a_command_that_only_prints_its_help_opens_no_data_folder(data_dir, capsys):
    holder = hold(data_dir, 60)
    try:
        assert cli.main(["--wait", "0", "reports"]) == 0
    finally:
        holder.kill()
        holder.wait()
    assert "ACTION" in capsys.readouterr().out
