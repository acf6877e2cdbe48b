"""``reports list|pdf`` and ``demo-data``: this install's records from the terminal."""

from __future__ import annotations

import json
import sys

from ..core.roles import ROLES
from .common import EXIT_OK, UserFacingError, open_context, output_file, subcommands, write_failed


def add_parsers(commands) -> None:
    demo = commands.add_parser(
        "demo-data", help="fill a data folder with a year of fictional records (use a "
                          "scratch folder: --data-dir DIR)")
    demo.add_argument("--incidents", type=int, required=True, metavar="N",
                      help="how many fictional incident reports to add, over the past year")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument("--role", choices=[code for code, _name in ROLES],
                      help="set this install's role, as IT or first run would (default: "
                           "committee with --committee, advisor with --cases, else unchanged)")
    demo.add_argument("--cases", type=int, default=0, metavar="N",
                      help="also receive N of them as the advisor and move their cases along")
    demo.add_argument("--drafts", type=int, default=0, metavar="N",
                      help="also leave N unfinished drafts, offered back at the next start "
                           "(default none)")
    demo.add_argument("--committee", action="store_true",
                      help="add them as the committee receives them (de-identified, with "
                           "cases of note, acknowledgements, two meetings and an action "
                           "log) instead of as this computer's own reports")
    demo.set_defaults(func=cmd_demo_data)

    reports = commands.add_parser("reports", help="this install's incident reports")
    actions = subcommands(reports, "reports_command")
    listing = actions.add_parser("list", help="list reports, newest first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--status", choices=["draft", "queued", "sent", "received",
                                              "case_open", "closed"])
    listing.add_argument("--search", default="", metavar="TEXT",
                         help="only reports matching these words")
    listing.add_argument("--limit", type=int, default=50, metavar="N",
                         help="at most N reports (default 50)")
    listing.set_defaults(func=cmd_reports_list)
    pdf = actions.add_parser("pdf", help="write a report as a PDF")
    pdf.add_argument("reference", help="the report reference, e.g. CG-2026-K7Q2-000123")
    pdf.add_argument("-o", "--output", required=True, metavar="FILE",
                     help="where to write the PDF")
    pdf.set_defaults(func=cmd_reports_pdf)


def cmd_demo_data(args) -> int:
    from ..core.records.demo import generate

    if args.incidents < 1:
        raise UserFacingError("--incidents must be 1 or more")
    if args.drafts < 0 or args.cases < 0:
        raise UserFacingError("--drafts and --cases must be 0 or more")
    role = args.role or ("committee" if args.committee else "advisor" if args.cases else None)
    context = open_context(args)
    if args.committee:
        from ..core.committee.demo import generate_committee, generate_meetings
        added = generate_committee(context.db, args.incidents, seed=args.seed,
                                   cases=args.cases or None)
        from ..core.committee.membership_demo import generate_membership
        from ..core.protocols.directory_demo import generate_directory
        actions = generate_meetings(context.db)
        routes = generate_directory(context.db)
        seats = generate_membership(context.db)
        from ..core.committee.training_demo import generate_training
        sessions = generate_training(context.db)
        print(f"Added {added:,} fictional de-identified records, {actions} actions, "
              f"{routes} duty routes, {seats} seats and {sessions} training sessions to "
              f"{context.paths.database}")
        return _set_role(context, role)

    def progress(done, total):
        print(f"\r{done:,} of {total:,} reports", end="", file=sys.stderr, flush=True)
    # The advisor's reports stop at "sent": the cases made next say what was received.
    added = generate(context.db, args.incidents, seed=args.seed, progress=progress, years=1,
                     drafts=args.drafts, sent_only=role == "advisor")
    print(file=sys.stderr)
    print(f"Added {added:,} fictional reports over the past year to {context.paths.database}"
          + (f", {args.drafts} of them unfinished drafts" if args.drafts else ""))
    if args.cases > 0:
        from ..core.cases import listing
        from ..core.cases.demo import generate_cases
        made = generate_cases(context.db, args.cases, seed=args.seed)
        counts = listing.dashboard_counts(context.db)
        print(f"Opened {made:,} fictional prosecution-support cases: {counts['open']:,} still "
              f"open, {counts['overdue']:,} of them overdue")
    return _set_role(context, role)


def _set_role(context, role: str | None) -> int:
    from ..core import roles

    if role is None:
        print("The role of this install is unchanged (add --role to set it).")
    else:
        roles.set_role(context.db, role, context.login, "demo-data")
        print(f"Role set to {roles.ROLE_NAMES[role]}.")
    return EXIT_OK


def cmd_reports_list(args) -> int:
    from ..core.records import reports
    from ..core.records.listing import ReportQuery, list_reports

    if args.limit < 1:
        raise UserFacingError("--limit must be 1 or more")
    context = open_context(args)
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
        print(f"{reference:<22} {reports.STATUS_LABELS.get(r.status, r.status):<15} "
              f"{(r.incident_at or '')[:16]:<17} {r.place} | {r.types}")
    return EXIT_OK


def cmd_reports_pdf(args) -> int:
    from ..core.pdf.report_pdf import report_pdf
    from ..core.records import reports

    context = open_context(args)
    report = reports.find_report(context.db, args.reference)
    if report is None:
        raise UserFacingError(f"no report with the reference {args.reference!r} on this "
                              "computer (see 'commonground reports list')")
    target = output_file(args.output)
    try:
        report_pdf(report, reports.timeline(context.db, report.id), target)
    except OSError as exc:
        raise write_failed(target, exc) from exc
    reports.record_event(context.db, report.id, "pdf", context.login, {"file": target.name})
    print(f"Wrote {target}")
    return EXIT_OK
