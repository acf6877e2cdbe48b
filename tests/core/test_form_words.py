"""Every label of every form, in each reader's words, in one table in docs/ for a police
officer and a nurse to review: generated from the registry, so it cannot drift."""

import sys

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import form_words  # noqa: E402


def test_the_form_words_table_is_generated_from_the_registry():
    actual = form_words.TARGET.read_text(encoding="utf-8")
    assert actual == form_words.render(), "run: python tools/form_words.py"
    assert "awaiting review by a police officer and a nurse" in actual
    assert "How badly hurt (the NHS's harm grading, not the offence)" in actual
    assert "not a crime report to your force" in actual
