import json

import pytest

from tests.conftest import run_cli


def test_search_json_puts_appropriate_adult_first_with_the_promised_fields(data_dir):
    result = run_cli("search", "who can act as AA", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["protocol_id"] == "appropriate-adult"
    for hit in hits:
        assert {"protocol_id", "title", "section", "anchor", "snippet", "score"} <= set(hit)
        assert isinstance(hit["score"], (int, float))
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_limit_and_plain_output(data_dir):
    result = run_cli("search", "section", "136", "--limit", "2", data_dir=data_dir)
    assert result.returncode == 0
    assert result.stdout.startswith("1. ")
    assert "\n2. " in result.stdout and "\n3. " not in result.stdout


def test_a_misspelt_search_says_what_it_searched_for_and_answers_first(data_dir):
    result = run_cli("search", "who signs the extention", "--limit", "1", data_dir=data_dir)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Showing results for: who signs the extension"
    assert lines[1].startswith("1. Section 136") and "#the-12-hour-extension]" in lines[1]
    assert "**extension**" in lines[2]


def test_a_search_with_no_matches_says_so(data_dir):
    result = run_cli("search", "zzzqqq", data_dir=data_dir)
    assert result.returncode == 0
    assert result.stdout.startswith("No matches.")
    assert json.loads(run_cli("search", "zzzqqq", "--json", data_dir=data_dir).stdout) == []


def test_a_bad_limit_is_a_message_not_a_traceback(data_dir):
    result = run_cli("search", "aa", "--limit", "0", data_dir=data_dir)
    assert result.returncode == 1
    assert "--limit must be 1 or more" in result.stderr
    assert "Traceback" not in result.stderr


def test_protocols_list_json(data_dir):
    result = run_cli("protocols", "list", "--json", data_dir=data_dir)
    rows = json.loads(result.stdout)
    assert len(rows) == 6
    for row in rows:
        assert {"id", "title", "version", "effective", "review_due"} <= set(row)


def test_first_run_creates_the_data_folder_and_database(tmp_path):
    folder = tmp_path / "fresh"
    result = run_cli("--data-dir", str(folder), "protocols", "list")
    assert result.returncode == 0, result.stderr
    assert (folder / "commonground.sqlite3").exists()
    assert (folder / "logs" / "commonground.log").exists()


@pytest.mark.hazard("H-015")
def test_selftest_passes_and_says_what_it_checked(data_dir):
    result = run_cli("selftest", data_dir=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    for words in ("ok    data folder", "ok    database", "ok    protocols: 6 loaded",
                  "ok    search", "ok    render HTML and PDF",
                  "ok    decision aids: s136 clock 22:10 GMT 28 Mar 2026 -> 23:10 BST",
                  "ok    main window",
                  "selftest passed"):
        assert words in result.stdout


def test_selftest_fails_when_the_data_folder_is_unusable(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("--data-dir", str(blocker / "data"), "selftest", "--no-gui")
    assert result.returncode == 1
    assert "FAIL  data folder" in result.stdout


def test_demo_data_then_reports_list_and_pdf(data_dir, tmp_path):
    made = run_cli("demo-data", "--incidents", "40", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    assert "Added 40 fictional reports" in made.stdout
    listed = run_cli("reports", "list", "--json", "--limit", "100", data_dir=data_dir)
    rows = json.loads(listed.stdout)
    assert len(rows) == 40
    assert {"reference", "status", "incident_at", "place", "types"} <= set(rows[0])
    reference = next(r["reference"] for r in rows if r["reference"])
    target = tmp_path / "report.pdf"
    pdf = run_cli("reports", "pdf", reference, "-o", str(target), data_dir=data_dir)
    assert pdf.returncode == 0, pdf.stderr
    assert target.read_bytes().startswith(b"%PDF")
    plain = run_cli("reports", "list", "--status", "draft", data_dir=data_dir)
    assert plain.returncode == 0
    lines = [line for line in plain.stdout.splitlines() if line.strip()]
    assert lines == ["No reports."] or all("Draft" in line for line in lines)


def test_demo_data_for_the_advisor_sets_the_role_and_makes_a_plausible_list(data_dir):
    made = run_cli("demo-data", "--incidents", "400", "--cases", "40", "--role", "advisor",
                   data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    assert "Added 400 fictional reports over the past year" in made.stdout
    assert "Role set to Advisor hub." in made.stdout
    open_cases = json.loads(run_cli("cases", "list", "--json", data_dir=data_dir).stdout)
    overdue = [case for case in open_cases if case["overdue"]]
    assert 0.1 <= len(overdue) / len(open_cases) <= 0.2
    drafts = json.loads(run_cli("reports", "list", "--json", "--status", "draft",
                                data_dir=data_dir).stdout)
    assert drafts == []          # nothing offered back at the next start unless asked
    asked = run_cli("demo-data", "--incidents", "20", "--drafts", "3",
                    data_dir=data_dir.parent / "second")
    assert "3 of them unfinished drafts" in asked.stdout
    assert "role of this install is unchanged" in asked.stdout


def test_committee_demo_data_fills_the_figures_and_the_action_log_not_my_reports(data_dir):
    made = run_cli("demo-data", "--incidents", "60", "--committee", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    assert "fictional de-identified records, 4 actions, 8 duty routes, 7 seats and 3 training " \
            "sessions" in made.stdout
    actions = json.loads(run_cli("actions", "list", "--json", "--all",
                                 data_dir=data_dir).stdout)
    assert len(actions) == 4 and any(a["overdue"] for a in actions)
    mine = json.loads(run_cli("reports", "list", "--json", data_dir=data_dir).stdout)
    assert mine == []
    from commonground.core.storage.db import Database
    db = Database.open(data_dir / "commonground.sqlite3")
    try:
        assert 40 <= db.query_one("SELECT count(*) FROM deid_incidents")[0] <= 60
        assert db.query_one("SELECT count(*) FROM deid_notes")[0] == 2
        assert db.query_one("SELECT count(*) FROM contact_routes")[0] == 8
    finally:
        db.close()


def test_an_unknown_reference_is_a_clear_message(data_dir, tmp_path):
    result = run_cli("reports", "pdf", "CG-2026-XXXX-000001", "-o", str(tmp_path / "x.pdf"),
                     data_dir=data_dir)
    assert result.returncode == 1
    assert "no report with the reference 'CG-2026-XXXX-000001'" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_broken_site_policy_is_reported_but_never_fatal(data_dir, tmp_path):
    policy = tmp_path / "policy.json"
    policy.write_text('{"role": "boss"}', encoding="utf-8")
    result = run_cli("--policy", str(policy), "protocols", "list", data_dir=data_dir)
    assert result.returncode == 0
    assert "role: must be one of frontline, advisor, committee" in result.stderr


def make_cases(data_dir) -> dict:
    """Cases made with the core functions the advisor's screens call (demo data has none):
    one long overdue, one not due for a month with a decision, one closed."""
    import datetime as dt

    from commonground.context import AppContext
    from commonground.core.cases import actions as case_actions
    from commonground.core.cases import helpline
    from commonground.core.cases import workflow as cases
    from commonground.core.records import reports as incidents
    from tests.core.test_incidents import full_report

    def received(when: dt.datetime, **changes):
        report = incidents.start_draft(context.db, "ward-pc", {}, now=when)
        incidents.save_draft(context.db, report.id, full_report(**changes), "ward-pc",
                             now=when)
        report = incidents.submit(context.db, report.id, "ward-pc", now=when)
        return cases.receive_report(context.db, report.id, "advisor", now=when), report

    context = AppContext.open(data_dir)
    try:
        late, late_report = received(dt.datetime(2024, 1, 10, 16, 0),
                                     incident_at="2024-01-10T14:32",
                                     police_informed_at="2024-01-10T15:05")
        later, later_report = received(dt.datetime(2026, 11, 20, 16, 0))
        case_actions.record_step(context.db, later.id, "decision", status="done", by="advisor",
                                 done_on=dt.date(2026, 11, 25),
                                 detail={"decision": "nfa", "nfa_reason": "public_interest"},
                                 now=dt.datetime(2026, 11, 25, 9, 0))
        in_a_month = dt.date.today() + dt.timedelta(days=30)
        for step in cases.steps(context.db, later.id):
            if step.status == "todo" and step.due:
                case_actions.set_due(context.db, later.id, step.key, in_a_month, "advisor")
        call = dt.datetime(2025, 3, 3, 9, 0)
        _, closed = helpline.log_helpline_contact(context.db, caller="Ward manager",
                                               what="A nurse was pushed", by="advisor",
                                               at=call, now=call)
        case_actions.close_case(context.db, closed.id, "duplicate", "advisor",
                                "Same as a report", now=call)
        events = len(cases.timeline(context.db, later.id))
    finally:
        context.close()
    return {"late": late.number, "late_reference": late_report.reference,
            "later": later.number, "later_reference": later_report.reference,
            "closed": closed.number, "in_a_month": in_a_month.isoformat(),
            "later_events": events}


def test_cases_list_json_shows_open_cases_next_due_first(data_dir):
    made = make_cases(data_dir)
    result = run_cli("cases", "list", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["number"] for row in rows] == [made["late"], made["later"]]
    late, later = rows
    assert late == {
        "number": made["late"], "reference": made["late_reference"], "status": "open",
        "incident_at": "2024-01-10T14:32", "victim": "Staff member (Staff nurse)",
        "summary": "Physical assault, Spitting · Cedar Ward · Riverside Hospital",
        "next_due": "2024-01-12", "next_step": "Victim contacted",
        "waiting_on": "police, police or CPS",
        "overdue": True, "decision": None}
    assert (later["reference"], later["next_due"], later["overdue"], later["decision"]) == (
        made["later_reference"], made["in_a_month"], False, "nfa")
    everything = json.loads(run_cli("cases", "list", "--all", "--json",
                                    data_dir=data_dir).stdout)
    assert [(row["number"], row["status"], row["overdue"]) for row in everything][-1] == (
        made["closed"], "closed", False)
    assert len(everything) == 3


def test_cases_list_overdue_shows_only_cases_past_their_next_due_date(data_dir):
    made = make_cases(data_dir)
    rows = json.loads(run_cli("cases", "list", "--overdue", "--json",
                              data_dir=data_dir).stdout)
    assert [row["number"] for row in rows] == [made["late"]]
    plain = run_cli("cases", "list", "--overdue", data_dir=data_dir)
    assert plain.returncode == 0, plain.stderr
    lines = plain.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(made["late"]) and "2024-01-12 OVERDUE" in lines[0]
    assert "Victim contacted" in lines[0]
    empty = run_cli("cases", "list", "--overdue", data_dir=data_dir.parent / "empty")
    assert (empty.returncode, empty.stdout) == (0, "No cases.\n")


def test_cases_pdf_by_number_or_report_reference(data_dir, tmp_path):
    import io

    from pypdf import PdfReader

    from commonground.context import AppContext
    from commonground.core.cases import workflow as cases

    made = make_cases(data_dir)
    for name in (made["later"], made["later_reference"]):
        target = tmp_path / f"{name}.pdf"
        result = run_cli("cases", "pdf", name, "-o", str(target), data_dir=data_dir)
        assert result.returncode == 0, result.stderr
        assert (result.stdout, result.stderr) == (f"Wrote {target}\n", "")
        first = PdfReader(io.BytesIO(target.read_bytes())).pages[0].extract_text()
        assert f"Case file · {made['later']} · {made['later_reference']}" in first
        assert "Decision No further action (NFA). Reason: Not in the public interest" in \
            " ".join(first.split())
    context = AppContext.open(data_dir)
    try:   # writing a file is not something that happened to the case
        later = cases.find_case(context.db, made["later"])
        assert len(cases.timeline(context.db, later.id)) == made["later_events"]
    finally:
        context.close()


def test_cases_pdf_refuses_an_unknown_case_or_a_missing_folder(data_dir, tmp_path):
    made = make_cases(data_dir)
    out = tmp_path / "out"
    out.mkdir()
    unknown = run_cli("cases", "pdf", "C-2026-9999", "-o", str(out / "x.pdf"),
                      data_dir=data_dir)
    assert unknown.returncode == 1
    assert unknown.stderr == ("commonground: no case with the number or report reference "
                              "'C-2026-9999' on this computer (see 'commonground cases "
                              "list')\n")
    missing = out / "no such folder" / "case.pdf"
    result = run_cli("cases", "pdf", made["late"], "-o", str(missing), data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr == f"commonground: the folder {missing.parent} does not exist\n"
    assert list(out.iterdir()) == []


def test_keys_show_and_create_print_what_to_put_in_the_policy(data_dir):
    shown = run_cli("keys", "show", data_dir=data_dir)
    assert shown.returncode == 0
    assert "This install's signing key" in shown.stdout and "fingerprint" in shown.stdout
    import os
    os.environ["COMMONGROUND_PASSPHRASE"] = "short"
    try:
        refused = run_cli("keys", "create", "--role", "advisor", data_dir=data_dir)
        assert refused.returncode == 1 and "at least 10 characters" in refused.stderr
        os.environ["COMMONGROUND_PASSPHRASE"] = "a long enough passphrase"
        made = run_cli("keys", "create", "--role", "advisor", data_dir=data_dir)
        assert made.returncode == 0
        assert '"advisor_encryption": "' in made.stdout
        again = run_cli("keys", "create", "--role", "advisor", data_dir=data_dir)
        assert again.returncode == 1 and "already has an advisor key" in again.stderr
    finally:
        os.environ.pop("COMMONGROUND_PASSPHRASE", None)


def test_sync_export_and_import_from_the_command_line(tmp_path):
    from commonground.context import AppContext
    from commonground.core import roles

    advisor_dir, committee_dir = tmp_path / "advisor", tmp_path / "committee"
    demo = run_cli("--data-dir", str(advisor_dir), "demo-data", "--incidents", "30")
    assert demo.returncode == 0
    context = AppContext.open(advisor_dir)
    roles.set_role(context.db, "advisor", "test", "test")
    context.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    exported = run_cli("--data-dir", str(advisor_dir), "export", "--kind", "deidentified",
                       "--to", str(usb))
    assert exported.returncode == 0, exported.stderr
    assert "de-identified records" in exported.stdout
    [bundle] = list(usb.glob("deidentified_*.zip"))

    context = AppContext.open(committee_dir)
    roles.set_role(context.db, "committee", "test", "test")
    from commonground.core.sync import state
    signing = run_cli("--data-dir", str(advisor_dir), "keys", "show").stdout.split(
        "public key  ")[1].split()[0]
    state.trust(context.db, signing, "advisor", "policy")
    context.close()
    imported = run_cli("--data-dir", str(committee_dir), "import", str(bundle))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Received deidentified_" in imported.stdout
    again = run_cli("--data-dir", str(committee_dir), "import", str(bundle))
    assert again.returncode == 1  # already imported: nothing new
    sync = run_cli("--data-dir", str(committee_dir), "sync", "--json")
    assert json.loads(sync.stdout)["problems"][0].startswith("No sync folders are set")


def test_pack_build_signs_a_folder_and_refuses_a_name_ward_pcs_would_ignore(data_dir,
                                                                            tmp_path):
    import os

    from commonground import paths
    os.environ["COMMONGROUND_PASSPHRASE"] = "a long enough passphrase"
    try:
        assert run_cli("keys", "create", "--role", "committee", data_dir=data_dir).returncode == 0
        out = tmp_path / "protocols"
        out.mkdir()
        wrong = run_cli("pack", "build", "--from", str(paths.bundled_protocols_dir()),
                        "--version", "2027.1", "-o", str(out / "pack.zip"), data_dir=data_dir)
        assert wrong.returncode == 1 and "ward PCs only take a pack under its own name" in \
            wrong.stderr
        made = run_cli("pack", "build", "--from", str(paths.bundled_protocols_dir()),
                       "--version", "2027.1", "-o", str(out), data_dir=data_dir)
        assert made.returncode == 0, made.stderr
        [pack] = list(out.glob("protocol-pack_*.zip"))
        assert f"Wrote {pack}" in made.stdout
        broken = tmp_path / "broken"
        broken.mkdir()
        (broken / "bad.md").write_text("---\nid: bad\n", encoding="utf-8")
        refused = run_cli("pack", "build", "--from", str(broken), "--version", "2027.2", "-o",
                          str(out), data_dir=data_dir)
        assert refused.returncode == 1 and "bad.md" in refused.stderr
    finally:
        os.environ.pop("COMMONGROUND_PASSPHRASE", None)


def make_committee(data_dir) -> dict:
    """A committee's data folder: fictional de-identified incidents, two meetings (the police
    missing from the second) and three actions, one of them done."""
    import datetime as dt

    from commonground.context import AppContext
    from commonground.core.committee import meetings, stats
    from commonground.core.committee.demo import generate_committee

    now = dt.datetime(2026, 6, 30, 12, 0)
    context = AppContext.open(data_dir)
    try:
        generate_committee(context.db, 300, now=now)
        march = meetings.add_meeting(context.db, dt.date(2026, 3, 31), {
            "police": {"present": True}, "health": {"present": True}}, now=now)
        meetings.add_meeting(context.db, dt.date(2026, 6, 30), {
            "health": {"present": True}, "social_care": {"present": True},
            "ambulance": {"present": True}, "service_users": {"present": True}}, now=now)
        late = meetings.add_action(context.db, title="Agree a form for keeping CCTV",
                                   raised_by="Chair", owner_agency="police",
                                   owner_role="Inspector", meeting_id=march,
                                   due_date=dt.date(2026, 5, 1), now=now)
        going = meetings.add_action(context.db, title="Count ambulance waits",
                                    raised_by="Ambulance lead", owner_agency="ambulance",
                                    meeting_id=march, due_date=dt.date(2099, 1, 1), now=now)
        meetings.update_action(context.db, going, date=dt.date(2026, 6, 2), author="Lead",
                               text="Two months counted", status="in_progress", now=now)
        done = meetings.add_action(context.db, title="Send the leaflet to wards",
                                   raised_by="Chair", owner_agency="health",
                                   meeting_id=march, now=now)
        meetings.update_action(context.db, done, date=dt.date(2026, 6, 3), author="Matron",
                               text="Sent", status="done", now=now)
        quarter = stats.figures(context.db, stats.Filters(dt.date(2026, 4, 1),
                                                          dt.date(2026, 6, 30)))
    finally:
        context.close()
    return {"late": late, "going": going, "done": done, "incidents": quarter.total}


def test_meeting_pack_writes_the_pack_for_the_meeting_on_the_last_day(data_dir, tmp_path):
    import io

    from pypdf import PdfReader

    made = make_committee(data_dir)
    target = tmp_path / "pack.pdf"
    result = run_cli("meeting-pack", "--from", "01/04/2026", "--to", "2026-06-30", "-o",
                     str(target), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote {target}\n"
    text = [" ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(target.read_bytes())).pages]
    assert text[0].startswith("Police Liaison Committee – meeting pack Meeting on 30 Jun 2026 "
                              "Period and place: 1 Apr 2026 to 30 Jun 2026, all sites")
    assert "No one from the police attended." in text[0]
    assert "Every count is shown in full" in text[0]
    everything = " ".join(text)
    assert "Since the last meeting on 31 Mar 2026." in everything
    assert f"Incidents {made['incidents']:,} Median reporting delay" in everything


def test_meeting_pack_hides_small_counts_when_asked_or_when_the_policy_says(data_dir,
                                                                            tmp_path):
    import io

    from pypdf import PdfReader

    make_committee(data_dir)

    def cover(*options: str, policy: str | None = None) -> str:
        target = tmp_path / "shared.pdf"
        before = ("--policy", policy) if policy else ()
        result = run_cli(*before, "meeting-pack", "--from", "2026-04-01", "--to", "2026-05-15",
                         "--site", "Larkspur House", "-o", str(target), *options,
                         data_dir=data_dir)
        assert result.returncode == 0, result.stderr
        return " ".join(PdfReader(io.BytesIO(target.read_bytes())).pages[0]
                        .extract_text().split())

    asked = cover("--share")
    assert "Counts under 5 are shown as '<5' because this pack may be shared" in asked
    assert "1 Apr 2026 to 15 May 2026, Larkspur House" in asked
    assert "No meeting is recorded on this date" in asked
    assert "Every count is shown in full" in cover()
    policy = tmp_path / "policy.json"
    policy.write_text('{"suppress_small_counts": true, "small_count_threshold": 10}',
                      encoding="utf-8")
    assert "Counts under 10 are shown as '<10' because" in cover(policy=str(policy))


def test_meeting_pack_refuses_dates_the_wrong_way_round(data_dir, tmp_path):
    target = tmp_path / "pack.pdf"
    result = run_cli("meeting-pack", "--from", "2026-06-30", "--to", "01/04/2026", "-o",
                     str(target), data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr == ("commonground: The period starts (30 Jun 2026) after it ends "
                             "(1 Apr 2026). Swap the dates.\n")
    assert not target.exists()
    bad = run_cli("meeting-pack", "--from", "31/13/2026", "--to", "2026-06-30", "-o",
                  str(target), data_dir=data_dir)
    assert (bad.returncode, bad.stderr) == (
        1, "commonground: --from '31/13/2026' is not a date: use YYYY-MM-DD or DD/MM/YYYY\n")


def test_actions_list_json_shows_open_actions_with_their_updates(data_dir):
    made = make_committee(data_dir)
    result = run_cli("actions", "list", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"id": made["late"], "title": "Agree a form for keeping CCTV", "owner_agency": "police",
         "owner_role": "Inspector", "raised_by": "Chair", "due_date": "2026-05-01",
         "status": "open", "overdue": True, "updates": []},
        {"id": made["going"], "title": "Count ambulance waits", "owner_agency": "ambulance",
         "owner_role": "", "raised_by": "Ambulance lead", "due_date": "2099-01-01",
         "status": "in_progress", "overdue": False,
         "updates": [{"date": "2026-06-02", "author": "Lead", "text": "Two months counted",
                      "status": "in_progress"}]}]
    everything = json.loads(run_cli("actions", "list", "--all", "--json",
                                    data_dir=data_dir).stdout)
    assert [(a["id"], a["status"], a["due_date"], a["overdue"]) for a in everything][-1] == (
        made["done"], "done", None, False)
    plain = run_cli("actions", "list", data_dir=data_dir)
    assert plain.stdout.splitlines()[0] == (
        f"{made['late']:<5} Open         2026-05-01 OVERDUE  Agree a form for keeping CCTV | "
        "Police, Inspector")


# ------------------------------------------------------------------- sync, headless
def _hub_and_ward(tmp_path, enrol: bool = True):
    """An advisor hub set up by IT (its role only in the site policy, never opened in the
    window) and a ward PC that has sent it a report."""
    from commonground.context import AppContext
    from commonground.core.sync import keys
    from commonground.policy import parse_policy
    from tests.core.test_sync import PASSPHRASE, World

    shared = {name: tmp_path / "shared" / name for name in ("upward", "downward")}
    for folder in shared.values():
        folder.mkdir(parents=True)
    hub = tmp_path / "hub"
    made = keys.create_role_key(hub / "keys", "advisor", PASSPHRASE)
    signing = keys.install_signing_key(hub / "keys")
    policy = {"role": "advisor", "folders": {k: str(v) for k, v in shared.items()},
              "keys": {"advisor_encryption": made.public,
                       "advisor_signing": keys.b64(keys.raw_public(signing.public_key()))}}
    policy_path = tmp_path / "hub-policy.json"
    policy_path.write_text(json.dumps(policy))
    ward = AppContext.open(tmp_path / "ward", policy=parse_policy(json.dumps(
        {**policy, "role": "frontline"})))
    world = World.__new__(World)
    world.front = ward
    world.report()
    from commonground import syncing
    assert syncing.run(ward).sent == 1
    ward.close()
    # IT enrols the ward PC with the line `commonground keys show` prints on it.
    shown = run_cli("--data-dir", str(tmp_path / "ward"), "keys", "show").stdout
    [line] = [line for line in shown.splitlines() if line.strip().startswith('{"install_id"')]
    if enrol:
        policy_path.write_text(json.dumps({**policy, "enrolled": [json.loads(line)]}))
    return hub, policy_path, shared


def test_a_ward_pc_is_approved_rotated_revoked_and_linked_from_the_command_line(
        tmp_path, monkeypatch):
    from tests.core.test_sync import PASSPHRASE

    hub, policy_path, _shared = _hub_and_ward(tmp_path, enrol=False)
    ward = str(tmp_path / "ward")
    shown = run_cli("--data-dir", ward, "keys", "show").stdout
    me = shown.split("This install: ")[1].split()[0]
    mark = shown.split("fingerprint ")[1].splitlines()[0].strip()
    monkeypatch.setenv("COMMONGROUND_PASSPHRASE", PASSPHRASE)

    def hub_cli(*words):
        return run_cli("--data-dir", str(hub), "--policy", str(policy_path), *words)
    waiting = hub_cli("sync")
    assert "a computer not enrolled here" in waiting.stdout and mark in waiting.stdout
    pending = hub_cli("keys", "pending").stdout
    assert "Ward PCs waiting to be approved: 1" in pending and me in pending and mark in pending
    wrong = hub_cli("keys", "approve", me, "0000 1111 2222 3333 4444")
    assert wrong.returncode == 1 and "nothing was approved" in wrong.stdout
    typed = mark.replace(" ", "").upper()                 # as read out over the phone
    approved = hub_cli("keys", "approve", me, typed, "--by", "Advisor")
    assert approved.returncode == 0, approved.stdout + approved.stderr
    assert f"(key {mark})" in approved.stdout
    assert "Received reports_" in hub_cli("sync").stdout
    old = "0" * 8 + "-0000-4000-8000-" + "0" * 12
    unknown = hub_cli("keys", "link", old, me)
    assert unknown.returncode == 1 and "is not an enrolled ward PC here" in unknown.stderr
    linked = hub_cli("keys", "link", me, old, "--by", "Advisor")
    assert linked.returncode == 0 and f"{me} may now add to the reports {old} sent" in \
        linked.stdout
    assert f"linked: {me} adds to the reports of {old}" in hub_cli("keys", "pending").stdout
    rotated = run_cli("--data-dir", ward, "keys", "rotate")
    assert rotated.returncode == 0 and f"in place of {mark}" in rotated.stdout
    revoked = hub_cli("keys", "revoke", mark)
    assert revoked.returncode == 0 and "bundles signed with it are refused" in revoked.stdout
    assert "install key " not in hub_cli("keys", "pending").stdout
    assert "revoked" in hub_cli("keys", "pending").stdout


def test_a_hub_set_up_by_it_decrypts_reports_in_a_scheduled_sync(tmp_path, monkeypatch):
    from tests.core.test_sync import PASSPHRASE

    hub, policy_path, _shared = _hub_and_ward(tmp_path)
    monkeypatch.setenv("COMMONGROUND_PASSPHRASE", PASSPHRASE)
    done = run_cli("--data-dir", str(hub), "--policy", str(policy_path), "sync")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Received reports_" in done.stdout
    assert "not hold" not in done.stdout


def test_export_carries_every_kind_sync_sends_the_committee(tmp_path):
    from commonground.context import AppContext
    from commonground.core import roles
    from commonground.core.records import reports as incidents
    from commonground.core.sync import bundle as bundles
    from tests.core.test_record_kinds import full_episode, full_request

    hub = tmp_path / "hub"
    assert run_cli("--data-dir", str(hub), "demo-data", "--incidents", "5").returncode == 0
    context = AppContext.open(hub)
    roles.set_role(context.db, "advisor", "test", "test")
    for data in (full_request(), full_episode()):
        draft = incidents.start_draft(context.db, "hub", data)
        incidents.submit(context.db, draft.id, "hub")
    context.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    done = run_cli("--data-dir", str(hub), "export", "--kind", "deidentified", "--to", str(usb))
    assert done.returncode == 0, done.stderr
    [path] = usb.glob("deidentified_*.zip")
    types = {record["type"] for record in bundles.read(path).records}
    assert {"incident", "assistance", "s136"} <= types


def test_a_full_data_disk_during_sync_is_one_line_and_an_exit_code(tmp_path, monkeypatch,
                                                                   capsys):
    from commonground import cli
    from commonground.context import AppContext
    from commonground.core.records import reports as incidents
    from tests.core.test_incidents import full_report
    from tests.core.test_sync_hostile import fill_disk

    shared = tmp_path / "upward"
    shared.mkdir()
    policy_path = tmp_path / "policy.json"
    policy_path.write_text(json.dumps({"role": "frontline", "folders": {"upward": str(shared)},
                                       "keys": {"advisor_encryption": _advisor_public()}}))
    real_open = AppContext.open.__func__

    def full(cls, *args, **kwargs):
        context = real_open(cls, *args, **kwargs)
        draft = incidents.start_draft(context.db, "ward-pc")
        incidents.save_draft(context.db, draft.id, full_report(), "ward-pc")
        incidents.submit(context.db, draft.id, "ward-pc")
        fill_disk(context.db.conn)
        return context
    monkeypatch.setattr(AppContext, "open", classmethod(full))
    code = cli.main(["--data-dir", str(tmp_path / "ward"), "--policy", str(policy_path),
                     "sync"])
    out, err = capsys.readouterr()
    assert code == 3
    assert err.startswith("commonground: Sync stopped: the disk holding Common Ground's data "
                          "is full.") and err.count("\n") == 1 and "Traceback" not in err


def _advisor_public() -> str:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from commonground.core.sync import keys
    return keys.b64(keys.raw_public(X25519PrivateKey.generate().public_key()))


def test_committee_csv_writes_each_section_136_table_and_refuses_what_it_cannot_do(
        data_dir, tmp_path):
    from commonground.core.records import kinds

    make_committee(data_dir)
    out = tmp_path / "csv"
    out.mkdir()
    result = run_cli("committee-csv", "--kind", "s136", "--from", "2026-04-01", "--to",
                     "31/03/2027", "-o", str(out), "--share", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    figures = kinds.KINDS["s136"].committee.dashboard.figures
    names = [f"s136-{figure.key}-2026-04-01-to-2027-03-31.csv" for figure in figures]
    assert result.stdout == "".join(f"Wrote {out / name}\n" for name in names)
    periods = (out / names[0]).read_bytes().decode("utf-8-sig").splitlines()
    assert periods[0] == ("Period from,Period to,Area,Table,Set beside,Period,Detentions,"
                          "Police vehicle,Police station first")
    assert periods[-1].startswith("2026-04-01,2027-03-31,All sites,\"Section 136 detentions "
                                  "by month, quarter and financial year\",")
    assert "Year 2026/27 (April–March)" in periods[-1]
    wrong = run_cli("committee-csv", "--kind", "visits", "--from", "2026-04-01", "--to",
                    "2026-05-01", "-o", str(out), data_dir=data_dir)
    assert (wrong.returncode, wrong.stderr) == (
        1, "commonground: --kind 'visits' has no committee tables; choose one of "
           "police_assistance, s136, thanks\n")
    gone = run_cli("committee-csv", "--kind", "s136", "--from", "2026-04-01", "--to",
                   "2026-05-01", "-o", str(tmp_path / "nowhere"), data_dir=data_dir)
    assert (gone.returncode, gone.stderr) == (
        1, f"commonground: the folder {tmp_path / 'nowhere'} does not exist\n")
