"""The committee screens the two free texts it takes (cases of note, quoted thanks) for
identifiers itself: a hub with a bug, or a bundle signed with the hub's key by someone who
took it, cannot put an NHS number or a report reference into the committee's database,
however it is written (hostile bundles through the real engine; a fuzzer over the ways an
NHS number can be spaced)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.core.identifiers import identifier_problem, is_nhs_number
from commonground.core.storage.db import Database
from commonground.core.sync import deidentify, incoming
from tests import fuzzing, hostile
from tests.core.test_committee_values import hub, stored
from tests.core.test_sync import count
from tests.core.test_sync_hostile import drop

REFERENCE = "CG-2026-K7Q2-000123"



def committee_takes(world, record, sequence: int = 1):
    sender = hub(world)
    path = drop(world, "committee", hostile.file_name("deidentified", sender, sequence),
                hostile.free_text_for_the_committee(sender, record, sequence=sequence))
    return world.sync(world.committee), path


def stored_anywhere(world, text: str) -> bool:
    data = stored(world)
    return text.encode() in data or text.encode("utf-16-le") in data


def test_clean_free_text_is_taken(world):
    for sequence, record in enumerate((hostile.note_record(), hostile.thanks_record()), 1):
        result, _path = committee_takes(world, record, sequence)
        assert result.received == 1, result.problems
    assert count(world.committee, "SELECT count(*) FROM deid_notes") == 1
    assert count(world.committee, "SELECT count(*) FROM deid_thanks") == 1


CASES = [(f"note text, NHS number {how}", hostile.note_record(text=f"NHS no. {written}."),
          "NHS number") for how, written in hostile.DISGUISED_NHS.items()] + [
    (f"thanks words, NHS number {how}",
     hostile.thanks_record(words=f"Thanks re patient {written}."), "NHS number")
    for how, written in hostile.DISGUISED_NHS.items()] + [
    ("note title, report reference", hostile.note_record(title=f"About {REFERENCE}"),
     "report reference"),
    ("note text, reference with en dashes",
     hostile.note_record(text="See " + REFERENCE.replace("-", "\u2013")), "report reference"),
    ("thanks team, case number", hostile.thanks_record(team="C-2026-0042 team"),
     "case number"),
]


@pytest.mark.parametrize("what, record, said", CASES, ids=[c[0] for c in CASES])
def test_an_identifier_in_free_text_refuses_the_bundle_with_its_reason(world, what, record,
                                                                       said):
    result, path = committee_takes(world, record)
    assert result.received == 0 and result.rejected == 1, what
    [problem] = [p for p in result.problems if path.name in p]
    assert said in problem, problem
    assert count(world.committee, "SELECT count(*) FROM deid_notes") == 0
    assert count(world.committee, "SELECT count(*) FROM deid_thanks") == 0
    assert hostile.NHS_NUMBER not in problem and "K7Q2" not in problem  # not repeated
    for written in ("K7Q2", "C-2026-0042", *hostile.DISGUISED_NHS.values()):
        assert not stored_anywhere(world, written), written


def test_the_importer_screens_again_whoever_calls_it():
    """Past the bundle reader too (a demo, an export, a future caller): the write itself
    refuses, and nothing is stored."""
    db = Database.in_memory()
    now = dt.datetime(2026, 12, 1, 9, 0)
    for record in (hostile.note_record(text="NHS 943 476 5919"),
                   hostile.thanks_record(words=f"Re {REFERENCE}")):
        with pytest.raises(incoming.RecordProblem, match="record 1 cannot be used"):
            incoming.import_deidentified(db, [record], "hub", now)
    assert db.query_one("SELECT count(*) FROM deid_notes")[0] == 0
    assert db.query_one("SELECT count(*) FROM deid_thanks")[0] == 0


def nhs_numbers():
    """Every valid NHS number: nine digits and the check digit they give (never 10)."""
    def finish(first: list[int]):
        check = 11 - sum(d * w for d, w in zip(first, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        return None if check == 10 else "".join(map(str, first)) + str(check)
    return st.lists(st.integers(0, 9), min_size=9, max_size=9).map(finish).filter(bool)


SEPARATORS = ["", " ", "  ", "-", " - ", "\u2013", "\u2014", "\u2010", "\u00a0", "\u2009",
              "\u202f", "\u200b", "\u200c", "\u2060", "\ufeff", ".", "\t", "\n", " .", "--"]
WORDS = st.text(st.characters(categories=("L", "P", "Zs"), exclude_characters="0123456789"),
                max_size=40)


def test_any_spacing_of_an_nhs_number_is_refused_in_either_free_text():
    """400 examples, about 1 s (part of the fuzzing budget printed at the end of the run)."""
    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(number=nhs_numbers(), separators=st.lists(st.sampled_from(SEPARATORS),
                                                     min_size=9, max_size=9),
           wide=st.booleans(), before=WORDS, after=WORDS)
    def check(number, separators, wide, before, after):
        counter[0] += 1
        digits = [chr(0xFF10 + int(d)) if wide else d for d in number]
        written = digits[0] + "".join(s + d for s, d in zip(separators, digits[1:]))
        text = f"{before} {written} {after}"
        assert is_nhs_number(number)
        assert identifier_problem(text) is not None, repr(text)
        assert "NHS number" in deidentify.check_record(hostile.note_record(text=text))
        assert "NHS number" in deidentify.check_record(hostile.thanks_record(words=text))
        assert "NHS number" in deidentify.free_text_problem(hostile.note_record(title=text))

    with fuzzing.measured("committee free text, NHS numbers however spaced") as counter:
        check()


def test_a_note_the_stricter_screen_catches_stays_on_the_hub_and_the_rest_go(world):
    """A case of note written before the screen grew stricter would make the committee
    refuse the whole bundle; the hub keeps it back instead, and the rest still go."""
    with world.advisor.db.transaction() as conn:
        for number, text in ((1, "Handled well by all."), (2, "Patient 943.476.5919.")):
            conn.execute("INSERT INTO case_notes(uuid, case_id, at, title, text, author) "
                         "VALUES (?, NULL, '2026-11-20T10:00:00', 'Night', ?, 'Advisor')",
                         (f"n-{number}", text))
    world.sync(world.advisor)
    result = world.sync(world.committee)
    assert result.rejected == 0, result.problems
    assert [row["text"] for row in world.committee.db.query("SELECT text FROM deid_notes")] \
        == ["Handled well by all."]
