"""Files are replaced whole or not at all, on Linux and on Windows.

Windows will not replace a file that another process has open (Python's open() and most
programs do not share delete access); Linux replaces the name and the reader keeps the old
file. The readers here are real processes.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from commonground.core.storage import atomic
from commonground.core.storage.atomic import atomic_writer, write_bytes_atomic

# Opens the file, says so, keeps it open for argv[2] seconds, then prints what it read.
READER = ("import sys, time\n"
          "handle = open(sys.argv[1], 'rb')\n"
          "print('open', flush=True)\n"
          "time.sleep(float(sys.argv[2]))\n"
          "print(handle.read().decode(), flush=True)\n")


def hold_open(path, seconds: float) -> subprocess.Popen:
    reader = subprocess.Popen([sys.executable, "-c", READER, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "open"
    return reader


def leftovers(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".partial"))


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "policy.json"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as handle:
            handle.write(b"half of the new")
            raise RuntimeError("the disk filled up")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_a_file_another_process_reads_for_a_moment_is_still_replaced(tmp_path):
    # Found under Wine, whose file sharing is Windows': os.replace onto a file another
    # process had open failed at once with "Access denied", so a command reading
    # writer.json while the window published its channel could leave the window
    # unreachable, and a virus scanner looking at a file could fail a save.
    target = tmp_path / "writer.json"
    target.write_bytes(b"old")
    reader = hold_open(target, 0.3)
    try:
        write_bytes_atomic(target, b"new")
        assert target.read_bytes() == b"new"
        assert reader.stdout.readline().strip() == "old"   # the reader kept what it opened
    finally:
        reader.kill()
        reader.wait(10)
    assert leftovers(tmp_path) == []


def test_a_file_held_open_for_long_is_left_whole_and_the_error_raised(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "REPLACE_RETRY_SECONDS", 0.3)
    target = tmp_path / "report.pdf"           # open in a PDF reader, say
    target.write_bytes(b"old")
    reader = hold_open(target, 60)
    try:
        if sys.platform == "win32":
            with pytest.raises(PermissionError):
                write_bytes_atomic(target, b"new")
            assert target.read_bytes() == b"old"
        else:                                  # the name is replaced; the reader keeps its file
            write_bytes_atomic(target, b"new")
            assert target.read_bytes() == b"new"
    finally:
        reader.kill()
        reader.wait(10)
    assert leftovers(tmp_path) == []
    write_bytes_atomic(target, b"newer")       # once it is closed, the save works
    assert target.read_bytes() == b"newer"
