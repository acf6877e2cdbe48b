"""core/ must never import Qt: it is tested, and used by the CLI, without a window."""

import subprocess
import sys

from tests.conftest import REPO


def test_importing_every_core_module_and_the_cli_loads_no_qt():
    code = (
        "import importlib, pkgutil, sys\n"
        "import commonground.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'commonground.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import commonground.cli, commonground.context, commonground.selftest\n"
        "bad = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(REPO / "desktop"), "PATH": ""})
    assert result.returncode == 0, result.stdout + result.stderr
