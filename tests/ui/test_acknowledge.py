"""'I have read this version' and 'What changed', used as a nurse would: keys and clicks."""

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from commonground.core.protocols.render import format_date
from commonground.core.sync.packs import import_pack
from commonground.policy import parse_policy
from tests.core.test_packs import S136, edited_copy, pack, read
from tests.ui.conftest import tab_chain, unlabelled_controls
from tests.ui.test_protocols_page import top_visible_line


def open_protocol(window, qtbot, words: str):
    page = window.protocols
    page.search_box.clear()
    qtbot.keyClicks(page.search_box, words)
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    qtbot.keyClick(page.search_box, Qt.Key_Return)
    return page.reader


def press_i_have_read(reader, qtbot):
    bar = reader.acknowledge
    bar.button.setFocus(Qt.TabFocusReason)
    qtbot.keyClick(bar.button, Qt.Key_Space)
    qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.isVisible())
    return bar.dialog


def choose_role(dialog, qtbot, words: str = "Nurse"):
    """Tab from the name to the role, and type the start of one, as a keyboard user does."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
    qtbot.keyClick(dialog.name, Qt.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.role)
    qtbot.keyClicks(dialog.role, words)


def rows(window):
    return [tuple(r) for r in window.context.db.query(
        "SELECT protocol_id, version, name, source_install FROM acknowledgements ORDER BY id")]


def test_confirming_reading_records_the_name_and_the_reader_says_so(window, qtbot):
    reader = open_protocol(window, qtbot, "who can act as AA")
    assert reader.title.text().startswith("Appropriate adult")
    assert reader.acknowledge.status.text() == ("When you have read version 1.1, confirm it "
                                                "with your name.")
    dialog = press_i_have_read(reader, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)   # type at once
    qtbot.keyClicks(dialog.name, "  Sam Nurse ")
    choose_role(dialog, qtbot)
    assert dialog.agency.currentText() == "Health (mental health Trust)"   # a nurse's
    qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert rows(window) == [("appropriate-adult", "1.1", "Sam Nurse", None)]
    assert [tuple(r) for r in window.context.db.query(
        "SELECT role, agency FROM acknowledgements")] == [("nurse", "health")]
    today = format_date(dt.date.today())
    assert reader.acknowledge.status.text() == (f"You confirmed reading version 1.1 on "
                                                f"{today}, as Sam Nurse.")
    assert window.statusBar().currentMessage().startswith("Recorded: Sam Nurse has read "
                                                          "version 1.1 of Appropriate adult")


def test_an_empty_name_is_explained_in_the_dialog_and_nothing_is_recorded(window, qtbot):
    reader = open_protocol(window, qtbot, "who can act as AA")
    dialog = press_i_have_read(reader, qtbot)
    qtbot.keyClick(dialog.name, Qt.Key_Return)          # Enter presses Confirm
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == ("Type your name, so this computer can show that you "
                                     "have read this version.")
    assert dialog.height() >= dialog.sizeHint().height()   # grown: nothing cut off
    qtbot.keyClick(dialog.name, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert rows(window) == []
    assert reader.acknowledge.status.text().startswith("When you have read version 1.1")


def test_the_last_name_is_offered_next_time_and_enter_confirms(open_window, qtbot):
    # The site policy says who this PC's readers are: name, role and agency are all
    # offered, so Enter alone confirms.
    window = open_window(policy=parse_policy('{"staff_role": "nurse"}'))
    reader = open_protocol(window, qtbot, "who can act as AA")
    dialog = press_i_have_read(reader, qtbot)
    qtbot.keyClicks(dialog.name, "Jo Porter")
    qtbot.keyClick(dialog.name, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    reader = open_protocol(window, qtbot, "patient has gone missing from the ward")
    assert reader.title.text() != "Appropriate adult"
    dialog = press_i_have_read(reader, qtbot)
    assert dialog.name.text() == "Jo Porter"
    assert dialog.name.selectedText() == "Jo Porter"    # typing replaces it at once
    qtbot.keyClick(dialog.name, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [(pid, name) for pid, _v, name, _s in rows(window)] == [
        ("appropriate-adult", "Jo Porter"), (reader.protocol.id, "Jo Porter")]


def test_what_changed_appears_after_a_pack_is_installed_and_leads_to_the_section(
        window, qtbot, tmp_path):
    page = window.protocols
    reader = open_protocol(window, qtbot, "how long can someone be kept on a 136")
    assert reader.protocol.id == S136
    assert not reader.changes.isVisible()                # bundled, nothing earlier

    committee = Ed25519PrivateKey.generate()
    import_pack(window.context.db, read(pack(edited_copy(tmp_path, "v1"), "2026.1",
                                             committee)))
    page.reload_library()                                 # what the Sync screen does after

    assert "Version 1.2" in reader.facts.text()           # the open protocol is refreshed
    assert reader.changes.isVisible()
    assert reader.changes.heading.text() == "&What changed in version 1.2"
    assert reader.changes.changes.accessibleName() == "What changed in version 1.2"
    assert reader.changes.note.text().startswith("Compared with version 1.1")
    assert reader.changes.lines() == ["Changed: Searching the person"]
    assert reader.acknowledge.status.text().startswith("When you have read version 1.2")

    qtbot.keyClick(window, Qt.Key_W, Qt.AltModifier)     # the label's shortcut
    qtbot.waitUntil(lambda: reader.changes.changes.hasFocus())
    qtbot.keyClick(reader.changes.changes, Qt.Key_Down)
    qtbot.keyClick(reader.changes.changes, Qt.Key_Return)
    assert reader.toc.currentItem().text().strip() == "Searching the person"
    qtbot.waitUntil(lambda: top_visible_line(reader.browser) == "Searching the person")

    other = open_protocol(window, qtbot, "who can act as AA")
    assert not other.changes.isVisible()                  # not changed by the pack


def test_new_controls_are_named_and_on_the_tab_path(window, qtbot, tmp_path):
    import_pack(window.context.db, read(pack(edited_copy(tmp_path, "v1"), "2026.1",
                                             Ed25519PrivateKey.generate())))
    window.protocols.reload_library()
    reader = open_protocol(window, qtbot, "searching the person 136")
    assert reader.changes.isVisible() and reader.acknowledge.isVisible()
    assert unlabelled_controls(window) == []
    chain = tab_chain(reader.save_button, qtbot, steps=8)
    assert chain[:5] == [reader.save_button, reader.print_button, reader.acknowledge.button,
                         reader.changes.changes, reader.toc]


def test_the_name_offered_is_the_last_acknowledger_else_the_last_reporter_on_this_login():
    from commonground.core.protocols.acknowledgements import remember_name
    from commonground.core.records import reports
    from commonground.core.storage.db import Database
    from commonground.ui.version_panels import known_name

    db = Database.in_memory()
    assert known_name(db, "ward-pc") == ""
    reports.remember_reporter(db, "ward-pc", {"reporter_name": "Sam Nurse"})
    assert known_name(db, "ward-pc") == "Sam Nurse"
    remember_name(db, "ward-pc", "Jo Porter")
    assert known_name(db, "ward-pc") == "Jo Porter"


def test_after_an_app_update_corrections_come_first_and_lead_to_their_section(
        window, qtbot, tmp_path):
    from tests.core.test_protocol_versions import HANDOVER_LINE, SEARCH_LINE, release

    reader = open_protocol(window, qtbot, "how long can someone be kept on a 136")
    assert not reader.changes.isVisible()
    newer = release(
        tmp_path, "update", "1.2",
        edits={SEARCH_LINE: SEARCH_LINE + "\n- A search of a child needs a parent present "
                                          "[Local].",
               HANDOVER_LINE: HANDOVER_LINE + " They never leave before the time agreed.",
               "- Ask for an ambulance; stay": "- Ask for an ambulance [Local]; stay"},
        correction="[Searching the person](#searching-the-person): a child is searched only "
                   "with a parent present.")
    window.context.library.protocol_dirs = [newer]            # what a new release installs
    window.protocols.reload_library()

    assert reader.changes.isVisible()
    assert reader.changes.note.text().startswith("Compared with version 1.1, which this "
                                                 "computer had before.")
    assert reader.changes.lines() == [
        "Corrections to the law in version 1.2: read these first",
        "Correction: Searching the person: a child is searched only with a parent present.",
        "Other changes",
        "Changed: Handover at the place of safety",
        "Citations only, nothing to do differently: 1 section (Who does what › Police)"]
    qtbot.keyClick(window, Qt.Key_W, Qt.AltModifier)
    qtbot.waitUntil(lambda: reader.changes.changes.hasFocus())
    qtbot.keyClick(reader.changes.changes, Qt.Key_Down)          # past the group heading
    qtbot.keyClick(reader.changes.changes, Qt.Key_Return)
    qtbot.waitUntil(lambda: top_visible_line(reader.browser) == "Searching the person")
    reader.grab().save(str(tmp_path / "what-changed.png"))


def test_a_citation_only_update_keeps_your_confirmation_and_says_why(window, qtbot, tmp_path):
    from tests.core.test_protocol_versions import SEARCH_LINE, release

    reader = open_protocol(window, qtbot, "how long can someone be kept on a 136")
    dialog = press_i_have_read(reader, qtbot)
    qtbot.keyClicks(dialog.name, "Sam Nurse")
    choose_role(dialog, qtbot)
    qtbot.keyClick(dialog.role, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    cited = release(tmp_path, "cited", "1.2",
                    edits={SEARCH_LINE: SEARCH_LINE.rstrip(".") + " [Local]."})
    window.context.library.protocol_dirs = [cited]
    window.protocols.reload_library()

    today = format_date(dt.date.today())
    assert reader.acknowledge.status.text() == (
        f"You confirmed reading version 1.1 on {today}, as Sam Nurse. Version 1.2 changes "
        "only citations and sources, so that confirmation still stands.")
    assert "Only citations and sources changed" in reader.changes.note.text()
    assert reader.changes.lines() == ["Citations only, nothing to do differently: 1 section "
                                      "(Searching the person)"]
    assert [r[1] for r in rows(window)] == ["1.1"]            # nothing new was asked or kept


def test_without_a_policy_the_role_is_asked_and_enter_explains_what_is_missing(
        open_window, qtbot, tmp_path):
    window = open_window(policy=parse_policy('{"role": "advisor"}'))
    window.ensure_role()
    reader = open_protocol(window, qtbot, "who can act as AA")
    dialog = press_i_have_read(reader, qtbot)
    assert dialog.role.currentText() == "Choose your role…"
    assert dialog.agency.currentText() == "Health (mental health Trust)"   # the hub's
    assert unlabelled_controls(dialog) == []
    assert [dialog.role.accessibleName(), dialog.agency.accessibleName()] == [
        "Your role", "Your agency"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
    qtbot.keyClicks(dialog.name, "Alex Advisor")
    qtbot.keyClick(dialog.name, Qt.Key_Return)
    assert dialog.isVisible() and dialog.problem.text().startswith("Choose your role, so")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.role)
    assert rows(window) == []
    qtbot.keyClicks(dialog.role, "Ward")
    assert dialog.role.currentData() == "manager"
    for width in (480, 1024):
        dialog.resize(width, dialog.height())
        dialog.grab().save(str(tmp_path / f"acknowledge_{width}.png"))
    qtbot.keyClick(dialog.role, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [tuple(r) for r in window.context.db.query(
        "SELECT name, role, agency FROM acknowledgements")] == [
        ("Alex Advisor", "manager", "health")]


def test_a_chosen_agency_is_kept_when_the_role_changes(window, qtbot):
    reader = open_protocol(window, qtbot, "who can act as AA")
    dialog = press_i_have_read(reader, qtbot)
    assert (dialog.role.currentData(), dialog.agency.currentData()) == ("", "")
    qtbot.keyClicks(dialog.name, "Sam Officer")
    choose_role(dialog, qtbot, "Police o")
    assert dialog.agency.currentData() == "police"
    qtbot.keyClick(dialog.role, Qt.Key_Tab)                  # on to the agency
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.agency)
    qtbot.keyClicks(dialog.agency, "Social")
    qtbot.keyClick(dialog.agency, Qt.Key_Backtab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.role)
    qtbot.wait(QApplication.keyboardInputInterval() + 100)     # a new search, as a person
    qtbot.keyClicks(dialog.role, "Nurse")
    assert dialog.agency.currentData() == "social_care"      # chosen, so not replaced
    qtbot.keyClick(dialog.role, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [tuple(r) for r in window.context.db.query(
        "SELECT role, agency FROM acknowledgements")] == [("nurse", "social_care")]
