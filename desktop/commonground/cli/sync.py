"""``sync``, ``export``, ``import`` and ``keys create``: the shared folders from the terminal
(the other ``keys`` commands, enrolment, are in ``enrol.py``).

The same sync core as the window; a scheduled ``commonground sync`` on the advisor hub
unlocks the advisor key from $COMMONGROUND_PASSPHRASE.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import enrol
from .common import EXIT_FAIL, EXIT_OK, UserFacingError, open_context, passphrase, subcommands

EXIT_STORAGE = 3   # sync stopped: this computer's own data could not be written


def add_parsers(commands) -> None:
    sync = commands.add_parser("sync", help="one sync pass through the shared folders")
    sync.add_argument("--json", action="store_true", help="print the result as JSON")
    sync.set_defaults(func=cmd_sync)

    export = commands.add_parser("export", help="write a bundle to a folder of your choice")
    export.add_argument("--kind", required=True, choices=["deidentified"],
                        help="what to export (the advisor hub's de-identified data)")
    export.add_argument("--to", required=True, metavar="DIR", help="the folder to write it to")
    export.set_defaults(func=cmd_export)

    importer = commands.add_parser("import", help="import one bundle file")
    importer.add_argument("path", help="the bundle file (.zip)")
    importer.set_defaults(func=cmd_import)

    keys = commands.add_parser("keys", help="this install's keys")
    actions = subcommands(keys, "keys_command")
    enrol.add_actions(actions)
    create = actions.add_parser("create", help="make the advisor's or committee's key")
    create.add_argument("--role", required=True, choices=["advisor", "committee"])
    create.set_defaults(func=cmd_keys_create)


def advisor_key(context):
    """The advisor's private key on the advisor hub (asked for once), else None. The role
    may come from the site policy alone (a hub IT set up and runs as a scheduled task)."""
    from .. import syncing
    from ..core.sync import keys

    if syncing.effective_role(context) != "advisor" or \
            keys.role_key(context.paths.keys, "advisor") is None:
        return None
    try:
        return keys.unlock_role_key(context.paths.keys, "advisor",
                                    passphrase("Advisor key passphrase: "))
    except keys.KeyError_ as exc:
        raise UserFacingError(str(exc)) from exc


def cmd_sync(args) -> int:
    from .. import syncing
    from ..core.sync.failures import SyncStopped

    context = open_context(args)
    try:
        result = syncing.run(context, advisor_private=advisor_key(context))
    except SyncStopped as exc:
        print(f"commonground: {exc}", file=sys.stderr)
        return EXIT_STORAGE
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
    from ..core.sync import bundle as bundles
    from ..core.sync import failures, outgoing, state, wire
    from ..core.timeutil import iso, now_local

    context = open_context(args)
    if syncing.effective_role(context) != "advisor":
        raise UserFacingError("only the advisor hub exports de-identified data")
    target = Path(args.to)
    if not target.is_dir():
        raise UserFacingError(f"the folder {target} does not exist")
    now = now_local()
    made = []
    try:
        setup = syncing.make_setup(context)
        # Exactly what sync sends the committee, cut into bundles every reader takes.
        lines = list(wire.encode_records(outgoing.deidentified_records(
            context.db, setup.sender.known_places)))
        with context.db.transaction() as conn:
            for start, end in outgoing.chunks(lines) or [(0, 0)]:
                sequence = state.next_sequence(conn, "deidentified")
                data, _ = bundles.build_encoded(
                    "deidentified", setup.sender.source, sequence, lines[start:end], now=now,
                    extra=outgoing.places_signed(setup.sender.known_places))
                name = bundles.bundle_name("deidentified", setup.install_id, sequence)
                outbox_id = state.enqueue(conn, kind="deidentified", folder="export",
                                          recipient="", sequence=sequence, file_name=name,
                                          data=data, records=end - start, items={}, now=now)
                conn.execute("UPDATE outbox SET written_at = ? WHERE id = ?",
                             (iso(now), outbox_id))
                made.append((name, data, end - start))
    except Exception as exc:
        message = failures.storage_problem(exc)
        if message is None:
            raise
        raise UserFacingError(message.replace("Sync stopped", "Nothing was exported")) from exc
    for name, data, count in made:
        try:
            path = bundles.write(target, name, data)
        except OSError as exc:
            raise UserFacingError(f"could not write to {target}: {exc.strerror or exc}") \
                from exc
        print(f"Wrote {path} ({count:,} de-identified records)")
    return EXIT_OK


def cmd_import(args) -> int:
    from .. import syncing
    from ..core.sync import engine
    from ..core.timeutil import now_local

    context = open_context(args)
    path = Path(args.path)
    if not path.is_file():
        raise UserFacingError(f"there is no file {path}")
    setup = syncing.make_setup(context, advisor_private=advisor_key(context))
    kinds = tuple(kind for folder in engine.READS.get(setup.role, {}).values()
                  for kind in folder)
    result = engine.SyncResult()
    try:
        engine.import_file(context.db, setup, "manual", path, kinds, now_local(), result)
    except Exception as exc:
        message = engine.failures.storage_problem(exc)
        if message is None:
            raise
        print(f"commonground: {message.replace('Sync stopped', 'Nothing was imported')}",
              file=sys.stderr)
        return EXIT_STORAGE
    for line in result.lines + [f"problem: {p}" for p in result.problems]:
        print(line)
    return EXIT_OK if result.received else EXIT_FAIL


def cmd_keys_create(args) -> int:
    from ..core.sync import keys

    context = open_context(args)
    secret = passphrase(f"New passphrase for the {args.role} key: ", confirm=True)
    try:
        made = keys.create_role_key(context.paths.keys, args.role, secret)
    except keys.KeyError_ as exc:
        raise UserFacingError(str(exc)) from exc
    name = "advisor_encryption" if args.role == "advisor" else "committee_signing"
    print(f"Made the {args.role} {made.kind} key.\n  fingerprint {made.fingerprint}\n"
          f"  site policy: \"keys\": {{\"{name}\": \"{made.public}\"}}\n"
          "Keep the passphrase safe: without it nothing sent to this key can be read.")
    return EXIT_OK
