"""A new report starts with what this computer knows: the site policy's site, this PC's
last ward and setting; with no site list, the place is typed at once and printed on one
row, never as four rows of "Other"."""

from commonground.context import AppContext
from commonground.core.records import document
from commonground.core.records import reports as incidents
from commonground.ui.main_window import MainWindow
from tests.core.test_incidents import full_report
from tests.ui.test_report_form import POLICY


def test_with_no_site_list_the_place_is_typed_at_once_and_printed_on_two_rows(
        open_window, qtbot):
    window = open_window()   # no site policy
    form = window.report_form
    assert form.fields["site"].value() == "other"
    assert form.fields["location"].value() == "other"
    assert form.fields["site_other"].container.isVisibleTo(form)
    assert form.fields["location_other"].container.isVisibleTo(form)
    data = full_report(site="other", site_other="Hillside Clinic", location="other",
                       location_other="Day room", setting="other",
                       setting_other="Garden", incident_types=["physical_assault", "other"],
                       type_other="Threw a chair")
    db = window.context.db
    draft = incidents.start_draft(db, "ward3pc")
    incidents.save_draft(db, draft.id, data, "ward3pc")
    text = document.plain_text(incidents.submit(db, draft.id, "ward3pc"))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Site: Hillside Clinic" in lines and "Ward or location: Day room" in lines
    assert "Setting: Garden" in lines
    assert "Type of incident: Physical assault, Other: Threw a chair" in lines
    assert not [line for line in lines if line.startswith(("Other", "Site: Other"))]


def test_the_next_report_on_this_pc_starts_at_its_last_ward_and_setting_whoever_reports(
        qtbot, data_dir):
    context = AppContext.open(data_dir, policy=POLICY)
    db = context.db
    draft = incidents.start_draft(db, "nurse1")
    data = full_report(location="Oak Ward", setting="inpatient_ward")
    incidents.save_draft(db, draft.id, data, "nurse1")
    incidents.submit(db, draft.id, "nurse1")
    incidents.remember_place(db, data)
    context.login = "another-login"
    window = MainWindow(context)
    qtbot.addWidget(window)
    form = window.report_form
    assert form.fields["site"].value() == "Riverside Hospital"
    assert form.fields["location"].value() == "Oak Ward"
    assert form.fields["setting"].value() == "inpatient_ward"
    assert form.fields["reporter_name"].value() == ""   # another login: not Sam Taylor
    window.close()
    context.close()


def test_on_a_shared_login_no_reporters_name_is_kept_or_offered(open_window, qtbot):
    import json

    from commonground.policy import parse_policy

    shared = parse_policy(json.dumps({"site": "Riverside Hospital", "shared_login": True}))
    window = open_window(policy=shared)
    db, login = window.context.db, window.context.login
    incidents.remember_reporter(db, login, full_report())   # kept before the policy said
    window.go_to(window.report_form)
    form = window.report_form
    form.new_report()
    assert form.fields["reporter_name"].value() == ""
    form.fill(full_report())
    form.submit()
    assert form.done_panel.isVisible(), form.problems.text()
    assert incidents.remembered_reporter(db, login) == {}
    form.new_report()
    assert form.fields["reporter_name"].value() == ""
    assert form.fields["reporter_role"].value() == ""
