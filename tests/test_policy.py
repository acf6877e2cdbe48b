"""The IT site policy: every problem named with its key; a broken policy never stops the app."""

import json

from commonground import policy as policy_module
from commonground.policy import find_policy, load_policy, parse_policy


def test_a_full_policy_is_read():
    found = parse_policy(json.dumps({
        "schema": 1, "role": "frontline", "site": "Riverside Hospital",
        "sites": [{"name": "Riverside Hospital", "wards": ["Cedar Ward", "Oak Ward"]}],
        "folders": {"upward": "\\\\server\\share\\up"}, "contacts": {"aa_scheme_phone": "0100"},
        "cctv_retention_days": 28, "suppress_small_counts": True,
    }))
    assert found.problems == ()
    assert found.role == "frontline"
    assert found.wards_for("Riverside Hospital") == ("Cedar Ward", "Oak Ward")
    assert found.contacts == {"aa_scheme_phone": "0100"}
    assert found.setting("cctv_retention_days") == 28


def test_every_problem_names_its_key_and_why_and_defaults_are_used():
    found = parse_policy(json.dumps({
        "schema": 1, "role": "boss", "sites": [{"wards": []}, {"name": "A", "wards": "x"}],
        "contacts": {"aa_scheme_phone": ["list"]}, "cctv_retention_days": -3,
        "suppress_small_counts": "yes", "colour": "blue",
    }))
    problems = {p.key: p.message for p in found.problems}
    assert problems["role"].startswith("must be one of frontline, advisor, committee")
    assert problems["sites[0]"] == "needs a \"name\" (text)"
    assert problems["sites[1].wards"] == "must be a list of ward names"
    assert problems["contacts.aa_scheme_phone"] == "must be a text or a number, not a list"
    assert "whole number from 1 to 3650" in problems["cctv_retention_days"]
    assert problems["suppress_small_counts"] == "must be true or false, not the text 'yes'"
    assert problems["colour"] == "is not a setting this version knows; ignored"
    assert found.role is None and found.setting("cctv_retention_days") is None


def test_broken_json_is_one_clear_problem():
    found = parse_policy('{"role": "frontline",}')
    assert len(found.problems) == 1
    assert "not valid JSON (line 1" in found.problems[0].message


def test_where_the_policy_is_looked_for(tmp_path, monkeypatch):
    cli = tmp_path / "cli.json"
    env = {policy_module.POLICY_ENV: str(tmp_path / "env.json")}
    assert find_policy(str(cli), env) == cli
    assert find_policy(None, env) == tmp_path / "env.json"
    monkeypatch.setattr(policy_module, "machine_policy_path", lambda: tmp_path / "none.json")
    assert find_policy(None, {}) is None


def test_an_unreadable_policy_is_a_problem_not_a_crash(tmp_path):
    found = load_policy(str(tmp_path / "missing.json"))
    assert found.problems and "cannot be read" in found.problems[0].message
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert "not UTF-8" in load_policy(str(binary)).problems[0].message


def test_the_policys_cctv_retention_sets_the_cctv_deadline_unless_the_advisor_changed_it(
        tmp_path):
    from commonground.context import AppContext
    from commonground.core.cases import workflow as cases

    context = AppContext.open(tmp_path / "data",
                              policy=parse_policy('{"cctv_retention_days": 31}'))
    assert cases.cctv_days(context.db) == 31
    context.db.set_setting("cctv_retention_days", "10")
    assert cases.cctv_days(context.db) == 10
    context.close()


def test_the_enrolled_ward_pcs_are_read_and_each_bad_entry_is_named():
    good = "3f0c1a2b-0000-4000-8000-00000000abcd"
    found = parse_policy(json.dumps({"enrolled": [
        {"install_id": good.upper(), "fingerprint": "AB12 cd34 ef56 0718 9a0b",
         "name": "Cedar Ward PC"},
        {"install_id": "not-an-id", "fingerprint": "ab12 cd34 ef56 0718 9a0b"},
        {"install_id": good, "fingerprint": "ab12cd34"},
        {"install_id": good, "fingerprint": "ab12 cd34 ef56 0718 9a0b", "key": "x"},
        "Cedar Ward PC",
    ]}))
    problems = {p.key: p.message for p in found.problems}
    assert "install id as `commonground keys show` prints it" in \
        problems["enrolled[1].install_id"]
    assert "five groups of four" in problems["enrolled[2].fingerprint"]
    assert problems["enrolled[3].key"] == "is not known here; ignored"
    assert problems["enrolled[4]"].startswith("must be {")
    assert found.enrolled == ((good, "ab12 cd34 ef56 0718 9a0b", "Cedar Ward PC"),
                              (good, "ab12 cd34 ef56 0718 9a0b", ""))
    assert {p.key for p in parse_policy(json.dumps({"enrolled": "all"})).problems} == {
        "enrolled"}
