"""The ward's and the advisor's aids: AWOL, does this need police, the prosecution time
limit, and notice for a planned assessment (questions, input, what a record pre-fills)."""

from __future__ import annotations

from ...core.aids import awol, typed
from ...core.aids import notice as notice_aid
from ...core.aids import police_need as need
from ...core.aids import prosecution_limit as limit
from ...core.aids.result import AidInputError, AidResult
from ...core.records import kinds as rk
from ...core.workdays import default_calendar
from .env import AidEnv
from .form import Question
from .specs import AidSpec

SECTION_WORDS = {
    "s2": "Section 2", "s3": "Section 3", "s37": "Section 37 (no restrictions)",
    "cto": "Community treatment order (recalled)", "s4": "Section 4",
    "s5_2": "Section 5(2)", "s5_4": "Section 5(4)",
    "restricted": "A restricted patient (s37/41, s47/49 ...)",
    "s35": "Section 35 (remand)", "s36": "Section 36 (remand)",
    "s38": "Section 38 (interim order)", "guardianship": "Guardianship (s7)",
    "informal": "Informal (not detained)",
}


def _section_words(code: str) -> str:
    return SECTION_WORDS.get(code) or f"Section {code[1:]}: escaped while held there"


# ------------------------------------------------------------------ AWOL
def _awol_questions(env: AidEnv) -> list[Question]:
    return [
        Question("section", "Detained under", "choice",
                 tuple((code, _section_words(code)) for code in awol.SECTIONS), default="s3"),
        Question("period_start", "Start of the current period (s2: day of admission; s4, "
                                 "s5: date and time it began)", "text",
                 help="A date (2026-06-01), or a date and time for s4 and s5."),
        Question("current_period", "Which period (s3, s37, CTO)", "choice",
                 (("first", "The first (6 months)"), ("second", "The second (6 months)"),
                  ("later", "A later one (12 months)"))),
        Question("first_day_absent", "First day of absence", "date"),
        Question("returned_on", "Day they came back (optional)", "date"),
    ]


def _awol_run(env: AidEnv, v: dict) -> AidResult:
    return awol.work_out(typed.awol(v, env.today()))


# ------------------------------------------------------------------ does this need police
def _questions_file(env: AidEnv):
    return need.questions_for(env.setting("police_need_file"))


def _need_questions(env: AidEnv) -> list[Question]:
    questions, _problem = _questions_file(env)
    choices = (("", "Not answered"), ("yes", "Yes"), ("no", "No"), ("not_known", "Not known"))
    return [Question(q.id, q.ask, "choice", choices, help=q.help) for q in questions.questions]


def _need_run(env: AidEnv, v: dict) -> AidResult:
    questions, problem = _questions_file(env)
    answers = typed.police_need(questions, v)
    notice = rk.rules(env.library, env.policy).notice_working_days \
        if env.library is not None else None
    result = need.work_out(questions, answers, env.contacts, notice)
    if problem:
        result.warnings.insert(0, problem)
    return result


# ------------------------------------------------------------------ prosecution time limit
def _limit_questions(env: AidEnv) -> list[Question]:
    return [
        Question("offence_on", "Day of the offence", "date"),
        Question("could_be_common_assault", "It could be charged as summary-only common "
                                            "assault", "check", default=True),
        Question("domestic", "Are the assailant and the victim personally connected "
                             "(domestic)?", "tri", default="no"),
    ]


def _limit_run(env: AidEnv, v: dict) -> AidResult:
    return limit.work_out(typed.prosecution_limit(v, env.today()))


def _limit_prefill(data: dict) -> dict:
    try:
        inp = limit.ProsecutionLimitInput.from_record(data)
    except AidInputError:
        return {}
    return {"offence_on": inp.offence_on.isoformat(),
            "could_be_common_assault": inp.could_be_common_assault, "domestic": "not_known"}


# ------------------------------------------------------------------ notice
def _notice_questions(env: AidEnv) -> list[Question]:
    return [
        Question("assessment_at", "The planned assessment (UK time)", "time"),
        Question("ask_on", "When the request would be sent (blank: now)", "time"),
    ]


def _notice_run(env: AidEnv, v: dict) -> AidResult:
    found = rk.rules(env.library, env.policy) if env.library is not None else None
    inp = typed.notice(v, env.now(), found.notice_working_days if found else None,
                       found.notice_source if found else "")
    return notice_aid.work_out(inp, default_calendar())


def _notice_prefill(data: dict) -> dict:
    return {"assessment_at": str(data.get("assessment_at") or "").replace("T", " ")}


def other_specs() -> list[AidSpec]:
    return [AidSpec(awol.AID, _awol_questions, _awol_run),
            AidSpec(need.AID, _need_questions, _need_run),
            AidSpec(limit.AID, _limit_questions, _limit_run, _limit_prefill),
            AidSpec(notice_aid.AID, _notice_questions, _notice_run, _notice_prefill)]
