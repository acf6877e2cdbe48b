"""Common Ground: joint police and mental health working, offline."""

import sys as _sys

# The source's version. A build's version replaces the last number with the number of
# commits (0.1.<commits>), so every build's first three numbers increase, as Windows
# Installer needs to see an upgrade (installer/build.py; README "Versions and rebuilds").
__version__ = "0.1.0"

if getattr(_sys, "frozen", False):  # a build: its version is written beside the code
    try:
        with open(f"{getattr(_sys, '_MEIPASS', '.')}/build-version.txt", encoding="ascii") as _f:
            __version__ = _f.read().strip() or __version__
    except (OSError, ValueError):
        pass
