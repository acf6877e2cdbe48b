"""A broken or hostile site policy never stops the app: each bad value is named and ignored.

The corpus is made by tests/policy/hostile.py. Every case is read by the loader, then used
the way the app uses a policy (the data folder, the protocol library, a sync set-up, a sync
pass), in process for all of them and as real commands for the cases that used to crash
every command.
"""

from __future__ import annotations

import base64
import math

import pytest

from commonground import cli
from commonground.policy import ROLES, Policy, load_policy
from commonground.policy_values import BY_NAME
from tests.conftest import run_cli
from tests.policy import hostile

CASES = hostile.cases()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return hostile.write_all(tmp_path_factory.mktemp("hostile-policies"))


def assert_clean(policy: Policy) -> None:
    """What the rest of the app may rely on, whatever the file held."""
    assert policy.role in (None, *ROLES)
    for value in (policy.site, policy.data_dir):
        assert value is None or (isinstance(value, str) and value.isprintable()
                                 and 0 < len(value) <= 1000)
    for site in policy.sites:
        assert isinstance(site.name, str) and site.name.isprintable()
        assert all(isinstance(ward, str) and ward.isprintable() for ward in site.wards)
    for name, folder in policy.folders.items():
        assert name in ("upward", "downward", "committee", "protocols")
        assert isinstance(folder, str) and folder.isprintable() and len(folder) <= 1000
    for name, key in policy.keys.items():
        assert name in ("advisor_encryption", "advisor_signing", "committee_signing")
        assert len(base64.b64decode(key, validate=True)) == 32
    for name, value in policy.contacts.items():
        assert isinstance(name, str) and isinstance(value, str) and value.isprintable()
    for name, value in policy.retention.items():
        assert name == "keep_after_receipt" and isinstance(value, str)
    for name, value in policy.settings.items():
        if BY_NAME[name].kind == "bool":   # suppress_small_counts, shared_login, ...
            assert isinstance(value, bool)
        elif name == "police_need_file":   # a path, %VARIABLES% expanded
            assert isinstance(value, str) and value.isprintable() and len(value) <= 4000
        else:
            assert isinstance(value, int) and not isinstance(value, bool) \
                and math.isfinite(value)
    for problem in (*policy.problems, *policy.ignored):
        assert isinstance(problem.key, str) and isinstance(problem.message, str)
        assert len(str(problem)) < 600 and str(problem).isprintable()


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_policy_is_read_with_its_problems_named(corpus, name):
    path, keys = corpus[name]
    policy = load_policy(str(path), environ={})
    assert policy.problems, f"{name}: no problem reported"
    named = {problem.key for problem in policy.problems}
    if keys:
        assert keys <= named, f"{name}: {[str(p) for p in policy.problems]}"
    else:
        assert named == {""} and len(policy.problems) == 1, [str(p) for p in policy.problems]
    assert_clean(policy)


def test_good_values_beside_bad_ones_are_still_used(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text('{"role": "advisor", "site": "North", "folders": {"upward": 5, '
                    '"downward": "/srv/down"}, "keys": {"advisor_encryption": 5, '
                    f'"advisor_signing": "{hostile.GOOD_KEY}"}}, "cctv_retention_days": NaN}}',
                    encoding="utf-8")
    policy = load_policy(str(path), environ={})
    assert policy.role == "advisor" and policy.site == "North"
    assert policy.folders == {"downward": "/srv/down"}
    assert policy.keys == {"advisor_signing": hostile.GOOD_KEY}
    assert policy.setting("cctv_retention_days") is None
    assert {p.key for p in policy.problems} == {"folders.upward", "keys.advisor_encryption",
                                                 "cctv_retention_days"}


@pytest.mark.parametrize("name", list(CASES))
def test_every_hostile_policy_lets_sync_and_the_protocols_run(corpus, name, data_dir,
                                                               capsys):
    path, _ = corpus[name]
    assert cli.main(["--policy", str(path), "protocols", "list", "--json"]) == 0
    code = cli.main(["--policy", str(path), "sync"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Sync:" in out and "Traceback" not in err
    assert "warning: site policy" in err


@pytest.mark.parametrize("name", ["nested 5,000 deep", "a number as a folder",
                                  "a number as a key"])
def test_the_policies_that_crashed_every_command_are_warnings_for_real_commands(
        corpus, name, data_dir):
    path, _ = corpus[name]
    for command in (["sync"], ["reports", "list"], ["selftest", "--no-gui"]):
        result = run_cli("--policy", str(path), *command, data_dir=data_dir)
        assert "Traceback" not in result.stderr + result.stdout, (command, result.stderr)
        assert result.returncode in (0, 1), (command, result.stderr)
        if command != ["selftest", "--no-gui"]:
            assert "warning: site policy" in result.stderr
        else:
            assert "FAIL  site policy" in result.stdout
