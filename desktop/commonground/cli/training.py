"""``training``: joint training sessions and coverage, from the terminal (committee).

``training list`` shows the sessions (counts by agency and role, never names) and, for each
protocol's current version, who has been trained on it and whether that has lapsed;
``training add`` records a session; ``training intake`` a new recruit intake (it lapses
coverage at its site for its agency and role until the starters are covered);
``training period`` sets when training lapses.
"""

from __future__ import annotations

import datetime as dt
import json

from ..core.textutil import whole_number
from .common import EXIT_OK, UserFacingError, committee_context, day, subcommands


def add_parsers(commands) -> None:
    training = commands.add_parser("training", help="joint training sessions and coverage")
    actions = subcommands(training, "training_command")
    listing = actions.add_parser("list", help="sessions, and coverage of each protocol")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_list)

    add = actions.add_parser("add", help="record a session that was held")
    add.add_argument("--date", required=True, metavar="DATE", help="the day it was held")
    add.add_argument("--topic", required=True)
    add.add_argument("--protocol", action="append", default=[], metavar="ID",
                     help="a protocol it covered (repeat for each)")
    add.add_argument("--trainer", action="append", default=[], metavar="AGENCY",
                     help="an agency the trainers came from (repeat for each)")
    add.add_argument("--attended", action="append", default=[], metavar="AGENCY:ROLE:COUNT",
                     help="how many came of one agency and role, e.g. police:PC:12 (repeat)")
    add.add_argument("--site", default="", help="where it was held")
    add.add_argument("--induction", action="store_true", help="an induction for new staff")
    add.set_defaults(func=cmd_add)

    intake = actions.add_parser("intake", help="record a new recruit intake (no names)")
    intake.add_argument("--date", required=True, metavar="DATE",
                        help="the day the new starters begin")
    intake.add_argument("--site", required=True)
    intake.add_argument("--agency", required=True, metavar="AGENCY",
                        help="police, health, social_care, ambulance or service_users")
    intake.add_argument("--role", required=True, metavar="ROLE",
                        help="a role code, such as nurse or police_officer")
    intake.add_argument("--starters", required=True, type=int, metavar="N",
                        help="how many started")
    intake.set_defaults(func=cmd_intake)

    period = actions.add_parser("period", help="after how many days training lapses")
    period.add_argument("days", type=int)
    period.set_defaults(func=cmd_period)


def _committee(args):
    return committee_context(args, "joint training is recorded on the committee's computer")


def _current(context) -> list:
    return [(p.id, p.title, p.version, p.effective) for p in context.library.protocols()]


def cmd_list(args) -> int:
    from ..core.committee import training as tr
    from ..core.committee.meetings import agency_label

    context = _committee(args)
    today = dt.date.today()
    from ..core import staff
    from ..core.committee import intakes as it

    held = tr.sessions(context.db)
    taken = it.intakes(context.db)
    covered = tr.coverage(context.db, _current(context), today)
    if args.json:
        print(json.dumps({
            "sessions": [{"id": s.id, "date": s.held_on.isoformat(), "topic": s.topic,
                          "site": s.site, "induction": s.induction,
                          "protocols": s.protocols, "trainers": list(s.trainers),
                          "attended": [{"agency": a, "role": r, "count": c}
                                       for a, r, c in s.attended]} for s in held],
            "intakes": [{"id": i.id, "date": i.taken_on.isoformat(), "site": i.site,
                         "agency": i.agency, "role": i.role, "starters": i.starters}
                        for i in taken],
            "lapse_days": tr.lapse_days(context.db),
            "coverage": [{"protocol": c.protocol_id, "version": c.version,
                          "trained": c.trained, "acknowledged": c.acknowledged,
                          "acknowledged_by_agency": c.confirmed,
                          "lapses": [{"kind": kind, "reason": why}
                                     for kind, why in c.reasons()],
                          "by_site": {site: {"trained": t, "acknowledged": a}
                                      for site, (t, a) in c.by_site.items()},
                          "last_session": c.last_session.isoformat() if c.last_session
                          else None, "lapsed": c.lapsed} for c in covered]},
            indent=2, ensure_ascii=False))
        return EXIT_OK
    print("Sessions:" if held else "No joint training sessions recorded yet.")
    for s in held:
        kind = " (induction)" if s.induction else ""
        where = f" at {s.site}" if s.site else ""
        print(f"{s.held_on.isoformat()}  {s.topic}{kind}{where}")
        print(f"    Trainers from: {', '.join(agency_label(t) for t in s.trainers)}")
        print("    Came: " + "; ".join(f"{agency_label(a)} {r} {c}" for a, r, c in s.attended)
              + f" ({s.people} in all)")
        if s.protocols:
            print("    Covered: " + ", ".join(f"{pid} {version}"
                                           for pid, version in s.protocols.items()))
    if taken:
        print("\nRecruit intakes:")
    for i in taken:
        print(f"{i.taken_on.isoformat()}  {i.starters} new: {staff.role_label(i.role)}, "
              f"{staff.agency_label(i.agency)}, at {i.site}")
    print(f"\nCoverage of each protocol's current version (lapses after "
          f"{tr.lapse_days(context.db)} days):")
    for c in covered:
        state = "; ".join(f"LAPSED ({kind}): {why}" for kind, why in c.reasons()) \
            or "current"
        print(f"  {c.title} (version {c.version}): trained {c.trained_text()}; "
              f"{c.acknowledged} confirmed reading it ({c.confirmed_text()}); {state}")
        if c.by_site:
            print("      by site: " + "; ".join(f"{site}: {t} trained, {a} confirmed"
                                              for site, (t, a) in c.by_site.items()))
    return EXIT_OK


def _attended(text: str) -> tuple[str, str, int]:
    parts = text.split(":")
    count = whole_number(parts[2]) if len(parts) == 3 else None
    if count is None:
        raise UserFacingError(f"--attended {text!r}: write AGENCY:ROLE:COUNT, such as "
                              "police:PC:12")
    return parts[0].strip(), parts[1].strip(), count


def cmd_add(args) -> int:
    from ..core.committee import training as tr

    context = _committee(args)
    held_on = day(args.date, "--date")
    versions = {p.id: p.version for p in context.library.protocols()}
    unknown = [pid for pid in args.protocol if pid not in versions]
    if unknown:
        raise UserFacingError(f"'{unknown[0]}' is not a protocol in the library (see "
                              "`commonground protocols list`)")
    number = tr.add_session(context.db, held_on=held_on, topic=args.topic,
                            protocols={pid: versions[pid] for pid in args.protocol},
                            trainers=args.trainer,
                            attended=[_attended(text) for text in args.attended],
                            site=args.site, induction=args.induction,
                            known_protocols=set(versions))
    print(f"Session {number} recorded.")
    return EXIT_OK


def cmd_period(args) -> int:
    from ..core.committee import training as tr

    context = _committee(args)
    tr.set_lapse_days(context.db, args.days)
    print(f"Training now lapses after {args.days} days.")
    return EXIT_OK


def cmd_intake(args) -> int:
    from ..core.committee import intakes as it

    context = _committee(args)
    taken_on = day(args.date, "--date")
    number = it.add_intake(context.db, taken_on=taken_on, site=args.site, agency=args.agency,
                           role=args.role, starters=args.starters)
    print(f"Intake {number} recorded: coverage at {args.site.strip()} for them has lapsed "
          "until as many confirmations or session places cover them.")
    return EXIT_OK
