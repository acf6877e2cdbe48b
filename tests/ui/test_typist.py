"""The three typical reports of the typist benchmark (tests/perf/typist.py) are typed with
the keyboard alone, are submitted, and need at most 12 required answers each (counts, not
times)."""

import pytest

from tests.perf import typist


@pytest.mark.parametrize("name", list(typist.SCRIPTS))
def test_a_typical_report_takes_at_most_twelve_required_answers(name, tmp_path, qtbot):
    result = typist.type_report(name, typist.SCRIPTS[name], tmp_path / "data")
    assert result.submitted, result.problems
    assert result.required <= 12, result
    print(result)
