"""On a ward PC, a thank-you's words (which the committee may quote) never name someone in
that PC's own records: submission is refused at the field, without repeating the name
(it may come from someone else's report), and the thank-you stays a draft. Real records
in a real database."""

from __future__ import annotations

import pytest

from commonground.core.records import reports as incidents
from commonground.core.records.record import ReportError
from commonground.core.storage.db import Database
from tests.core.test_cases import submit
from tests.core.test_thanks import thanks_data

SAID = ("It contains a name from a report on this computer; the committee must not see "
        "names. Use the team or the role.")


@pytest.fixture
def db():
    made = Database.in_memory()
    submit(made, victims=[{"kind": "staff", "name": "Zoë Brontë", "role": "Staff nurse"}],
           reporter_name="Sam Taylor")
    return made


def statuses(db) -> set[str]:
    return {row[0] for row in db.query("SELECT status FROM reports WHERE kind = 'thanks'")}


@pytest.mark.parametrize("field, words", [
    ("what", "Thank you for looking after ZOE BRONTE so well."),
    ("what", "The officers stayed with Taylor until the ambulance came."),
    ("team", "Sergeant Bronte's team"),
    ("what", "Thanks from Sender and the whole ward."),      # the sender's own surname
])
def test_a_thanks_naming_someone_in_this_pcs_reports_is_refused_at_the_field(db, field,
                                                                            words):
    draft = incidents.start_draft(db, "ward-pc", thanks_data(**{field: words}))
    with pytest.raises(ReportError) as refused:
        incidents.submit(db, draft.id, "ward-pc")
    assert [(p.field, p.message) for p in refused.value.problems] == [(field, SAID)]
    assert "Bront" not in SAID and "Taylor" not in SAID
    assert statuses(db) == {"draft"}


def test_a_thanks_without_names_is_sent(db):
    draft = incidents.start_draft(db, "ward-pc", thanks_data(
        what="The crew will be remembered: they rose to a hard night with grace."))
    report = incidents.submit(db, draft.id, "ward-pc")
    assert report.status == "queued" and statuses(db) == {"queued"}


def test_a_report_of_another_kind_is_not_screened_for_names(db):
    report = submit(db, narrative="Sam Taylor was punched by the patient.")
    assert report.status == "queued"
