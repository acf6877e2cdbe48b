"""One Common Ground per data folder; a lock left by a crash does not block the next start."""

import subprocess
import sys

from commonground import paths
from commonground.ui.single_instance import SingleInstance


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
            "from PySide6.QtCore import QLockFile\n"
            f"lock = QLockFile({str(data_paths.lock_file)!r})\n"
            "assert lock.tryLock(100)\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert not SingleInstance(data_paths).acquire()
        holder.kill()
        holder.wait(10)
        recovered = SingleInstance(data_paths)
        assert recovered.acquire()
        recovered.release()
    finally:
        holder.kill()
