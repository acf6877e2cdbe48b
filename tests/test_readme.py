"""The README's two commands are the contract; CI must run the same test command."""

import re

from tests.conftest import REPO


def readme_commands() -> dict[str, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = {}
    for label, key in (("To set up and run the app:", "app"),
                       ("To set up and run the tests:", "tests")):
        match = re.search(re.escape(label) + r"\*\*\s*\n\s*\n    (.+)", text)
        assert match, f"README lacks the '{label}' command"
        found[key] = match.group(1).strip()
    return found


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()["tests"] in ci


def test_the_app_command_installs_and_starts_the_app():
    command = readme_commands()["app"]
    assert "pip install" in command and command.endswith("commonground")
