"""The list of rules for the legal reviewer is the list the code uses."""

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import rules_relied_on  # noqa: E402


@pytest.mark.hazard("H-012")
def test_rules_relied_on_is_generated_from_the_citations_the_aids_use():
    actual = (REPO / "docs" / "clinical-safety" / "rules-relied-on.md").read_text(
        encoding="utf-8")
    assert actual == rules_relied_on.render(), "run: python tools/rules_relied_on.py"
