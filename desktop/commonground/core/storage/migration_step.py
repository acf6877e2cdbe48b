"""One numbered schema migration (see ``migrations``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    title: str
    statements: tuple[str, ...]
