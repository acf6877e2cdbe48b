"""``members``: the committee's membership, from the terminal (committee install).

``members list`` shows each agency's seats with their lead and deputy, attendance by agency
over the last year, the seats without a lead for more than a month and the leads that
changed; ``members add-seat``, ``members appoint`` and ``members vacate`` keep it.
"""

from __future__ import annotations

import datetime as dt
import json

from .common import EXIT_OK, committee_context, day, subcommands


def add_parsers(commands) -> None:
    members = commands.add_parser("members", help="the committee's membership")
    actions = subcommands(members, "members_command")
    listing = actions.add_parser("list", help="seats, leads and deputies, and attendance")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_list)

    seat = actions.add_parser("add-seat", help="give an agency a seat")
    seat.add_argument("--agency", required=True,
                      help="police, health, social_care, ambulance or service_users")
    seat.add_argument("--title", required=True,
                      help="what the seat is for, such as 'Mental health liaison officer'")
    seat.add_argument("--opened", metavar="DATE", help="the day it was opened (default today)")
    seat.set_defaults(func=cmd_add_seat)

    appoint = actions.add_parser("appoint", help="a new lead or deputy for a seat")
    appoint.add_argument("seat", type=int, help="the seat's number, as `members list` shows")
    appoint.add_argument("--position", choices=("lead", "deputy"), default="lead")
    appoint.add_argument("--name", required=True)
    appoint.add_argument("--role", required=True, help="their job, such as 'Inspector'")
    appoint.add_argument("--from", dest="took_on", metavar="DATE",
                         help="the day they took it (default today)")
    appoint.set_defaults(func=cmd_appoint)

    vacate = actions.add_parser("vacate", help="the lead or deputy has left the seat")
    vacate.add_argument("seat", type=int)
    vacate.add_argument("--position", choices=("lead", "deputy"), default="lead")
    vacate.add_argument("--on", metavar="DATE", help="the day they left (default today)")
    vacate.set_defaults(func=cmd_vacate)


def _committee_context(args):
    return committee_context(args, "membership is kept on the committee's computer")


def _day(text: str | None, option: str) -> dt.date:
    return day(text, option, dt.date.today())


def cmd_list(args) -> int:
    from ..core.committee import membership as ms
    from ..core.committee.meetings import agency_label

    context = _committee_context(args)
    today = dt.date.today()
    seats = ms.seats(context.db)
    if args.json:
        print(json.dumps({
            "seats": [{"seat": s.id, "agency": s.agency, "title": s.title,
                       **{position: ({"name": h.name, "role": h.role,
                                      "since": h.took_on.isoformat()}
                                     if (h := s.holder(position, today)) else None)
                          for position in ("lead", "deputy")},
                       "lead_empty_days": (today - s.lead_empty_since(today)).days
                       if s.lead_empty_since(today) else 0,
                       "lead_changes_last_year": s.lead_changes(
                           today - dt.timedelta(days=ms.YEAR), today)} for s in seats],
            "attendance_last_year": [{"agency": b.agency, "seats": b.seats,
                                      "meetings": b.meetings, "attended": b.attended,
                                      "people": b.people}
                                     for b in ms.balance(context.db, today)]},
            indent=2, ensure_ascii=False))
        return EXIT_OK
    if not seats:
        print("No seats yet: add them with `commonground members add-seat`.")
    for seat in seats:
        print(f"{seat.id:<4} {agency_label(seat.agency)}: {seat.title}")
        for position, label in ms.POSITIONS:
            print(f"       {label + ':':<8} {ms.holder_text(seat, position, today)}")
    print("\nAttendance over the last year:")
    for item in ms.balance(context.db, today):
        print(f"  {item.label:<32} {item.seats} seat{'s' if item.seats != 1 else ' '}  "
              f"attended {item.attended} of {item.meetings} meetings ({item.share()}), "
              f"{item.people} {'person' if item.people == 1 else 'people'} listed")
    lines = ms.summary_lines(context.db, today)
    if lines:
        print("\nTo look at:")
        for line in lines:
            print(f"  {line}")
    return EXIT_OK


def cmd_add_seat(args) -> int:
    from ..core.committee import membership as ms

    context = _committee_context(args)
    number = ms.add_seat(context.db, args.agency, args.title, _day(args.opened, "--opened"))
    print(f"Seat {number} added.")
    return EXIT_OK


def cmd_appoint(args) -> int:
    from ..core.committee import membership as ms

    context = _committee_context(args)
    ms.appoint(context.db, args.seat, args.position, args.name, args.role,
               _day(args.took_on, "--from"))
    print(f"Seat {args.seat}: {args.name} is {args.position} from "
          f"{_day(args.took_on, '--from').isoformat()}.")
    return EXIT_OK


def cmd_vacate(args) -> int:
    from ..core.committee import membership as ms

    context = _committee_context(args)
    ms.vacate(context.db, args.seat, args.position, _day(args.on, "--on"))
    print(f"Seat {args.seat}: the {args.position} place is empty.")
    return EXIT_OK
