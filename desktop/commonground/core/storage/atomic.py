"""Files that leave the app are written whole or not at all.

Write to a temporary name in the same folder, flush, fsync, then ``os.replace`` onto the
final name (and fsync the folder where the platform allows it). A crash, a full disk or a
pulled USB stick leaves either the old file or the new one, never a torn one under the
final name.

Windows refuses to replace a file that another process has open ("Access is denied"),
unless that process shared delete access, which Python's open() and most programs do not:
a command reading writer.json as the window publishes its channel, a virus scanner or the
search indexer looking at the last version. Such holds last milliseconds, so the rename is
tried again for up to two seconds before the error is raised, the old file untouched.
"""

from __future__ import annotations

import os
import secrets
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator


def fsync_directory(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; os.replace is durable there.
    try:
        fd = os.open(str(folder), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


REPLACE_RETRY_SECONDS = 2.0


def replace(source: Path, target: Path) -> None:
    """os.replace, tried again for a moment while Windows says another process has the
    target open (on POSIX the name is replaced at once; a reader keeps the old file)."""
    deadline = time.monotonic() + REPLACE_RETRY_SECONDS
    pause = 0.01
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def temp_name_for(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")


@contextmanager
def atomic_writer(target: Path | str) -> Iterator[BinaryIO]:
    """Open a binary stream whose content appears at ``target`` only if the block succeeds."""
    target = Path(target)
    tmp = temp_name_for(target)
    handle = open(tmp, "xb")
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        replace(tmp, target)
        fsync_directory(target.parent)
    except BaseException:
        handle.close()
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def write_bytes_atomic(target: Path | str, data: bytes) -> Path:
    target = Path(target)
    with atomic_writer(target) as handle:
        handle.write(data)
    return target
