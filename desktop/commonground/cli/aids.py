"""``check ...``: the decision aids from the terminal, for tests and the committee's audits.

Each command reads its options with the same core function the aid's dialog uses (so a
slip gets the same message), calls the same core aid, checks the answer against this
computer's protocol library (a superseded, overdue or changed protocol is a warning), and
prints the answer in words, or ``--json``. Nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import json

from .common import EXIT_OK, UserFacingError, open_context, subcommands

YES_NO_UNKNOWN = ("yes", "no", "not_known")


def add_parsers(commands) -> None:
    check = commands.add_parser("check", help="decision aids: work a rule out for one person")
    actions = subcommands(check, "check_command")

    def aid(name, help_text, func):
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.set_defaults(func=func)
        return parser

    clock = aid("s136-clock", "when the section 136 permitted period ends", cmd_s136_clock)
    clock.add_argument("--arrived", required=True, metavar="TIME",
                       help="arrival at the first place of safety (or the decision to keep "
                            "the person there), UK time: '2026-03-28 22:10' (add BST or GMT "
                            "in the hour the clocks go back)")
    clock.add_argument("--decision-to-keep", action="store_true",
                       help="the person was already at the place of safety: --arrived is "
                            "the decision to keep them there")
    clock.add_argument("--place", default="health_based",
                       choices=("health_based", "emergency_department", "police_station",
                                "other"), help="the first place of safety")
    clock.add_argument("--age", default="18_or_over",
                       choices=("18_or_over", "under_18", "not_sure"))
    clock.add_argument("--transfer", action="append", default=[], metavar="TIME=PLACE",
                       help="a move to another place of safety (repeat for each)")
    clock.add_argument("--extension-hours", default="0", metavar="N",
                       help="an extension under s136B (1 to 12 hours)")
    clock.add_argument("--extension-at", metavar="TIME", help="when it was authorised")
    clock.add_argument("--extension-reason", choices=("condition", "other"),
                       help="'condition': because of the person's condition (the only lawful "
                            "reason)")
    clock.add_argument("--assessment-at-station", choices=("yes", "no"))
    clock.add_argument("--superintendent", choices=("yes", "no"),
                       help="a superintendent approved the extension")
    clock.add_argument("--now", metavar="TIME", help="the time to measure from (default: now)")

    station = aid("police-station", "can a police station be the place of safety for this "
                                    "adult (regulation 2)", cmd_police_station)
    station.add_argument("--age", default="18_or_over",
                         choices=("18_or_over", "under_18", "not_sure"))
    for flag, help_text in (
            ("--imminent-risk", "their behaviour poses an imminent risk of serious injury or "
                                "death"),
            ("--no-other-place", "because of that risk, no other place of safety in the police "
                                 "area can reasonably be expected to detain them"),
            ("--healthcare-professional", "a healthcare professional will be present and "
                                          "available throughout"),
            ("--inspector", "an inspector or above authorised it")):
        station.add_argument(flag, default="not_known", choices=YES_NO_UNKNOWN, help=help_text)
    station.add_argument("--decided-by", default="constable", choices=("constable", "amhp"))
    station.add_argument("--decider-is-inspector", action="store_true",
                         help="the decision-maker is an inspector or above")
    station.add_argument("--consulted", default="not_known",
                         choices=("yes", "not_practicable", "no", "not_known"))
    station.add_argument("--reason-is-resources", action="store_true",
                         help="the stated reason is a full suite or no staff")

    adult = aid("appropriate-adult", "can this person be the appropriate adult (PACE Code C)",
                cmd_appropriate_adult)
    adult.add_argument("--relationship", required=True,
                       choices=("parent_guardian", "relative", "carer", "social_worker",
                                "aa_scheme", "health_professional", "ward_staff", "other"))
    adult.add_argument("--name", default="This person", help="who they are, for the answer")
    adult.add_argument("--detainee-age", default="18_or_over", choices=("18_or_over",
                                                                        "under_18"))
    adult.add_argument("--candidate-age", default="18_or_over",
                       choices=("18_or_over", "under_18", "not_known"))
    for flag, default in (("--police-connected", "not_known"), ("--victim", "not_known"),
                          ("--witness", "not_known"), ("--involved", "not_known"),
                          ("--suspected", "not_known"), ("--heard-admissions", "not_known"),
                          ("--solicitor-acting", "no"), ("--ward-of-offence", "no"),
                          ("--detainee-objects", "no"), ("--able-now", "yes")):
        adult.add_argument(flag, default=default, choices=YES_NO_UNKNOWN)

    awol = aid("awol", "AWOL: until when can the patient be retaken", cmd_awol)
    awol.add_argument("--section", required=True,
                      choices=("s2", "s3", "s37", "cto", "s4", "s5_2", "s5_4", "restricted",
                               "s35", "s36", "s38", "s135", "s136", "guardianship",
                               "informal"))
    awol.add_argument("--start", metavar="DATE",
                      help="s2: day of admission; s3, s37, cto: first day of the current "
                           "period; s4, s5: date and time it began")
    awol.add_argument("--period", default="first", choices=("first", "second", "later"),
                      help="which period of s3, s37 or the CTO (first and second are six "
                           "months, later ones a year)")
    awol.add_argument("--absent-from", metavar="DATE", help="the first day of absence")
    awol.add_argument("--returned", metavar="DATE", help="the day they came back, if they did")
    awol.add_argument("--today", metavar="DATE", help="default: today")

    need = aid("police-need", "does this need police (Right Care, Right Person)",
               cmd_police_need)
    need.add_argument("--answer", action="append", default=[], metavar="QUESTION=ANSWER",
                      help="yes, no or not_known for a question (see --list)")
    need.add_argument("--list", action="store_true", help="list the questions and stop")
    need.add_argument("--questions", metavar="FILE",
                      help="a question file (default: the site policy's, else the national "
                           "one)")

    limit = aid("prosecution-limit", "the last day to charge common assault (MCA 1980 s127)",
                cmd_prosecution_limit)
    limit.add_argument("--offence-date", required=True, metavar="DATE")
    limit.add_argument("--not-common-assault", action="store_true",
                       help="the offence could not be charged as summary-only common assault")
    limit.add_argument("--domestic", default="no", choices=YES_NO_UNKNOWN,
                       help="assailant and victim personally connected")
    limit.add_argument("--today", metavar="DATE", help="default: today")

    notice = aid("notice", "is there enough notice for a planned assessment", cmd_notice)
    notice.add_argument("--assessment", required=True, metavar="TIME",
                        help="the planned assessment, UK time: '2026-12-24 10:00'")
    notice.add_argument("--ask-on", metavar="TIME", help="when the request would be sent "
                                                         "(default: now)")
    notice.add_argument("--rule", type=int, metavar="N",
                        help="working days of notice the local rule asks for (default: the "
                             "site policy, else the protocol)")


# ------------------------------------------------------------------ the commands
def _finish(args, context, result) -> int:
    from ..core.aids.sources import check_protocols

    check_protocols(result, context.library.get)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(result.to_text())
    return EXIT_OK


def _now(args):
    from ..core.aids import typed
    from ..core.aids.uktime import LONDON

    return typed.uk_time(args.now, "now", "The time to measure from") or \
        dt.datetime.now(LONDON).replace(microsecond=0)


def _today(args):
    from ..core.aids import typed

    return typed.day(args.today, "today", "Today") or dt.date.today()


def _pairs(items, option: str, shape: str, values=None) -> list[tuple[str, str]]:
    """A repeated ``KEY=VALUE`` option as pairs, split at the last '='; ``values``: the
    codes VALUE may be, where the option's shape names them."""
    out = []
    for item in items:
        key, sep, value = item.rpartition("=")
        if not sep or not key.strip() or not value.strip() or \
                (values is not None and value.strip() not in values):
            raise UserFacingError(f"{option} {item!r}: write it as {shape}")
        out.append((key.strip(), value.strip()))
    return out


def cmd_s136_clock(args) -> int:
    from ..core.aids import s136_clock as aid
    from ..core.aids import typed

    inp = typed.s136_clock({
        "arrived": args.arrived, "place": args.place, "age": args.age,
        "start": "decision_to_keep" if args.decision_to_keep else "arrival",
        "transfers": _pairs(args.transfer, "--transfer", "'TIME=PLACE', PLACE one of "
                                                         f"{', '.join(aid.PLACES)}", aid.PLACES),
        "extension_hours": args.extension_hours, "extension_authorised_at": args.extension_at,
        "extension_reason": args.extension_reason,
        "assessment_at_station": args.assessment_at_station,
        "superintendent_approved": args.superintendent}, _now(args))
    context = open_context(args)
    return _finish(args, context, aid.work_out(inp))


def cmd_police_station(args) -> int:
    from ..core.aids import police_station as aid
    from ..core.aids import typed

    inp = typed.police_station({
        "age": args.age, "imminent_risk": args.imminent_risk,
        "no_other_place": args.no_other_place,
        "healthcare_professional": args.healthcare_professional,
        "inspector_authorised": args.inspector, "decision_maker": args.decided_by,
        "decision_maker_inspector_or_above": args.decider_is_inspector,
        "consulted": args.consulted, "reason_is_resources": args.reason_is_resources})
    context = open_context(args)
    return _finish(args, context, aid.work_out(inp))


def cmd_appropriate_adult(args) -> int:
    from ..core.aids import appropriate_adult as aid
    from ..core.aids import typed

    context = open_context(args)
    inp = typed.appropriate_adult({
        "relationship": args.relationship, "candidate": args.name,
        "detainee_age": args.detainee_age, "candidate_age": args.candidate_age,
        "police_connected": args.police_connected, "victim": args.victim,
        "witness": args.witness, "involved_in_investigation": args.involved,
        "suspected": args.suspected, "received_admissions": args.heard_admissions,
        "solicitor_acting": args.solicitor_acting, "ward_of_offence": args.ward_of_offence,
        "detainee_objects": args.detainee_objects, "able_now": args.able_now},
        context.policy.contacts.get("aa_scheme_phone", ""))
    return _finish(args, context, aid.work_out(inp))


def cmd_awol(args) -> int:
    from ..core.aids import awol as aid
    from ..core.aids import typed

    inp = typed.awol({"section": args.section, "period_start": args.start,
                      "current_period": args.period, "first_day_absent": args.absent_from,
                      "returned_on": args.returned}, _today(args))
    context = open_context(args)
    return _finish(args, context, aid.work_out(inp))


def cmd_police_need(args) -> int:
    from ..core.aids import police_need as aid
    from ..core.aids import typed
    from ..core.records.kinds import rules

    context = open_context(args)
    if args.questions:
        questions, problem = aid.load_questions(_path(args.questions)), None
    else:
        questions, problem = aid.questions_for(context.policy.setting("police_need_file"))
    if args.list:
        for question in questions.questions:
            print(f"{question.id}: {question.ask}")
            if question.help:
                print(f"    {question.help}")
        return EXIT_OK
    answers = typed.police_need(questions, dict(_pairs(args.answer, "--answer",
                                                        "QUESTION=yes|no|not_known")))
    result = aid.work_out(questions, answers, context.policy.contacts,
                          rules(context.library, context.policy).notice_working_days)
    if problem:
        result.warnings.insert(0, problem)
    return _finish(args, context, result)


def _path(value):
    from pathlib import Path
    return Path(value)


def cmd_prosecution_limit(args) -> int:
    from ..core.aids import prosecution_limit as aid
    from ..core.aids import typed

    inp = typed.prosecution_limit({"offence_on": args.offence_date,
                                   "could_be_common_assault": not args.not_common_assault,
                                   "domestic": args.domestic}, _today(args))
    context = open_context(args)
    return _finish(args, context, aid.work_out(inp))


def cmd_notice(args) -> int:
    from ..core.aids import notice as aid
    from ..core.aids import typed
    from ..core.aids.uktime import LONDON
    from ..core.records.kinds import rules
    from ..core.workdays import default_calendar

    context = open_context(args)
    if args.rule is not None:
        if not 0 <= args.rule <= 30:
            raise UserFacingError("--rule must be a whole number from 0 to 30")
        rule, source = args.rule, "the rule given"
    else:
        found = rules(context.library, context.policy)
        rule, source = found.notice_working_days, found.notice_source
    inp = typed.notice({"ask_on": args.ask_on, "assessment_at": args.assessment},
                       dt.datetime.now(LONDON).replace(microsecond=0), rule, source)
    return _finish(args, context, aid.work_out(inp, default_calendar()))
