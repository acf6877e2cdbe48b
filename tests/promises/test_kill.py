"""kill -9 a typist mid-sentence: the restarted app gives back all but the last second.

Five rounds, run side by side (each is a real typist process killed at a seeded random
moment within its ~4 minutes of typing, then a real restart). Budget: 5 minutes of CI.
On demand, 30 rounds: python -m tests.promises.kill_typist --rounds 30 --parallel 6
"""

import os

import pytest

from tests.promises import kill_typist

pytestmark = pytest.mark.slow
ROUNDS = int(os.environ.get("COMMONGROUND_KILL_ROUNDS", "5"))


@pytest.mark.hazard("H-013")
def test_a_killed_typist_loses_at_most_the_last_second(tmp_path):
    results = kill_typist.play(ROUNDS, ROUNDS, first_seed=2026, earliest=5.0, latest=235.0,
                               folder=tmp_path)
    print("\n" + kill_typist.describe(results))
    assert [r.problem for r in results if r.problem] == []
    assert all(r.must_have > 0 for r in results)   # each round really typed before the kill
