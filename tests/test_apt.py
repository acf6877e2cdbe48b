"""Installing missing Debian packages is written once (installer/apt.sh) and sourced by CI
and both installer checks; each still stops with apt's own words when it cannot."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import REPO

SCRIPTS = [REPO / ".ci" / "run", REPO / "installer" / "check_linux.sh",
           REPO / "installer" / "check_wine.sh"]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Linux shell scripts")


def test_one_copy_of_apt_install_sourced_by_ci_and_both_checks():
    for script in SCRIPTS:
        text = script.read_text(encoding="utf-8")
        assert "source installer/apt.sh" in text, script.name
        assert not re.search(r"^\s*(apt_install|skip_or_fail)\s*\(\)", text, re.M), script.name
        assert "apt-get" not in re.sub(r"#.*|\(sudo apt-get install [^)]*\)|"
                                       r"sudo apt-get install \$APT_PACKAGES", "", text), \
            f"{script.name} calls apt-get itself"


def fake_tools(tmp_path, uid: int, sudo: bool):
    """dpkg knows no package, apt-get cannot find one, id says who runs it, and sudo works
    without a password or asks for one."""
    fake = tmp_path / "bin"
    fake.mkdir()
    tools = {"dpkg": "exit 1", "id": f'[ "$1" = -u ] && echo {uid} || echo someone',
             "apt-get": "echo 'E: Unable to locate package libegl1' >&2; exit 100",
             "sudo": '[ "$1" = -n ] && shift; exec "$@"' if sudo else
             'echo "sudo: a password is required" >&2; exit 1'}
    for name, body in tools.items():
        (fake / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (fake / name).chmod(0o755)
    return {"PATH": f"{fake}:/usr/bin:/bin", "HOME": str(tmp_path), "CI": "true"}


@pytest.mark.parametrize("uid, sudo, said", [
    (0, False, "E: Unable to locate package libegl1"),
    (1000, True, "E: Unable to locate package libegl1"),
    (1000, False, "apt-get needs root, and sudo -n is not available to someone"),
])
def test_ci_stops_before_the_tests_showing_why_qts_libraries_are_missing(tmp_path, uid, sudo,
                                                                         said):
    env = fake_tools(tmp_path, uid, sudo)
    result = subprocess.run(["bash", str(SCRIPTS[0])], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert said in result.stdout
    assert "CI FAILED: Qt's libraries could not be installed" in result.stdout
    assert "== tests" not in result.stdout                    # stopped before the tests


@pytest.mark.parametrize("script, check", [(SCRIPTS[1], "installer check"),
                                           (SCRIPTS[2], "wine check")])
def test_an_installer_check_without_root_or_sudo_says_so_and_fails_in_ci(tmp_path, script,
                                                                         check):
    result = subprocess.run(["bash", str(script)], env=fake_tools(tmp_path, 1000, False),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "apt-get needs root, and sudo -n is not available to someone (missing: " \
        in result.stdout
    assert f"{check} FAILED: " in result.stdout
