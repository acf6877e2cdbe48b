"""The frozen program's entry point: the same ``commonground`` command as ``pip install``.

PyInstaller builds two executables from this script: ``CommonGround.exe`` (windowed, opens
the window) and ``commonground-cli.exe`` (console, for ``selftest`` and the other headless
commands, and for the installer's hidden ``write-policy`` step).
"""

import sys

from commonground.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
