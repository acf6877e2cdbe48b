"""The Group Policy template and the schema document match the policy's keys, one by one."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from commonground.core import staff
from commonground.policy_registry import REGISTRY_KEY
from commonground.policy_values import BY_NAME, KEYS, ROLES
from tests.conftest import REPO

NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
ADMX = REPO / "installer" / "CommonGround.admx"
ADML = REPO / "installer" / "en-US" / "CommonGround.adml"
SCHEMA = REPO / "installer" / "policy-schema.md"


def policies() -> dict[str, ET.Element]:
    """Registry value name -> its <policy>."""
    found = {}
    for policy in ET.parse(ADMX).getroot().iterfind("p:policies/p:policy", NS):
        names = [policy.get("valueName")] if policy.get("valueName") else []
        names += [element.get("valueName") for element in policy.find("p:elements", NS) or []]
        assert len(names) == 1, f"{policy.get('name')} sets {names}"
        assert names[0] not in found, f"{names[0]} is set by two policies"
        found[names[0]] = policy
    return found


def strings() -> dict[str, str]:
    root = ET.parse(ADML).getroot()
    return {s.get("id"): s.text or "" for s in root.iterfind(".//p:stringTable/p:string", NS)}


def presentations() -> dict[str, ET.Element]:
    root = ET.parse(ADML).getroot()
    return {p.get("id"): p for p in root.iterfind(".//p:presentationTable/p:presentation", NS)}


def test_the_template_sets_exactly_the_policy_keys():
    assert sorted(policies()) == sorted(key.name for key in KEYS)


@pytest.mark.parametrize("key", KEYS, ids=[key.name for key in KEYS])
def test_each_key_has_a_machine_policy_of_its_type_with_a_description(key):
    policy = policies()[key.name]
    assert policy.get("class") == "Machine"
    assert policy.get("key") == REGISTRY_KEY
    text = strings()
    explain = text[policy.get("explainText")[len("$(string."):-1]]
    assert text[policy.get("displayName")[len("$(string."):-1]].strip()
    assert f"Registry value: {key.name} ({key.registry.split(' ')[0]}" in explain
    if key.protected:
        assert "Only the machine policy may set it." in explain
    elements = list(policy.find("p:elements", NS) or [])
    if key.kind == "bool":
        assert policy.find("p:enabledValue/p:decimal", NS).get("value") == "1"
        assert policy.find("p:disabledValue/p:decimal", NS).get("value") == "0"
        return
    [element] = elements
    tag = element.tag.split("}")[1]
    expected = {"role": "enum", "agency": "enum", "staff_role": "enum", "int": "decimal"}.get(
        key.kind, "multiText" if key.registry == "REG_SZ (JSON)" else "text")
    assert tag == expected
    if tag == "decimal":
        assert (int(element.get("minValue")), int(element.get("maxValue"))) == (key.low,
                                                                                 key.high)
    if tag == "enum":
        codes = {"role": list(ROLES), "agency": [code for code, _ in staff.AGENCIES],
                 "staff_role": [code for code, *_ in staff.STAFF_ROLES]}[key.kind]
        assert [item.findtext("p:value/p:string", namespaces=NS)
                for item in element.iterfind("p:item", NS)] == codes
    presentation = presentations()[policy.get("presentation")[len("$(presentation."):-1]]
    assert [control.get("refId") for control in presentation] == [element.get("id")]


def test_every_string_and_presentation_the_template_names_is_in_the_adml():
    named = re.findall(r"\$\((string|presentation)\.([A-Za-z0-9_]+)\)",
                       ADMX.read_text(encoding="utf-8"))
    text, shown = strings(), presentations()
    missing = [name for kind, name in named if name not in (text if kind == "string"
                                                                 else shown)]
    assert missing == []


def schema_rows() -> dict[str, list[str]]:
    """`key` -> its other columns, from the schema's key table."""
    text = SCHEMA.read_text(encoding="utf-8")
    section = text[text.index("## The keys"):text.index("\n## ", text.index("## The keys") + 1)]
    return {match.group(1): [cell.strip() for cell in match.group(2).split("|")]
            for match in re.finditer(r"^\| `([a-z_.]+)` \|(.*)\|$", section, re.MULTILINE)}


def test_the_schema_document_lists_every_key_with_its_registry_value():
    rows = schema_rows()
    assert sorted(rows) == sorted(["schema", *BY_NAME])
    for key in KEYS:
        registry = rows[key.name][1]
        assert registry.startswith(key.registry.replace(" (JSON)", "")), (key.name, registry)
        assert ("JSON" in registry) == (key.registry == "REG_SZ (JSON)")
        assert ("machine only" in rows[key.name][-1]) == key.protected, key.name
