"""``pack build``, ``meeting-pack``, ``committee-csv`` and ``actions list``: the committee's
commands."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from .common import (
    EXIT_OK,
    UserFacingError,
    day,
    open_context,
    output_file,
    passphrase,
    subcommands,
    write_failed,
)


def add_parsers(commands) -> None:
    pack = commands.add_parser("pack", help="protocol packs (committee)")
    pack_actions = subcommands(pack, "pack_command")
    build = pack_actions.add_parser("build", help="sign the protocols in a folder as a pack")
    build.add_argument("--from", dest="source", required=True, metavar="DIR",
                       help="the folder of protocol files (like protocols_md)")
    build.add_argument("--version", required=True, metavar="V",
                       help="the pack's version, newer than the last (for example 2027.1)")
    build.add_argument("-o", "--output", required=True, metavar="FILE",
                       help="where to write the pack: a folder (usually the protocols "
                            "folder), or a file path to check the name against")
    build.set_defaults(func=cmd_pack_build)

    pack_pdf = commands.add_parser("meeting-pack",
                                   help="write the committee's meeting pack as a PDF")
    pack_pdf.add_argument("--from", dest="start", required=True, metavar="DATE",
                          help="first day of the period (YYYY-MM-DD or DD/MM/YYYY)")
    pack_pdf.add_argument("--to", dest="end", required=True, metavar="DATE",
                          help="last day of the period, usually the meeting's date")
    pack_pdf.add_argument("-o", "--output", required=True, metavar="FILE",
                          help="where to write the PDF")
    pack_pdf.add_argument("--site", metavar="S", help="only incidents at this site")
    pack_pdf.add_argument("--ward", metavar="W", help="only incidents on this ward")
    pack_pdf.add_argument("--share", action="store_true",
                          help="hide small counts (under 5, or the site policy's "
                               "small_count_threshold) for a pack shared outside the "
                               "committee; always on if the site policy says so")
    pack_pdf.set_defaults(func=cmd_meeting_pack)

    tables = commands.add_parser(
        "committee-csv", help="write a kind's committee tables as CSV files, in the national "
                              "tables' layout, for analysts")
    tables.add_argument("--kind", required=True, metavar="KIND",
                        help="whose tables: the kind of record, for example s136")
    tables.add_argument("--from", dest="start", required=True, metavar="DATE",
                        help="first day of the period (YYYY-MM-DD or DD/MM/YYYY)")
    tables.add_argument("--to", dest="end", required=True, metavar="DATE",
                        help="last day of the period")
    tables.add_argument("--site", metavar="S", help="only this site")
    tables.add_argument("-o", "--output", required=True, metavar="DIR",
                        help="the folder to write the CSV files into (it must exist)")
    tables.add_argument("--share", action="store_true",
                        help="hide small counts, as in a pack shared outside the committee; "
                             "always on if the site policy says so")
    tables.set_defaults(func=cmd_committee_csv)

    actions = commands.add_parser("actions", help="the committee's action log")
    action_commands = subcommands(actions, "actions_command")
    action_list = action_commands.add_parser("list", help="list open actions, next due first")
    action_list.add_argument("--json", action="store_true", help="print JSON")
    action_list.add_argument("--all", action="store_true", help="include done and dropped")
    action_list.set_defaults(func=cmd_actions_list)


def cmd_pack_build(args) -> int:
    from ..core.install import install_id
    from ..core.protocols.directory_store import records_for_pack
    from ..core.sync import bundle as bundles
    from ..core.sync import keys, packs, state
    from ..core.timeutil import now_local

    context = open_context(args)
    source = Path(args.source)
    if not source.is_dir():
        raise UserFacingError(f"the folder {source} does not exist")
    output = Path(args.output)
    folder = output if output.is_dir() else output.parent
    if not folder.is_dir():
        raise UserFacingError(f"the folder {folder} does not exist")
    try:
        key = keys.unlock_role_key(context.paths.keys, "committee",
                                   passphrase("Committee key passphrase: "))
    except keys.KeyError_ as exc:
        raise UserFacingError(str(exc)) from exc
    me = install_id(context.db)
    now = now_local()
    with context.db.transaction() as conn:
        sequence = state.next_sequence(conn, "protocol-pack")
    name = packs.pack_file_name(me, sequence)
    if not output.is_dir() and output.name != name:
        raise UserFacingError(f"ward PCs only take a pack under its own name; give a folder, "
                              f"or the file name {name}")
    try:
        # The directory travels once the committee keeps one (then always, so emptying it
        # reaches every PC); a committee that never used it sends packs older PCs can read.
        routes = records_for_pack(context.db)
        published = bool(routes) or context.db.get_setting("directory_published") == "yes"
        data = packs.build_pack(source, args.version, key, me, "committee", sequence, now=now,
                                contacts=routes if published else None)
        path = bundles.write(folder, name, data)
    except OSError as exc:
        raise UserFacingError(f"could not write to {folder}: {exc.strerror or exc}") from exc
    # The committee's own computer shows the pack it published.
    state.trust(context.db, keys.b64(keys.raw_public(key.public_key())), "committee",
                "this computer")
    changed = packs.import_pack(context.db, bundles.read_bytes(data), now)
    if published:
        context.db.set_setting("directory_published", "yes")
    routes = len(routes)
    print(f"Wrote {path}: protocol pack {args.version} ({changed} protocol"
          f"{'s' if changed != 1 else ''} changed on this computer; {routes} route"
          f"{'s' if routes != 1 else ''} in the directory of who to contact)")
    return EXIT_OK


def cmd_meeting_pack(args) -> int:
    from ..core.committee import meetings, stats
    from ..core.pdf.meeting_pack import meeting_pack

    filters = stats.Filters(day(args.start, "--from"), day(args.end, "--to"),
                            args.site or None, args.ward or None)
    try:
        filters.check()
    except stats.PeriodError as exc:
        raise UserFacingError(str(exc)) from exc
    target = output_file(args.output)
    context = open_context(args)
    policy = context.policy
    filters = dataclasses.replace(filters, areas=policy.areas())
    meeting = next((m for m in meetings.meetings(context.db) if m.date == filters.end), None)
    current = [(p.id, p.title, p.version, p.effective) for p in context.library.protocols()]
    try:
        meeting_pack(context.db, filters, target, meeting=meeting,
                     share_outside=args.share or bool(policy.setting("suppress_small_counts")),
                     threshold=policy.setting("small_count_threshold", 5),
                     current_protocols=current)
    except OSError as exc:
        raise write_failed(target, exc) from exc
    print(f"Wrote {target}")
    return EXIT_OK


def cmd_committee_csv(args) -> int:
    from ..core.committee import dashboards, exports, stats

    kinds = {kind.key: kind for kind in dashboards.kinds()}
    if args.kind not in kinds:
        raise UserFacingError(f"--kind {args.kind!r} has no committee tables; choose one of "
                              + ", ".join(kinds))
    filters = stats.Filters(day(args.start, "--from"), day(args.end, "--to"),
                            args.site or None)
    try:
        filters.check()
    except stats.PeriodError as exc:
        raise UserFacingError(str(exc)) from exc
    folder = Path(args.output)
    if not folder.is_dir():
        raise UserFacingError(f"the folder {folder} does not exist")
    context = open_context(args)
    policy = context.policy
    filters = dataclasses.replace(filters, areas=policy.areas())
    try:
        written = exports.write_kind_csvs(
            context.db, kinds[args.kind], filters, folder,
            share=args.share or bool(policy.setting("suppress_small_counts")),
            threshold=policy.setting("small_count_threshold", 5))
    except OSError as exc:
        raise UserFacingError(f"could not write to {folder}: {exc.strerror or exc}") from exc
    for path in written:
        print(f"Wrote {path}")
    return EXIT_OK


def cmd_actions_list(args) -> int:
    from ..core.committee import meetings

    context = open_context(args)
    today = dt.date.today()
    found = meetings.actions(context.db, None if args.all else ("open", "in_progress"))
    if args.json:
        print(json.dumps([{
            "id": a.id, "title": a.title, "owner_agency": a.owner_agency,
            "owner_role": a.owner_role, "raised_by": a.raised_by,
            "due_date": a.due_date.isoformat() if a.due_date else None, "status": a.status,
            "overdue": a.overdue(today),
            "updates": [{"date": u.date.isoformat(), "author": u.author, "text": u.text,
                         "status": u.status} for u in a.updates],
        } for a in found], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not found:
        print("No actions.")
    for a in found:
        due = (a.due_date.isoformat() if a.due_date else "no due date") + \
            (" OVERDUE" if a.overdue(today) else "")
        print(f"{a.id:<5} {meetings.status_label(a.status):<12} {due:<19} {a.title} | "
              f"{a.owner}")
    return EXIT_OK

