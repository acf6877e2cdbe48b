"""The installer's hidden `write-policy` step: MSI properties become the machine-wide policy."""

import base64
import json
import sys

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from commonground import install_folders, install_policy
from commonground.install_policy import PROPERTIES, InstallPolicyError, main, write_policy
from commonground.policy import load_policy, parse_policy
from tests.conftest import REPO, run_cli
from tests.test_install_folders import FakeFolders


def public(key) -> str:
    return base64.b64encode(key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()


SIGNING = public(Ed25519PrivateKey.generate())
ENCRYPTION = public(X25519PrivateKey.generate())


@pytest.fixture
def target(tmp_path):
    return tmp_path / "ProgramData" / "CommonGround" / "policy.json"


@pytest.fixture(autouse=True)
def folders_as_the_msi_sees_them(monkeypatch):
    """These tests are about the policy's content. The MSI's policy step runs as SYSTEM, so
    the folder it made belongs to Administrators; a test's folder belongs to whoever runs
    the tests, which on Windows (rightly) makes the step move it aside as a user's. So on
    Windows the folder operations are fakes that report Administrators as the owner (the
    real ones: tests/test_install_folders.py, and the Windows workflow). Elsewhere the
    real ones accept the installing account's own folder, as for an install without root."""
    if sys.platform == "win32":
        monkeypatch.setattr(install_folders, "platform_folders",
                            lambda: FakeFolders(owner="Administrators"))


def leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".partial")]


def test_every_property_sets_a_key_the_app_knows():
    values = {prop.name: "x" for prop in PROPERTIES}
    problems = parse_policy(json.dumps(install_policy.nest(values))).problems
    assert [p for p in problems if "not a setting" in p.message] == []
    assert len({prop.policy_key for prop in PROPERTIES}) == len(PROPERTIES)
    assert len({prop.option for prop in install_policy.ALL_PROPERTIES}) == len(PROPERTIES) + 1


def test_no_property_given_creates_nothing(target):
    lines = write_policy({"ROLE": " ", "SITE": ""}, target)
    assert not target.exists()
    assert "was not created" in lines[-1]
    assert target.parent.is_dir()                  # the folder is made, and locked


def test_no_property_given_keeps_an_existing_policy_byte_for_byte(target):
    target.parent.mkdir(parents=True)
    original = b'{"schema": 1, "role": "advisor", "colour": "kept even if unknown"}\n'
    target.write_bytes(original)
    lines = write_policy({prop.name: " " for prop in install_policy.ALL_PROPERTIES}, target)
    assert target.read_bytes() == original
    assert "left as it is" in lines[-1]
    assert not (target.parent / "policy.json.previous").exists()


def test_properties_are_written_trimmed_and_the_app_reads_them(target):
    write_policy({"ROLE": "Frontline ", "SITE": "North Borough ",
                  "UPWARD_FOLDER": "\\\\server\\share\\upward\\ ",
                  "PROTOCOL_FOLDER": "D:\\CommonGround\\protocols ",
                  "COMMITTEE_KEY": SIGNING + " ", "ADVISOR_ENCRYPTION_KEY": ENCRYPTION,
                  "DATA_DIR": "%ProgramData%\\CommonGround\\data"}, target)
    policy = load_policy(str(target))
    assert policy.problems == ()
    assert policy.role == "frontline" and policy.site == "North Borough"
    assert policy.folders == {"upward": "\\\\server\\share\\upward\\",
                              "protocols": "D:\\CommonGround\\protocols"}
    assert policy.keys == {"committee_signing": SIGNING, "advisor_encryption": ENCRYPTION}
    assert policy.data_dir == "%ProgramData%\\CommonGround\\data"
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == 1
    assert leftovers(target.parent) == []


def test_given_properties_are_merged_into_the_existing_policy(target):
    target.parent.mkdir(parents=True)
    before = {"schema": 1, "role": "frontline", "site": "North Borough",
              "sites": [{"name": "North Borough", "wards": ["Oak Ward"]}],
              "folders": {"upward": "\\\\old\\up", "downward": "\\\\old\\down"},
              "contacts": {"aa_scheme_phone": "0100 000 0009"}}
    target.write_text(json.dumps(before), encoding="utf-8")
    lines = write_policy({"SITE": "South Borough", "UPWARD_FOLDER": "\\\\new\\up"}, target)
    after = json.loads(target.read_text(encoding="utf-8"))
    assert after == {**before, "site": "South Borough",
                     "folders": {"upward": "\\\\new\\up", "downward": "\\\\old\\down"}}
    assert json.loads((target.parent / "policy.json.previous").read_text()) == before
    assert any("previous" in line for line in lines)


@pytest.mark.parametrize("values, property_name, why", [
    ({"ROLE": "nurse"}, "ROLE", "must be one of frontline, advisor, committee"),
    ({"UPWARD_FOLDER": "upward"}, "UPWARD_FOLDER", "must be a full folder path"),
    ({"DOWNWARD_FOLDER": "share\\down"}, "DOWNWARD_FOLDER", "must be a full folder path"),
    ({"COMMITTEE_KEY": "not-a-key"}, "COMMITTEE_KEY", "not a Common Ground signing key"),
    ({"ADVISOR_SIGNING_KEY": "abc"}, "ADVISOR_SIGNING_KEY", "not a Common Ground signing key"),
    ({"ADVISOR_ENCRYPTION_KEY": SIGNING[:-4]}, "ADVISOR_ENCRYPTION_KEY",
     "not a Common Ground encryption key"),
    ({"DATA_DIR": "\\\\server\\share\\data"}, "DATA_DIR", "not a network path"),
])
def test_a_bad_value_is_named_and_nothing_is_written(target, values, property_name, why):
    target.parent.mkdir(parents=True)
    target.write_text('{"schema": 1, "role": "advisor"}', encoding="utf-8")
    with pytest.raises(InstallPolicyError) as raised:
        write_policy({"SITE": "Fine", **values}, target)
    assert any(problem.startswith(f"{property_name}: ") and why in problem
               for problem in raised.value.problems), raised.value.problems
    assert json.loads(target.read_text()) == {"schema": 1, "role": "advisor"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["policy.json"]


def test_every_bad_value_is_reported_at_once_in_property_order(target):
    with pytest.raises(InstallPolicyError) as raised:
        write_policy({"COMMITTEE_KEY": "x", "ROLE": "boss", "UPWARD_FOLDER": "rel"}, target)
    assert [p.split(":")[0] for p in raised.value.problems] == [
        "ROLE", "UPWARD_FOLDER", "COMMITTEE_KEY"]


def test_a_policy_file_is_the_base_and_properties_override_it(tmp_path, target):
    source = tmp_path / "ward-pc.json"
    source.write_text(json.dumps({"schema": 1, "role": "frontline", "site": "A",
                                  "contacts": {"aa_scheme_phone": "0100"},
                                  "keys": {"committee_signing": "placeholder"}}),
                      encoding="utf-8")
    write_policy({"POLICY_FILE": str(source), "SITE": "B", "COMMITTEE_KEY": SIGNING}, target)
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["site"] == "B" and written["contacts"] == {"aa_scheme_phone": "0100"}
    assert written["keys"] == {"committee_signing": SIGNING}


def test_a_policy_file_with_problems_or_placeholders_is_refused(tmp_path, target):
    template = REPO / "installer" / "policy-template.json"
    with pytest.raises(InstallPolicyError) as raised:
        write_policy({"POLICY_FILE": str(template)}, target)
    assert all(problem.startswith(f"POLICY_FILE {template}: keys.")
               for problem in raised.value.problems)
    assert len(raised.value.problems) == 3
    broken = tmp_path / "broken.json"
    broken.write_text('{"role": "boss", "colour": 1}', encoding="utf-8")
    with pytest.raises(InstallPolicyError, match="role: must be one of"):
        write_policy({"POLICY_FILE": str(broken)}, target)
    with pytest.raises(InstallPolicyError, match="cannot be read"):
        write_policy({"POLICY_FILE": str(tmp_path / "missing.json")}, target)
    assert not target.exists()


def test_an_unreadable_existing_policy_is_kept_aside_not_lost(target):
    target.parent.mkdir(parents=True)
    target.write_text("{ this is not json", encoding="utf-8")
    write_policy({"ROLE": "committee"}, target)
    assert json.loads(target.read_text()) == {"schema": 1, "role": "committee"}
    kept = [p for p in target.parent.iterdir() if p.name.startswith("policy.json.unreadable-")]
    assert len(kept) == 1 and kept[0].read_text() == "{ this is not json"


def test_main_logs_the_outcome_beside_the_policy_and_sets_the_exit_code(target, capsys):
    assert main(["--target", str(target), "--role", "advisor ", "--site", " "]) == 0
    log = (target.parent / install_policy.LOG_NAME).read_text(encoding="utf-8")
    assert "Wrote" in log and "ROLE" in log
    assert main(["--target", str(target), "--role", "nurse ", "--upward-folder", "x "]) == 2
    log = (target.parent / install_policy.LOG_NAME).read_text(encoding="utf-8")
    assert "NOT written" in log and "ROLE: must be one of" in log and "UPWARD_FOLDER" in log
    assert "ROLE: must be one of" in capsys.readouterr().err
    assert json.loads(target.read_text())["role"] == "advisor"


def test_unreadable_arguments_fail_cleanly_instead_of_exiting(target):
    assert main(["--target", str(target), "--role", "frontline", "stray"]) == 2
    assert "cannot be read" in (target.parent / install_policy.LOG_NAME).read_text()
    assert not target.exists()


def test_a_policy_that_cannot_be_written_is_exit_code_1(tmp_path, capsys):
    not_a_folder = tmp_path / "CommonGround"
    not_a_folder.write_text("a file where the folder should be", encoding="utf-8")
    assert main(["--target", str(not_a_folder / "policy.json"), "--role", "frontline"]) == 1
    assert "could not be written" in capsys.readouterr().err
    assert not_a_folder.read_text(encoding="utf-8") == "a file where the folder should be"


def test_the_hidden_command_runs_through_the_cli_and_is_not_in_its_help(tmp_path, target):
    result = run_cli("write-policy", "--target", str(target), "--role", "committee ",
                     data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text())["role"] == "committee"
    assert "write-policy" not in run_cli("--help", data_dir=tmp_path / "data").stdout
    bad = run_cli("write-policy", "--target", str(target), "--role", "x",
                  data_dir=tmp_path / "data")
    assert bad.returncode == 2 and "ROLE: must be one of" in bad.stderr
