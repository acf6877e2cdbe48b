"""Files that leave the app are written whole or not at all.

Write to a temporary name in the same folder, flush, fsync, then ``os.replace`` onto the
final name (and fsync the folder where the platform allows it). A crash, a full disk or a
pulled USB stick leaves either the old file or the new one, never a torn one under the
final name.
"""

from __future__ import annotations

import os
import secrets
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
        os.replace(tmp, target)
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
