"""What start-up costs, checked without timing: the database check runs beside the imports
and still decides, nothing counts My reports' rows until it is shown, the report forms are
built when first shown, and the ready signal the benchmarks rely on works."""

import os
import subprocess
import sys

from PySide6.QtCore import Qt

from commonground import paths
from commonground.app import READY_FILE_ENV, DatabaseCheck, check_database_or_restore
from commonground.core import backups, roles
from commonground.core.db import Database
from commonground.ui.my_reports import MyReportsPage
from tests.conftest import REPO
from tests.ui.test_damaged_database import damaged_install


def test_the_background_check_finds_damage_and_passes_a_healthy_or_new_database(data_dir):
    assert DatabaseCheck(data_dir / "no-such.sqlite3").result() == []
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
