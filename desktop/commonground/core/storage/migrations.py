"""Numbered schema migrations.

Each step is a list of single SQL statements (no ``executescript``: it would commit
behind our back). ``Database.migrate`` runs each step and bumps ``PRAGMA user_version``
in one transaction. Never edit a released step: add a new one, and a test that upgrades
a database saved at the previous version.
"""

from __future__ import annotations

from dataclasses import dataclass

from .migrations_early import EARLY
from .migrations_later import LATER
from .migrations_recent import RECENT


@dataclass(frozen=True)
class Migration:
    version: int
    title: str
    statements: tuple[str, ...]


# Every released step, in order. Released steps never change.
MIGRATIONS: tuple[Migration, ...] = tuple(Migration(*step) for step in EARLY + LATER + RECENT)

# Steps a test adds after the released ones: the committee table of a kind of record the
# test registers (a real kind adds a released step to migrations_recent.py instead).
_FOR_TESTS: list[Migration] = []


def steps() -> tuple[Migration, ...]:
    return MIGRATIONS + tuple(_FOR_TESTS)


def latest_version() -> int:
    return steps()[-1].version


def add_test_step(title: str, statements: tuple[str, ...]) -> Migration:
    """For tests only: one more step after every other. A database it has run on is too
    new for this version once the step is removed, as a newer version's would be."""
    step = Migration(steps()[-1].version + 1, title, tuple(statements))
    _FOR_TESTS.append(step)
    return step


def remove_test_step(step: Migration) -> None:
    _FOR_TESTS.remove(step)
