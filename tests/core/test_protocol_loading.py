import datetime as dt
from pathlib import Path

import pytest

from commonground import paths
from commonground.core.protocols.files import load_directory, split_sections
from commonground.core.protocols.library import Library
from commonground.core.storage.db import Database

EXPECTED_IDS = {
    "s136-place-of-safety", "appropriate-adult", "police-assistance-mha-assessment",
    "assault-reporting-prosecution", "information-sharing", "missing-patients-awol",
}

VALID = """---
id: {id}
title: {title}
version: 1.0
effective: 2026-01-01
review_due: 2027-01-01
law_as_at: 2026-01-01
owners: Police; Health
audience: Everyone
summary: A test protocol.
---
## First section
Some words about {word}.
"""


def test_every_bundled_protocol_loads_without_errors_or_warnings():
    protocols, problems = load_directory(paths.bundled_protocols_dir(),
                                         known_contacts=_contact_keys())
    assert problems == []
    assert {p.id for p in protocols} == EXPECTED_IDS


def _contact_keys():
    import json
    return json.loads((paths.resources_dir() / "local_contacts.json").read_text())


@pytest.mark.parametrize("protocol_id", sorted(EXPECTED_IDS))
def test_bundled_protocols_have_the_sections_staff_rely_on(protocol_id):
    protocols, _ = load_directory(paths.bundled_protocols_dir())
    protocol = next(p for p in protocols if p.id == protocol_id)
    headings = [s.heading for s in protocol.sections()]
    for wanted in ("The 30-second version", "Who does what", "Step by step",
                   "Time limits and numbers", "What to record", "Local contacts",
                   "References", "About this protocol"):
        assert any(h.startswith(wanted) for h in headings), f"{protocol_id} lacks '{wanted}'"
    about = next(s for s in protocol.sections() if s.heading == "About this protocol")
    assert "Police Liaison Committee" in about.body_md
    assert "model" in about.body_md.lower()
    assert protocol.law_as_at <= dt.date.today()


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_broken_files_are_skipped_with_file_line_and_reason_and_the_rest_load(tmp_path):
    _write(tmp_path, "good.md", VALID.format(id="good", title="Good", word="apples"))
    _write(tmp_path, "no-front-matter.md", "## Just a heading\ntext\n")
    bad_date = VALID.format(id="bad-date", title="Bad date", word="x").replace(
        "review_due: 2027-01-01", "review_due: 1 January 2027")
    _write(tmp_path, "bad-date.md", bad_date)
    _write(tmp_path, "copy-of-good.md", VALID.format(id="good", title="Copy", word="pears"))
    _write(tmp_path, "missing-title.md",
           VALID.format(id="missing-title", title="", word="x"))
    _write(tmp_path, "latin1.md", VALID.format(id="latin1", title="Caf\xe9", word="x")
           .encode("latin-1"))
    _write(tmp_path, "README.md", "documentation, not a protocol")

    protocols, problems = load_directory(tmp_path)

    assert [p.id for p in protocols] == ["good"]
    assert protocols[0].title == "Good"          # the file named after the id wins
    messages = {Path(p.path).name: (p.line, p.message) for p in problems}
    assert set(messages) == {"no-front-matter.md", "bad-date.md", "copy-of-good.md",
                             "missing-title.md", "latin1.md"}
    assert messages["no-front-matter.md"][0] == 1
    assert messages["bad-date.md"] == (6, "'review_due' must be a date written YYYY-MM-DD, "
                                          "not '1 January 2027'")
    assert "duplicate id 'good'" in messages["copy-of-good.md"][1]
    assert "good.md" in messages["copy-of-good.md"][1]
    assert "'title'" in messages["missing-title.md"][1]
    assert messages["latin1.md"] == (3, "the file is not UTF-8 text")
    assert str(problems[0]).endswith("The file was not loaded.")


def test_an_unreadable_file_is_reported_and_skipped(tmp_path, monkeypatch):
    _write(tmp_path, "good.md", VALID.format(id="good", title="Good", word="apples"))
    locked = _write(tmp_path, "locked.md", VALID.format(id="locked", title="L", word="x"))
    original = Path.read_bytes

    def read_bytes(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    protocols, problems = load_directory(tmp_path)
    assert [p.id for p in protocols] == ["good"]
    assert problems[0].message == "the file cannot be read (Permission denied)"


def test_an_unknown_local_contact_is_a_warning_with_its_line_not_a_skip(tmp_path):
    text = VALID.format(id="calls", title="Calls", word="x") + "Ring {{local:no_such_key}}.\n"
    _write(tmp_path, "calls.md", text)
    protocols, problems = load_directory(tmp_path, known_contacts={"pos_suite_phone": "x"})
    assert [p.id for p in protocols] == ["calls"]
    assert problems[0].severity == "warning"
    assert problems[0].line == 14
    assert "no_such_key" in problems[0].message


def test_sections_split_at_headings_with_unique_anchors():
    body = ("Intro words.\n\n## Who does what\ntext\n### Police\np\n### Police\nq\n"
            "```\n## not a heading inside code\n```\n")
    sections = split_sections(body, "Title")
    assert [(s.heading, s.anchor, s.level) for s in sections] == [
        ("Overview", "overview", 2), ("Who does what", "who-does-what", 2),
        ("Police", "police", 3), ("Police", "police-2", 3)]
    assert "not a heading inside code" in sections[-1].body_md


def test_an_edited_protocol_is_reindexed_at_next_open_and_unchanged_ones_are_not(tmp_path):
    folder = tmp_path / "protocols"
    folder.mkdir()
    _write(folder, "one.md", VALID.format(id="one", title="One", word="apples"))
    _write(folder, "two.md", VALID.format(id="two", title="Two", word="pears"))
    db = Database.open(tmp_path / "db.sqlite3")
    first = Library.open(db, [folder], paths.resources_dir())
    assert sorted(first.reindexed) == ["one", "two"]
    assert first.search("apples").hits[0].protocol_id == "one"

    again = Library.open(db, [folder], paths.resources_dir())
    assert again.reindexed == []

    _write(folder, "one.md", VALID.format(id="one", title="One", word="bananas"))
    (folder / "two.md").unlink()
    edited = Library.open(db, [folder], paths.resources_dir())
    assert edited.reindexed == ["one"]
    assert edited.search("bananas").hits[0].protocol_id == "one"
    assert edited.search("apples").hits == ()
    assert [p.id for p in edited.protocols()] == ["one"]
    assert db.query_one("SELECT count(*) FROM sections_fts")[0] == 1
