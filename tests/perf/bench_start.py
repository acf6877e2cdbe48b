"""Cold start: a new process until the main window is shown with the search box focused.

Each run is a separate process (offscreen), started alternately with the floor (a bare
PySide6 window, ``floor_window.py``), after one discarded warm-up run of each. Both write
"ready <epoch> <peak KiB>" to a file when ready (the app does so under
COMMONGROUND_READY_FILE, see app.py); the time counts from just before the process is
started, so interpreter start-up and every import are in it. The frozen figure does the
same with the PyInstaller one-folder build and the floor frozen the same way.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from . import data
from .harness import REPO, Figure, Settings, ratio

FLOOR_SCRIPT = Path(__file__).with_name("floor_window.py")
FROZEN_DIR = REPO / "dist" / "CommonGround"
EXE = ".exe" if sys.platform == "win32" else ""
SKIP_FROZEN = "no frozen build (build with python installer/build.py)"


class NotReady(RuntimeError):
    pass


def launch(command: list[str], env: dict, ready_file: Path, timeout: float = 120) -> tuple:
    """(milliseconds to ready, peak memory in MB or None) of one run of ``command``."""
    ready_file.unlink(missing_ok=True)
    env = {**env, "COMMONGROUND_READY_FILE": str(ready_file)}
    started = time.time()
    process = subprocess.Popen(command, env=env, cwd=ready_file.parent,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise NotReady(f"{Path(command[0]).name} did not report ready within {timeout:.0f} s")
    try:
        _, at, kib = ready_file.read_text(encoding="utf-8").split()[:3]
    except (OSError, ValueError):
        raise NotReady(f"{' '.join(command[:3])} exited ({process.returncode}) without "
                       f"reporting ready:\n{err.decode('utf-8', 'replace')[-1500:]}") from None
    peak = int(kib) / 1024 if int(kib) else None
    return (float(at) - started) * 1000, peak


def alternate(app: list[str], floor: list[str], env: dict, ready: Path, repeat: int,
              timeout: float = 120) -> tuple[list, list, list, list]:
    """Start times and peaks of the app and the floor, alternating, warm-up discarded."""
    times: dict[str, list] = {"app": [], "floor": []}
    peaks: dict[str, list] = {"app": [], "floor": []}
    for round_number in range(repeat + 1):
        order = [("app", app), ("floor", floor)]
        if round_number % 2:
            order.reverse()
        for kind, command in order:
            elapsed, peak = launch(command, env, ready, timeout)
            if round_number:
                times[kind].append(elapsed)
                if peak is not None:
                    peaks[kind].append(peak)
    return times["app"], times["floor"], peaks["app"], peaks["floor"]


def run(settings: Settings) -> list[Figure]:
    folder = data.reports(settings)
    env = data.app_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    # As installed: compiled modules are kept (in the scratch folder, not beside the code),
    # so the discarded warm-up run compiles them and the measured runs do not.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(settings.scratch / "pycache")
    ready = settings.scratch / "ready.txt"
    app = [sys.executable, "-m", "commonground", "--data-dir", str(folder)]
    floor = [sys.executable, str(FLOOR_SCRIPT), str(ready)]
    settings.log(f"cold start: {settings.repeat} runs each of the app and the floor …")
    times, floor_times, peaks, floor_peaks = alternate(app, floor, env, ready, settings.repeat)
    rows = f"{settings.rows:,} reports"
    figures = [Figure(f"cold start to search box focused ({rows})", times, floor=floor_times,
                      target=ratio(1.5))]
    if peaks and floor_peaks:
        figures.append(Figure("peak memory of that start", peaks, unit="MB",
                              floor=floor_peaks, target=ratio(1.5)))
    else:
        figures.append(Figure("peak memory of that start", [], unit="MB", target=ratio(1.5),
                              skipped="no peak memory on this platform"))
    figures.append(frozen(settings, folder, env, ready))
    return figures


def frozen(settings: Settings, folder: Path, env: dict, ready: Path) -> Figure:
    name = "frozen one-folder app cold start"
    exe = FROZEN_DIR / f"CommonGround{EXE}"
    if not exe.is_file():
        return Figure(name, [], target=ratio(1.5), skipped=SKIP_FROZEN)
    try:
        floor_exe = freeze_floor(settings)
    except RuntimeError as exc:
        return Figure(name, [], target=ratio(1.5), skipped=str(exc))
    settings.log(f"frozen cold start: {settings.repeat} runs each …")
    try:
        times, floor_times, _, _ = alternate([str(exe), "--data-dir", str(folder)],
                                             [str(floor_exe), str(ready)], env, ready,
                                             settings.repeat, timeout=60)
    except NotReady as exc:
        return Figure(name, [], target=ratio(1.5),
                      skipped=f"{exc} (is the build older than COMMONGROUND_READY_FILE? "
                              "rebuild with python installer/build.py)")
    return Figure(name, times, floor=floor_times, target=ratio(1.5),
                  note=f"{exe.relative_to(REPO)} against floor_window.py frozen the same way")


def freeze_floor(settings: Settings) -> Path:
    """floor_window.py as a PyInstaller one-folder program (made once per scratch folder)."""
    work = settings.scratch / "frozen-floor"
    exe = work / "dist" / "floor_window" / f"floor_window{EXE}"
    if exe.is_file():
        return exe
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise RuntimeError("PyInstaller is not installed, so the floor cannot be frozen "
                           "(pip install -e \".[build]\")") from None
    settings.log("freezing the floor with PyInstaller …")
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--onedir",
                           "--log-level", "WARN", "--distpath", str(work / "dist"),
                           "--workpath", str(work / "build"), "--specpath", str(work),
                           str(FLOOR_SCRIPT)], capture_output=True, text=True)
    if done.returncode != 0 or not exe.is_file():
        raise RuntimeError(f"PyInstaller could not freeze the floor: {done.stderr[-500:]}")
    return exe
