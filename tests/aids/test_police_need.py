"""Does this need police? Right Care, Right Person questions from data, never from code."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground import paths
from commonground.core.aids.police_need import (
    QuestionsError,
    default_questions,
    load_questions,
    next_question,
    parse_questions,
    questions_for,
    work_out,
)
from commonground.core.aids.result import CALL_999, AidInputError

pytestmark = pytest.mark.hazard("H-009")
DEFAULT = paths.resources_dir() / "aids" / "police-need.json"
NO = {"risk_to_life": "no", "crime": "no", "warrant": "no", "absconded_at_risk": "no"}


def test_every_no_is_healths_to_lead_and_ends_with_999():
    result = work_out(default_questions(), NO)
    assert result.outcome == "health_leads"
    assert result.answer.startswith("This is health's to lead")
    assert result.answer.endswith(CALL_999) and result.steps[-1] == CALL_999


@pytest.mark.parametrize("question, outcome", [("risk_to_life", "emergency"),
                                               ("crime", "crime"), ("warrant", "warrant"),
                                               ("absconded_at_risk", "missing")])
def test_each_threshold_question_leads_to_police(question, outcome):
    result = work_out(default_questions(), {**NO, question: "yes"})
    assert result.outcome == outcome and result.answer.endswith(CALL_999)


def test_the_warrant_answer_gives_the_notice_rule_and_the_local_route():
    result = work_out(default_questions(), {**NO, "warrant": "yes"},
                      {"police_planned_assessments": "0100 000 0099"}, 3)
    assert "at least 3 working days' notice" in result.answer
    assert "0100 000 0099" in result.answer
    unset = work_out(default_questions(), {**NO, "warrant": "yes"})
    assert "not set for this site" in unset.answer and unset.undecided


def test_not_knowing_about_risk_to_life_is_treated_as_urgent():
    result = work_out(default_questions(), {"risk_to_life": "not_known"})
    assert result.outcome == "ask_now"


def test_a_missing_answer_names_the_question_to_ask_next():
    questions = default_questions()
    assert next_question(questions, {"risk_to_life": "no"}).id == "crime"
    assert next_question(questions, {"risk_to_life": "yes"}) is None
    with pytest.raises(AidInputError) as caught:
        work_out(questions, {"risk_to_life": "no"})
    assert caught.value.field == "crime"


def test_a_local_file_words_it_its_own_way_but_cannot_drop_the_999_line(tmp_path):
    data = json.loads(DEFAULT.read_text(encoding="utf-8"))
    data["outcomes"]["health_leads"]["answer"] = "Mental health leads here (local agreement)."
    data["source"]["local_agreement"] = "Local RCRP agreement"
    local = tmp_path / "local.json"
    local.write_text(json.dumps(data), encoding="utf-8")
    questions, problem = questions_for(str(local))
    result = work_out(questions, NO)
    assert problem is None
    assert result.answer == f"Mental health leads here (local agreement). {CALL_999}"


HOSTILE = {
    "not json": "{nope",
    "a list": "[]",
    "wrong format": '{"format": 2}',
    "no questions": json.dumps({**json.loads(DEFAULT.read_text(encoding="utf-8")),
                                "questions": []}),
    "dangling outcome": DEFAULT.read_text(encoding="utf-8").replace('"if_yes": "crime"',
                                                                    '"if_yes": "nowhere"'),
    "duplicate id": DEFAULT.read_text(encoding="utf-8").replace('"id": "crime"',
                                                                '"id": "risk_to_life"'),
    "police not a boolean": DEFAULT.read_text(encoding="utf-8").replace('"police": false',
                                                                        '"police": "no"'),
    "huge text": DEFAULT.read_text(encoding="utf-8").replace(
        '"title": "Does', '"title": "' + "x" * 5000 + ' Does'),
    "deep nesting": "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_question_file_is_refused_with_a_reason_and_the_default_used(name, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(HOSTILE[name], encoding="utf-8")
    with pytest.raises(QuestionsError) as caught:
        load_questions(bad)
    assert "bad.json" in str(caught.value)
    questions, problem = questions_for(str(bad))
    assert questions.origin == "police-need.json" and "could not be used" in problem


def test_an_unreadable_or_oversized_or_binary_file_is_refused(tmp_path):
    with pytest.raises(QuestionsError):
        load_questions(tmp_path / "missing.json")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 200_000)
    with pytest.raises(QuestionsError):
        load_questions(big)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(QuestionsError):
        load_questions(binary)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                           max_leaves=20)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(st.dictionaries(st.sampled_from(["format", "title", "source", "questions", "outcomes",
                                        "if_none", "other"]), json_values, max_size=7))
def test_any_json_either_loads_whole_or_is_refused_with_a_message(data):
    try:
        questions = parse_questions(json.dumps(data))
    except QuestionsError as exc:
        assert str(exc)
        return
    answers = {q.id: "no" for q in questions.questions}
    assert work_out(questions, answers).answer.endswith(CALL_999)


@given(st.text(max_size=300))
def test_any_text_is_refused_or_loaded_never_a_crash(text):
    try:
        parse_questions(text)
    except QuestionsError:
        pass
