"""``contacts``: the directory of who to contact (duty routes), from the terminal.

``contacts list [--stale]`` works on every PC (it shows the directory the PC shows);
adding, changing, confirming and removing a route is the committee's, on its install.
"""

from __future__ import annotations

import datetime as dt
import json

from .common import EXIT_OK, committee_only, day, open_context, subcommands

_BOXES = (("role", "the duty role, such as 'Duty AMHP'"),
          ("organisation", "the organisation that staffs it"),
          ("phone", "the duty phone number (not a personal mobile)"),
          ("mailbox", "the shared mailbox"),
          ("hours", "when it is answered, such as '24 hours'"),
          ("deputy", "the route to use when it is not answered"),
          ("fills", "the protocols' placeholder it fills, such as amhp_service_phone"))


def add_parsers(commands) -> None:
    contacts = commands.add_parser("contacts", help="the directory of who to contact")
    actions = subcommands(contacts, "contacts_command")
    listing = actions.add_parser("list", help="list the duty routes")
    listing.add_argument("--stale", action="store_true",
                         help="only the routes not confirmed for more than 90 days")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_list)

    add = actions.add_parser("add", help="add a route (committee)")
    for name, about in _BOXES:
        add.add_argument(f"--{name}", default="", help=about,
                         required=name in ("role", "organisation", "hours"))
    add.add_argument("--confirmed", metavar="DATE", help="the day it was last confirmed "
                                                         "(default today)")
    add.set_defaults(func=cmd_add)

    change = actions.add_parser("change", help="change a route (committee)")
    change.add_argument("id", help="the route's id, or its first characters")
    for name, about in _BOXES:
        change.add_argument(f"--{name}", help=about)
    change.set_defaults(func=cmd_change)

    confirm = actions.add_parser("confirm", help="record that a route was checked and works")
    confirm.add_argument("id", help="the route's id, or its first characters")
    confirm.add_argument("--on", metavar="DATE", help="the day it was checked (default today)")
    confirm.set_defaults(func=cmd_confirm)

    remove = actions.add_parser("remove", help="take a route out of the directory")
    remove.add_argument("id", help="the route's id, or its first characters")
    remove.set_defaults(func=cmd_remove)


def _committee(context) -> None:
    committee_only(context, "the directory of who to contact is kept on the committee's "
                            "computer; this one shows the copy its protocol packs bring")


def cmd_list(args) -> int:
    from ..core.protocols.directory_store import shown_routes, stale_routes

    context = open_context(args)
    today = dt.date.today()
    routes, origin = shown_routes(context.db)
    if args.stale:
        routes = stale_routes(routes, today)
    contacts = context.library.contacts
    if args.json:
        print(json.dumps([dict(route.wire(), stale=route.stale(today),
                               days_since_confirmed=route.days_since_confirmed(today),
                               overridden_by_policy=bool(route.fills)
                               and contacts.source(route.fills) == "policy")
                          for route in routes], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not routes:
        print("No routes not confirmed for more than 90 days." if args.stale else
              "The directory of who to contact is empty on this computer.")
        return EXIT_OK
    print({"kept": "The committee's directory, kept on this computer:",
           "pack": "The directory the committee's last protocol pack brought:"}[origin])
    for route in routes:
        print(f"{route.id[:8]}  {route.role} ({route.organisation})")
        print(f"    {route.how()} | {route.hours}")
        if route.deputy:
            print(f"    If no answer: {route.deputy}")
        if route.fills:
            label = contacts.label(route.fills)
            overridden = contacts.source(route.fills) == "policy"
            print(f"    Fills: {label}" + (" (the site policy's number is shown instead)"
                                           if overridden else ""))
        print(f"    {route.confirmed_text(today)[:1].upper()}{route.confirmed_text(today)[1:]}")
    return EXIT_OK


def _save(context, values: dict) -> None:
    from ..core.protocols.directory_store import save_route

    route = save_route(context.db, values, known_keys=set(context.library.contacts.labels))
    print(f"Saved {route.id[:8]}: {route.role} ({route.organisation}). It reaches the other "
          "computers with the next protocol pack.")


def cmd_add(args) -> int:
    context = open_context(args)
    _committee(context)
    values = {name: getattr(args, name) for name, _about in _BOXES}
    confirmed = day(args.confirmed, "--confirmed")
    if confirmed:
        values["confirmed"] = confirmed.isoformat()
    _save(context, values)
    return EXIT_OK


def cmd_change(args) -> int:
    from ..core.protocols.directory_store import find_route

    context = open_context(args)
    _committee(context)
    route = find_route(context.db, args.id)
    values = route.wire()
    values.update({name: getattr(args, name) for name, _about in _BOXES
                   if getattr(args, name) is not None})
    _save(context, values)
    return EXIT_OK


def cmd_confirm(args) -> int:
    from ..core.protocols.directory_store import confirm_route, find_route

    context = open_context(args)
    _committee(context)
    route = confirm_route(context.db, find_route(context.db, args.id).id,
                          day(args.on, "--on"))
    print(f"{route.role} ({route.organisation}): {route.confirmed_text(dt.date.today())}.")
    return EXIT_OK


def cmd_remove(args) -> int:
    from ..core.protocols.directory_store import find_route, remove_route

    context = open_context(args)
    _committee(context)
    route = find_route(context.db, args.id)
    remove_route(context.db, route.id)
    print(f"Removed {route.role} ({route.organisation}) from the directory.")
    return EXIT_OK
