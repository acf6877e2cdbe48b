"""A case of note never names someone in the hub's reports: the advisor is refused with the
field and the name, nothing is stored, and a note written before the screening (or before
its report arrived) stays on the hub instead of going to the committee. Real reports,
submitted and received into cases, in a real database."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.core.cases.notes import NoteError, add_case_note, case_notes
from commonground.core.identifiers import fold, name_found
from commonground.core.records import kinds as rk
from commonground.core.records.people import names_in
from commonground.core.storage.db import Database
from commonground.core.sync.deidentify import note_records
from commonground.core.timeutil import iso
from tests import fuzzing
from tests.core.test_cases import ADVISOR, open_case, submit

VICTIM = "Zoë Brontë"
WITNESS = "Priya Raman"
REPORTER = "Sam Taylor"
NOW = dt.datetime(2026, 12, 1, 10, 0)


@pytest.fixture
def db():
    return Database.in_memory()


def named_case(db, victim=VICTIM, witness=WITNESS, reporter=REPORTER):
    return open_case(db, victims=[{"kind": "staff", "name": victim, "role": "Staff nurse",
                                   "organisation": "Mental health Trust"}],
                     witnesses=[{"name": witness, "role": "Healthcare assistant",
                                 "contact": "Ward phone"}],
                     reporter_name=reporter)


def stored_notes(db) -> list[tuple[str, str]]:
    return [(note["title"], note["text"]) for note in case_notes(db)]


REFUSED = [
    ("surname", "Assault on a nurse", "Ms Brontë was punched at the medication round.",
     "The summary", VICTIM),
    ("full name", "Assault on a nurse", "Zoë Brontë was punched.", "The summary", VICTIM),
    ("in capitals", "ZOË BRONTË ASSAULTED", "A nurse was punched.", "The title", VICTIM),
    ("accent dropped", "Assault on a nurse", "Zoe Bronte was punched.", "The summary",
     VICTIM),
    ("surname, accent dropped, lower case", "Assault", "bronte was punched.", "The summary",
     VICTIM),
    ("first name with a capital", "Assault", "Zoe was punched.", "The summary", VICTIM),
    ("witness's surname", "Assault", "A colleague, Raman, saw it.", "The summary", WITNESS),
    ("reporter's surname in capitals", "Assault", "Reported by TAYLOR.", "The summary",
     REPORTER),
    ("possessive", "Assault", "Taylor's report was prompt.", "The summary", REPORTER),
]


@pytest.mark.parametrize("what, title, text, field, name", REFUSED,
                         ids=[case[0] for case in REFUSED])
def test_a_note_naming_someone_in_its_case_report_is_refused(db, what, title, text, field,
                                                            name):
    case = named_case(db)
    with pytest.raises(NoteError) as refused:
        add_case_note(db, title, text, ADVISOR, case_id=case.id, now=NOW)
    said = str(refused.value)
    assert said.startswith(f"{field} contains the name of someone in this case's report "
                           f"({name})."), said
    assert "role" in said
    assert stored_notes(db) == []


def test_a_note_without_names_is_accepted(db):
    case = named_case(db)
    text = ("A staff nurse was punched at the medication round; the police attended and a "
            "charge followed. Will the committee rose to thank the ward? The grace shown by "
            "the shift was noted.")
    add_case_note(db, "Charge after an assault on a nurse", text, ADVISOR, case_id=case.id,
                  now=NOW)
    assert stored_notes(db) == [("Charge after an assault on a nurse", text)]


def test_names_of_another_case_do_not_refuse_a_note_on_this_one(db):
    named_case(db)
    other = named_case(db, victim="Jon Okafor", witness="Lee Marsh", reporter="Kim Doyle")
    add_case_note(db, "Assault", "Brontë's colleague was not involved here.", ADVISOR,
                  case_id=other.id, now=NOW)
    with pytest.raises(NoteError, match=r"\(Jon Okafor\)"):
        add_case_note(db, "Assault", "Okafor was hit.", ADVISOR, case_id=other.id, now=NOW)
    assert len(stored_notes(db)) == 1


def test_a_note_with_no_case_is_screened_against_every_report_on_the_hub(db):
    named_case(db)
    submit(db, victims=[{"kind": "patient", "name": "Ada Kowalski", "role": ""}],
           reporter_name="Ben Hughes")
    for text, name in (("Kowalski was hurt.", "Ada Kowalski"), ("Hughes reported it.",
                                                                "Ben Hughes"),
                       ("Bronte again.", VICTIM)):
        with pytest.raises(NoteError) as refused:
            add_case_note(db, "A pattern", text, ADVISOR, now=NOW)
        assert f"in a report on this computer ({name})" in str(refused.value)
    add_case_note(db, "A pattern", "Three assaults at one medication round.", ADVISOR, now=NOW)
    assert len(stored_notes(db)) == 1


def test_a_common_word_is_not_a_first_name_unless_written_as_one():
    names = ["Will Hope", "Rose", "HCA on shift", "Dr Grace Mohammed", "PC Smith"]
    for text in ("It will help.", "Costs rose.", "The grace period.", "The night shift.",
                 "The doctor saw her.", "The inspector attended."):
        assert name_found(text, names) is None, text
    assert name_found("There was hope.", names) == "Will Hope"    # a surname counts as words
    assert name_found("It will help.", names) is None
    assert name_found("Costs rose.", names) is None
    assert name_found("The night shift.", names) is None
    assert name_found("The doctor saw her.", names) is None
    assert name_found("Will was there.", names) == "Will Hope"
    assert name_found("Rose was there.", names) == "Rose"
    assert name_found("Grace saw her.", names) == "Dr Grace Mohammed"
    assert name_found("the hca saw it", names) is None
    assert name_found("The HCA saw it", names) == "HCA on shift"
    assert name_found("the smith's forge", names) == "PC Smith"   # after a title: a surname


def test_short_name_parts_count_only_in_the_full_name():
    assert name_found("Li said so.", ["Jo Li"]) is None
    assert name_found("Jo said so.", ["Jo Li"]) is None
    assert name_found("jo li said so.", ["Jo Li"]) == "Jo Li"


def test_names_come_from_every_field_the_kinds_mark_as_a_name():
    data = {"victims": [{"kind": "staff", "name": "A One"}, {"kind": "other", "name": ""}],
            "witnesses": [{"name": "B Two"}, "not a dict"], "reporter_name": "C Three",
            "narrative": "D Four is not a name field"}
    assert names_in(data) == ["A One", "B Two", "C Three"]
    request = {"_kind": "police_assistance", "requester_name": "E Five",
               "person_name": "F Six", "team": "G Seven's team"}
    assert names_in(request) == ["E Five", "F Six"]
    episode = {"_kind": "s136", "recorded_by": "H Eight", "inspector": "Insp 4521",
               "superintendent": "J Nine", "extended_by": "Dr K Ten, consultant"}
    assert names_in(episode) == ["Insp 4521", "J Nine", "H Eight"]
    assert names_in({"_kind": "thanks", "sender_name": "L Eleven"}) == ["L Eleven"]


def test_every_kind_marks_its_author_as_a_name():
    for kind in rk.KINDS.values():
        assert kind.fields[kind.author_key].person_name, kind.key


# ------------------------------------------------------------------ the hub's queue
def test_the_queue_holds_back_an_older_note_that_names_someone(db, caplog):
    case = named_case(db)
    with db.transaction() as conn:      # written before the screening knew names
        conn.executemany(
            "INSERT INTO case_notes(uuid, case_id, at, title, text, author) VALUES (?,?,?,?,?,?)",
            [("old-named", case.id, iso(NOW), "Assault", "Zoe Bronte was punched.", ADVISOR),
             ("old-clean", case.id, iso(NOW), "Assault", "A nurse was punched.", ADVISOR),
             ("no-case", None, iso(NOW), "Pattern", "Mr TAYLOR again.", ADVISOR)])
    with caplog.at_level(logging.WARNING):
        sent = note_records(db)
    assert [record["uuid"] for record in sent] == ["old-clean"]
    assert "old-named" in caplog.text and "no-case" in caplog.text
    assert "Bront" not in caplog.text and "TAYLOR" not in caplog.text


def test_the_queue_holds_back_a_note_whose_report_arrived_after_it(db):
    add_case_note(db, "Pattern", "Ms Okafor was hit again.", ADVISOR, now=NOW)
    assert [r["text"] for r in note_records(db)] == ["Ms Okafor was hit again."]
    submit(db, victims=[{"kind": "staff", "name": "Jon Okafor", "role": "Nurse"}])
    assert note_records(db) == []


# ------------------------------------------------------------------ a fuzzer
LETTERS = st.text(alphabet="abcdefghijklmnoprstuvwyzéëöüçñø", min_size=1, max_size=9)
FILLER = st.lists(st.sampled_from(["the", "nurse", "was", "hit", "ward", "police", "and",
                                   "will", "rose", "a", "at", "night", "shift"]),
                  max_size=8)


def _dressed(word: str, how: str) -> str:
    if how == "upper":
        return word.upper()
    if how == "title":
        return word.title()
    if how == "plain":
        return fold(word)
    return word


def test_an_accepted_note_never_holds_its_report_full_name():
    """Budget: 60 examples, about two seconds (each a fresh database with a case)."""

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(parts=st.lists(LETTERS, min_size=2, max_size=3), before=FILLER, after=FILLER,
           include=st.booleans(), how=st.sampled_from(["upper", "title", "plain", "as is"]),
           glue=st.sampled_from([" ", "  ", "\u00a0", " \u200b"]))
    def check(parts, before, after, include, how, glue):
        counter[0] += 1
        db = Database.in_memory()
        name = " ".join(part.title() for part in parts)
        case = named_case(db, victim=name, witness="Lee Marsh", reporter="Kim Doyle")
        middle = [glue.join(_dressed(part, how) for part in parts)] if include else []
        text = " ".join(before + middle + after) or "A nurse was hit."
        try:
            add_case_note(db, "Assault", text, ADVISOR, case_id=case.id, now=NOW)
        except NoteError as refused:
            assert "contains the name of someone" in str(refused)
            return
        words = re.findall(r"[^\W\d_]+", stored_notes(db)[0][1])
        stored = " ".join(fold(word) for word in words)
        full = " ".join(fold(part) for part in parts)
        assert f" {full} " not in f" {stored} ", (name, text)

    with fuzzing.measured("cases of note, a report's full name however written") as counter:
        check()
