"""`commonground check ...`: each aid headless, in words and as JSON."""

import json

import pytest

from tests.conftest import run_cli


@pytest.mark.hazard("H-001", "H-002")
def test_s136_clock_json_gives_the_bst_deadline(data_dir):
    result = run_cli("check", "s136-clock", "--arrived", "2026-03-28 22:10", "--now",
                     "2026-03-29 20:00", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["deadlines"][0]["at"] == "2026-03-29T23:10:00+01:00"
    assert data["deadlines"][0]["zone"] == "BST"
    assert data["protocols"][0]["id"] == "s136-place-of-safety"
    assert {"answer", "rules", "could_not_decide", "warnings"} <= set(data)


@pytest.mark.hazard("H-002")
def test_an_ambiguous_arrival_is_asked_about_on_stderr_and_nothing_printed(data_dir):
    result = run_cli("check", "s136-clock", "--arrived", "2026-10-25 01:30",
                     data_dir=data_dir)
    assert result.returncode == 1 and result.stdout == ""
    assert "01:30 BST or 01:30 GMT?" in result.stderr and "Traceback" not in result.stderr


def test_every_aid_answers_headless(data_dir, tmp_path):
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"schema": 1, "contacts": {"aa_scheme_phone": "0100 000 0002"},
                                  "notice_working_days": 5}), encoding="utf-8")
    commands = {
        ("police-station", "--imminent-risk", "yes", "--no-other-place", "no"): "No.",
        ("appropriate-adult", "--relationship", "relative", "--victim", "yes"): "0100 000 0002",
        ("awol", "--section", "s2", "--start", "2026-03-01", "--absent-from", "2026-03-20",
         "--today", "2026-03-21"): "Saturday 28 March 2026",
        ("police-need", "--answer", "risk_to_life=yes"): "call 999 now",
        ("prosecution-limit", "--offence-date", "2026-08-31", "--today", "2026-09-01"):
            "Common assault must be charged by Sunday 28 February 2027",
        ("notice", "--assessment", "2026-12-29 10:00", "--ask-on", "2026-12-23 15:00"):
            "the site policy asks for at least 5",
    }
    for args, words in commands.items():
        result = run_cli("--policy", str(policy), "check", *args, data_dir=data_dir)
        assert result.returncode == 0, (args, result.stderr)
        assert words in result.stdout, (args, result.stdout)


def test_police_need_lists_its_questions_and_refuses_a_bad_answer(data_dir):
    listing = run_cli("check", "police-need", "--list", data_dir=data_dir)
    assert listing.stdout.startswith("risk_to_life: ")
    bad = run_cli("check", "police-need", "--answer", "risk_to_life=maybe", data_dir=data_dir)
    assert bad.returncode == 1 and "Answer yes, no or not known" in bad.stderr
