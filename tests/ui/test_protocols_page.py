"""The Protocols screen, driven like a person would: type, press keys, click."""

from pathlib import Path

from PySide6.QtCore import QPoint, QRegularExpression, Qt, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog

from commonground import paths
from tests.ui.conftest import tab_chain, unlabelled_controls

QUESTION = "can police use a police station for a 17 year old under section 136?"


def top_visible_line(browser) -> str:
    return browser.cursorForPosition(QPoint(8, 8)).block().text()


def test_the_search_box_has_focus_when_the_window_opens(window, qtbot):
    qtbot.waitUntil(lambda: window.protocols.search_box.hasFocus())


def test_typing_a_question_and_pressing_enter_opens_the_answer_at_its_heading(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, QUESTION)
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    qtbot.keyClick(page.search_box, Qt.Key_Return)

    reader = page.reader
    assert reader.title.text() == "Section 136: removal to a place of safety"
    assert reader.toc.currentItem().text().strip() == "Children and young people under 18"
    qtbot.waitUntil(lambda: top_visible_line(reader.browser)
                    == "Children and young people under 18")
    assert "Version 1.1" in reader.facts.text()
    assert "Review due" in reader.facts.text()
    assert "#ffe27a" in reader.browser.toHtml()          # matched words are marked
    assert window.statusBar().currentMessage().endswith("Children and young people under 18")


def test_results_show_title_section_and_marked_snippet(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "who can act as AA")
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    first = page.model.index(0)
    assert first.data().startswith("Who can act as an appropriate adult — ")
    assert "background-color:#ffe27a" in first.data(Qt.UserRole + 1)


def test_down_arrow_moves_into_the_results_and_enter_opens_the_chosen_one(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "police station")
    qtbot.waitUntil(lambda: page.model.rowCount() > 2)
    qtbot.keyClick(page.search_box, Qt.Key_Down)
    assert page.results.hasFocus()
    qtbot.keyClick(page.results, Qt.Key_Down)
    chosen = page.model.item(page.results.currentIndex().row())
    qtbot.keyClick(page.results, Qt.Key_Return)
    assert page.reader.toc.currentItem().data(Qt.UserRole) == chosen.anchor


def test_no_matches_is_said_in_words(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "zzqqxx")
    qtbot.waitUntil(lambda: page.count_label.text() == "No matches")
    assert page.model.rowCount() == 0


def test_an_empty_box_lists_every_protocol_to_browse(window, qtbot):
    page = window.protocols
    assert page.model.rowCount() == 6
    qtbot.keyClicks(page.search_box, "aa")
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    qtbot.keyClick(page.search_box, Qt.Key_Escape)
    qtbot.waitUntil(lambda: page.count_label.text() == "6 protocols")
    page.results.setFocus()
    page.results.setCurrentIndex(page.model.index(0))
    qtbot.keyClick(page.results, Qt.Key_Return)
    assert page.reader.title.text() == page.model.item(0).title
    assert not page.reader.warning.isVisible()


def test_ctrl_k_and_ctrl_f_come_back_to_the_search_from_anywhere(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "AWOL")
    window.nav.setCurrentRow(2)
    window.nav.setFocus()
    for key in ("K", "F"):
        window.nav.setFocus()
        qtbot.keyClick(window.nav, getattr(Qt, f"Key_{key}"), Qt.ControlModifier)
        assert window.pages.currentWidget() is page
        assert page.search_box.hasFocus()
        assert page.search_box.selectedText() == "AWOL"


def test_an_overdue_review_is_a_warning_in_words(open_window, protocol_dir, qtbot):
    path = protocol_dir / "appropriate-adult.md"
    text = path.read_text(encoding="utf-8")
    lines = [("review_due: 2020-01-31" if line.startswith("review_due:") else line)
             for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    window = open_window([protocol_dir])
    page = window.protocols
    qtbot.keyClicks(page.search_box, "appropriate adult")
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    qtbot.keyClick(page.search_box, Qt.Key_Return)
    assert page.reader.warning.isVisible()
    assert page.reader.warning.text().startswith("Warning: review overdue since 31 January 2020")


def test_broken_protocol_files_are_named_on_screen_and_the_rest_load(open_window, protocol_dir):
    (protocol_dir / "broken.md").write_text("---\nid: broken\n", encoding="utf-8")
    window = open_window([protocol_dir])
    page = window.protocols
    assert page.problem_box.isVisible()
    assert "broken.md, line 1" in page.problem_label.text()
    assert page.model.rowCount() == 6


def test_save_as_pdf_runs_in_the_background_and_writes_the_file(window, qtbot, tmp_path,
                                                                monkeypatch):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "AWOL")
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    qtbot.keyClick(page.search_box, Qt.Key_Return)
    target = tmp_path / "awol"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    qtbot.mouseClick(page.reader.save_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: Path(str(target) + ".pdf").exists(), timeout=20000)
    assert Path(str(target) + ".pdf").read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Saved "))
    assert page.reader.save_button.isEnabled()
    assert page.reader._saved_banner.isVisible()
    assert page.reader._saved_banner.text.text() == f"✓ PDF saved to {target}.pdf"


def test_the_reader_follows_anchors_and_ignores_unsafe_links(window, qtbot, dialogs):
    page = window.protocols
    page.run_search()
    page._open_index(page.model.index(0))
    asked = dialogs
    browser = page.reader.browser
    browser.anchorClicked.emit(QUrl("javascript:alert(1)"))
    browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert asked == []
    browser.anchorClicked.emit(QUrl("https://www.legislation.gov.uk/"))
    assert len(asked) == 1
    last = page.reader.toc.item(page.reader.toc.count() - 1)
    browser.anchorClicked.emit(QUrl("#" + last.data(Qt.UserRole)))
    assert browser.verticalScrollBar().value() > 0


def test_every_control_has_a_name_a_screen_reader_can_read(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "AA")
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    qtbot.keyClick(page.search_box, Qt.Key_Return)
    assert unlabelled_controls(window) == []


def test_every_part_of_the_screen_is_reachable_with_tab(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "AA")
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    qtbot.keyClick(page.search_box, Qt.Key_Return)
    reached = tab_chain(page.search_box, qtbot)
    for widget in (page.results, page.reader.toc, page.reader.browser, page.reader.save_button,
                   page.reader.print_button, window.nav):
        assert widget in reached, widget.accessibleName()


def test_text_follows_the_system_font_size(open_window, qtbot):
    app = QApplication.instance()
    original = app.font()
    bigger = app.font()
    bigger.setPointSizeF(original.pointSizeF() * 2)
    app.setFont(bigger)
    try:
        window = open_window()
        assert window.protocols.search_box.font().pointSizeF() >= bigger.pointSizeF() - 0.1
        assert window.protocols.reader.title.font().pointSizeF() > bigger.pointSizeF()
    finally:
        app.setFont(original)


def test_resources_folder_is_found():
    assert (paths.resources_dir() / "synonyms.txt").exists()


def open_s136_clock(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "how long can someone be kept on a 136")
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    qtbot.keyClick(page.search_box, Qt.Key_Return)
    return page.reader


def test_the_reader_says_what_the_text_was_checked_against(window, qtbot):
    reader = open_s136_clock(window, qtbot)
    assert reader.checked.isVisible()
    text = reader.checked.text()
    assert text.startswith("Checked 6 December 2026 against the Act and regulations where a "
                           "stored copy could be read")
    assert "Not yet checked against a primary text: MHA s5, " in text
    assert "(each marked “unverified” where the text cites it)" in text
    assert reader.checked.accessibleName() == "What this text was checked against"
    assert "Law stated as at 2 February 2026" in reader.facts.text()


def test_a_citation_shows_its_source_from_the_keyboard_and_back_returns(window, qtbot):
    reader = open_s136_clock(window, qtbot)
    browser = reader.browser
    qtbot.waitUntil(lambda: top_visible_line(browser).startswith("The clock"))
    where = browser.verticalScrollBar().value()
    browser.setFocus(Qt.TabFocusReason)
    browser.setTextCursor(browser.cursorForPosition(QPoint(8, 8)))
    qtbot.keyClick(browser, Qt.Key_Right, Qt.AltModifier)      # the next citation
    assert browser.textCursor().selectedText() == "[MHA\u00a0s136(2)]"   # never split
    qtbot.keyClick(browser, Qt.Key_Return)
    bar = reader.sources
    assert bar.isVisible()
    assert bar.text.text().startswith("Source of [MHA\u00a0s136(2)]: [MHA] Mental Health Act "
                                      "1983, as amended")
    assert "(read 6 December 2026; the text read is dated 15 May 2025)." in bar.text.text()
    qtbot.waitUntil(lambda: browser.verticalScrollBar().value() > where)   # at References
    qtbot.mouseClick(bar.back_button, Qt.LeftButton)
    assert not bar.isVisible()
    assert browser.verticalScrollBar().value() == where
    assert browser.hasFocus()


def test_hovering_an_unverified_citation_says_so(window, qtbot):
    reader = open_s136_clock(window, qtbot)
    browser = reader.browser
    cursor = browser.document().find(QRegularExpression(r"\[MHA.s138,.unverified\]"))
    assert not cursor.isNull()
    cursor.setPosition(cursor.selectionStart() + 3)
    note = browser.note_at(cursor)
    assert note.startswith("[MHA] Mental Health Act 1983")
    assert note.endswith("This point is not yet checked against a primary text.")


def test_tab_leaves_the_text_however_many_citations_it_has(window, qtbot):
    reader = open_s136_clock(window, qtbot)
    chain = tab_chain(reader.browser, qtbot, steps=3)
    assert chain[0] is reader.browser and chain[1] is not reader.browser
    assert "Alt+Right" in reader.browser.accessibleDescription()


def test_enter_opens_the_answer_at_the_sentence_that_answers(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "how long can police keep someone on 136")
    qtbot.waitUntil(lambda: "match" in page.count_label.text())
    first = page.model.item(0)
    assert "24 hours" in first.snippet and "12" in first.snippet     # the answer, first
    qtbot.keyClick(page.search_box, Qt.Key_Return)

    browser = page.reader.browser
    qtbot.waitUntil(lambda: browser.textCursor().hasSelection())
    selected = browser.textCursor().selectedText()
    assert first.sentence.startswith(selected.replace("\u2029", " ")[:20])
    assert "24 hours" in browser.textCursor().block().text()
    rect = browser.cursorRect(browser.textCursor())
    assert 0 <= rect.top() and rect.bottom() <= browser.viewport().height()


def test_a_misspelt_word_is_read_as_the_library_s_word_and_the_screen_says_so(window, qtbot):
    page = window.protocols
    qtbot.keyClicks(page.search_box, "who signs the extention ")
    qtbot.waitUntil(lambda: page.corrected_label.isVisible())
    assert page.corrected_label.text() == "Showing results for <i>who signs the extension</i>"
    assert page.model.item(0).anchor == "the-12-hour-extension"
    qtbot.keyClick(page.search_box, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not page.corrected_label.isVisible())
