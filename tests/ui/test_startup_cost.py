"""What start-up costs, checked without timing: the database check runs beside the imports
and still decides, nothing counts My reports' rows until it is shown, the report forms are
built when first shown, and the ready signal the benchmarks rely on works."""

import logging
import os
import subprocess
import sys

from PySide6.QtCore import Qt

from commonground import paths
from commonground.app import READY_FILE_ENV
from commonground.core import roles
from commonground.core.storage import backups
from commonground.core.storage.db import Database
from commonground.startup import DatabaseCheck, check_database_or_restore
from commonground.startup import watch_background_check as _watch_background_check
from commonground.ui.my_reports import MyReportsPage
from tests.conftest import REPO
from tests.ui.test_damaged_database import damaged_install


def test_the_background_check_finds_damage_and_passes_a_healthy_or_new_database(data_dir):
    missing = DatabaseCheck(data_dir / "no-such.sqlite3")
    assert missing.result() == [] and not missing.ran   # so no full check is recorded
    healthy = paths.prepare_data_dir(data_dir / "healthy")
    Database.open(healthy.database).close()
    assert DatabaseCheck(healthy.database).result() == []
    damaged = damaged_install(data_dir)
    assert DatabaseCheck(damaged.database).result() != []


def test_problems_found_in_the_background_still_stop_the_start(data_dir, qapp, dialogs,
                                                               monkeypatch):
    data_paths = damaged_install(data_dir)
    for backup in data_paths.backups.iterdir():
        backup.unlink()
    problems = DatabaseCheck(data_paths.database).result()
    monkeypatch.setattr(backups, "check_file", lambda path: [])  # not asked a second time
    assert check_database_or_restore(data_paths, problems=problems) is False
    assert dialogs[0][0] == "critical" and "no good backup" in dialogs[0][2]


def test_building_my_reports_counts_nothing_until_it_is_shown(data_dir, qtbot):
    db = Database.open(paths.prepare_data_dir(data_dir).database)
    seen = []
    with db.use() as reader:
        pass
    reader.set_trace_callback(seen.append)
    try:
        page = MyReportsPage(db)
        qtbot.addWidget(page)
        assert seen == []                              # built with the window at start-up
        page.refresh()                                 # shown
        assert any("count(*)" in sql for sql in seen)
    finally:
        reader.set_trace_callback(None)
        db.close()


def test_with_a_ready_file_the_window_says_when_it_is_ready_and_closes(data_dir, tmp_path):
    db = Database.open(paths.prepare_data_dir(data_dir).database)
    roles.set_role(db, "frontline", "test", "test")    # so no first-run question
    db.close()
    ready = tmp_path / "ready.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{READY_FILE_ENV: str(ready)})
    env["PYTHONPATH"] = str(REPO / "desktop") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("COMMONGROUND_POLICY", None)
    done = subprocess.run([sys.executable, "-m", "commonground", "--data-dir", str(data_dir)],
                          env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    word, at, peak = ready.read_text(encoding="utf-8").split()
    assert word == "ready" and float(at) > 0 and int(peak) >= 0
    # It closed normally after a full check (none was recorded): the next start need not
    # wait for one.
    assert backups.full_check_due(data_dir) is None
    assert not (data_dir / backups.OPEN_MARKER).exists()


def test_a_start_after_a_crash_waits_for_the_full_check_and_finds_the_damage(
        data_dir, qapp, dialogs, monkeypatch):
    data_paths = paths.prepare_data_dir(data_dir)
    Database.open(data_paths.database).close()
    backups.record_full_check(data_dir)
    backups.mark_open(data_dir)                              # as a crash leaves it
    # Damage only the full check can see (the first pages read well).
    monkeypatch.setattr(backups, "check_file", lambda path: ["row 7 missing from index"])
    from commonground.app import run_gui

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)   # run_gui installs its own
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        assert run_gui(str(data_dir)) == 1
    finally:                                                  # and its log file
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
    assert dialogs[0][0] == "critical" and "row 7 missing from index" in dialogs[0][2]
    assert (data_dir / backups.OPEN_MARKER).exists()         # still due next time


def test_damage_found_in_the_background_is_shown_and_checked_in_full_next_time(
        window, data_dir, qtbot, dialogs):
    damaged = damaged_install(data_dir / "other")
    backups.record_full_check(data_dir)
    _watch_background_check(window, DatabaseCheck(damaged.database), data_dir)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10000)
    assert dialogs[0][:2] == ("warning", "The database may be damaged")
    assert "close Common Ground and open it again" in dialogs[0][2]
    assert "close Common Ground and open it again" in window.statusBar().currentMessage()
    assert backups.full_check_due(data_dir) == "no full check is recorded"


def test_a_healthy_background_check_is_recorded(window, data_dir, qtbot, dialogs):
    (data_dir / backups.LAST_CHECK).unlink(missing_ok=True)
    _watch_background_check(window, DatabaseCheck(window.context.paths.database), data_dir)
    qtbot.waitUntil(lambda: backups.full_check_due(data_dir) is None, timeout=10000)
    assert dialogs == []


def test_the_report_forms_are_built_when_the_page_is_first_shown(open_window, qtbot):
    window = open_window()
    page = window.record_page
    assert page.forms == {}                            # start-up built none of the three
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)   # New report or request
    assert window.pages.currentWidget() is page
    assert list(page.forms) == ["incident"] and page.stack.currentWidget() is page.forms[
        "incident"] and page.forms["incident"].isVisible()
    page.buttons["incident"].setFocus()
    qtbot.keyClick(page.buttons["incident"], Qt.Key_Right)  # choose the request by keyboard
    assert page.stack.currentWidget() is page.forms["police_assistance"]
    assert page.forms["police_assistance"].isVisible()


def test_a_remembered_kind_is_the_form_shown_after_a_restart(open_window, qtbot):
    first = open_window()
    first.record_page.choose("s136")
    second = open_window()
    assert second.record_page.forms == {}
    assert second.record_page.buttons["s136"].isChecked()
    second.go_to(second.record_page)
    assert second.record_page.stack.currentWidget() is second.record_page.forms["s136"]
    assert list(second.record_page.forms) == ["s136"]
