"""One Common Ground per data folder; a lock left by a crash does not block the next start."""

import subprocess
import sys
import time

from PySide6.QtCore import QTimer

from commonground import paths, writer
from commonground.ui.single_instance import SingleInstance
from tests.conftest import REPO


def test_a_second_instance_cannot_take_the_same_data_folder(data_dir, qtbot):
    data_paths = paths.prepare_data_dir(data_dir)
    first = SingleInstance(data_paths)
    assert first.acquire()
    raised = []
    first.raise_requested.connect(lambda: raised.append(True))
    try:
        second = SingleInstance(data_paths)
        assert not second.acquire()
        assert second.ask_running_instance_to_raise()
        qtbot.waitUntil(lambda: raised == [True])
    finally:
        first.release()
    third = SingleInstance(data_paths)
    assert third.acquire()
    third.release()


def test_a_lock_left_by_a_killed_process_is_recovered(data_dir, qtbot):
    data_paths = paths.prepare_data_dir(data_dir)
    code = ("import sys, time\n"
            f"sys.path.insert(0, {str(REPO / 'desktop')!r})\n"
            "from pathlib import Path\n"
            "from commonground import writer\n"
            f"lock = writer.WriterLock(Path({str(data_paths.root)!r}), 'the window')\n"
            "assert lock.try_acquire()\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        blocked = SingleInstance(data_paths)
        assert not blocked.acquire()
        assert blocked.holder().startswith(f"the window (process {holder.pid} on ")
        holder.kill()     # SIGKILL; TerminateProcess on Windows
        holder.wait(10)
        recovered = SingleInstance(data_paths)
        assert recovered.acquire()
        recovered.release()
    finally:
        holder.kill()


def test_the_window_waits_for_a_command_that_holds_the_folder(data_dir, qtbot):
    from commonground.app import _wait_for_the_folder

    data_paths = paths.prepare_data_dir(data_dir)
    command = writer.WriterLock(data_paths.root, "the command `sync`")
    assert command.try_acquire()
    window = SingleInstance(data_paths)
    assert not window.acquire()
    QTimer.singleShot(700, command.release)
    started = time.monotonic()
    assert _wait_for_the_folder(window, seconds=10)
    assert time.monotonic() - started >= 0.6
    window.release()
