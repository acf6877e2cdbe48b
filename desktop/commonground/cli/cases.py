"""``cases list|pdf``: the advisor's prosecution-support cases from the terminal."""

from __future__ import annotations

import datetime as dt
import json

from .common import EXIT_OK, UserFacingError, open_context, output_file, subcommands, write_failed


def add_parsers(commands) -> None:
    cases = commands.add_parser("cases", help="prosecution-support cases (advisor hub)")
    actions = subcommands(cases, "cases_command")
    listing = actions.add_parser("list", help="list open cases, next due first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--overdue", action="store_true",
                         help="only cases whose next step was due before today")
    listing.add_argument("--all", action="store_true", help="include closed cases")
    listing.set_defaults(func=cmd_cases_list)
    pdf = actions.add_parser("pdf", help="write a case file as a PDF")
    pdf.add_argument("number", help="the case number, e.g. C-2026-0001, or the reference of "
                                    "its report")
    pdf.add_argument("-o", "--output", required=True, metavar="FILE",
                     help="where to write the PDF")
    pdf.set_defaults(func=cmd_cases_pdf)


def cmd_cases_list(args) -> int:
    from ..core.cases.listing import CaseQuery, count_cases, list_cases

    context = open_context(args)
    today = dt.date.today()
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


def cmd_cases_pdf(args) -> int:
    from ..core.cases.workflow import find_case
    from ..core.pdf.case_pdf import case_pdf

    context = open_context(args)
    case = find_case(context.db, args.number)
    if case is None:
        raise UserFacingError(f"no case with the number or report reference {args.number!r} "
                              "on this computer (see 'commonground cases list')")
    target = output_file(args.output)
    try:
        case_pdf(context.db, case.id, target, today=dt.date.today())
    except OSError as exc:
        raise write_failed(target, exc) from exc
    print(f"Wrote {target}")
    return EXIT_OK
