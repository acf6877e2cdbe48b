"""The window says when the machine policy is not trusted or a user's value was ignored."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from commonground.policy import load_policy
from commonground.ui.this_computer import policy_status
from tests.policy.hostile import GOOD_KEY


def policies(tmp_path, trusted: bool):
    machine = tmp_path / "ProgramData" / "CommonGround" / "policy.json"
    machine.parent.mkdir(parents=True)
    machine.write_text(json.dumps({"role": "frontline", "site": "North",
                                   "folders": {"upward": str(tmp_path / "up")},
                                   "keys": {"advisor_encryption": GOOD_KEY}}), "utf-8")
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"role": "committee", "folders": {"downward": "/home/me"}}),
                    "utf-8")
    reason = (f"The machine policy file {machine} is not trusted, because users who are not "
              "administrators could change it (its folder: Users may change it). Sync is off "
              "until it is fixed.")
    return load_policy(str(mine), {}, registry=lambda hive: None, machine_path=machine,
                       trust=lambda path: None if trusted else reason), machine, mine


def test_this_computer_shows_an_untrusted_machine_policy_and_sync_refuses(
        open_window, qtbot, tmp_path):
    policy, machine, mine = policies(tmp_path, trusted=False)
    window = open_window(policy=policy)
    window.ensure_role()
    assert policy_status(policy).startswith("The machine policy can be changed by users, so "
                                            "sync is off")
    window.go_to(window.this_computer)
    text = window.this_computer.details.text()
    assert "Warning: the machine policy is not trusted, so sync is off." in text
    assert f"The machine policy file {machine} is not trusted" in text
    assert "Ignored, because the machine policy decides them:" in text
    assert f"role: --policy {mine} sets it too, and is ignored" in text
    assert "Frontline" in text and "(set by IT in the site policy)" in text
    window.this_computer.grab().save(str(tmp_path / "this-computer-untrusted.png"))
    window.go_to(window.sync_page)
    qtbot.mouseClick(window.sync_page.sync_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Sync failed:" in window.statusBar().currentMessage(), timeout=5000)
    assert f"The machine policy file {machine} is not trusted" in \
        window.statusBar().currentMessage()


def test_ignored_user_values_are_one_line_in_the_status_bar(tmp_path):
    policy, _, _ = policies(tmp_path, trusted=True)
    assert policy_status(policy) == ("2 site policy values set by this user were ignored: the "
                                     "machine policy decides (see This computer).")
