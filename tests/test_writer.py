"""One writer per data folder: every command takes the window's lock, waits for another
command, or hands its work to the open window; a killed holder never blocks anyone.

Found: `sync`, `import`, `demo-data` and the other commands opened the database without the
window's lock, so two processes wrote at once (the WAL-reset race fixed in SQLite 3.51.3
needs exactly that). These tests use real processes: a lock holder in a child process, the
command as a child process, kill -9 of a holder mid-write, and a real window. They run on
Windows too (the lock is LockFileEx there, the channel a named pipe), where Popen.kill()
is TerminateProcess, Windows' kill -9.
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

# One invocation of every command that opens the data folder (a test checks the list
# against the parser, so a new command cannot slip past the lock).
COMMANDS = {
    "search": ["search", "aa"], "protocols list": ["protocols", "list"],
    "demo-data": ["demo-data", "--incidents", "1"], "reports list": ["reports", "list"],
    "reports pdf": ["reports", "pdf", "CG-X", "-o", "x.pdf"], "cases list": ["cases", "list"],
    "cases pdf": ["cases", "pdf", "C-1", "-o", "x.pdf"], "sync": ["sync"],
    "export": ["export", "--kind", "deidentified", "--to", "."], "import": ["import", "x.zip"],
    "keys show": ["keys", "show"], "keys create": ["keys", "create", "--role", "advisor"],
    "keys pending": ["keys", "pending"], "keys rotate": ["keys", "rotate"],
    "keys approve": ["keys", "approve", "0" * 8 + "-0000-0000-0000-" + "0" * 12,
                     "abcd abcd abcd abcd abcd"],
    "keys revoke": ["keys", "revoke", "abcd abcd abcd abcd abcd"],
    "keys link": ["keys", "link", "a", "b"],
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
    "contacts list": ["contacts", "list"],
    "contacts add": ["contacts", "add", "--role", "R", "--organisation", "O", "--hours", "H"],
    "contacts change": ["contacts", "change", "abc"],
    "contacts confirm": ["contacts", "confirm", "abc"],
    "contacts remove": ["contacts", "remove", "abc"],
    "members list": ["members", "list"],
    "members add-seat": ["members", "add-seat", "--agency", "police", "--title", "T"],
    "members appoint": ["members", "appoint", "1", "--name", "N", "--role", "R"],
    "members vacate": ["members", "vacate", "1"],
    "training list": ["training", "list"],
    "training add": ["training", "add", "--date", "2026-01-01", "--topic", "T"],
    "training period": ["training", "period", "90"],
    "training intake": ["training", "intake", "--date", "2026-01-01", "--site", "S",
                        "--agency", "health", "--role", "nurse", "--starters", "3"],
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
    if sys.argv[1] == "until-told":
        sys.stdin.readline()
    else:
        time.sleep(float(sys.argv[1]))
    lock.release()
    print("released", flush=True)
""")


def hold(root: Path, seconds: float | str) -> subprocess.Popen:
    """A child process holding the folder's lock for ``seconds``, or "until-told" (a line
    on its stdin)."""
    root.mkdir(parents=True, exist_ok=True)
    child = subprocess.Popen([sys.executable, "-c", HOLDER.format(
        desktop=str(REPO / "desktop"), root=str(root)), str(seconds)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
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
    # The holder lets go only once the command has said it waits: a fixed hold raced the
    # command's own start-up, which under Wine on a busy machine outlasted it.
    holder = hold(data_dir, "until-told")
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"), PYTHONIOENCODING="utf-8",
               **{paths.DATA_DIR_ENV: str(data_dir)})
    command = subprocess.Popen([sys.executable, "-m", "commonground", "demo-data",
                                "--incidents", "3"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        said = command.stderr.readline()
        assert "commonground: waiting for the command `test-holder` (process " \
               f"{holder.pid}" in said
        assert command.poll() is None and not list(data_dir.glob("*.sqlite3*"))
        holder.stdin.write("go\n")
        holder.stdin.flush()
        out, err = command.communicate(timeout=120)
    finally:
        command.kill()
        holder.kill()
        holder.wait(10)
    assert command.returncode == 0, err
    assert "Added 3 fictional reports" in out


def test_a_lock_left_by_a_process_killed_with_sigkill_is_free_at_once(data_dir):
    holder = hold(data_dir, 60)
    holder.kill()             # SIGKILL, or TerminateProcess on Windows: no clean-up runs
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
    child.kill()
    assert child.wait(10) == (1 if sys.platform == "win32" else -signal.SIGKILL)  # killed
    listed = run_cli("--wait", "0", "reports", "list", "--limit", "5", data_dir=data_dir)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "No reports."   # the killed transaction left nothing
    with sqlite3.connect(data_dir / paths.DATABASE_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    more = run_cli("--wait", "0", "demo-data", "--incidents", "2", data_dir=data_dir)
    assert more.returncode == 0, more.stderr


def test_the_holder_says_who_it_is_while_a_waiting_command_reads_writer_json(data_dir):
    # Found under Wine (Windows' file sharing): a command reading writer.json at the
    # instant the window published its channel made the publishing fail, so the window's
    # channel was never announced and commands could not reach it.
    from tests.core.test_atomic import hold_open

    data_dir.mkdir(parents=True)
    lock = writer.WriterLock(data_dir, "the window")
    assert lock.try_acquire()
    try:
        reader = hold_open(data_dir / writer.INFO_NAME, 0.3)
        lock.publish("an address", "00ff")
        reader.wait(10)
        holder = writer.read_holder(data_dir)
        assert (holder.what, holder.address, holder.key) == ("the window", "an address", "00ff")
    finally:
        lock.release()
    assert not [path for path in data_dir.iterdir() if path.name.endswith(".partial")]


ASK_TO_RAISE = textwrap.dedent("""
    import sys
    sys.path.insert(0, {desktop!r})
    from pathlib import Path
    from commonground import writer
    print("answered" if writer.ask_to_raise(Path({root!r})) else "not answered", flush=True)
""")


def test_a_second_start_reaches_a_busy_window_over_the_channel(data_dir):
    # Found under Wine with the Qt channel this one replaced: on a Windows named pipe a
    # write completes only when the other end reads, and a second start whose window was
    # busy for a second lost its request, yet said the window came forward. The channel
    # (a named pipe on Windows, a Unix socket elsewhere) now waits for the window's answer.
    data_dir.mkdir(parents=True)
    lock = writer.WriterLock(data_dir, "the window")
    assert lock.try_acquire()
    asked = []

    def busy_window(message, reply):
        time.sleep(2)
        asked.append(message)
        reply.send(ok=True)
    channel = writer.Channel(data_dir, busy_window)
    try:
        lock.publish(channel.address, channel.key.hex())
        second = subprocess.run([sys.executable, "-c", ASK_TO_RAISE.format(
            desktop=str(REPO / "desktop"), root=str(data_dir))], capture_output=True,
            text=True, timeout=60)
        assert second.stdout.strip() == "answered", second.stderr
        assert asked == [{"op": "raise"}]
        if sys.platform == "win32":
            assert channel.address.startswith("\\\\.\\pipe\\commonground-")
    finally:
        channel.close()
        lock.release()


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
        window.kill()
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
