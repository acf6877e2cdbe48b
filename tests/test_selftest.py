"""selftest proves this account can work here: a real write in the database, a file made
and removed in each shared folder the role uses, and who holds the data folder."""

from __future__ import annotations

import json
import os
import sys

from commonground.context import AppContext
from tests.conftest import run_cli
from tests.test_writer import hold


def policy_file(tmp_path, folders: dict) -> str:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"role": "frontline", "folders": folders}), "utf-8")
    return str(path)


def test_selftest_writes_rolls_back_and_tries_each_folder_the_role_uses(data_dir, tmp_path):
    for name in ("up", "down", "packs", "committee"):
        (tmp_path / name).mkdir()
    policy = policy_file(tmp_path, {"upward": str(tmp_path / "up"),
                                    "downward": str(tmp_path / "down"),
                                    "protocols": str(tmp_path / "packs"),
                                    "committee": str(tmp_path / "committee")})
    result = run_cli("--policy", policy, "selftest", "--no-gui", data_dir=data_dir)
    assert result.returncode == 0, result.stdout
    assert "a write made and rolled back" in result.stdout
    assert "names: Arabic and Urdu joined and ordered, Bengali drawn" in result.stdout
    assert "ok    writer lock: no other Common Ground is using this data folder" in result.stdout
    shown = run_cli("keys", "show", data_dir=data_dir).stdout
    me, mark = shown.split("This install: ")[1].split()[0], \
        shown.split("fingerprint ")[1].splitlines()[0].strip()
    assert f"ok    this computer's key: install {me}, signing key fingerprint {mark}" in \
        result.stdout
    for name, folder in (("downward", "down"), ("protocols", "packs"), ("upward", "up")):
        assert f"ok    sync folder {name}: {tmp_path / folder}: a file was created and " \
               "removed" in result.stdout
    assert "sync folder committee" not in result.stdout      # a ward PC never uses it
    assert all(not list((tmp_path / name).iterdir()) for name in ("up", "down", "packs"))
    context = AppContext.open(data_dir)
    assert context.db.get_setting("selftest") is None       # the write was rolled back
    context.close()


def test_selftest_names_a_missing_or_unwritable_folder_in_words_it_can_act_on(data_dir,
                                                                             tmp_path):
    up, down = tmp_path / "up", tmp_path / "down"
    for folder in (up, down):
        folder.mkdir()
        os.chmod(folder, 0o555)
    policy = policy_file(tmp_path, {"upward": str(up), "downward": str(down),
                                    "protocols": str(tmp_path / "missing")})
    try:
        result = run_cli("--policy", policy, "selftest", "--no-gui", data_dir=data_dir)
    finally:
        for folder in (up, down):
            os.chmod(folder, 0o755)
    assert result.returncode == 1
    assert f"FAIL  sync folder protocols: {tmp_path / 'missing'} does not exist or cannot be " \
           "reached from this computer as " in result.stdout
    # Root may write anywhere, and on Windows a folder's read-only attribute does not
    # stop anyone writing in it (its access list would; the Windows workflow sets one).
    if sys.platform != "win32" and os.geteuid() != 0:
        assert "FAIL  sync folder upward: this account (" in result.stdout
        assert f"cannot create and remove files in {up} (Permission denied), and this " \
               "computer sends through it. Ask IT to give it Modify rights" in result.stdout
        assert f"ok    sync folder downward: {down}: readable; this account cannot create " \
               "files there (Permission denied), so a bad file will be left where it is" \
               in result.stdout


def test_selftest_says_who_holds_the_data_folder(data_dir):
    holder = hold(data_dir, 60)
    try:
        result = run_cli("selftest", "--no-gui", data_dir=data_dir)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert f"FAIL  writer lock: the command `test-holder` (process {holder.pid} on " \
        in result.stdout
    assert "so the database was not checked. Close it and run selftest again." in result.stdout
