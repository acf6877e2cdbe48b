"""Fuzzing the policy loader: whatever a file or the registry holds, the only outcome is a
Policy (with its problems), never an exception, and what comes out is clean.

Budget: about 12 seconds in CI on 2 cores (the example counts below).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground import paths, syncing
from commonground.context import AppContext
from commonground.policy import ROLES, load_policy, parse_policy
from commonground.policy_values import KEYS
from tests.policy.hostile import GOOD_KEY
from tests.policy.test_hostile_policies import assert_clean

KNOWN = [key.name.split(".")[0] for key in KEYS] + ["schema", "name", "wards", "upward",
                                                    "downward", "advisor_encryption",
                                                    "keep_after_receipt", "aa_scheme_phone"]
names = st.one_of(st.sampled_from(KNOWN), st.text(max_size=12))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(ROLES),
    st.just(GOOD_KEY), st.sampled_from(["/srv/up", "\\\\server\\share", "D:\\cg", "rel/x"]),
    st.text(max_size=30), st.text(alphabet="\x00\x07\n\t\u2028 ", max_size=5))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(names, inner, max_size=6)), max_leaves=30)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(st.text(max_size=300))
def test_any_text_is_a_policy_with_problems_never_an_error(text):
    assert_clean(parse_policy(text))


@FAST
@given(st.dictionaries(names, documents, max_size=10))
def test_any_json_document_is_a_clean_policy(document):
    policy = parse_policy(json.dumps(document))
    assert_clean(policy)
    if document.get("role") in ROLES and list(document).count("role") == 1:
        assert policy.role == document["role"]


@FAST
@given(st.binary(max_size=400))
def test_any_file_is_read_into_a_policy(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "policy.json"
    path.write_bytes(data)
    assert_clean(load_policy(str(path), environ={}))


registry_values = st.dictionaries(
    st.one_of(st.sampled_from([key.name for key in KEYS]), st.text(max_size=12)),
    st.tuples(st.one_of(documents, st.binary(max_size=8), st.lists(st.text(max_size=20),
                                                                      max_size=3),
                        st.builds(lambda d: json.dumps(d), documents)),
              st.sampled_from([1, 2, 3, 4, 7, 11, 0, 99])),
    max_size=8)


@FAST
@given(registry_values, registry_values)
def test_any_registry_is_read_into_a_policy(tmp_path_factory, machine, user):
    folder = tmp_path_factory.mktemp("fuzz-registry")
    policy = load_policy(None, environ={}, registry={"HKLM": machine, "HKCU": user}.get,
                         machine_path=folder / "none.json", trust=lambda path: None)
    assert_clean(policy)
    for problem in policy.ignored:   # a user value is only ever ignored for a machine one
        assert policy.machine


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    opened = AppContext.open(tmp_path_factory.mktemp("fuzz-data") / "data")
    yield opened
    opened.close()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.dictionaries(names, documents, max_size=10))
def test_any_policy_gives_a_sync_set_up(context, document):
    policy = parse_policy(json.dumps(document))
    setup = syncing.setup_from_policy(context.db, context.paths, policy,
                                      policy.role or "frontline")
    assert set(setup.folders) <= {"upward", "downward", "committee", "protocols"}
    paths.resolve_data_dir(None, environ={}, policy_value=policy.data_dir)
