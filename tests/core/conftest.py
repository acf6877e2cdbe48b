"""Fixtures the core tests share."""

from __future__ import annotations

import pytest

from tests.core.test_sync import World


@pytest.fixture
def world(tmp_path):
    """A ward PC, the advisor hub and the committee with shared folders between them
    (``World``), each closed after the test. A module that needs another world (not
    enrolled, one built once for the module) says so with its own fixture."""
    made = World(tmp_path)
    yield made
    made.close()
