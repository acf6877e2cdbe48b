"""'I have read this version': recorded once per person and version, in their own words."""

import datetime as dt

import pytest

from commonground.core.protocols.acknowledgements import (
    MAX_NAME,
    AcknowledgementError,
    acknowledge,
    acknowledged,
    confirmation,
    remember_name,
    remembered_name,
)
from commonground.core.storage.db import Database

NOW = dt.datetime(2026, 12, 1, 14, 5)
S136 = "s136-place-of-safety"


@pytest.fixture
def db():
    return Database.in_memory()


def test_a_confirmation_keeps_the_name_as_typed_without_outer_spaces(db):
    made = acknowledge(db, S136, "1.1", "  Dr Ama  Mensah-Boateng ", "Riverside Hospital", NOW)
    [row] = db.query("SELECT * FROM acknowledgements")
    assert (row["name"], row["protocol_id"], row["version"], row["at"], row["site"]) == \
        ("Dr Ama  Mensah-Boateng", S136, "1.1", "2026-12-01T14:05:00", "Riverside Hospital")
    assert row["uuid"] == made.uuid and len(made.uuid) == 36
    assert row["source_install"] is None       # made here: it goes up at the next sync


def test_confirming_again_changes_nothing(db):
    first = acknowledge(db, S136, "1.1", "Sam Nurse", now=NOW)
    again = acknowledge(db, S136, "1.1", "sam nurse ", now=NOW + dt.timedelta(hours=3))
    assert again == first
    assert db.query_one("SELECT count(*) FROM acknowledgements")[0] == 1
    acknowledge(db, S136, "1.2", "Sam Nurse", now=NOW)          # another version counts
    acknowledge(db, S136, "1.1", "Jo Porter", now=NOW)          # so does another person
    assert [a.name for a in acknowledged(db, S136, "1.1")] == ["Sam Nurse", "Jo Porter"]
    assert confirmation(db, S136, "1.1", "SAM NURSE") == first
    assert confirmation(db, S136, "1.1", "Someone Else") is None


@pytest.mark.parametrize("name, message", [
    ("", "Type your name, so this computer can show that you have read this version."),
    ("   ", "Type your name, so this computer can show that you have read this version."),
    ("x" * (MAX_NAME + 1), f"A name can be at most {MAX_NAME} characters long (this one is "
                           f"{MAX_NAME + 1})."),
    ("Sam\nNurse", "A name cannot contain line breaks or other control characters."),
])
def test_a_name_that_cannot_be_used_is_refused_with_a_message(db, name, message):
    with pytest.raises(AcknowledgementError) as refused:
        acknowledge(db, S136, "1.0", name, now=NOW)
    assert str(refused.value) == message
    assert db.query_one("SELECT count(*) FROM acknowledgements")[0] == 0


def test_the_longest_allowed_name_is_kept_whole(db):
    name = "N" * MAX_NAME
    assert acknowledge(db, S136, "1.0", name, now=NOW).name == name


def test_the_last_name_is_remembered_per_login_else_the_default_given(db):
    assert remembered_name(db, "ward-pc") == ""
    assert remembered_name(db, "ward-pc", "Sam Nurse") == "Sam Nurse"
    remember_name(db, "ward-pc", " Jo Porter ")
    assert remembered_name(db, "ward-pc", "Sam Nurse") == "Jo Porter"
    assert remembered_name(db, "other-login") == ""
