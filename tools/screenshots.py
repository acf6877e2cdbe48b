"""Save screenshots of Common Ground's screens (offscreen) for the README and for review.

    python tools/screenshots.py [OUTPUT_FOLDER]

The screen is a ward PC's: 1366x768 less a 40 px taskbar (Qt's offscreen platform with a
configured screen), and every window takes the size the app gives it on that screen, so
the pictures show what a person sees. With pdftoppm installed (poppler-utils), pages of a
meeting pack are drawn too. Uses a throwaway data folder; nothing of yours is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SCREEN = (1366, 728)     # 1366x768 less the taskbar


def _screen_platform() -> str:
    import json

    config = Path(tempfile.gettempdir()) / f"commonground-screenshots-{os.getpid()}.json"
    config.write_text(json.dumps({"screens": [{"name": "Ward PC", "x": 0, "y": 0,
                                               "width": SCREEN[0], "height": SCREEN[1],
                                               "logicalDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


os.environ.setdefault("QT_QPA_PLATFORM", _screen_platform())
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "desktop"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from commonground.app import _application  # noqa: E402
from commonground.context import AppContext  # noqa: E402
from commonground.ui.main_window import MainWindow  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shoot(widget, path: Path, app: QApplication) -> None:
    settle(app)
    widget.grab().save(str(path))
    print(f"saved {path}")


def protocols(out: Path, app: QApplication, context: AppContext) -> None:
    window = MainWindow(context)
    window.show()
    window.go_to_search()
    shoot(window, out / "protocols-browse.png", app)
    page = window.protocols
    page.search_box.setText("can police use a police station for a 17 year old under "
                            "section 136?")
    page.run_search()
    shoot(window, out / "protocols-results.png", app)
    page.open_best()
    shoot(window, out / "protocols-reading.png", app)
    page.search_box.setText("who can act as AA")
    page.run_search()
    page.open_best()
    shoot(window, out / "protocols-aa.png", app)
    window.close()


DEMO_POLICY = {
    "site": "Riverside Hospital",
    "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward", "Oak Ward", "Elm Ward"]},
              {"name": "Hillside Unit", "wards": ["Ash Ward", "Birch Ward"]}],
}


def report_screens(out: Path, app: QApplication, context: AppContext) -> None:
    window = MainWindow(context)
    window.show()
    window.go_to(window.report_form)
    form = window.report_form
    shoot(window, out / "report-empty.png", app)
    form.fields["incident_at"].date.setText("20/11/2099")
    form.fields["incident_at"].time.setText("14:32")
    form.submit()
    shoot(window, out / "report-errors.png", app)
    form.fill({
        "incident_at": "2026-11-20T14:32", "site": "Riverside Hospital", "location": "Cedar Ward",
        "setting": "inpatient_ward", "incident_types": ["physical_assault", "spitting"],
        "victims": [{"kind": "staff", "role": "Staff nurse", "organisation": "Trust"}],
        "perpetrator_kind": "patient", "harm_grade": "low", "treatment": "first_aid",
        "police_informed": "yes", "police_informed_at": "2026-11-20T15:05",
        "crime_reference": "12/3456/26", "narrative": "At the medication round the patient "
        "shouted \"get away from me\" and punched me on the left forearm, then spat at me.",
        "supports_prosecution": "yes", "wants_advisor_contact": "yes",
        "reporter_name": "Sam Taylor", "reporter_role": "Staff nurse"})
    form.submit()
    shoot(window, out / "report-submitted.png", app)
    from commonground.ui import tasks
    from commonground.ui.report_actions import save_report_pdf
    with tempfile.TemporaryDirectory() as folder:
        save_report_pdf(form, context, form.done_report_id, window.show_status,
                        target=Path(folder) / f"{form.done_report_id}.pdf", banner_at=1)
        for _ in range(3):
            tasks.wait_for_all()
            settle(app)
        shoot(window, out / "report-saved.png", app)
    from commonground.core.records.demo import generate
    generate(context.db, 2000, years=1, drafts=0)
    window.go_to(window.my_reports)
    shoot(window, out / "my-reports.png", app)
    from commonground.ui.report_view import ReportView
    row = window.my_reports.model.row(0)
    view = ReportView(context, row.id)
    view.show()
    shoot(view, out / "report-view.png", app)
    view.close()
    window.close()


def record_screens(out: Path, app: QApplication, context: AppContext) -> None:
    """A police assistance request (late, so flagged) and a refused section 136 record."""
    import datetime as dt

    from tests.core.test_record_kinds import full_request

    window = MainWindow(context)
    window.show()
    page = window.record_page
    window.go_to(page)
    form = page.choose("police_assistance")
    tomorrow = (dt.datetime.now() + dt.timedelta(days=1)).replace(hour=10, minute=0, second=0,
                                                                 microsecond=0)
    form.fill(full_request(assessment_at=tomorrow.isoformat(), ambulance="no"))
    form._refresh_visibility()
    shoot(window, out / "request-form.png", app)
    episode = page.choose("s136")
    detained = (dt.datetime.now() - dt.timedelta(hours=6)).replace(second=0, microsecond=0)
    episode.fill({"_kind": "s136", "detained_at": detained.isoformat(), "age": "under_18",
                  "place_type": "police_station", "consulted": "yes",
                  "consulted_who": "nurse", "conveyance": "ambulance"})
    episode.submit()
    shoot(window, out / "s136-refused.png", app)
    page.choose("incident")
    window.close()
    window.deleteLater()
    settle(app)


def case_screens(out: Path, app: QApplication, context: AppContext) -> None:
    from commonground.core import roles
    from commonground.core.cases.demo import generate_cases
    from commonground.core.records.demo import generate

    generate(context.db, 400, seed=11, years=1, drafts=0, sent_only=True)
    roles.set_role(context.db, "advisor", "screenshots", "screenshots")
    generate_cases(context.db, 60)
    window = MainWindow(context)
    window.show()
    window.apply_role()
    window.go_to(window.cases)
    shoot(window, out / "cases-dashboard.png", app)
    rows = [window.cases.model.row(n) for n in range(window.cases.model.rowCount())]
    row = next((r for r in rows if r.decision == "nfa"), rows[0])
    view = window.open_case(row.id)
    shoot(view, out / "case-view.png", app)
    view.table.setCurrentCell(8, 0)
    dialog = view.record_step()
    shoot(dialog, out / "case-record-decision.png", app)
    dialog.reject()
    view.add_case_of_note()
    note = view.of_note_dialog
    note.title.setText("Conviction after a bite on a ward")
    note.text.setPlainText("CCTV was kept on day one and the clinician's letter reached the "
                           "police within a week.")
    shoot(note, out / "case-of-note.png", app)
    note.reject()
    for widget in (dialog, view, window):
        widget.close()
        widget.deleteLater()
    settle(app)


def sync_screen(out: Path, app: QApplication, folder: Path) -> None:
    import json

    from commonground.core.records import reports as incidents
    from commonground.core.sync import keys
    from commonground.policy import parse_policy

    shared = {name: folder / "shared" / name for name in ("upward", "downward", "protocols")}
    for path in shared.values():
        path.mkdir(parents=True)
    advisor = keys.create_role_key(folder / "advisor-keys", "advisor", "screenshot passphrase")
    policy = parse_policy(json.dumps({
        "role": "frontline", "site": "Riverside Hospital",
        "folders": {k: str(v) for k, v in shared.items()},
        "keys": {"advisor_encryption": advisor.public}}))
    context = AppContext.open(folder / "d", policy=policy)
    (shared["downward"] / "receipts_00000000-0000-0000-0000-000000000000_00000001.zip"
     ).write_bytes(b"not a bundle")
    window = MainWindow(context)
    window.show()
    window.ensure_role()
    from tests.core.test_incidents import full_report
    draft = incidents.start_draft(context.db, context.login)
    incidents.save_draft(context.db, draft.id, full_report(), context.login)
    incidents.submit(context.db, draft.id, context.login)
    from commonground import syncing
    window.sync._after = syncing.run(context)
    window._after_sync(window.sync._after)
    window.go_to(window.sync_page)
    window.sync_page.refresh()
    shoot(window, out / "sync.png", app)
    window.close()
    window.deleteLater()
    settle(app)
    context.close()


def committee_screens(out: Path, app: QApplication, context: AppContext) -> None:
    from commonground.core import roles
    from commonground.core.committee.demo import generate_committee, generate_meetings

    generate_committee(context.db, 3000, seed=5)
    generate_meetings(context.db)
    from commonground.core.committee.membership_demo import generate_membership
    generate_membership(context.db)
    roles.set_role(context.db, "committee", "screenshots", "screenshots")
    window = MainWindow(context)
    window.show()
    window.apply_role()
    window.go_to(window.committee)
    page = window.committee
    page.refresh()
    for _ in range(200):
        settle(app)
        if page.headline.text():
            break
        import time
        time.sleep(0.05)
    shoot(window, out / "committee-dashboard.png", app)
    for key, name in (("assistance", "committee-assistance.png"), ("s136", "committee-s136.png"),
                      ("thanks", "committee-thanks.png")):
        page.tabs.setCurrentWidget(page.stacks[key])
        shoot(window, out / name, app)
    page.tabs.setCurrentWidget(page.membership)
    page.membership.refresh()
    shoot(window, out / "committee-membership.png", app)
    from commonground.core.committee.training_demo import generate_training
    generate_training(context.db)
    page.tabs.setCurrentWidget(page.training)
    page.training.refresh()
    shoot(window, out / "committee-training.png", app)
    page.tabs.setCurrentIndex(0)
    window.go_to(window.meetings)
    window.meetings.refresh()
    window.meetings.table.setCurrentCell(0, 0)
    shoot(window, out / "committee-meetings.png", app)
    from commonground.core.protocols.directory_demo import generate_directory
    generate_directory(context.db)
    window.go_to(window.contacts)
    window.contacts.refresh()
    shoot(window, out / "contacts.png", app)
    meeting_pack_pages(out, context)
    window.close()
    window.deleteLater()
    settle(app)


def meeting_pack_pages(out: Path, context: AppContext) -> None:
    """The pack's cover and its page of incidents by month and type, as pictures (needs
    pdftoppm, from poppler-utils)."""
    import datetime as dt
    import shutil
    import subprocess

    from commonground.core.committee import meetings, stats
    from commonground.core.pdf.meeting_pack import meeting_pack

    if shutil.which("pdftoppm") is None:
        print("skipped the meeting pack pages: pdftoppm is not installed")
        return
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "pack.pdf"
        last = meetings.meetings(context.db)[0]
        start = last.date - dt.timedelta(days=150)
        meeting_pack(context.db, stats.Filters(start, last.date), pack, meeting=last)
        pages = PdfReader(str(pack)).pages
        figures = next(n for n, page in enumerate(pages, start=1)
                       if "Incidents by month and type" in page.extract_text())
        thanks = next(n for n, page in enumerate(pages, start=1)
                      if "Thanks, by service" in page.extract_text())
        for number, name in ((1, "meeting-pack-1"), (figures, "meeting-pack-figures"),
                             (thanks, "meeting-pack-thanks")):
            subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(number),
                            "-l", str(number), str(pack), str(out / name)], check=True)
            print(f"saved {out / name}.png")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = _application()
    with tempfile.TemporaryDirectory() as folder:
        context = AppContext.open(Path(folder) / "a")
        protocols(out, app, context)
        context.close()
        import json

        from commonground.policy import parse_policy
        context = AppContext.open(Path(folder) / "b",
                                  policy=parse_policy(json.dumps(DEMO_POLICY)))
        report_screens(out, app, context)
        record_screens(out, app, context)
        context.close()
        context = AppContext.open(Path(folder) / "c")
        case_screens(out, app, context)
        context.close()
        sync_screen(out, app, Path(folder) / "s")
        context = AppContext.open(Path(folder) / "m")
        committee_screens(out, app, context)
        context.close()


if __name__ == "__main__":
    main()
