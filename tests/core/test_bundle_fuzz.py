"""Property-based fuzzing of everything that reads a bundle: the manifest parser, the reader
(zip, manifest, signature, payload, records) and the engine's per-file boundary.

The only outcomes allowed are a result or the project's own rejection (BundleRejected); the
engine never raises for a file at all. Every property is seeded with real bundles and the
hostile corpus (tests/hostile.py), and sized to keep all of sync's fuzzing inside three
minutes of CI; the figures are printed at the end of the run (tests/fuzzing.py).
"""

from __future__ import annotations

import io
import json
import math
import uuid
import zlib

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.core.sync import bundle as bundles
from commonground.core.sync import engine, keys, reader, receiving, strict_json, wire
from tests import fuzzing, hostile
from tests.core.test_sync import World

FAST = settings(deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

# ------------------------------------------------------------------ strategies
leaves = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.integers(min_value=-2 ** 80, max_value=2 ** 80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.just("ab" * 10_001),
    st.sampled_from(["\ud800", "\udfff", "ok\x00", "é" * 3, "2026-11-20T10:00:00"]),
)
values = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(["text", "type", "id"])),
                    inner, max_size=4)),
    max_leaves=20)
deep = st.integers(1, 3_000).flatmap(lambda depth: st.sampled_from(
    ["[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth]))


def json_text(value) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


def good_manifest() -> dict:
    sender = hostile.Sender()
    data = hostile.bundle("acknowledgements", hostile.lines([hostile.ack()]), sender)
    with io.BytesIO(data) as handle:
        return reader.open_envelope(handle, len(data)).manifest


GOOD = good_manifest()


@st.composite
def changed_manifests(draw) -> bytes:
    manifest = json.loads(json.dumps(GOOD))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["top", "source", "payload"]))
        target = manifest if where == "top" else manifest.setdefault(where, {})
        if not isinstance(target, dict):
            continue
        key = draw(st.one_of(st.sampled_from(sorted(target) or ["x"]), st.text(max_size=6)))
        if draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw(values)
    return json_text(manifest)


manifest_bytes = st.one_of(st.binary(max_size=300), values.map(json_text),
                           deep.map(str.encode), changed_manifests())


def accept_manifest(raw: bytes) -> None:
    try:
        manifest = reader.parse_manifest(raw)
    except bundles.BundleRejected:
        return
    assert manifest["kind"] in wire.KINDS
    assert 1 <= manifest["sequence"] <= wire.MAX_SEQUENCE
    assert 0 <= manifest["records"] <= wire.MAX_RECORDS
    strict_json.check(manifest, wire.MANIFEST_JSON)   # nothing unbounded got through
    wire.canonical(manifest)                           # and it can be signed over again


def test_the_manifest_parser_takes_any_bytes():
    for depth, words in ((100_000, "more than the 65,536 allowed"),
                         (30_000, "its manifest cannot be used: it is nested more than 4")):
        case = hostile.deep_manifest(hostile.Sender(), depth)
        with io.BytesIO(case) as handle:
            try:
                reader.open_envelope(handle, len(case))
            except bundles.BundleRejected as exc:
                assert words in str(exc)
            else:
                raise AssertionError("a manifest nested so deep was read")

    with fuzzing.measured("manifest parser") as counter:
        @settings(FAST, max_examples=3000)
        @given(manifest_bytes)
        def check(raw):
            counter[0] += 1
            accept_manifest(raw)
        check()


# ------------------------------------------------------------------- the reader
ADVISOR = X25519PrivateKey.generate()
SIGNER = hostile.Sender("Ward 3 PC")


def decrypt(mark):
    mine = keys.fingerprint(keys.raw_public(ADVISOR.public_key()))
    return ADVISOR if mark == mine else None


def record_for(kind: str) -> dict:
    return {"reports": hostile.report(hostile.report_data()),
            "acknowledgements": hostile.ack(),
            "receipts": {"type": "receipt", "report_uuid": str(uuid.uuid4()),
                         "received_at": "2026-11-20T10:00:00"},
            "deidentified": {"type": "note", "uuid": "n1", "date": "2026-11-20",
                             "title": "A case", "text": "Words."},
            "protocol-pack": {"type": "protocol", "id": "x", "version": "1", "text": "t",
                              "sha256": "0" * 64}}[kind]


@st.composite
def payload_lines(draw, kind: str) -> bytes:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        how = draw(st.sampled_from(["good", "changed", "value", "bytes", "deep"]))
        if how in ("good", "changed"):
            record = record_for(kind)
            if how == "changed":
                key = draw(st.one_of(st.sampled_from(sorted(record)), st.text(max_size=5)))
                record[key] = draw(values)
            out.append(json_text(record) + b"\n")
        elif how == "value":
            out.append(json_text(draw(values)) + b"\n")
        elif how == "bytes":
            out.append(draw(st.binary(max_size=60)) + b"\n")
        else:
            out.append(draw(deep).encode() + b"\n")
    body = b"".join(out)
    return body[:-1] if body and draw(st.booleans()) else body


@st.composite
def signed_bundles(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(wire.KINDS))
    payload = draw(payload_lines(kind))
    encrypted = draw(st.booleans()) if draw(st.integers(0, 9)) == 0 else \
        wire.RULES[kind].encrypted
    extra = {"to": str(uuid.uuid4())} if wire.RULES[kind].addressed else {}
    if draw(st.booleans()):
        extra[draw(st.sampled_from(["pack_version", "protocols", "to", "x", "created"]))] = \
            draw(values)
    records = draw(st.one_of(st.none(), st.integers(-2, 10),
                             st.integers(min_value=-2 ** 70, max_value=2 ** 70)))
    sequence = draw(st.one_of(st.integers(1, 10), st.integers(min_value=-2 ** 70,
                                                              max_value=2 ** 70)))
    method = draw(st.sampled_from([hostile.STORED, hostile.DEFLATED]))
    data = hostile.bundle(kind, payload, SIGNER, sequence=sequence, records=records,
                          to=ADVISOR.public_key() if encrypted else None, extra=extra,
                          method=method)
    return kind, data


def accept_bundle(kind: str, data: bytes) -> None:
    try:
        found = bundles.read_bytes(data, decrypt_key=decrypt,
                                   check_record=receiving.CHECKS[kind])
    except bundles.BundleRejected:
        return
    records = list(found.records)                      # walked again, as the import does
    assert len(records) == found.manifest["records"] == len(found.records)
    for record in records:
        assert record["type"] in wire.RULES[found.kind].record_types
        strict_json.check(record, wire.RULES[found.kind].json)
        assert not any(isinstance(v, float) and not math.isfinite(v) for v in record.values())


def test_the_reader_takes_any_signed_bundle():
    with fuzzing.measured("reader, signed bundles of any content") as counter:
        @settings(FAST, max_examples=2000)
        @given(signed_bundles())
        def check(case):
            counter[0] += 1
            accept_bundle(*case)
        check()


@st.composite
def zips(draw) -> bytes:
    """Zips of any shape around a real manifest: extra entries, other names and methods,
    junk before, between and after, lying sizes."""
    good = hostile.bundle("acknowledgements", hostile.lines([hostile.ack()]), SIGNER)
    with io.BytesIO(good) as handle:
        manifest = json.dumps(reader.open_envelope(handle, len(good)).manifest).encode()
    names = st.sampled_from(["manifest.json", "payload.jsonl", "payload.jsonl.enc",
                             "../x", "a/b", "C:x", "", "manifest.json"])
    entries = draw(st.lists(st.tuples(names, st.one_of(st.just(manifest), st.binary(
        max_size=80)), st.sampled_from([0, 8, 12, 14])), min_size=0, max_size=4))
    packed = []
    for name, data, method in entries:
        body = zlib.compress(data)[2:-4] if method == 8 else data
        size = draw(st.one_of(st.just(len(data)), st.integers(0, 2 ** 32 - 1)))
        crc = draw(st.one_of(st.just(zlib.crc32(data)), st.integers(0, 2 ** 32 - 1)))
        packed.append((name, body, method, size, crc))
    data = hostile.zipped_packed(packed)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=40)) + data[at:]
    return data


def test_the_reader_takes_any_zip():
    with fuzzing.measured("reader, zips of any shape") as counter:
        @settings(FAST, max_examples=1500)
        @given(zips())
        def check(data):
            counter[0] += 1
            accept_bundle("acknowledgements", data)
        check()


# ------------------------------------------------------------------- the engine
def test_the_engine_takes_any_file_and_never_stops(tmp_path_factory):
    """Any file at all in the advisor's upward folder: recorded, never raised."""
    root = tmp_path_factory.mktemp("engine-fuzz")
    world = World(root)
    setup = world.setup(world.advisor)
    folder = world.shared["upward"]
    makers = hostile.corpus()
    advisor = keys.load_encryption_public(world.policy["keys"]["advisor_encryption"])
    seeds = [make(advisor) for name, make in makers.items() if "bomb" not in name
             and "millions" not in name]
    numbers = iter(range(1, 10 ** 6))
    try:
        with fuzzing.measured("engine, one file at a time") as counter:
            @settings(FAST, max_examples=600)
            @given(st.one_of(st.integers(0, len(seeds) - 1).map(seeds.__getitem__),
                             signed_bundles().map(lambda c: c[1]),
                             st.binary(max_size=400), zips()),
                   st.sampled_from(["reports", "acknowledgements"]))
            def check(data, kind):
                counter[0] += 1
                path = folder / f"{kind}_{uuid.uuid4()}_{next(numbers):08d}.zip"
                path.write_bytes(data)
                result = engine.SyncResult()
                receiving.import_file(world.advisor.db, setup, "upward", path,
                                      ("reports", "acknowledgements"), engine.now_local(),
                                      result)
                row = world.advisor.db.query_one("SELECT status, reason FROM inbox WHERE "
                                                 "file_name = ? ORDER BY id DESC",
                                                 (path.name,))
                assert row is not None and (row["status"] == "imported" or row["reason"])
            check()
        assert world.advisor.db.integrity_check() == []
        assert world.advisor.db.query_one("SELECT count(*) FROM reports WHERE NOT "
                                          "json_valid(data)")[0] == 0
    finally:
        world.close()


def test_strict_json_fast_and_slow_walks_agree():
    """``check`` trusts a fast walk and asks the slow one only to say where: they must judge
    every value alike."""
    limits = [wire.MANIFEST_JSON] + [rules.json for rules in wire.RULES.values()]
    with fuzzing.measured("strict JSON, fast and slow walks") as counter:
        @settings(FAST, max_examples=1500)
        @given(values, st.sampled_from(limits))
        def check(value, limit):
            counter[0] += 1
            fits = strict_json._fits(value, limit, dict(limit.long_texts), 0, "")
            try:
                strict_json._check(value, limit, 0, "")
            except strict_json.JsonProblem:
                assert not fits
            else:
                assert fits
        check()
