"""Every aid is reachable where a person would look for it: the protocol search, the
protocol it belongs to, and the record form; by keyboard, with accessible names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import unlabelled_controls


def search(window, qtbot, text):
    page = window.protocols
    page.search_box.clear()
    qtbot.keyClicks(page.search_box, text)
    page.run_search()
    return page


@pytest.mark.hazard("H-020")
def test_a_search_naming_an_aid_offers_it_and_tab_reaches_it(window, qtbot):
    page = search(window, qtbot, "can his sister be appropriate adult")
    assert page.query_aids.isVisible()
    assert [b.text() for b in page.query_aids.buttons] == [
        "Can this person be the appropriate adult?…"]
    page.search_box.setFocus(Qt.TabFocusReason)
    qtbot.keyClick(page.search_box, Qt.Key_Tab)
    button = QApplication.focusWidget()
    assert button is page.query_aids.buttons[0]
    qtbot.keyClick(button, Qt.Key_Space)
    dialog = page.query_aids.dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert dialog.windowTitle() == "Can this person be the appropriate adult?"
    assert unlabelled_controls(dialog) == []
    dialog.close()


@pytest.mark.hazard("H-020")
def test_the_136_clock_is_offered_for_136_clock_and_nothing_for_other_words(window, qtbot):
    page = search(window, qtbot, "136 clock")
    assert page.query_aids.buttons[0].text() == "Section 136 clock…"
    search(window, qtbot, "crime reference")
    assert not page.query_aids.isVisible() and page.query_aids.buttons == []


@pytest.mark.hazard("H-020")
def test_the_protocol_section_offers_work_it_out_for_this_person(window, qtbot):
    page = search(window, qtbot, "under 18 police station")
    assert not page.protocol_aids.isVisible()
    qtbot.keyClick(page.search_box, Qt.Key_Return)
    assert page.reader.protocol.id == "s136-place-of-safety"
    assert page.protocol_aids.isVisible()
    assert page.protocol_aids.lead.text() == "Work it out for this person:"
    assert {b.text() for b in page.protocol_aids.buttons} == {
        "Section 136 clock…", "Police station for an adult?…"}
    assert unlabelled_controls(page) == []
    qtbot.mouseClick(page.protocol_aids.buttons[0], Qt.LeftButton)
    dialog = page.protocol_aids.dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert dialog.record_button.isHidden()           # from a protocol, nothing to record on
    dialog.close()


def test_opening_another_protocol_leaves_none_of_the_last_one_s_aids_on_screen(window, qtbot):
    """The buttons of the protocol read before go at once, not when Qt next deletes what it
    was asked to: until then they stayed painted under the new ones ("…dult?…" showing
    behind "Can this person be the appropriate adult?…") and in the accessibility tree."""
    page = search(window, qtbot, "under 18 police station")
    qtbot.keyClick(page.search_box, Qt.Key_Return)
    old = list(page.protocol_aids.buttons)
    search(window, qtbot, "who can act as AA")
    qtbot.keyClick(page.search_box, Qt.Key_Return)
    assert page.reader.protocol.id == "appropriate-adult"
    QApplication.processEvents()     # shows the new buttons; frees nothing (Qt frees later)
    shown = [b.text() for b in page.protocol_aids.findChildren(type(old[0])) if b.isVisible()]
    assert shown == ["Can this person be the appropriate adult?…"]
