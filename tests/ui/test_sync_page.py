"""The Sync screen and status bar, with real folders and a real advisor key."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from commonground.core import roles
from commonground.core.records import reports as incidents
from commonground.core.sync import keys
from tests.core.test_incidents import full_report
from tests.core.test_sync import PASSPHRASE


def folders(tmp_path):
    shared = {name: tmp_path / "shared" / name for name in ("upward", "downward")}
    for folder in shared.values():
        folder.mkdir(parents=True)
    return shared


def ward_pc(role_window, tmp_path):
    """A ward PC with shared folders and the advisor's public key: (window, folders)."""
    shared = folders(tmp_path)
    advisor_key = keys.create_role_key(tmp_path / "advisor-keys", "advisor", PASSPHRASE)
    return role_window(role="frontline", folders=shared,
                       keys={"advisor_encryption": advisor_key.public}), shared


def test_a_submitted_report_is_sent_in_the_background_and_the_status_bar_says_so(
        role_window, qtbot, tmp_path):
    window, shared = ward_pc(role_window, tmp_path)
    draft = incidents.start_draft(window.context.db, window.context.login)
    incidents.save_draft(window.context.db, draft.id, full_report(), window.context.login)
    report = incidents.submit(window.context.db, draft.id, window.context.login)
    window.report_form.submitted.emit(report.id)  # as the form does after Submit
    qtbot.waitUntil(lambda: bool(list(shared["upward"].glob("reports_*.zip"))), timeout=10000)
    qtbot.waitUntil(lambda: window.sync_state.text().startswith("Sync: last "), timeout=10000)
    assert "0 waiting to go" in window.sync_state.text()
    assert incidents.get_report(window.context.db, report.id).status == "sent"
    window.go_to(window.sync_page)
    page = window.sync_page
    text = page.details.toPlainText()
    assert "Upward (reports to the advisor): " in text and "reachable" in text
    assert not page.unlock_button.isVisible()


def test_the_advisor_unlocks_the_key_with_the_passphrase_and_a_wrong_one_is_said(
        role_window, qtbot, tmp_path, data_dir):
    keys.create_role_key(data_dir / "keys", "advisor", PASSPHRASE)
    window = role_window(role="advisor", folders=folders(tmp_path))
    assert window.context.paths.keys == data_dir / "keys"
    assert roles.current_role(window.context.db) == "advisor"
    window.go_to(window.sync_page)
    page = window.sync_page
    page.refresh()
    assert page.unlock_button.isVisible()
    assert "advisor key locked" in page.state_label.text()
    dialog = page.unlock()
    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == "Problem: That passphrase is not right for this key."
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert not dialog.isVisible()
    assert window.sync.advisor_private is not None
    qtbot.waitUntil(lambda: not window.sync.running, timeout=10000)
    assert "advisor key unlocked" in page.state_label.text()


def test_a_full_data_disk_is_said_on_the_sync_screen_and_nothing_is_lost(
        role_window, qtbot, tmp_path):
    from tests.core.test_sync_hostile import empty_disk, fill_disk

    window, shared = ward_pc(role_window, tmp_path)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=10000)
    draft = incidents.start_draft(window.context.db, window.context.login)
    incidents.save_draft(window.context.db, draft.id, full_report(), window.context.login)
    report = incidents.submit(window.context.db, draft.id, window.context.login)
    fill_disk(window.context.db.conn)
    window.go_to(window.sync_page)
    page = window.sync_page
    qtbot.mouseClick(page.sync_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Sync stopped" in page.state_label.text(), timeout=10000)
    assert page.state_label.text() == (
        "Sync stopped: the disk holding Common Ground's data is full. Nothing "
        "waiting to go was lost; free some space and sync again.")
    assert page.sync_button.isEnabled()
    assert window.statusBar().currentMessage().startswith("Sync stopped: the disk")
    empty_disk(window.context.db.conn)
    qtbot.mouseClick(page.sync_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.state_label.text().startswith("Sync: last "), timeout=10000)
    assert len(list(shared["upward"].glob("reports_*.zip"))) == 1
    assert incidents.get_report(window.context.db, report.id).status == "sent"


def test_a_sender_waiting_for_its_key_is_trusted_from_the_not_imported_list(
        role_window, qtbot, tmp_path):
    from commonground.core.sync import state
    from tests.core.test_sync import World

    world = World(tmp_path / "world")   # the advisor hub sends the committee its figures
    try:
        world.report()
        world.sync(world.front)
        world.sync(world.advisor)
        policy = {**world.policy, "keys": {}, "role": "committee"}
    finally:
        world.close()
    window = role_window(**policy)
    page = window.sync_page
    window.go_to(page)
    messages = []
    page.status_message.connect(messages.append)
    assert page.controller.sync_now()
    qtbot.waitUntil(lambda: page.refused.rowCount() == 1, timeout=10000)
    assert page.refused.item(0, 2).text() == "Waiting"
    assert "not the advisor's key this computer trusts" in page.refused.item(0, 3).text()
    assert "This computer has no signing key yet" not in page.details.toPlainText()

    page.refused.setFocus()
    qtbot.keyClick(page.refused, Qt.Key_Down)      # the row, chosen from the keyboard
    qtbot.mouseClick(page.trust_button, Qt.LeftButton)
    assert messages[-1].startswith("Trusted the advisor key ")
    db = window.context.db
    assert [k["source"] for k in state.all_keys(db) if k["purpose"] == "advisor"] == ["accepted"]
    qtbot.waitUntil(lambda: db.query_one("SELECT count(*) FROM deid_incidents")[0] == 1,
                    timeout=10000)
    qtbot.waitUntil(lambda: page.refused.rowCount() == 0, timeout=10000)
    qtbot.mouseClick(page.trust_button, Qt.LeftButton)   # nothing chosen: nothing happens
    assert messages[-1].startswith("Sync: ")


def test_the_advisor_approves_a_waiting_ward_pc_after_comparing_its_fingerprint(
        role_window, qtbot, tmp_path):
    from commonground.core.sync import state
    from commonground.ui.this_computer import ThisComputerPage
    from tests.core.test_sync import World

    world = World(tmp_path / "world", enrol_front=False)   # a ward PC nobody enrolled
    try:
        world.report()
        world.sync(world.front)
        front_page = ThisComputerPage(world.front)
        qtbot.addWidget(front_page)
        front_page.resize(760, 640)
        front_page.show()
        mark = keys.install_fingerprint(world.front.paths.keys)
        assert f"Signing key fingerprint{mark}" in front_page.details.text().replace(
            "</b></td><td>", "").replace("<tr><td><b>", "")
        front_page.grab().save(str(tmp_path / "this-computer.png"))
        policy = {**world.policy, "role": "advisor"}
    finally:
        world.close()
    window = role_window(**policy)
    page = window.sync_page
    window.go_to(page)
    messages = []
    page.status_message.connect(messages.append)
    assert page.controller.sync_now()
    qtbot.waitUntil(lambda: page.pending.rowCount() == 1, timeout=10000)
    assert page.pending.isVisible() and page.approve_button.isEnabled()
    assert page.pending_label.text() == "&Ward PCs waiting to be approved (1)"
    assert page.pending.item(0, 1).text() == mark
    assert page.pending.item(0, 2).text() == "1"
    window.grab().save(str(tmp_path / "sync-pending.png"))

    page.pending.setFocus()
    dialog = page.approve_selected()
    assert dialog.fingerprint.text() == mark
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "approve-dialog.png"))
    text = " ".join(label.text() for label in dialog.findChildren(type(dialog.fingerprint)))
    assert "Compare this fingerprint with the one on that PC's <b>This computer</b>" in text
    qtbot.keyClick(dialog, Qt.Key_Return)          # Enter cancels: approving takes a choice
    assert state.pending_keys(window.context.db) != []
    dialog = page.approve_selected()
    qtbot.mouseClick(dialog.approve_button, Qt.LeftButton)
    assert messages[-1].startswith("Approved ") and mark in messages[-1]
    [row] = [k for k in state.all_keys(window.context.db) if k["purpose"] == "install"]
    assert (row["fingerprint"], row["source"]) == (mark, "approved by the advisor (Sync "
                                                         "screen)")
    qtbot.waitUntil(lambda: page.pending.rowCount() == 0, timeout=10000)
    assert not page.approve_button.isEnabled()


def test_a_ward_pc_sees_no_list_of_pcs_waiting(role_window, tmp_path):
    window = role_window(role="frontline", folders=folders(tmp_path))
    window.go_to(window.sync_page)
    window.sync_page.refresh()
    assert not window.sync_page.pending.isVisible()
    assert not window.sync_page.approve_button.isVisible()
