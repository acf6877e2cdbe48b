"""What pip must install for Windows: pyproject's requirements with markers evaluated there.

    python3 win_requirements.py PYPROJECT PYTHON_VERSION GROUP    (GROUP: app, test, build)

pip evaluates environment markers for the machine it runs on, even with --platform
win_amd64, so on Linux it would leave out "tzdata; sys_platform == 'win32'" (the decision
aids then fail on Windows, which has no time zone database) and the Windows-only
requirements of dependencies. This prints one requirement a line, markers evaluated for
64-bit Windows CPython, then those of dependencies that pip misses (below).
"""

from __future__ import annotations

import sys
from pathlib import Path

import tomllib

try:
    from packaging.requirements import Requirement
except ImportError:  # pip's own copy
    from pip._vendor.packaging.requirements import Requirement

# Windows-only requirements of dependencies (markers pip evaluates for Linux): PyInstaller
# needs pefile and pywin32-ctypes on Windows; pytest needs colorama there. pytest-timeout
# turns a test that hangs under Wine into a stack dump instead of a stuck CI.
OF_DEPENDENCIES = {"app": [], "test": ["colorama", "pytest-timeout"],
                   "build": ["pefile", "pywin32-ctypes"]}


def windows_environment(python_version: str) -> dict[str, str]:
    return {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
            "platform_machine": "AMD64", "python_version": python_version,
            "python_full_version": f"{python_version}.0", "implementation_name": "cpython",
            "platform_python_implementation": "CPython"}


def requirements(pyproject: Path, python_version: str, group: str) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    listed = (project.get("dependencies", []) if group == "app"
              else project.get("optional-dependencies", {}).get(group, []))
    environment = windows_environment(python_version)
    wanted = []
    for requirement in map(Requirement, listed):
        if requirement.marker is None or requirement.marker.evaluate(environment):
            extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
            wanted.append(f"{requirement.name}{extras}{requirement.specifier}")
    return wanted + OF_DEPENDENCIES[group]


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[3] not in OF_DEPENDENCIES:
        sys.exit(__doc__)
    print("\n".join(requirements(Path(sys.argv[1]), sys.argv[2], sys.argv[3])))
