#!/usr/bin/env bash
# The Windows installer's checks that run on Linux (here and in CI):
#   1. the PyInstaller one-folder build (a Linux build: it checks the spec, not Windows),
#   2. its frozen `commonground-cli selftest` (offscreen, throwaway data folder),
#   3. the MSI built from it with wixl, and its tables checked with msiinfo,
#   4. the frozen app's start-to-window time under Xvfb (only if xvfb and xdotool are here).
# Missing tools are installed with apt-get and pip when possible. If wixl or PyInstaller
# cannot be installed, apt's (or pip's) output is shown and the check is SKIPPED (exit 0)
# on a developer's machine, but FAILS (exit 1) in CI (CI=true, as GitHub Actions and most
# CI services set it): CI must never be green without an installer built. It exits 1 when
# the build or a check is wrong. Set PYTHON to use a given interpreter (default:
# .venv/bin/python, which the README's test command makes; else a new
# build/installer-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

source installer/apt.sh            # apt_install, skip_or_fail, $TOOL_LOG
skip() { skip_or_fail "installer check" "the installer must be built" "$@"; }
say() { echo "[check_linux] $*"; }

[ "$(uname -s)" = "Linux" ] ||
  skip "this script is for Linux (on Windows: python installer/build.py)"

apt_install wixl msitools ||
  skip "wixl and msitools could not be installed (sudo apt-get install wixl msitools)"
: >"$TOOL_LOG"
for tool in wixl msiinfo msibuild; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not available after installing msitools"
done

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  if [ -x .venv/bin/python ]; then
    PYTHON=.venv/bin/python
  else
    python3 -m venv build/installer-venv || skip "python3 -m venv failed"
    PYTHON=build/installer-venv/bin/python
  fi
fi
"$PYTHON" -m pip install -q -c installer/constraints.txt -e ".[build]" >"$TOOL_LOG" 2>&1 ||
  skip "pip could not install PyInstaller (pip install -e \".[build]\")"
"$PYTHON" -c "import PyInstaller, PySide6" || skip "PyInstaller or PySide6 is missing from $PYTHON"

started=$(date +%s)
"$PYTHON" installer/build.py
say "build, frozen selftest and MSI took $(( $(date +%s) - started )) s"

version=$("$PYTHON" installer/build.py --print-version)
msi="dist/CommonGround-$version-x64.msi"
"$PYTHON" installer/check_msi.py "$msi" --version "$version" --bundle dist/CommonGround

"$PYTHON" - "$msi" <<'PY'
import sys
from pathlib import Path
files = [p for p in Path("dist/CommonGround").rglob("*") if p.is_file() and not p.is_symlink()]
size = sum(p.stat().st_size for p in files)
print(f"[check_linux] one-folder bundle: {size / 1e6:.1f} MB in {len(files)} files; "
      f"MSI: {Path(sys.argv[1]).stat().st_size / 1e6:.1f} MB")
PY

# The start time is a measurement, not a gate: without an X server or Qt's xcb libraries it
# is skipped with a message.
if apt_install xvfb xdotool libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
    libxcb-image0 libxcb-render-util0 libxcb-shape0; then
  "$PYTHON" installer/measure_start.py dist/CommonGround --runs 5 \
    || say "start time not measured (see the message above)"
else
  say "start time not measured: xvfb, xdotool or Qt's xcb libraries could not be installed"
fi
say "all installer checks passed"
