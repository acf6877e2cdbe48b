"""Hostile bundles: the corpus the reader, the sync engine and the benchmark are fed.

Each maker returns the bytes of one file a stranger (or a broken sync tool) could leave in
a shared folder. Bundles are put together here from ``docs/bundle-format.md``, not with
the app's own writer (which refuses to make most of them), so the corpus also checks that
the code reads the format as the page writes it.

    python -m tests.hostile DIR     # write the corpus into DIR, to try by hand
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import struct
import sys
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CONTEXT = b"commonground-bundle-v1\0"
STORED, DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def raw(public) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_raw: bytes) -> str:
    digest = hashlib.sha256(public_raw).hexdigest()[:20]
    return " ".join(digest[i:i + 4] for i in range(0, 20, 4))


@dataclass
class Sender:
    """Whoever signs: a stranger by default, or a real install's key and id."""
    name: str = "Stranger"
    install_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def public(self) -> str:
        return b64(raw(self.key.public_key()))


def file_name(kind: str, sender: Sender, sequence: int, to: str | None = None) -> str:
    return f"{kind}_{sender.install_id}_{sequence:08d}" + (f"_{to}" if to else "") + ".zip"


def lines(records) -> bytes:
    """JSON Lines as a careless writer makes them: NaN and Infinity included."""
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)


def signature_input(manifest: dict) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return CONTEXT + json.dumps(body, sort_keys=True, separators=(",", ":"),
                                ensure_ascii=False).encode("utf-8", "surrogatepass")


def encrypt(plain: bytes, recipient: X25519PublicKey, kind: str, install_id: str,
            sequence: int) -> tuple[bytes, dict]:
    ephemeral = X25519PrivateKey.generate()
    mine, theirs = raw(ephemeral.public_key()), raw(recipient)
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=mine + theirs,
               info=b"commonground-payload-v1").derive(ephemeral.exchange(recipient))
    nonce = os.urandom(12)
    body = AESGCM(key).encrypt(nonce, plain,
                               f"commonground|{kind}|{install_id}|{sequence}".encode())
    return body, {"fingerprint": fingerprint(theirs), "ephemeral": b64(mine),
                  "nonce": b64(nonce), "cipher": "X25519-HKDF-SHA256-AES-256-GCM"}


def zipped(entries: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in entries:
            archive.writestr(zipfile.ZipInfo(name, (2026, 11, 20, 10, 0, 0)), data,
                             compress_type=method)
    return buffer.getvalue()


def deflated_stream(chunks) -> tuple[bytes, int, int, str]:
    """Raw deflate of a stream of chunks, never holding it unpacked: (packed, size, crc,
    sha256)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, size, crc, digest = [], 0, 0, hashlib.sha256()
    for chunk in chunks:
        out.append(packer.compress(chunk))
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
        digest.update(chunk)
    out.append(packer.flush())
    return b"".join(out), size, crc, digest.hexdigest()


def zipped_packed(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip laid out by hand from entries already packed: (name, packed, method, size,
    crc)."""
    body, directory = bytearray(), bytearray()
    for name, packed, method, size, crc in entries:
        encoded = name.encode()
        at = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x5B74, crc,
                            len(packed), size, len(encoded), 0) + encoded + packed
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0x5B74,
                                 crc, len(packed), size, len(encoded), 0, 0, 0, 0, 0, at) \
            + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(directory), len(body), 0)
    return bytes(body + directory + end)


def signed_manifest(kind: str, sender: Sender, *, sequence: int, records: int, name: str,
                    size: int, sha256: str, extra: dict | None = None,
                    recipient: dict | None = None) -> bytes:
    manifest = {"format": 1, "kind": kind, "sequence": sequence,
                "created": "2026-11-20T10:00:00", "records": records,
                "source": {"install_id": sender.install_id, "name": sender.name,
                           "key": sender.public,
                           "fingerprint": fingerprint(raw(sender.key.public_key()))}}
    manifest.update(extra or {})
    if recipient is not None:
        manifest["recipient"] = recipient
    manifest["payload"] = {"name": name, "size": size, "sha256": sha256,
                           "encrypted": recipient is not None}
    manifest["signature"] = b64(sender.key.sign(signature_input(manifest)))
    return json.dumps(manifest).encode()


def streamed_bundle(kind: str, chunks, records: int, sender: Sender, *,
                    sequence: int = 1) -> bytes:
    """A bundle whose (unencrypted) payload is made chunk by chunk: bombs of any size."""
    packed, size, crc, sha = deflated_stream(chunks)
    manifest = signed_manifest(kind, sender, sequence=sequence, records=records,
                               name="payload.jsonl", size=size, sha256=sha)
    return zipped_packed([("manifest.json", manifest, STORED, len(manifest),
                           zlib.crc32(manifest)),
                          ("payload.jsonl", packed, DEFLATED, size, crc)])


def bundle(kind: str, payload: bytes, sender: Sender, *, sequence: int = 1,
           records: int | None = None, to: X25519PublicKey | None = None,
           extra: dict | None = None, method: int = DEFLATED) -> bytes:
    """A bundle signed by ``sender`` around ``payload`` (encrypted if ``to`` is given)."""
    count = payload.count(b"\n") if records is None else records
    manifest = {"format": 1, "kind": kind, "sequence": sequence,
                "created": "2026-11-20T10:00:00", "records": count,
                "source": {"install_id": sender.install_id, "name": sender.name,
                           "key": sender.public,
                           "fingerprint": fingerprint(raw(sender.key.public_key()))}}
    manifest.update(extra or {})
    name = "payload.jsonl"
    if to is not None:
        payload, manifest["recipient"] = encrypt(payload, to, kind, sender.install_id,
                                                 sequence)
        name = "payload.jsonl.enc"
    manifest["payload"] = {"name": name, "size": len(payload),
                           "sha256": hashlib.sha256(payload).hexdigest(),
                           "encrypted": to is not None}
    manifest["signature"] = b64(sender.key.sign(signature_input(manifest)))
    return zipped([("manifest.json", json.dumps(manifest).encode(), DEFLATED),
                   (name, payload, method)])


# ------------------------------------------------------------------ records
def ack(number: int = 1, **changes) -> dict:
    return {"type": "ack", "uuid": f"ack-{number}", "protocol_id": "s136-place-of-safety",
            "version": "1.0", "name": "A Nurse", "at": "2026-11-20T10:00:00", **changes}


def ack_week(**changes) -> dict:
    """An advisor hub's count of acknowledgements for the committee (the Monday of its
    week), with the reader's role and agency as codes."""
    return {"type": "ack_week", "protocol_id": "s136-place-of-safety", "version": "1.0",
            "site": "Riverside Hospital", "week": "2026-11-16", "count": 3, "role": "nurse",
            "agency": "health", **changes}


def report(data: dict, number: int = 1) -> dict:
    return {"type": "report", "uuid": str(uuid.UUID(int=number)),
            "reference": f"CG-2026-HOST-{number:06d}", "submitted_at": "2026-11-20T15:00:00",
            "created_at": "2026-11-20T14:40:00", "data": data}


def report_data(**changes) -> dict:
    data = {"incident_at": "2026-11-20T14:32", "site": "Riverside Hospital",
            "location": "Cedar Ward", "setting": "inpatient_ward",
            "incident_types": ["physical_assault"], "victims": [{"kind": "staff"}],
            "perpetrator_kind": "patient", "harm_grade": "low", "treatment": "none",
            "police_informed": "no", "narrative": "The patient pushed a nurse.",
            "supports_prosecution": "undecided", "wants_advisor_contact": "no",
            "reporter_name": "A Nurse", "reporter_role": "Staff nurse"}
    data.update(changes)
    return data


def addendum(report_uuid: str, text: str = "I withdraw my complaint.", number: int = 1) -> dict:
    return {"type": "addendum", "uuid": f"addendum-{number}", "report_uuid": report_uuid,
            "at": "2026-11-21T08:00:00", "author": "A Nurse", "text": text}


def outcome(report_uuid: str, number: int = 1) -> dict:
    return {"type": "outcome", "uuid": f"outcome-{number}", "report_uuid": report_uuid,
            "at": "2026-11-21T08:00:00", "author": "A Nurse",
            "values": {"outcome": "on_time"}}


# ------------------------------------------------------------------- the corpus
def aid_answer(report_uuid: str, text: str = "Decision aid, Prosecution time limit: "
               "no charge is possible.", number: int = 1) -> dict:
    return {"type": "aid", "uuid": f"aid-{number}", "report_uuid": report_uuid,
            "at": "2026-11-21T08:00:00", "author": "A Nurse", "text": text,
            "aid": "prosecution-limit", "outcome": "expired",
            "result": {"aid": "prosecution-limit", "answer": text}}


def forged_aid(sender: Sender, advisor: X25519PublicKey, report_uuid: str) -> bytes:
    """A decision-aid answer from a computer that did not send the report: an answer that
    says the time to prosecute has run out, on someone else's case."""
    return bundle("reports", lines([aid_answer(report_uuid)]), sender, to=advisor)


def forged_addendum(sender: Sender, advisor: X25519PublicKey, report_uuid: str) -> bytes:
    """An addendum from a computer that did not send the report (report ids are readable
    in clear in the receipts that come down to every ward PC)."""
    return bundle("reports", lines([addendum(report_uuid)]), sender, to=advisor)


def forged_outcome(sender: Sender, advisor: X25519PublicKey, report_uuid: str) -> bytes:
    """An outcome from a computer that did not send the request."""
    return bundle("reports", lines([outcome(report_uuid)]), sender, to=advisor)


def reports_in_clear(sender: Sender) -> bytes:
    """A reports bundle not encrypted to the advisor: anyone on the share could read it."""
    return bundle("reports", lines([report(report_data())]), sender)


def deep_nesting(sender: Sender, depth: int = 100_000, kind: str = "acknowledgements",
                 **options) -> bytes:
    """A payload line nested ``depth`` deep (once: RecursionError, and sync stopped)."""
    line = b"[" * depth + b"]" * depth + b"\n"
    return bundle(kind, line, sender, **options)


def deep_manifest(sender: Sender, depth: int = 100_000) -> bytes:
    """A manifest nested ``depth`` deep (it cannot be signed: the reader must stop first)."""
    manifest = b'{"format": 1, "deep": ' + b"[" * depth + b"]" * depth + b"}"
    return zipped([("manifest.json", manifest, DEFLATED), ("payload.jsonl", b"", STORED)])


def huge_sequence(sender: Sender, sequence: int = 2 ** 70) -> bytes:
    """A signed sequence number no SQLite INTEGER holds (once: OverflowError)."""
    return bundle("acknowledgements", lines([ack()]), sender, sequence=sequence)


def half_copied(data: bytes, share: float = 0.5) -> bytes:
    """What a slow share or OneDrive shows mid-transfer."""
    return data[:max(1, int(len(data) * share))]


def junk(size: int = 5000, seed: int = 1) -> bytes:
    """Not a bundle at all, placed under the next name a ward PC will use."""
    import random
    return random.Random(seed).randbytes(size)


def compression_bomb(sender: Sender, unpacked: int = 500 * 1024 * 1024,
                     kind: str = "acknowledgements", records: int = 1) -> bytes:
    """Tiny records that deflate about a thousandfold, signed (the count says one)."""
    block = b"{}\n" * (1024 * 1024 // 3)
    return streamed_bundle(kind, (block for _ in range(unpacked // len(block))), records,
                           sender)


def prepended_junk(data: bytes, size: int = 10 * 1024 * 1024, seed: int = 2) -> bytes:
    """Junk before a zip: readers that look only at the end still open it, and the file is
    large enough that a ratio check against the file's size passes."""
    return junk(size, seed) + data


def tiny_records(sender: Sender, count: int = 3_000_000, declared: int | None = None,
                 kind: str = "acknowledgements") -> bytes:
    """Millions of tiny records (each a parsed object once: gigabytes), honestly counted
    unless ``declared`` says otherwise."""
    block = 100_000
    chunks = (b"{}\n" * min(block, count - start) for start in range(0, count, block))
    return streamed_bundle(kind, chunks, count if declared is None else declared, sender)


def nan_and_infinity(sender: Sender, advisor: X25519PublicKey) -> bytes:
    """A report whose numbers are NaN and Infinity: not JSON, yet Python reads them."""
    data = report_data(harm_grade=float("nan"), absence=float("inf"))
    return bundle("reports", lines([report(data)]), sender, to=advisor)


def over_long_text(sender: Sender, advisor: X25519PublicKey,
                   characters: int = 100_000) -> bytes:
    """A report whose account is longer than any form lets anyone type."""
    data = report_data(narrative="The patient pushed a nurse. " * (characters // 28 + 1))
    data["narrative"] = data["narrative"][:characters]
    return bundle("reports", lines([report(data)]), sender, to=advisor)


def corpus(size: str = "small", sender: Sender | None = None) -> dict[str, object]:
    """Every case, by name: a maker taking the advisor's public key and giving the file's
    bytes. ``size='caps'`` makes the cases about memory as large as a file may be. The
    files are signed by ``sender``: a stranger by default (whose bundles wait unread for
    enrolment), or a PC the reader trusts, so that their payloads are read."""
    stranger = sender or Sender()
    big = size == "caps"

    def bomb(_advisor):
        return compression_bomb(stranger, 512 * 1024 * 1024 if big else 50 * 1024 * 1024)

    return {
        "deep nesting (100,000 deep)":
            lambda advisor: deep_nesting(stranger, kind="reports", to=advisor),
        "deep manifest (100,000 deep)": lambda _advisor: deep_manifest(stranger),
        "huge sequence (2**70)": lambda _advisor: huge_sequence(stranger),
        "half-copied bundle": lambda _advisor: half_copied(
            bundle("acknowledgements", lines([ack()]), stranger)),
        "junk under the next name": lambda _advisor: junk(60 * 1024 * 1024 if big else 5000),
        "compression bomb": bomb,
        "prepended junk and a bomb": lambda _advisor: prepended_junk(
            compression_bomb(stranger), 60 * 1024 * 1024 if big else 10 * 1024 * 1024),
        "millions of tiny records": lambda _advisor: tiny_records(
            stranger, 20_000_000 if big else 3_000_000, declared=1),
        "millions of tiny records, encrypted": lambda advisor: bundle(
            "reports", b"{}\n" * (20_000_000 if big else 1_000_000), stranger, to=advisor,
            records=1, method=STORED),
        "NaN and Infinity": lambda advisor: nan_and_infinity(stranger, advisor),
        "over-long text (100,000 characters)":
            lambda advisor: over_long_text(stranger, advisor),
    }


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "hostile-bundles")
    target.mkdir(parents=True, exist_ok=True)
    advisor = X25519PrivateKey.generate().public_key()
    for number, (name, make) in enumerate(corpus().items(), start=1):
        data = make(advisor)
        path = target / f"{number:02d}-{name.split(' (')[0].replace(' ', '-')}.zip"
        path.write_bytes(data)
        print(f"{path} ({len(data):,} bytes): {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


def incident_record(**changes) -> dict:
    """A de-identified incident as the advisor hub sends the committee."""
    record = {"type": "incident", "id": "ab" * 12, "incident_date": "2026-11-20",
              "reported_date": "2026-11-20", "delay_hours": 1, "site": "Riverside Hospital",
              "ward": "Cedar Ward", "setting": "inpatient_ward",
              "types": ["physical_assault"], "aggravating": [], "victims": ["staff"],
              "perpetrator": "patient", "harm": "low", "treatment": "none", "absence": None,
              "police_informed": "yes", "police_attended": "no", "crime_reference": True,
              "late": False, "riddor": False, "supports_prosecution": "yes", "case": None}
    record.update(changes)
    return record


def case_part(**changes) -> dict:
    part = {"opened": "2026-11-20", "steps": {"decision": {"status": "done",
                                                           "done": "2026-11-25"}},
            "decision": "nfa", "nfa_reason": "insufficient_evidence", "decision_date": "2026-11-25",
            "court_outcome": None, "closed": None, "closing_reason": None}
    part.update(changes)
    return part


def names_for_the_committee(advisor_hub: Sender, places: list[str] | None,
                            **changes) -> bytes:
    """A de-identified bundle signed by the advisor hub's own key whose values (not field
    names) carry a name or free text: the key sits unencrypted in the hub's data folder."""
    extra = {"places": places} if places is not None else None
    return bundle("deidentified", lines([incident_record(**changes)]), advisor_hub,
                  extra=extra)


def note_record(**changes) -> dict:
    """A case of note as the advisor hub sends the committee."""
    record = {"type": "note", "uuid": "note-1", "date": "2026-11-20",
              "title": "A night handled well", "text": "Police and ward staff agreed a plan "
              "within the hour and the patient settled."}
    record.update(changes)
    return record


def thanks_record(**changes) -> dict:
    """A thank-you the sender allowed to be quoted, as the advisor hub sends it."""
    record = {"type": "thanks", "id": "cd" * 12, "thanks_date": "2026-11-01",
              "submitted_date": "2026-11-02", "agency": "police", "site": "Riverside Hospital",
              "quote": True, "team": "the night shift", "words": "Thank you for staying."}
    record.update(changes)
    return record


def free_text_for_the_committee(advisor_hub: Sender, record: dict,
                                places: list[str] | None = None, sequence: int = 1) -> bytes:
    """A de-identified bundle signed by the advisor hub's own key (or a hub with a bug)
    whose free text, a case of note or quoted thanks, carries an identifier."""
    return bundle("deidentified", lines([record]), advisor_hub, sequence=sequence,
                  extra={"places": places or ["Riverside Hospital", "Cedar Ward"]})


# A valid NHS number (its check digit holds) and the ways a hub could write it.
NHS_NUMBER = "9434765919"
DISGUISED_NHS = {
    "spaced": "943 476 5919",
    "two spaces": "943  476  5919",
    "en dashes": "943\u2013476\u20135919",
    "dots": "943.476.5919",
    "no-break spaces": "943\u00a0476\u00a05919",
    "zero-width spaces": "\u200b".join(NHS_NUMBER),
    "full-width digits": "".join(chr(0xFF10 + int(d)) for d in NHS_NUMBER),
    "thin spaces": "943\u2009476\u20095919",
}
