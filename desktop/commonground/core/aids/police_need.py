"""Does this need police? The Right Care, Right Person threshold as questions.

The wording of the questions and the answers is data (``resources/aids/police-need.json``,
or a site's own copy named by the site policy's ``police_need_file``), because the national
partnership agreement and each force's local agreement differ. Code only walks the
questions, fills the local contacts and the notice rule, and always ends the answer with
"If there is an immediate risk to life, call 999 now." (a local file cannot remove it).

A question file is read like any file someone else wrote: size-capped, strictly checked,
and every problem named, never half-used.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .result import CALL_999, AidInputError, AidResult, Citation

AID = "police-need"
FORMAT = 1
MAX_BYTES = 100_000
MAX_QUESTIONS = 20
MAX_TEXT = 1_000
ANSWERS = ("yes", "no", "not_known")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_LOCAL = re.compile(r"\{\{\s*local:([a-z0-9_]+)\s*\}\}")
_NOTICE = re.compile(r"\{\{\s*notice_working_days\s*\}\}")


class QuestionsError(UserError):
    """The question file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Question:
    id: str
    ask: str
    help: str
    if_yes: str | None
    if_not_known: str | None


@dataclass(frozen=True)
class Outcome:
    id: str
    answer: str
    steps: tuple[str, ...]
    police: bool


@dataclass(frozen=True)
class Questions:
    title: str
    citation: Citation
    questions: tuple[Question, ...]
    outcomes: dict
    if_none: str
    origin: str


def load_questions(path: Path) -> Questions:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise QuestionsError(f"{path.name}: {size:,} bytes is too big for a question file "
                                 f"(at most {MAX_BYTES:,}).")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise QuestionsError(f"{path.name} cannot be read ({exc.strerror or exc}).") from None
    except UnicodeDecodeError:
        raise QuestionsError(f"{path.name} is not UTF-8 text.") from None
    return parse_questions(text, path.name)


def parse_questions(text: str, origin: str = "questions") -> Questions:
    def fail(message: str):
        raise QuestionsError(f"{origin}: {message}.")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        fail(f"not valid JSON ({getattr(exc, 'msg', 'too deeply nested')})")
    if not isinstance(data, dict):
        fail("must hold a JSON object")
    if data.get("format") != FORMAT:
        fail(f"'format' must be {FORMAT}")

    def words(value, where: str, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            fail(f"{where} must be a non-empty text")
        if len(value) > MAX_TEXT:
            fail(f"{where} is longer than {MAX_TEXT} characters")
        return value.strip()

    source = data.get("source")
    if not isinstance(source, dict):
        fail("'source' must be an object naming the citation")
    citation = Citation("rcrp-questions", words(source.get("citation"), "source.citation"),
                        words(source.get("protocol"), "source.protocol", False) or None,
                        words(source.get("section"), "source.section", False) or None)
    outcomes_raw = data.get("outcomes")
    if not isinstance(outcomes_raw, dict) or not outcomes_raw:
        fail("'outcomes' must be an object of outcomes")
    outcomes = {}
    for key, raw in outcomes_raw.items():
        if not _ID.match(str(key)) or not isinstance(raw, dict):
            fail(f"outcome '{str(key)[:40]}' needs a lower-case id and an object")
        steps = raw.get("steps", [])
        if not isinstance(steps, list) or len(steps) > 20:
            fail(f"outcomes.{key}.steps must be a list of at most 20 texts")
        police = raw.get("police")
        if not isinstance(police, bool):
            fail(f"outcomes.{key}.police must be true or false")
        outcomes[key] = Outcome(key, words(raw.get("answer"), f"outcomes.{key}.answer"),
                                tuple(words(s, f"outcomes.{key}.steps") for s in steps), police)
    questions_raw = data.get("questions")
    if not isinstance(questions_raw, list) or not 1 <= len(questions_raw) <= MAX_QUESTIONS:
        fail(f"'questions' must be a list of 1 to {MAX_QUESTIONS} questions")
    questions, seen = [], set()
    for index, raw in enumerate(questions_raw):
        where = f"questions[{index}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) \
                or not _ID.match(raw["id"]) or raw["id"] in seen:
            fail(f"{where} needs a unique lower-case 'id'")
        seen.add(raw["id"])
        targets = []
        for name in ("if_yes", "if_not_known"):
            target = raw.get(name)
            if target is not None and (not isinstance(target, str) or target not in outcomes):
                fail(f"{where}.{name} must name one of the outcomes")
            targets.append(target)
        questions.append(Question(raw["id"], words(raw.get("ask"), f"{where}.ask"),
                                  words(raw.get("help"), f"{where}.help", False), *targets))
    if_none = data.get("if_none")
    if not isinstance(if_none, str) or if_none not in outcomes:
        fail("'if_none' must name the outcome when every answer is no")
    return Questions(words(data.get("title"), "title"), citation, tuple(questions), outcomes,
                     if_none, origin)


def default_questions() -> Questions:
    from ..resources import resources_dir
    return load_questions(resources_dir() / "aids" / "police-need.json")


def questions_for(site_file: str | None) -> tuple[Questions, str | None]:
    """The site's own questions if the policy names a usable file; otherwise the national
    default, with a warning saying why the site's file was not used."""
    if not site_file:
        return default_questions(), None
    try:
        return load_questions(Path(site_file)), None
    except QuestionsError as exc:
        return default_questions(), (f"The site's question file could not be used ({exc}) "
                                     "These are the national default questions; tell IT.")


def next_question(questions: Questions, answers: dict) -> Question | None:
    """The next question a screen should ask, or None when an outcome is reached."""
    for question in questions.questions:
        answer = answers.get(question.id)
        if answer is None:
            return question
        if (answer == "yes" and question.if_yes) or \
                (answer == "not_known" and question.if_not_known):
            return None
    return None


def work_out(questions: Questions, answers: dict, contacts: dict | None = None,
             notice_working_days: int | None = None) -> AidResult:
    """``answers``: question id to "yes", "no" or "not_known"; ``contacts``: the site
    policy's local contact values."""
    for key, value in answers.items():
        if value not in ANSWERS:
            raise AidInputError(str(key), "Answer yes, no or not known.")
    known = {q.id for q in questions.questions}
    for key in answers:
        if key not in known:
            raise AidInputError(str(key), f"'{key}' is not one of these questions: "
                                          f"{', '.join(sorted(known))}.")
    result = AidResult(AID, questions.title, "", "", inputs={"answers": dict(answers),
                                                            "questions": questions.origin})
    chosen = None
    for question in questions.questions:
        answer = answers.get(question.id)
        if answer is None:
            raise AidInputError(question.id, f"Answer this first: {question.ask}")
        result.steps.append(f"{question.ask} {answer.replace('_', ' ').capitalize()}.")
        if answer == "yes" and question.if_yes:
            chosen = question.if_yes
        elif answer == "not_known":
            if question.if_not_known:
                chosen = question.if_not_known
            else:
                result.undecided.append(f"Not known: {question.ask}")
        if chosen:
            break
    outcome = questions.outcomes[chosen or questions.if_none]
    result.outcome = outcome.id
    fill = _filler(contacts or {}, notice_working_days)
    answer = fill(outcome.answer)
    result.answer = answer if answer.rstrip().endswith(CALL_999) else f"{answer} {CALL_999}"
    result.steps = [fill(step) for step in outcome.steps] + \
        [f"Your answers: {line}" for line in result.steps] + [CALL_999]
    result.rule(questions.citation, "The threshold for a police response"
                + (" (as worded by the local agreement)" if questions.origin !=
                   "police-need.json" else "") + ".")
    if notice_working_days is None and _NOTICE.search(outcome.answer):
        result.undecided.append("The local notice period is not set (site policy "
                                "'notice_working_days' or the police assistance protocol).")
    return result


def _filler(contacts: dict, notice: int | None):
    def fill(text: str) -> str:
        text = _NOTICE.sub(str(notice) if notice is not None else "the local number of", text)
        return _LOCAL.sub(lambda m: str(contacts.get(m.group(1)) or "").strip()
                          or f"the local number ({m.group(1).replace('_', ' ')}: not set for "
                             "this site)", text)
    return fill
