"""The clinical safety file and the tests agree, both ways.

Every hazard in docs/clinical-safety/hazard-log.md has at least one test marked
``@pytest.mark.hazard("H-nnn")``, every marker names a hazard in the log, and the
traceability matrix (docs/clinical-safety/traceability.md) is the one the markers give:
regenerate it with ``python tools/hazard_matrix.py``.

Markers are read from the source (not from a run), so this holds whichever tests run.
"""

from __future__ import annotations

import sys

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import hazard_matrix  # noqa: E402


def test_every_hazard_has_a_marked_test_and_every_marker_names_a_hazard():
    hazards = hazard_matrix.hazards()
    marked = hazard_matrix.markers()
    assert len(hazards) >= 15
    unmarked = sorted(set(hazards) - set(marked))
    unknown = sorted(set(marked) - set(hazards))
    assert unmarked == [], f"hazards with no verifying test: {unmarked}"
    assert unknown == [], f"markers naming no hazard in the log: {unknown}"


def test_markers_are_literal_hazard_ids():
    assert hazard_matrix.bad_markers() == []


def test_the_traceability_matrix_is_up_to_date():
    expected = hazard_matrix.render()
    actual = (REPO / "docs" / "clinical-safety" / "traceability.md").read_text(encoding="utf-8")
    assert actual == expected, "run: python tools/hazard_matrix.py"


def test_the_safety_file_is_marked_draft_until_signed():
    folder = REPO / "docs" / "clinical-safety"
    for page in folder.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "DRAFT" in text.splitlines()[0] or "DRAFT" in text[:400], page.name
