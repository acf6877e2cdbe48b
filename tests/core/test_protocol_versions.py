"""Corrections first, citations apart: what a new version asks of the people who read it.

A new version that only adds or changes citations is not a change of substance: nobody is
asked to confirm reading it again, and the committee's reach figures keep counting them.
Any other change asks again. A new release of the app keeps the text it replaces, so "what
changed" works for bundled protocols as it does for the committee's packs.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from commonground import paths
from commonground.core.committee import stats
from commonground.core.protocols import acknowledgements as acks
from commonground.core.protocols.library import Library
from commonground.core.protocols.versions import (
    SectionChange,
    change_summary,
    equivalent_versions,
    previous_version,
    standing_confirmation,
    what_changed,
)
from commonground.core.storage.db import Database
from tests.conftest import with_new_version

S136 = "s136-place-of-safety"
SEARCH_LINE = "- Searches by health staff follow the Trust's own search policy."
HANDOVER_LINE = "- Police stay with the person until handover is agreed with health staff."


def release(tmp_path: Path, name: str, version: str, *, edits: dict[str, str],
            correction: str = "") -> Path:
    """A copy of the bundled protocols with section 136 edited and at a new version."""
    folder = tmp_path / name
    shutil.copytree(paths.bundled_protocols_dir(), folder)
    path = folder / f"{S136}.md"
    text = with_new_version(path.read_text(encoding="utf-8"), version)
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    if correction:
        text = text.replace(f"### Version {version}\n\n",
                            f"### Version {version}\n\n**Corrections to the law** (read these "
                            f"first):\n\n- {correction}\n\n", 1)
    path.write_text(text, encoding="utf-8")
    return folder


def open_library(db: Database, folder: Path) -> Library:
    return Library.open(db, [folder], paths.resources_dir())


def test_a_citation_only_version_keeps_every_confirmation_and_says_why(tmp_path):
    db = Database.open(tmp_path / "ward.sqlite3")
    first = open_library(db, paths.bundled_protocols_dir())
    assert previous_version(db, S136) is None and change_summary(db, S136) is None
    acks.acknowledge(db, S136, "1.1", "Sam Nurse", "Riverside")

    cited = release(tmp_path, "cited", "1.2", edits={
        SEARCH_LINE: SEARCH_LINE.rstrip(".") + " [Local].",
        "- [Local] The arrangements": "- [Local] The local arrangements"})
    library = open_library(db, cited)
    protocol = library.get(S136)
    assert protocol.version == "1.2"

    summary = change_summary(db, S136)
    assert (summary.previous, summary.version) == ("1.1", "1.2")
    assert summary.same_substance is True
    assert summary.corrections == [] and summary.changes == []
    assert summary.cited == [SectionChange("Searching the person", "cited",
                                           "searching-the-person"),
                             SectionChange("References", "cited", "references")]
    assert what_changed(db, S136) == summary.cited

    standing = standing_confirmation(db, protocol, "sam nurse")
    assert standing is not None
    ack, carried = standing
    assert (ack.version, ack.name, carried) == ("1.1", "Sam Nurse", True)
    assert equivalent_versions(db, S136, "1.2") == {"1.1", "1.2"}

    # The committee's reach figure for 1.2 counts Sam's confirmation of 1.1.
    current = [(S136, protocol.title, "1.2", dt.date(2026, 12, 6))]
    by_site, _ = stats.protocol_reach(db, current, dt.date(2026, 12, 7),
                                      counts_for={S136: equivalent_versions(db, S136, "1.2")})
    assert by_site.rows[0][3] == 1
    alone, _ = stats.protocol_reach(db, current, dt.date(2026, 12, 7))
    assert alone.rows[0][3] == 0                        # without it, nobody would count
    assert first.get("appropriate-adult").version == "1.1"


def test_any_change_of_substance_asks_again(tmp_path):
    db = Database.open(tmp_path / "ward.sqlite3")
    open_library(db, paths.bundled_protocols_dir())
    acks.acknowledge(db, S136, "1.1", "Sam Nurse")
    changed = release(tmp_path, "changed", "1.2", edits={
        SEARCH_LINE: SEARCH_LINE + "\n- Health staff never search a child without a parent "
                                   "present [Local]."})
    protocol = open_library(db, changed).get(S136)
    summary = change_summary(db, S136)
    assert summary.same_substance is False
    assert summary.changes == [SectionChange("Searching the person", "changed",
                                             "searching-the-person")]
    assert standing_confirmation(db, protocol, "Sam Nurse") is None
    assert equivalent_versions(db, S136, "1.2") == {"1.2"}


def test_corrections_come_first_and_by_themselves(tmp_path):
    db = Database.open(tmp_path / "ward.sqlite3")
    open_library(db, paths.bundled_protocols_dir())
    corrected = release(
        tmp_path, "corrected", "1.2",
        edits={SEARCH_LINE: SEARCH_LINE + "\n- A search of a child needs a parent present "
                                          "[Local].",
               HANDOVER_LINE: HANDOVER_LINE + " They never leave before the time agreed."},
        correction="[Searching the person](#searching-the-person): a child is searched only "
                   "with a parent present.")
    open_library(db, corrected)
    summary = change_summary(db, S136)
    assert [(c.heading, c.anchor) for c in summary.corrections] == [
        ("Searching the person", "searching-the-person")]
    assert summary.corrections[0].summary.startswith("a child is searched")
    # The corrected section is not listed again among the other changes.
    assert summary.changes == [SectionChange("Handover at the place of safety", "changed",
                                             "handover-at-the-place-of-safety")]
    # The version history itself is never listed as a change.
    assert not any("Version history" in c.heading for c in summary.changes + summary.cited)


def test_a_new_release_keeps_the_text_it_replaces_once(tmp_path):
    db = Database.open(tmp_path / "ward.sqlite3")
    installed = tmp_path / "app" / "protocols"             # the same folder, upgraded in place
    shutil.copytree(paths.bundled_protocols_dir(), installed)
    old_text = (installed / f"{S136}.md").read_text(encoding="utf-8")
    old_body = open_library(db, installed).get(S136).body

    newer = release(tmp_path, "newer", "1.2", edits={
        HANDOVER_LINE: HANDOVER_LINE + " They stay at least until the nurse in charge agrees."})
    shutil.copy(newer / f"{S136}.md", installed / f"{S136}.md")
    open_library(db, installed)

    [kept] = db.query("SELECT version, text, source, replaced_at FROM protocol_history")
    assert (kept["version"], kept["source"]) == ("1.1", "bundled")
    assert kept["text"].split("\n---\n", 1)[1] == old_body   # rebuilt from the index
    assert "checked: " in kept["text"] and old_text.startswith("---\n")
    assert previous_version(db, S136) == "1.1"
    assert change_summary(db, S136).changes == [
        SectionChange("Handover at the place of safety", "changed",
                      "handover-at-the-place-of-safety")]

    open_library(db, installed)                             # the next start changes nothing
    assert [tuple(r) for r in db.query("SELECT version, replaced_at FROM protocol_history")] \
        == [("1.1", kept["replaced_at"])]


def test_new_asked_as_phrases_alone_ask_nobody_to_read_again(tmp_path):
    db = Database.open(tmp_path / "ward.sqlite3")
    open_library(db, paths.bundled_protocols_dir())
    acks.acknowledge(db, S136, "1.1", "Sam Nurse")
    asked = release(tmp_path, "asked", "1.2", edits={
        "## Searching the person\n\n": "## Searching the person\n\nasked: can a nurse go "
                                        "through his pockets; frisk before the ambulance\n"})
    library = open_library(db, asked)
    protocol = library.get(S136)
    assert protocol.version == "1.2"
    summary = change_summary(db, S136)
    assert summary.same_substance is True
    assert summary.changes == [] and summary.corrections == []
    assert standing_confirmation(db, protocol, "Sam Nurse") is not None
    # ... and search finds the section by them.
    hit = library.search("frisk before the ambulance").hits[0]
    assert (hit.protocol_id, hit.anchor) == (S136, "searching-the-person")
