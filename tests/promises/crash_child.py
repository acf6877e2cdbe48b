"""A real window that meets an unexpected error, then a native crash (run by
test_crash_logs.py in a child process: the second part kills it).

    python -m tests.promises.crash_child DATA_DIR
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MARKERS = {"narrative": "MARKER-NARRATIVE-7731 the patient shouted at Quillon",
           "reporter_name": "Zebediah Markerson",
           "patient_identifier": "PATIENT-ID-55417",
           "victim": "Quillon Markerby"}


def main(data_dir: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from commonground import logsetup
    from commonground.context import AppContext
    from commonground.core.records import reports
    from commonground.ui import crash, tasks
    from commonground.ui.main_window import MainWindow

    app = QApplication([])
    log_file = logsetup.configure(data_dir / "logs")
    crash.install(log_file)                         # as the app does at start
    context = AppContext.open(data_dir)
    window = MainWindow(context)
    window.show()
    form = window.report_form
    window.go_to(form)
    shown = []
    QMessageBox.exec = lambda box: shown.append(box.text() + "\n" + box.detailedText()) or 0

    for key in ("narrative", "reporter_name"):
        QTest.keyClicks(form.fields[key].focus_target(), MARKERS[key])
    combo = form.fields["perpetrator_kind"].combo
    combo.setCurrentIndex(combo.findData("patient"))
    QTest.keyClicks(form.fields["patient_identifier"].focus_target(),
                    MARKERS["patient_identifier"])
    QTest.keyClicks(form.fields["victims"].entries[0][1]["name"].focus_target(),
                    MARKERS["victim"])
    form.schedule.pause.setInterval(600_000)      # nothing saved yet but by the crash path
    form.schedule.max_wait.setInterval(600_000)
    form.schedule.changed()

    def broken_validate(data, **_kwargs):
        raise ValueError(f"could not check {data}")   # a bug quoting everything typed
    reports.validate = broken_validate
    QTest.mouseClick(form.submit_button, Qt.LeftButton)
    app.processEvents()

    def failing_task(progress, cancelled):
        raise OSError(28, "No space left on device",
                      str(data_dir / f"{MARKERS['reporter_name']}.pdf"))
    tasks.start(failing_task, name="Report PDF")
    tasks.wait_for_all()
    app.processEvents()

    saved = reports.drafts(context.db)
    print(json.dumps({"dialogs": shown, "draft": saved[0].data if saved else None}),
          flush=True)
    faulthandler._sigsegv()          # a native crash, as a fault inside Qt would be
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
