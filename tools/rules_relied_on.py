"""Write docs/clinical-safety/rules-relied-on.md from the aids' citation list.

    python tools/rules_relied_on.py          # rewrite it
The test tests/aids/test_rules_document.py fails when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "desktop"))
TARGET = REPO / "docs" / "clinical-safety" / "rules-relied-on.md"


def render() -> str:
    from commonground.core.aids.citations import CITATIONS

    lines = [
        "# Rules the decision aids rely on (DRAFT)", "",
        "**DRAFT.** Generated from `desktop/commonground/core/aids/citations.py` by "
        "`python tools/rules_relied_on.py`; a test fails when it is out of date. For the legal "
        "reviewer: check each against the primary text and the adopted protocol section named. "
        "'Verified' means the primary text (or an authoritative copy) was read when the aid was "
        "written; 'NOT VERIFIED' rules print that warning in every answer that uses them.", "",
        "| Key | Rule and source | Protocol section | Verified |", "|---|---|---|---|"]
    for citation in CITATIONS.values():
        where = f"`{citation.protocol}` › {citation.section}" if citation.protocol else ""
        status = "yes" if citation.verified else f"NOT VERIFIED: {citation.note}"
        lines.append(f"| `{citation.key}` | {citation.source} | {where} | {status} |")
    lines += ["", "Also relied on: the question file `resources/aids/police-need.json` (wording "
              "of the Right Care, Right Person threshold, cited to the National Partnership "
              "Agreement of 26 July 2023) and the bank holidays in "
              "`resources/bank-holidays-england-wales.json`.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)}")
