"""Machine policy wins: users cannot replace IT's site policy, and an untrusted one stops sync.

The registry is a fake reader (Windows reads HKLM/HKCU\\SOFTWARE\\Policies\\CommonGround
with winreg); the machine file is a real file whose rights check is injected, except in
the tests of the check itself.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from commonground import cli, rights, syncing
from commonground import policy as policy_module
from commonground.context import AppContext
from commonground.core.errors import UserError
from commonground.policy import load_policy
from tests.policy import sd
from tests.policy.hostile import GOOD_KEY

OTHER_KEY = "B1wS/nMTLWInmekw82GKNY3MQPWjyjXeb31ymSrKBiA="
REG_SZ, REG_DWORD = 1, 4


def write(path: Path, document: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def machine_file(tmp_path):
    return write(tmp_path / "ProgramData" / "CommonGround" / "policy.json",
                 {"schema": 1, "role": "frontline", "site": "North",
                  "folders": {"upward": "/srv/up"}, "keys": {"advisor_encryption": GOOD_KEY}})


def load(machine_path, cli_value=None, environ=None, registry=None, trusted=True):
    return load_policy(cli_value, environ or {}, registry=(registry or {}).get,
                       machine_path=machine_path,
                       trust=lambda path: None if trusted else "NOT TRUSTED (test)")


def test_the_machine_policy_file_is_in_program_data_whatever_a_user_sets(monkeypatch,
                                                                         tmp_path):
    # Windows asks for the real ProgramData folder (SHGetKnownFolderPath), so a user who
    # points %ProgramData% at a folder of their own does not choose the machine policy.
    monkeypatch.setenv("ProgramData", str(tmp_path))
    monkeypatch.setenv("ALLUSERSPROFILE", str(tmp_path))
    if sys.platform == "win32":
        system_drive = os.environ.get("SystemDrive", "C:")
        assert policy_module.machine_policy_path() == \
            Path(f"{system_drive}\\ProgramData\\CommonGround\\policy.json")
    else:
        assert policy_module.machine_policy_path() == Path("/etc/commonground/policy.json")


def test_a_user_environment_variable_cannot_change_what_the_machine_policy_sets(
        machine_file, tmp_path):
    # Found: COMMONGROUND_POLICY replaced the machine policy whole (role frontline became
    # committee, with the user's own keys).
    mine = write(tmp_path / "mine.json", {"role": "committee", "site": "Mine",
                                          "keys": {"advisor_encryption": OTHER_KEY},
                                          "contacts": {"aa_scheme_phone": "0100"}})
    policy = load(machine_file, environ={"COMMONGROUND_POLICY": str(mine)})
    assert policy.role == "frontline" and policy.site == "North"
    assert policy.keys == {"advisor_encryption": GOOD_KEY}
    assert policy.contacts == {"aa_scheme_phone": "0100"}   # a key the machine leaves unset
    ignored = {problem.key: problem.message for problem in policy.ignored}
    assert set(ignored) == {"role", "site", "keys.advisor_encryption"}
    assert ignored["role"].startswith(f"COMMONGROUND_POLICY ({mine}) sets it too, and is "
                                      f"ignored: the machine policy file {machine_file}")
    assert policy.set_by_machine("role") and not policy.set_by_machine("contacts.aa_scheme_phone")


def test_where_a_machine_policy_exists_users_cannot_set_where_data_goes(machine_file,
                                                                       tmp_path):
    mine = write(tmp_path / "mine.json", {
        "folders": {"downward": "/home/me/down", "committee": "/home/me/c"},
        "keys": {"committee_signing": OTHER_KEY}, "data_dir": "/home/me/data",
        "retention": {"keep_after_receipt": "reference,place"},
        "suppress_small_counts": False, "cctv_retention_days": 40})
    policy = load(machine_file, cli_value=str(mine))
    assert policy.folders == {"upward": "/srv/up"}
    assert policy.keys == {"advisor_encryption": GOOD_KEY}
    assert policy.data_dir is None and policy.retention == {}
    assert policy.setting("suppress_small_counts") is None
    assert policy.setting("cctv_retention_days") == 40
    assert {p.key for p in policy.ignored} == {
        "folders.downward", "folders.committee", "keys.committee_signing", "data_dir",
        "retention.keep_after_receipt", "suppress_small_counts"}
    assert all("only it may set this" in p.message for p in policy.ignored)


def test_without_a_machine_policy_a_user_file_is_the_policy(tmp_path):
    mine = write(tmp_path / "mine.json", {"role": "committee",
                                          "folders": {"upward": "/srv/up"}})
    policy = load(tmp_path / "no-such" / "policy.json", cli_value=str(mine))
    assert policy.role == "committee" and policy.folders == {"upward": "/srv/up"}
    assert policy.ignored == () and not policy.machine
    assert policy.describe_sources() == f"--policy {mine}"


def test_group_policy_in_the_registry_wins_over_the_machine_file_and_the_user(machine_file,
                                                                           tmp_path):
    mine = write(tmp_path / "mine.json", {"site": "Mine", "cctv_retention_days": 9})
    registry = {
        "HKLM": {"role": ("advisor", REG_SZ), "folders.upward": ("\\\\hub\\up", REG_SZ),
                 "cctv_retention_days": (28, REG_DWORD),
                 "sites": (json.dumps([{"name": "North", "wards": ["Oak"]}]), REG_SZ)},
        "HKCU": {"role": ("committee", REG_SZ), "site": ("From HKCU", REG_SZ),
                 "notice_working_days": (3, REG_DWORD)},
    }
    policy = load(machine_file, cli_value=str(mine), registry=registry)
    assert policy.role == "advisor"
    assert policy.folders == {"upward": "\\\\hub\\up"}
    assert policy.keys == {"advisor_encryption": GOOD_KEY}       # from the machine file
    assert policy.site == "North"                                # machine file beats HKCU
    assert policy.wards_for("North") == ("Oak",)
    assert policy.settings == {"cctv_retention_days": 28, "notice_working_days": 3}
    assert policy.origins["role"].startswith("the machine policy in the registry (HKLM\\")
    assert policy.origins["notice_working_days"].startswith("the user policy in the registry")
    ignored = {(p.key, p.where.split(" (")[0]) for p in policy.ignored}
    assert ("role", "the user policy in the registry") in ignored
    assert ("folders.upward", f"the machine policy file {machine_file}") not in ignored
    assert ("cctv_retention_days", f"--policy {mine}") in ignored


def test_registry_values_of_the_wrong_type_are_named(tmp_path):
    registry = {"HKLM": {"cctv_retention_days": ("28", REG_SZ), "role": (1, REG_DWORD),
                         "suppress_small_counts": (2, REG_DWORD), "sites": (b"\x00", 3),
                         "contacts": (["{\"aa_scheme_phone\":", " \"0100\"}"], 7),
                         "colour": ("blue", REG_SZ)}}
    policy = load(tmp_path / "none.json", registry=registry)
    problems = {p.key: p.message for p in policy.problems}
    assert problems == {
        "cctv_retention_days": "must be a number (REG_DWORD), not a REG_SZ",
        "role": "must be a text (REG_SZ), not a REG_DWORD",
        "suppress_small_counts": "must be 1 (on) or 0 (off), not 2",
        "sites": "must be JSON text (REG_SZ), not a REG_BINARY",
        "colour": "is not a setting this version knows; ignored"}
    assert policy.contacts == {"aa_scheme_phone": "0100"}   # REG_MULTI_SZ lines, joined
    assert policy.machine


def test_the_same_file_named_twice_is_read_once(machine_file):
    policy = load(machine_file, cli_value=str(machine_file))
    assert len(policy.sources) == 1 and policy.ignored == ()


# ------------------------------------------------------------- an untrusted machine policy

def test_an_untrusted_machine_policy_stops_sync_but_not_protocols_or_reports(machine_file,
                                                                          tmp_path):
    policy = load(machine_file, trusted=False)
    assert policy.role == "frontline" and policy.sync_refusal() == "NOT TRUSTED (test)"
    context = AppContext.open(tmp_path / "data", policy=policy)
    try:
        assert context.library.protocols()
        with pytest.raises(UserError, match="NOT TRUSTED"):
            syncing.run(context)
        with pytest.raises(UserError, match="NOT TRUSTED"):
            syncing.make_setup(context)
    finally:
        context.close()


def test_the_rights_message_names_the_file_and_the_fix(tmp_path, monkeypatch):
    folder = tmp_path / "etc" / "commonground"
    path = write(folder / "policy.json", {"role": "frontline"})
    monkeypatch.setattr(rights, "who_can_change",
                        lambda p: ["its folder: its group or other users may write it "
                                   "(mode 777)"])
    message = policy_module.machine_file_trust(path)
    assert message.startswith(f"The machine policy file {path} is not trusted, because users "
                              "who are not administrators could change it (its folder: its "
                              "group or other users may write it (mode 777)). Sync is off")
    if sys.platform == "win32":   # the fix is the MSI's policy step, or icacls by hand
        assert message.endswith("Repair or reinstall Common Ground's MSI, whose policy step "
                                "makes the folder belong to Administrators and read-only for "
                                "users, or see \"Lock the policy folder\" in docs/deploying.md.")
    else:
        assert f"sudo chown root:root {folder} {path}" in message


def test_a_command_refuses_to_sync_with_an_untrusted_machine_policy(machine_file, data_dir,
                                                                   monkeypatch, capsys):
    monkeypatch.setattr(policy_module, "machine_policy_path", lambda: machine_file)
    monkeypatch.setattr(policy_module, "machine_file_trust",
                        lambda path: f"The machine policy file {path} is not trusted (test).")
    assert cli.main(["sync"]) == 1
    out, err = capsys.readouterr()
    assert f"commonground: The machine policy file {machine_file} is not trusted" in err
    assert "Traceback" not in err
    assert cli.main(["protocols", "list"]) == 0
    assert f"warning: The machine policy file {machine_file} is not trusted" in \
        capsys.readouterr().err


def test_commands_say_which_user_values_were_ignored(machine_file, tmp_path, data_dir,
                                                    monkeypatch, capsys):
    monkeypatch.setattr(policy_module, "machine_policy_path", lambda: machine_file)
    monkeypatch.setattr(policy_module, "machine_file_trust", lambda path: None)
    mine = write(tmp_path / "mine.json", {"role": "committee"})
    assert cli.main(["--policy", str(mine), "protocols", "list"]) == 0
    err = capsys.readouterr().err
    assert f"warning: site policy: role: --policy {mine} sets it too, and is ignored" in err


# ---------------------------------------------------------------- who can change the file

def posix_stat(uid: int, mode: int):
    return lambda path: os.stat_result((stat.S_IFREG | mode, 0, 0, 1, uid, 0, 0, 0, 0, 0))


def test_linux_root_owned_and_not_group_or_world_writable_is_trusted(tmp_path):
    path = tmp_path / "policy.json"
    assert rights.who_can_change(path, windows=False, stat_fn=posix_stat(0, 0o644)) == []
    found = rights.who_can_change(path, windows=False, stat_fn=posix_stat(1000, 0o664))
    assert found[0].startswith("the file: it belongs to user ") and "(uid 1000), not root" \
        in found[0]
    assert "the file: its group or other users may write it (mode 664)" in found
    assert any(p.startswith("its folder: ") for p in found)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners and modes (Windows "
                    "rights: the security descriptor tests below, and the Windows workflow)")
def test_linux_real_files(tmp_path):
    path = write(tmp_path / "cg" / "policy.json", {})
    os.chmod(path.parent, 0o755)
    os.chmod(path, 0o644)
    found = rights.who_can_change(path, windows=False)
    if os.geteuid() == 0:
        assert found == []
    else:
        assert found and all("belongs to user" in problem for problem in found)
    os.chmod(path, 0o666)
    assert "the file: its group or other users may write it (mode 666)" in \
        rights.who_can_change(path, windows=False)


def windows(descriptors: dict[str, bytes]):
    """A fake GetFileSecurityW: the file and its folder."""
    return lambda path: descriptors["folder" if path.name == "CommonGround" else "file"]


@pytest.mark.parametrize("file_sd, folder_sd, expected", [
    (sd.locked_folder(), sd.locked_folder(), []),
    (sd.descriptor(sd.SYSTEM, [sd.ace(sd.ALLOW, sd.INHERITED, sd.FULL, sd.SYSTEM)]),
     sd.descriptor("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464",
                   [sd.ace(sd.ALLOW, 0, sd.READ_EXECUTE, sd.EVERYONE),
                    sd.ace(sd.ALLOW, sd.OI | sd.CI | sd.INHERIT_ONLY, sd.FULL, sd.CREATOR_OWNER),
                    sd.ace(sd.ALLOW, sd.OI | sd.CI | sd.INHERIT_ONLY, sd.MODIFY, sd.USERS)]),
     []),
    (sd.locked_folder(),
     sd.descriptor(sd.ALICE, [sd.ace(sd.ALLOW, 0, sd.READ_EXECUTE, sd.USERS)]),
     [f"its folder: it belongs to {sd.ALICE}, who can change its rights"]),
    (sd.descriptor(sd.ADMINS, [sd.ace(sd.ALLOW, 0, sd.WRITE_DATA, sd.USERS)]),
     sd.locked_folder(), ["the file: Users (S-1-5-32-545) may change it"]),
    (sd.descriptor(sd.ADMINS, [sd.ace(sd.DENY, 0, sd.FULL, sd.EVERYONE),
                               sd.ace(sd.ALLOW, 0, sd.MODIFY, sd.EVERYONE)]),
     sd.locked_folder(), ["the file: Everyone (S-1-1-0) may change it"]),
    (sd.descriptor(sd.ADMINS, None), sd.locked_folder(),
     ["the file: it has no access list, so everyone may change it"]),
    (sd.descriptor(sd.ADMINS, [sd.ace(sd.ALLOW_OBJECT, 0, sd.MODIFY, sd.ALICE, 3)]),
     sd.locked_folder(), [f"the file: {sd.ALICE} may change it"]),
    (sd.descriptor(sd.ADMINS, [sd.ace(4, 0, sd.MODIFY, sd.ALICE)]), sd.locked_folder(),
     ["the file: it has an access rule of a kind this check cannot read (type 4)"]),
    (b"\x01\x00" + b"\x00" * 10, sd.locked_folder(),
     ["the file: its rights cannot be read (a security descriptor is at least 20 bytes)"]),
    (sd.locked_folder()[:30], sd.locked_folder(),
     ["the file: its rights cannot be read (a SID is malformed)"]),
])
def test_windows_rights_from_security_descriptors(tmp_path, file_sd, folder_sd, expected):
    path = tmp_path / "CommonGround" / "policy.json"
    found = rights.who_can_change(path, windows=True,
                                  reader=windows({"file": file_sd, "folder": folder_sd}))
    assert found == expected


def test_the_policy_folder_the_msi_sets_is_trusted_and_what_a_user_makes_is_not(tmp_path):
    user_made = sd.descriptor(sd.ALICE, [
        sd.ace(sd.ALLOW, sd.OI | sd.CI, sd.FULL, sd.ALICE),
        sd.ace(sd.ALLOW, sd.OI | sd.CI | sd.INHERITED, sd.READ_EXECUTE, sd.USERS)])
    path = tmp_path / "CommonGround" / "policy.json"
    found = rights.who_can_change(path, windows=True,
                                  reader=windows({"file": user_made, "folder": user_made}))
    assert found == [f"the file: it belongs to {sd.ALICE}, who can change its rights",
                     f"the file: {sd.ALICE} may change it",
                     f"its folder: it belongs to {sd.ALICE}, who can change its rights",
                     f"its folder: {sd.ALICE} may change it"]
