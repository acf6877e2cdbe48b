"""A typist killed mid-sentence: how much of what was typed survives a kill -9?

    python -m tests.promises.kill_typist --rounds 30 --parallel 6     # on demand
    python -m tests.promises.kill_typist --rounds 5 --parallel 5      # as CI runs it

Each round runs three real processes:

1. the typist: the real main window (offscreen) with the incident form open, typing a
   seeded text into "What happened, in your words" at about 8 characters a second, moving
   to the next field and back now and then, and writing "<index> <time>" to the parent
   after each character has been taken by the form;
2. the parent kills it with SIGKILL at a seeded random moment;
3. a restart: the app's own start-up check after an unclean exit, then the main window,
   which offers the unfinished draft back; the draft is accepted and the restarted form's
   text is printed.

A round passes if the restored text holds every character typed up to one second before
the kill, and nothing that was never typed. The figures printed (characters and seconds
lost) are the README's "worst keystroke loss measured".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHARACTERS = 2000
RATE = 8.0              # characters a second
ALLOWED_LOSS_S = 1.0


def typed_text(seed: int, length: int = CHARACTERS) -> str:
    rng = random.Random(seed)
    words = ("the patient shouted and pushed past me towards the door then turned and "
             "punched my left arm twice before staff arrived élan Łukasz O'Neil").split()
    text = ""
    while len(text) < length:
        text += rng.choice(words) + rng.choice((" ", " ", " ", ". ", ", "))
    return text[:length]


# ------------------------------------------------------------------------ the typist
def run_typist(data_dir: Path, seed: int, rate: float) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO / "desktop"))
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    from commonground.context import AppContext
    from commonground.policy import parse_policy
    from commonground.ui.main_window import MainWindow
    from tests.promises.form_driver import POLICY_TEXT, type_char

    app = QApplication([])
    context = AppContext.open(data_dir, policy=parse_policy(POLICY_TEXT))
    window = MainWindow(context)
    window.show()
    window.go_to(window.report_form)
    form = window.report_form
    narrative = form.fields["narrative"].edit
    narrative.setFocus()
    text = typed_text(seed)
    rng = random.Random(seed + 1)
    state = {"index": 0}
    out = sys.stdout

    def next_key():
        index = state["index"]
        if index >= len(text):
            app.quit()
            return
        if index and index % 250 == 0 and narrative.hasFocus():
            # now and then the typist moves to the next field and comes back
            form.fields["immediate_actions"].focus_target().setFocus(Qt.TabFocusReason)
            narrative.setFocus(Qt.TabFocusReason)
            narrative.moveCursor(QTextCursor.End)
        type_char(narrative, text[index])
        out.write(f"{index} {time.time():.6f}\n")
        out.flush()
        state["index"] = index + 1
        QTimer.singleShot(int(1000 * rng.uniform(0.5, 1.5) / rate), next_key)

    QTimer.singleShot(200, next_key)
    out.write(f"ready {time.time():.6f}\n")
    out.flush()
    return app.exec()


# ----------------------------------------------------------------------- the restart
def run_restart(data_dir: Path) -> int:
    """Start as the app does after a crash; print the restored form's text as JSON."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO / "desktop"))
    from PySide6.QtWidgets import QApplication

    from commonground import paths, startup
    from commonground.context import AppContext
    from commonground.core.storage import backups
    from commonground.policy import parse_policy
    from commonground.ui.drafts_dialog import DraftsDialog
    from commonground.ui.main_window import MainWindow
    from tests.promises.form_driver import POLICY_TEXT

    app = QApplication([])
    data_paths = paths.prepare_data_dir(data_dir)
    due = backups.full_check_due(data_paths.root)
    problems = startup.DatabaseCheck(data_paths.database).result()
    context = AppContext.open(data_dir, policy=parse_policy(POLICY_TEXT))
    window = MainWindow(context)
    window.show()
    offered = []

    def accept_first(dialog):
        offered.append(dialog.list.item(0).text())
        dialog.list.setCurrentRow(0)
        dialog._continue()
        return True
    DraftsDialog.exec = accept_first
    window.offer_drafts()
    restored = window.report_form.fields["narrative"].value() if offered else ""
    print(json.dumps({"restored": restored, "offered": offered, "check_due": bool(due),
                      "database_problems": problems}), flush=True)
    context.close()
    del app
    return 0


# -------------------------------------------------------------------------- a round
@dataclass
class Round:
    seed: int
    kill_after_s: float
    typed_before_kill: int = 0
    must_have: int = 0
    restored: int = 0
    lost_chars: int = 0
    lost_s: float = 0.0
    problem: str = ""

    @property
    def passed(self) -> bool:
        return not self.problem


def child_env() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "desktop"), str(REPO),
                                         env.get("PYTHONPATH", "")])
    return env


def play_round(seed: int, kill_after_s: float, folder: Path) -> Round:
    result = Round(seed, kill_after_s)
    data_dir = folder / f"round-{seed}"
    typist = subprocess.Popen(
        [sys.executable, "-m", "tests.promises.kill_typist", "--as-typist", str(data_dir),
         "--seed", str(seed)], cwd=REPO, env=child_env(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    keys: list[tuple[int, float]] = []
    ready = threading.Event()

    def read():
        for line in typist.stdout:
            parts = line.split()
            if parts[:1] == ["ready"]:
                ready.set()
            elif len(parts) == 2:
                keys.append((int(parts[0]), float(parts[1])))
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready.wait(60):
        typist.kill()
        result.problem = "the typist did not start: " + typist.stderr.read()[-1500:]
        return result
    time.sleep(kill_after_s)
    killed_at = time.time()
    if typist.poll() is not None:
        result.problem = f"the typist ended by itself (code {typist.returncode}) before the " \
                         f"kill: {typist.stderr.read()[-1500:]}"
        return result
    typist.kill()     # SIGKILL; TerminateProcess on Windows: no clean-up either way
    typist.wait(30)
    reader.join(10)
    text = typed_text(seed)
    result.typed_before_kill = sum(1 for _i, at in keys if at <= killed_at)
    result.must_have = sum(1 for _i, at in keys if at <= killed_at - ALLOWED_LOSS_S)
    restart = subprocess.run(
        [sys.executable, "-m", "tests.promises.kill_typist", "--as-restart", str(data_dir)],
        cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=120)
    if restart.returncode != 0:
        result.problem = f"the restart failed: {restart.stderr[-2000:]}"
        return result
    found = json.loads(restart.stdout.strip().splitlines()[-1])
    restored = found["restored"]
    result.restored = len(restored)
    result.lost_chars = max(0, result.typed_before_kill - len(restored))
    if restored:
        last_saved_at = keys[len(restored) - 1][1] if len(restored) <= len(keys) else killed_at
        result.lost_s = round(max(0.0, killed_at - last_saved_at), 2)
    else:
        result.lost_s = round(killed_at - keys[0][1], 2) if keys else 0.0
    if not text.startswith(restored):
        result.problem = "the restored text is not what was typed"
    elif len(restored) < result.must_have:
        result.problem = (f"lost typing from more than {ALLOWED_LOSS_S:.0f} s before the kill: "
                          f"{result.must_have} characters were typed by then, "
                          f"{len(restored)} came back")
    elif result.must_have and not found["offered"]:
        result.problem = "the unfinished draft was not offered back"
    elif found["database_problems"]:
        result.problem = f"the database check found damage: {found['database_problems']}"
    return result


def play(rounds: int, parallel: int, first_seed: int, earliest: float, latest: float,
         folder: Path | None = None) -> list[Round]:
    folder = folder or Path(tempfile.mkdtemp(prefix="cg-kill-"))
    rng = random.Random(first_seed)
    plan = [(first_seed + n, round(rng.uniform(earliest, latest), 1)) for n in range(rounds)]
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(lambda p: play_round(p[0], p[1], folder), plan))


def describe(results: list[Round]) -> str:
    lines = [f"round seed {r.seed}: killed after {r.kill_after_s:5.1f} s, "
             f"{r.typed_before_kill:4d} typed, {r.restored:4d} restored, lost "
             f"{r.lost_chars:2d} characters ({r.lost_s:.2f} s)"
             + (f"  FAILED: {r.problem}" if r.problem else "") for r in results]
    done = [r for r in results if not r.problem]
    if done:
        worst = max(done, key=lambda r: r.lost_s)
        lines.append(f"worst loss: {worst.lost_chars} characters, {worst.lost_s:.2f} s of "
                     f"typing (of {len(done)} rounds passed, {len(results)} played)")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--parallel", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--earliest", type=float, default=3.0)
    parser.add_argument("--latest", type=float, default=CHARACTERS / RATE - 10)
    parser.add_argument("--as-typist", type=Path)
    parser.add_argument("--as-restart", type=Path)
    args = parser.parse_args(argv)
    if args.as_typist:
        return run_typist(args.as_typist, args.seed, RATE)
    if args.as_restart:
        return run_restart(args.as_restart)
    results = play(args.rounds, args.parallel, args.seed, args.earliest, args.latest)
    print(describe(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
