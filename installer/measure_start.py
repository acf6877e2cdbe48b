"""Time the frozen app from launch to its main window on screen (Linux, X11).

    python installer/measure_start.py dist/CommonGround [--runs 5]

Starts a private Xvfb display, launches dist/CommonGround/CommonGround with a throwaway
data folder and a site policy that sets the role (so no first-run question hides the
window), and polls with xdotool until a visible window titled "Common Ground..." exists.
It reports the very first launch (files not yet in the disk cache), the median start with
a new data folder (the database is created) and with an existing one (the usual start).
Each window is closed as a window manager would close it, so every start follows a clean
shutdown. Needs the Debian packages xvfb and xdotool.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The main window is "Common Ground" or "Common Ground – Frontline"; dialogs such as
# "Common Ground is already open" must not count.
MAIN_WINDOW_TITLE = "^Common Ground( – |$)"


def main_window(env: dict) -> int | None:
    result = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", MAIN_WINDOW_TITLE],
                            env=env, capture_output=True, text=True)
    ids = result.stdout.split()
    return int(ids[0]) if result.returncode == 0 and ids else None


def close_window(display: str, window: int) -> None:
    """Ask the window to close, as a window manager's close button does (WM_DELETE_WINDOW),
    so the app shuts down cleanly and the next start is an ordinary one."""
    class ClientMessage(ctypes.Structure):
        _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                    ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                    ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                    ("format", ctypes.c_int), ("data", ctypes.c_long * 5),
                    ("pad", ctypes.c_long * 12)]  # XEvent is 24 longs

    xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                                ctypes.c_void_p]
    xlib.XFlush.argtypes = xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    connection = xlib.XOpenDisplay(display.encode())
    if not connection:
        return
    event = ClientMessage(type=33, window=window, format=32,
                          message_type=xlib.XInternAtom(connection, b"WM_PROTOCOLS", 0))
    event.data[0] = xlib.XInternAtom(connection, b"WM_DELETE_WINDOW", 0)
    xlib.XSendEvent(connection, window, 0, 0, ctypes.byref(event))
    xlib.XFlush(connection)
    xlib.XCloseDisplay(connection)


def one_start(program: Path, env: dict, timeout: float = 60.0) -> float:
    started = time.perf_counter()
    app = subprocess.Popen([str(program)], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    try:
        while time.perf_counter() - started < timeout:
            window = main_window(env)
            if window:
                elapsed = time.perf_counter() - started
                time.sleep(0.5)  # let the start-up work finish, as a user would
                close_window(env["DISPLAY"], window)
                if app.wait(timeout=30) != 0:
                    raise SystemExit(f"measure_start.py: the app exited with {app.returncode} "
                                     f"when its window was closed:\n{app.stderr.read()}")
                return elapsed
            if app.poll() is not None:
                raise SystemExit(f"measure_start.py: the app exited ({app.returncode}) before "
                                 f"showing a window:\n{app.stderr.read()}")
            time.sleep(0.01)
        raise SystemExit(f"measure_start.py: no window after {timeout:.0f} s")
    finally:
        if app.poll() is None:  # it did not close: stop it
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the PyInstaller folder (dist/CommonGround)")
    parser.add_argument("--runs", type=int, default=5, help="starts to time (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    program = args.folder / "CommonGround"
    missing = [tool for tool in ("Xvfb", "xdotool") if not shutil.which(tool)]
    if missing:
        print(f"measure_start.py: skipped: {' and '.join(missing)} not installed "
              "(sudo apt-get install xvfb xdotool)")
        return 0
    if not program.is_file():
        print(f"measure_start.py: {program} does not exist; build it first", file=sys.stderr)
        return 2
    read_end, write_end = os.pipe()  # Xvfb writes its display number here once it is ready
    # -noreset: otherwise the server resets whenever its last client (an xdotool poll)
    # leaves, and an app connecting at that moment fails.
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-noreset", "-screen", "0",
                             "1280x800x24", "-nolisten", "tcp"], pass_fds=(write_end,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as ready:
            display = ready.readline().strip()
        if not display:
            raise SystemExit("measure_start.py: Xvfb did not start")
        with tempfile.TemporaryDirectory(prefix="commonground-start-") as scratch:
            policy = Path(scratch) / "policy.json"
            policy.write_text(json.dumps({"schema": 1, "role": "frontline"}), encoding="utf-8")
            env = {key: value for key, value in os.environ.items()
                   if not key.startswith(("QT_", "COMMONGROUND_", "XAUTHORITY"))}
            env.update(DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb",
                       COMMONGROUND_POLICY=str(policy))

            def start(data: str) -> float:
                return one_start(program, dict(env, COMMONGROUND_DATA_DIR=str(
                    Path(scratch) / data)))
            cold = start("cold")  # the first launch reads the files from disk
            new = [start(f"new-{run}") for run in range(args.runs)]
            later = [start("new-0") for _ in range(args.runs)]
    finally:
        xvfb.terminate()
        xvfb.wait()
    figures = {"cold_first_launch_s": round(cold, 2),
               "new_data_folder_median_s": round(statistics.median(new), 2),
               "existing_data_folder_median_s": round(statistics.median(later), 2),
               "runs": args.runs}
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"Frozen start to window (Xvfb, {args.runs} runs each): first launch of this run "
              f"{cold:.2f} s; new data folder median {statistics.median(new):.2f} s; "
              f"existing data folder median {statistics.median(later):.2f} s "
              f"({', '.join(f'{x:.2f}' for x in later)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
