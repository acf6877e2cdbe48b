"""Headless commands. Each is a thin face on the same core functions the GUI uses.

``commonground`` with no command opens the window; with a command it runs headless and
never imports Qt (selftest excepted, which checks that the window can be built).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .. import __version__, paths

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commonground",
        description="Common Ground: joint police and mental health protocols, incident "
                    "reports and prosecution follow-up. With no command, opens the window.",
    )
    parser.add_argument("--data-dir", metavar="DIR",
                        help=f"data folder (default: ${paths.DATA_DIR_ENV} or "
                             f"{paths.default_data_dir()})")
    parser.add_argument("--policy", metavar="FILE",
                        help="site policy file (default: $COMMONGROUND_POLICY, then the "
                             "machine-wide policy.json)")
    parser.add_argument("--version", action="version", version=f"Common Ground {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    search = commands.add_parser("search", help="search the protocols")
    search.add_argument("query", nargs="+", help="what to look for, in your own words")
    search.add_argument("--limit", type=int, default=10, metavar="N",
                        help="at most N results (default 10)")
    search.add_argument("--json", action="store_true", help="print a JSON array, best first")

    protocols = commands.add_parser("protocols", help="the protocol library")
    protocol_commands = protocols.add_subparsers(dest="protocols_command", metavar="ACTION")
    listing = protocol_commands.add_parser("list", help="list the protocols")
    listing.add_argument("--json", action="store_true", help="print JSON")

    demo = commands.add_parser("demo-data", help="fill the database with fictional reports")
    demo.add_argument("--incidents", type=int, required=True, metavar="N",
                      help="how many fictional incident reports to add")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument("--cases", type=int, default=0, metavar="N",
                      help="also receive N of them as the advisor and move their cases along")
    demo.add_argument("--committee", action="store_true",
                      help="add them as the committee receives them (de-identified, with "
                           "cases of note, acknowledgements, two meetings and an action "
                           "log) instead of as this computer's own reports")

    reports = commands.add_parser("reports", help="this install's incident reports")
    report_commands = reports.add_subparsers(dest="reports_command", metavar="ACTION")
    report_list = report_commands.add_parser("list", help="list reports, newest first")
    report_list.add_argument("--json", action="store_true", help="print JSON")
    report_list.add_argument("--status", choices=["draft", "queued", "sent", "received",
                                                  "case_open", "closed"])
    report_list.add_argument("--search", default="", metavar="TEXT",
                             help="only reports matching these words")
    report_list.add_argument("--limit", type=int, default=50, metavar="N",
                             help="at most N reports (default 50)")
    report_pdf = report_commands.add_parser("pdf", help="write a report as a PDF")
    report_pdf.add_argument("reference", help="the report reference, e.g. CG-2026-K7Q2-000123")
    report_pdf.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="where to write the PDF")

    cases = commands.add_parser("cases", help="prosecution-support cases (advisor hub)")
    case_commands = cases.add_subparsers(dest="cases_command", metavar="ACTION")
    case_list = case_commands.add_parser("list", help="list open cases, next due first")
    case_list.add_argument("--json", action="store_true", help="print JSON")
    case_list.add_argument("--overdue", action="store_true",
                           help="only cases whose next step was due before today")
    case_list.add_argument("--all", action="store_true", help="include closed cases")
    case_pdf = case_commands.add_parser("pdf", help="write a case file as a PDF")
    case_pdf.add_argument("number", help="the case number, e.g. C-2026-0001, or the "
                                         "reference of its report")
    case_pdf.add_argument("-o", "--output", required=True, metavar="FILE",
                          help="where to write the PDF")

    sync = commands.add_parser("sync", help="one sync pass through the shared folders")
    sync.add_argument("--json", action="store_true", help="print the result as JSON")

    export = commands.add_parser("export", help="write a bundle to a folder of your choice")
    export.add_argument("--kind", required=True, choices=["deidentified"],
                        help="what to export (the advisor hub's de-identified data)")
    export.add_argument("--to", required=True, metavar="DIR", help="the folder to write it to")

    importer = commands.add_parser("import", help="import one bundle file")
    importer.add_argument("path", help="the bundle file (.zip)")

    from . import committee as cli_committee
    cli_committee.add_parsers(commands)

    key_command = commands.add_parser("keys", help="this install's keys")
    key_actions = key_command.add_subparsers(dest="keys_command", metavar="ACTION")
    key_actions.add_parser("show", help="print this install's public keys and fingerprints")
    create = key_actions.add_parser("create", help="make the advisor's or committee's key")
    create.add_argument("--role", required=True, choices=["advisor", "committee"])

    selftest = commands.add_parser("selftest", help="check this installation works")
    selftest.add_argument("--no-gui", action="store_true",
                          help="skip building the window offscreen")
    return parser


def main(argv: list[str] | None = None) -> int:
    _utf8_output()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["write-policy"]:  # the Windows installer's hidden step
        from ..install_policy import main as write_policy
        return write_policy(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ..app import run_gui
        return run_gui(args.data_dir, args.policy)
    from . import committee as cli_committee
    handlers = {"search": cmd_search, "protocols": cmd_protocols, "selftest": cmd_selftest,
                "demo-data": cmd_demo_data, "reports": cmd_reports, "cases": cmd_cases,
                "sync": cmd_sync, "export": cmd_export, "import": cmd_import, "keys": cmd_keys,
                **cli_committee.HANDLERS}
    if args.command == "protocols" and not args.protocols_command:
        parser.parse_args(["protocols", "--help"])
    if args.command == "reports" and not args.reports_command:
        parser.parse_args(["reports", "--help"])
    if args.command == "keys" and not args.keys_command:
        parser.parse_args(["keys", "--help"])
    if args.command == "pack" and not args.pack_command:
        parser.parse_args(["pack", "--help"])
    if args.command == "cases" and not args.cases_command:
        parser.parse_args(["cases", "--help"])
    if args.command == "actions" and not args.actions_command:
        parser.parse_args(["actions", "--help"])
    try:
        return handlers[args.command](args)
    except UserFacingError as exc:
        print(f"commonground: {exc}", file=sys.stderr)
        return EXIT_FAIL


class UserFacingError(Exception):
    pass


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass


def _open(args):
    from ..context import AppContext
    from ..core.storage.db import DatabaseError
    from ..policy import load_policy

    policy = load_policy(args.policy)
    for problem in policy.problems:
        print(f"warning: site policy {policy.source}: {problem}", file=sys.stderr)
    try:
        return AppContext.open(paths.resolve_data_dir(args.data_dir,
                                                      policy_value=policy.data_dir),
                               policy=policy)
    except (paths.DataFolderError, DatabaseError) as exc:
        raise UserFacingError(str(exc)) from exc


def _report_problems(context) -> None:
    for problem in context.library.problems:
        print(f"warning: {problem}", file=sys.stderr)


def cmd_search(args) -> int:
    if args.limit < 1:
        raise UserFacingError("--limit must be 1 or more")
    context = _open(args)
    _report_problems(context)
    result = context.library.search(" ".join(args.query), limit=args.limit)
    if args.json:
        print(json.dumps([hit.as_json() for hit in result.hits], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not result.hits:
        print("No matches. Try fewer or different words (for example 'AA', '136', "
              "'under 18', 'crime reference').")
        return EXIT_OK
    for number, hit in enumerate(result.hits, start=1):
        print(f"{number}. {hit.title} › {hit.section}   [{hit.protocol_id}#{hit.anchor}]")
        print(f"   {hit.snippet_marked()}")
    return EXIT_OK


def cmd_protocols(args) -> int:
    context = _open(args)
    _report_problems(context)
    rows = [{
        "id": p.id, "title": p.title, "version": p.version,
        "effective": p.effective.isoformat(), "review_due": p.review_due.isoformat(),
        "law_as_at": p.law_as_at.isoformat(), "review_overdue": p.review_overdue(),
    } for p in context.library.protocols()]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    for row in rows:
        overdue = "  REVIEW OVERDUE" if row["review_overdue"] else ""
        print(f"{row['id']:<36} v{row['version']:<6} effective {row['effective']}  "
              f"review due {row['review_due']}{overdue}\n    {row['title']}")
    return EXIT_OK


def cmd_demo_data(args) -> int:
    from ..core.records.demo import generate

    if args.incidents < 1:
        raise UserFacingError("--incidents must be 1 or more")
    context = _open(args)
    if args.committee:
        from ..core.committee.demo import generate_committee, generate_meetings
        added = generate_committee(context.db, args.incidents, seed=args.seed,
                                   cases=args.cases or None)
        actions = generate_meetings(context.db)
        print(f"Added {added:,} fictional de-identified records and {actions} actions to "
              f"{context.paths.database}")
        return EXIT_OK

    def progress(done, total):
        print(f"\r{done:,} of {total:,} reports", end="", file=sys.stderr, flush=True)
    added = generate(context.db, args.incidents, seed=args.seed, progress=progress)
    print(file=sys.stderr)
    print(f"Added {added:,} fictional reports to {context.paths.database}")
    if args.cases > 0:
        from ..core.cases.demo import generate_cases
        made = generate_cases(context.db, args.cases, seed=args.seed)
        print(f"Opened {made:,} fictional prosecution-support cases")
    return EXIT_OK


def cmd_reports(args) -> int:
    from ..core.records import reports as incidents
    from ..core.records.listing import ReportQuery, list_reports

    context = _open(args)
    if args.reports_command == "list":
        if args.limit < 1:
            raise UserFacingError("--limit must be 1 or more")
        rows = list_reports(context.db, ReportQuery(text=args.search, status=args.status),
                            0, args.limit)
        if args.json:
            print(json.dumps([{
                "reference": r.reference, "status": r.status, "incident_at": r.incident_at,
                "updated_at": r.updated_at, "place": r.place, "types": r.types,
            } for r in rows], indent=2, ensure_ascii=False))
            return EXIT_OK
        if not rows:
            print("No reports.")
        for r in rows:
            reference = r.reference or f"draft #{r.id}"
            print(f"{reference:<22} {incidents.STATUS_LABELS.get(r.status, r.status):<15} "
                  f"{(r.incident_at or '')[:16]:<17} {r.place} | {r.types}")
        return EXIT_OK
    from ..core.pdf.report_pdf import report_pdf

    report = incidents.find_report(context.db, args.reference)
    if report is None:
        raise UserFacingError(f"no report with the reference {args.reference!r} on this "
                              "computer (see 'commonground reports list')")
    target = Path(args.output)
    if target.parent and not target.parent.exists():
        raise UserFacingError(f"the folder {target.parent} does not exist")
    try:
        report_pdf(report, incidents.timeline(context.db, report.id), target)
    except OSError as exc:
        raise UserFacingError(f"the PDF could not be written to {target}: "
                              f"{exc.strerror or exc}") from exc
    incidents.record_event(context.db, report.id, "pdf", context.login, {"file": target.name})
    print(f"Wrote {target}")
    return EXIT_OK


def cmd_cases(args) -> int:
    from ..core.cases.listing import CaseQuery, count_cases, list_cases

    context = _open(args)
    today = dt.date.today()
    if args.cases_command == "list":
        query = CaseQuery(state="all" if args.all else "open",
                          bucket="overdue" if args.overdue else None, sort="due")
        rows = list_cases(context.db, query, 0, count_cases(context.db, query, today), today)
        found = [{
            "number": r.number, "reference": r.reference, "status": r.status,
            "incident_at": r.incident_at, "victim": r.victim, "summary": r.summary,
            "next_due": r.next_due, "next_step": r.next_step_title or None,
            "waiting_on": r.waiting_on, "overdue": bool(r.next_due and r.status == "open"
                                                         and r.next_due < today.isoformat()),
            "decision": r.decision,
        } for r in rows]
        if args.json:
            print(json.dumps(found, indent=2, ensure_ascii=False))
            return EXIT_OK
        if not found:
            print("No cases.")
        for r in found:
            due = (r["next_due"] or "") + (" OVERDUE" if r["overdue"] else "")
            print(f"{r['number']:<12} {r['status'].capitalize():<7} {due:<19} "
                  f"{r['next_step'] or 'Nothing due'} | {r['victim']} | {r['summary']}")
        return EXIT_OK
    from ..core.cases.workflow import find_case
    from ..core.pdf.case_pdf import case_pdf

    case = find_case(context.db, args.number)
    if case is None:
        raise UserFacingError(f"no case with the number or report reference {args.number!r} "
                              "on this computer (see 'commonground cases list')")
    target = Path(args.output)
    if target.parent and not target.parent.exists():
        raise UserFacingError(f"the folder {target.parent} does not exist")
    try:
        case_pdf(context.db, case.id, target, today=today)
    except OSError as exc:
        raise UserFacingError(f"the PDF could not be written to {target}: "
                              f"{exc.strerror or exc}") from exc
    print(f"Wrote {target}")
    return EXIT_OK


PASSPHRASE_ENV = "COMMONGROUND_PASSPHRASE"


def _passphrase(prompt: str, confirm: bool = False) -> str:
    """From $COMMONGROUND_PASSPHRASE (for scheduled tasks), or asked at the terminal."""
    import getpass
    import os

    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise UserFacingError(f"a passphrase is needed: set {PASSPHRASE_ENV} or run this in "
                              "a terminal")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != first:
        raise UserFacingError("the two passphrases were not the same; nothing was made")
    return first


def _advisor_key(context):
    from ..core import roles
    from ..core.sync import keys

    if roles.current_role(context.db) != "advisor" or \
            keys.role_key(context.paths.keys, "advisor") is None:
        return None
    try:
        return keys.unlock_role_key(context.paths.keys, "advisor",
                                    _passphrase("Advisor key passphrase: "))
    except keys.KeyError_ as exc:
        raise UserFacingError(str(exc)) from exc


def cmd_sync(args) -> int:
    from .. import syncing

    context = _open(args)
    result = syncing.run(context, advisor_private=_advisor_key(context))
    if args.json:
        print(json.dumps({"sent": result.sent, "received": result.received,
                          "rejected": result.rejected, "lines": result.lines,
                          "problems": result.problems}, indent=2, ensure_ascii=False))
    else:
        for line in result.lines:
            print(line)
        for problem in result.problems:
            print(f"problem: {problem}")
        print(f"Sync: {result.summary()}.")
    return EXIT_OK if not result.rejected else EXIT_FAIL


def cmd_export(args) -> int:
    from .. import syncing
    from ..core import roles
    from ..core.sync import bundle as bundles
    from ..core.sync import deidentify, state

    context = _open(args)
    if roles.current_role(context.db) != "advisor":
        raise UserFacingError("only the advisor hub exports de-identified data")
    target = Path(args.to)
    if not target.is_dir():
        raise UserFacingError(f"the folder {target} does not exist")
    setup = syncing.make_setup(context)
    records = deidentify.incident_records(context.db, set(setup.sender.known_places)) + \
        deidentify.ack_records(context.db) + deidentify.note_records(context.db)
    from ..core.timeutil import iso, now_local
    now = now_local()
    with context.db.transaction() as conn:
        sequence = state.next_sequence(conn, "deidentified")
        data, _ = bundles.build("deidentified", setup.sender.source, sequence, records, now=now)
        name = bundles.bundle_name("deidentified", setup.install_id, sequence)
        outbox_id = state.enqueue(conn, kind="deidentified", folder="export", recipient="",
                                  sequence=sequence, file_name=name, data=data,
                                  records=len(records), items={}, now=now)
        conn.execute("UPDATE outbox SET written_at = ? WHERE id = ?", (iso(now), outbox_id))
    try:
        path = bundles.write(target, name, data)
    except OSError as exc:
        raise UserFacingError(f"could not write to {target}: {exc.strerror or exc}") from exc
    print(f"Wrote {path} ({len(records):,} de-identified records)")
    return EXIT_OK


def cmd_import(args) -> int:
    from .. import syncing
    from ..core.timeutil import now_local
    from ..core.sync import engine

    context = _open(args)
    path = Path(args.path)
    if not path.is_file():
        raise UserFacingError(f"there is no file {path}")
    setup = syncing.make_setup(context, advisor_private=_advisor_key(context))
    kinds = tuple(kind for folder in engine.READS.get(setup.role, {}).values()
                  for kind in folder)
    result = engine.SyncResult()
    engine.import_file(context.db, setup, "manual", path, kinds, now_local(), result)
    for line in result.lines + [f"problem: {p}" for p in result.problems]:
        print(line)
    if not result.received:
        return EXIT_FAIL
    return EXIT_OK


def cmd_keys(args) -> int:
    from ..core.sync import keys

    context = _open(args)
    folder = context.paths.keys
    if args.keys_command == "create":
        passphrase = _passphrase(f"New passphrase for the {args.role} key: ", confirm=True)
        try:
            made = keys.create_role_key(folder, args.role, passphrase)
        except keys.KeyError_ as exc:
            raise UserFacingError(str(exc)) from exc
        name = "advisor_encryption" if args.role == "advisor" else "committee_signing"
        print(f"Made the {args.role} {made.kind} key.\n  fingerprint {made.fingerprint}\n"
              f"  site policy: \"keys\": {{\"{name}\": \"{made.public}\"}}\n"
              "Keep the passphrase safe: without it nothing sent to this key can be read.")
        return EXIT_OK
    signing = keys.install_signing_key(folder)
    public = keys.b64(keys.raw_public(signing.public_key()))
    print("This install's signing key (every bundle it sends is signed with it):")
    print(f"  fingerprint {keys.fingerprint(keys.raw_public(signing.public_key()))}")
    print(f"  public key  {public}")
    print("  If this is the advisor hub, this is \"advisor_signing\" in the site policy.")
    for role, name in (("advisor", "advisor_encryption"), ("committee", "committee_signing")):
        found = keys.role_key(folder, role)
        if found:
            print(f"The {role} {found.kind} key (passphrase-protected):")
            print(f"  fingerprint {found.fingerprint}")
            print(f"  public key  {found.public}   (\"{name}\" in the site policy)")
    return EXIT_OK


def cmd_selftest(args) -> int:
    from ..policy import load_policy
    from ..selftest import run_selftest

    policy = load_policy(args.policy)
    return EXIT_OK if run_selftest(paths.resolve_data_dir(args.data_dir,
                                                          policy_value=policy.data_dir),
                                   gui=not args.no_gui, policy=policy) else EXIT_FAIL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
