"""``search`` and ``protocols list``: the protocol library from the terminal."""

from __future__ import annotations

import json

from .common import EXIT_OK, UserFacingError, open_context, report_library_problems, subcommands


def add_parsers(commands) -> None:
    search = commands.add_parser("search", help="search the protocols")
    search.add_argument("query", nargs="+", help="what to look for, in your own words")
    search.add_argument("--limit", type=int, default=10, metavar="N",
                        help="at most N results (default 10)")
    search.add_argument("--json", action="store_true", help="print a JSON array, best first")
    search.set_defaults(func=cmd_search)

    protocols = commands.add_parser("protocols", help="the protocol library")
    actions = subcommands(protocols, "protocols_command")
    listing = actions.add_parser("list", help="list the protocols")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_protocols_list)


def cmd_search(args) -> int:
    if args.limit < 1:
        raise UserFacingError("--limit must be 1 or more")
    context = open_context(args)
    report_library_problems(context)
    result = context.library.search(" ".join(args.query), limit=args.limit)
    if args.json:
        print(json.dumps([hit.as_json() for hit in result.hits], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not result.hits:
        print("No matches. Try fewer or different words (for example 'AA', '136', "
              "'under 18', 'crime reference').")
        return EXIT_OK
    if result.showing_for:
        print(f"Showing results for: {result.showing_for}")
    for number, hit in enumerate(result.hits, start=1):
        print(f"{number}. {hit.title} › {hit.section}   [{hit.protocol_id}#{hit.anchor}]")
        print(f"   {hit.snippet_marked()}")
    return EXIT_OK


def cmd_protocols_list(args) -> int:
    context = open_context(args)
    report_library_problems(context)
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
