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


def test_the_hub_drops_the_words_of_a_thanks_naming_someone_in_its_reports():
    """Ward A's thank-you passed ward A's check (it holds no report naming the patient);
    ward B's report of that patient reached the hub too. The hub holds both, so it
    sends the committee the thank-you's day and agency but not its words or team."""
    from commonground.core.records import kinds as rk
    from commonground.core.sync.deidentify import records_of

    hub = Database.in_memory()
    named = incidents.start_draft(hub, "ward-a", thanks_data(
        what="Thank you for the care you gave Zoë Brontë that night.",
        team="the team who looked after Brontë"))
    incidents.submit(hub, named.id, "ward-a")
    plain = incidents.start_draft(hub, "ward-a", thanks_data(
        what="The crew will be remembered: they rose to a hard night with grace."))
    incidents.submit(hub, plain.id, "ward-a")
    submit(hub, victims=[{"kind": "staff", "name": "Zoë Brontë", "role": "Staff nurse"}])
    sent = records_of(hub, rk.KINDS["thanks"], {"Riverside Hospital"})
    assert [(r["words"] is None, r["team"] is None) for r in sent] == [(True, True),
                                                                      (False, False)]
    assert not any("Bront" in str(value) for record in sent for value in record.values())
