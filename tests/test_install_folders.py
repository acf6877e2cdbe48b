"""The installer's policy step makes the folders right: the machine policy folder belongs
to Administrators (root) and users may only read it; a folder a user made first is moved
aside and never merged; DATA_DIR is made for every user.

The decisions are tested with fake folder operations (Windows' calls cannot run here);
the Linux operations are tested for real.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys

import pytest

from commonground import install_folders
from commonground.install_policy import write_policy

NOW = dt.datetime(2026, 12, 1, 9, 30, 0)


class FakeFolders:
    """Folders as Windows would report them: who owns each, links, loose rights."""

    def __init__(self, owner="Administrators", link=False, loose=()):
        self.owner, self.link, self.loose_rights = owner, link, list(loose)
        self.calls = []

    def exists(self, path):
        return path.exists()

    def is_link(self, path):
        return self.link

    def owned_by_administrators(self, path):
        return self.owner in ("Administrators", "SYSTEM")

    def loose(self, folder):
        return self.loose_rights

    def move(self, path, aside):
        self.calls.append(("move", path.name, aside.name))
        os.replace(path, aside)

    def create_locked(self, folder):
        self.calls.append(("create_locked", folder.name))
        folder.mkdir(parents=True)

    def lock(self, folder):
        self.calls.append(("lock", folder.name))

    def share(self, folder):
        self.calls.append(("share", str(folder)))
        folder.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def target(tmp_path):
    return tmp_path / "ProgramData" / "CommonGround" / "policy.json"


def users_policy(target):
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps({"role": "committee", "keys": {
        "advisor_encryption": "lIYaCExvEJgK7eiCXAyGzIHVMSjIaaFfGf/jkzWdKhc="},
        "contacts": {"aa_scheme_phone": "0100"}}), "utf-8")


def test_a_folder_a_user_made_first_is_moved_aside_and_its_policy_never_merged(target):
    # Found: a user who creates %ProgramData%\CommonGround before IT owns it, and a later
    # install merged their file and kept their rights.
    users_policy(target)
    folders = FakeFolders(owner="alice")
    lines = write_policy({"ROLE": "frontline", "SITE": "North"}, target, now=NOW,
                         folders=folders)
    written = json.loads(target.read_text("utf-8"))
    assert written == {"schema": 1, "role": "frontline", "site": "North"}
    aside = target.parent.with_name("CommonGround.untrusted-20261201-093000")
    assert json.loads((aside / "policy.json").read_text("utf-8"))["role"] == "committee"
    assert folders.calls == [("move", "CommonGround", aside.name),
                             ("create_locked", "CommonGround")]
    assert any(f"it was moved to {aside} for IT to look at, and nothing in it is used" in line
               for line in lines)
    assert not (target.parent / "policy.json.previous").exists()


def test_a_link_in_place_of_the_folder_is_moved_aside_not_followed(target):
    users_policy(target)
    folders = FakeFolders(link=True)
    write_policy({}, target, now=NOW, folders=folders)
    assert folders.calls[0][0] == "move" and folders.calls[1] == ("create_locked",
                                                                  "CommonGround")
    assert not target.exists()


def test_an_administrators_folder_with_loose_rights_is_reset_and_kept(target):
    users_policy(target)
    folders = FakeFolders(loose=["the file: Users (S-1-5-32-545) may change it"])
    lines = write_policy({"SITE": "North"}, target, now=NOW, folders=folders)
    assert folders.calls == [("lock", "CommonGround")]
    assert json.loads(target.read_text("utf-8"))["contacts"] == {"aa_scheme_phone": "0100"}
    assert any("could be changed by users (the file: Users (S-1-5-32-545) may change it): "
               "its rights were reset." in line for line in lines)


def test_every_install_locks_the_folder_even_without_properties(target):
    folders = FakeFolders()
    lines = write_policy({}, target, now=NOW, folders=folders)
    assert folders.calls == [("create_locked", "CommonGround")]
    assert lines[-1].endswith("was not created (the app asks for the role at first start).")


def test_a_bad_property_changes_no_folder(target):
    users_policy(target)
    folders = FakeFolders(owner="alice")
    with pytest.raises(Exception, match="ROLE: must be one of"):
        write_policy({"ROLE": "nurse"}, target, now=NOW, folders=folders)
    assert folders.calls == [] and target.exists()


def test_data_dir_is_made_for_every_user_unless_it_depends_on_the_user(tmp_path, target):
    folders = FakeFolders()
    data = tmp_path / "shared-data"
    lines = write_policy({"DATA_DIR": str(data)}, target, now=NOW, folders=folders)
    assert ("share", str(data)) in folders.calls
    assert any(f"DATA_DIR {data} was created: it belongs to Administrators and every user "
               "may modify it" in line for line in lines)
    assert install_folders.prepare_data_folder("%LOCALAPPDATA%\\CommonGround", folders) == [
        "DATA_DIR %LOCALAPPDATA%\\CommonGround depends on the user (LOCALAPPDATA), so each "
        "user's Common Ground creates it at first start; its rights are theirs."]
    made = install_folders.prepare_data_folder("%ProgramData%\\CommonGround\\data", folders,
                                               environ={"PROGRAMDATA": str(tmp_path / "pd")})
    assert made[0].startswith(f"DATA_DIR {tmp_path / 'pd'}\\CommonGround\\data was created")


# ------------------------------------------------------------------ Linux, for real

on_linux = pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners and modes; Windows "
                              "access lists: the fakes above, and the Windows workflow for real")


@on_linux
def test_on_linux_the_policy_folder_and_files_lose_write_rights_for_others(target):
    users_policy(target)
    os.chmod(target.parent, 0o777)
    os.chmod(target, 0o666)
    stray = target.parent / "link"
    stray.symlink_to("/etc/passwd")
    write_policy({"SITE": "North"}, target, now=NOW)
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o755
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert not stray.is_symlink()                      # never followed, never kept
    if os.geteuid() == 0:
        assert target.stat().st_uid == 0 and target.parent.stat().st_uid == 0


@on_linux
def test_on_linux_data_dir_is_group_writable(tmp_path, target):
    data = tmp_path / "data"
    write_policy({"DATA_DIR": str(data)}, target, now=NOW)
    assert stat.S_IMODE(data.stat().st_mode) == 0o2775
