"""The code holds to the format written down in docs/bundle-format.md: every limit, every
kind's rules and every fixed string on that page is the one the code uses."""

from __future__ import annotations

import re

import pytest

from commonground.core.sync import bundle as bundles
from commonground.core.sync import reader, strict_json, wire
from tests.conftest import REPO

PAGE = (REPO / "docs" / "bundle-format.md").read_text(encoding="utf-8")


def table(heading: str) -> list[list[str]]:
    """The rows (cells, stripped) of the first table after ``## heading``."""
    section = PAGE.split(f"\n## {heading}\n", 1)[1].splitlines()
    start = next(i for i, line in enumerate(section) if line.startswith("|"))
    rows = []
    for line in section[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def number(text: str) -> int:
    return int(text.split()[0].replace(",", ""))


def test_every_limit_on_the_page_is_the_codes():
    rows = table("Limits")
    assert len(rows) == 9
    for _what, name, value in rows:
        assert getattr(wire, name.strip("`")) == number(value), name


def test_the_manifest_and_key_limits_in_words_are_the_codes():
    assert "texts are at most 1,000 characters and nesting at most 4 deep" in PAGE
    assert (wire.MANIFEST_JSON.text, wire.MANIFEST_JSON.depth) == (1_000, 4)
    assert f"at most {strict_json.MAX_KEY} characters" in PAGE
    assert (strict_json.MIN_INTEGER, strict_json.MAX_INTEGER) == (-2 ** 63, 2 ** 63 - 1)
    assert "more than 1,000,000\nbytes and to more than its kind's ratio" in PAGE


@pytest.mark.parametrize("row", table("What each kind may carry"), ids=lambda r: r[0])
def test_each_kind_carries_what_the_page_says(row):
    kind, _route, encrypted, addressed, types, line, depth, text, ratio = row
    rules = wire.RULES[kind.strip("`")]
    assert rules.encrypted == encrypted.startswith("yes")
    assert rules.clear_taken == ("in clear still taken" in encrypted)
    assert rules.addressed == (addressed == "yes")
    assert rules.record_types == {t.strip() for t in types.split(",")}
    assert rules.max_line == number(line)
    assert rules.json.depth == number(depth)
    assert rules.json.text == number(text)
    assert rules.max_ratio == number(ratio)
    longer = dict(rules.json.long_texts)
    assert longer == ({"text": 1_000_000} if kind == "`protocol-pack`" else {})


def test_every_kind_is_on_the_page_and_in_the_manifest_table():
    kinds = [row[0].strip("`") for row in table("What each kind may carry")]
    assert sorted(kinds) == sorted(wire.KINDS)
    assert sorted(row[0].strip("`") for row in table("The manifest")) == sorted(
        ["format", "kind", "sequence", "created", "records", "source", "payload",
         "recipient", "to", "pack_version`, `protocols`, `contacts", "places", "signature"])


def test_the_fixed_strings_on_the_page_are_the_codes():
    assert "`commonground-bundle-v1\\0`" in PAGE
    assert wire.SIGNATURE_CONTEXT == b"commonground-bundle-v1\0"
    assert f"`{wire.CIPHER}`" in PAGE
    assert "info `commonground-payload-v1`" in PAGE
    assert "`commonground|{kind}|{install id}|{sequence}`" in PAGE
    assert wire.aad("reports", "i", 7) == b"commonground|reports|i|7"
    assert f"`{wire.MANIFEST}`" in PAGE and f"`{wire.PAYLOAD}`" in PAGE
    assert f"`{wire.ENCRYPTED_PAYLOAD}`" in PAGE
    assert re.search(r"\| `format` \| `1` \|", PAGE) and wire.FORMAT == 1


def test_names_are_as_the_page_writes_them():
    sender, to = "3f0c0000-0000-4000-8000-000000000001", "3f0c0000-0000-4000-8000-00000000000f"
    assert bundles.bundle_name("receipts", sender, 17, to) == \
        f"receipts_{sender}_00000017_{to}.zip"
    assert bundles.parse_name(f"reports_{sender}_{2 ** 62}.zip")["seq"] == str(2 ** 62)
    assert bundles.parse_name(f"reports_{sender}_17.zip") is None


def test_a_bundle_one_byte_over_a_limit_is_refused_and_at_it_is_read(monkeypatch):
    """The limits are where the page says, not near them."""
    from tests import hostile
    sender = hostile.Sender()
    payload = hostile.lines([hostile.ack()])
    data = hostile.bundle("acknowledgements", payload, sender)
    monkeypatch.setattr(wire, "MAX_PAYLOAD_BYTES", len(payload))
    assert list(reader.read_bytes(data).records) == [hostile.ack()]
    monkeypatch.setattr(wire, "MAX_PAYLOAD_BYTES", len(payload) - 1)
    with pytest.raises(wire.BundleRejected, match="more than the"):
        reader.read_bytes(data)
    monkeypatch.setattr(wire, "MAX_BUNDLE_BYTES", len(data) - 1)
    with pytest.raises(wire.BundleRejected, match="larger than the"):
        reader.read_bytes(data)
