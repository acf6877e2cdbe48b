"""Bundles: the unit of sync. A zip with ``manifest.json`` and one payload file.

The manifest names the format, kind, source install and its signing key, the per-source
sequence number, creation time, record count, the payload's size and SHA-256, the
recipient key (if encrypted), and an Ed25519 signature over everything else in it. The
payload is JSON Lines; where it carries identifiable data it is encrypted to the advisor
(X25519 key agreement, HKDF-SHA256, AES-256-GCM).

Reading is defensive and in this order: size limits, zip structure (exactly two entries, no
paths, no zip bombs), the manifest's shape, the signature, the payload hash, then
decryption, then every record's shape. Nothing is parsed from a payload whose bytes are not
exactly the ones the sender signed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import UserError
from ..storage.atomic import atomic_writer
from .keys import b64, fingerprint, load_signing_public, raw_public, unb64

FORMAT = 1
KINDS = ("reports", "receipts", "deidentified", "protocol-pack", "acknowledgements")
MAX_BUNDLE_BYTES = 200 * 1024 * 1024
MAX_PAYLOAD_BYTES = 512 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
MAX_RATIO = 60            # uncompressed / compressed: more than this says "zip bomb"
SIGNATURE_CONTEXT = b"commonground-bundle-v1\0"
PAYLOAD = "payload.jsonl"
ENCRYPTED_PAYLOAD = "payload.jsonl.enc"
_NAME = re.compile(r"^(?P<kind>[a-z-]+)_(?P<source>[0-9a-f-]{36})_(?P<seq>\d{8})"
                   r"(?:_(?P<to>[0-9a-f-]{36}))?\.zip$")


class BundleRejected(UserError):
    """The bundle is not imported; the message says why, for the Sync screen and .reason.txt.

    ``move`` says the file itself is bad (tampered, broken) and should be moved aside.
    Otherwise ``retry`` says whether it may become usable here (a key not yet trusted or
    unlocked: try again next pass) or never will (an older protocol pack: note it once).
    """

    def __init__(self, message: str, move: bool = True, retry: bool | None = None):
        super().__init__(message)
        self.move = move
        self.retry = (not move) if retry is None else retry


@dataclass(frozen=True)
class Bundle:
    manifest: dict
    records: list[dict]
    path: Path | None = None

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def source(self) -> str:
        return self.manifest["source"]["install_id"]

    @property
    def sequence(self) -> int:
        return self.manifest["sequence"]

    @property
    def signer(self) -> str:
        return self.manifest["source"]["key"]


@dataclass(frozen=True)
class Source:
    install_id: str
    name: str
    key: Ed25519PrivateKey


def bundle_name(kind: str, install_id: str, sequence: int, to: str | None = None) -> str:
    suffix = f"_{to}" if to else ""
    return f"{kind}_{install_id}_{sequence:08d}{suffix}.zip"


def parse_name(name: str) -> dict | None:
    match = _NAME.match(name)
    return match.groupdict() if match else None


def canonical(manifest: dict) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return SIGNATURE_CONTEXT + json.dumps(body, sort_keys=True, separators=(",", ":"),
                                          ensure_ascii=False).encode("utf-8")


def _payload_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
                info=b"commonground-payload-v1").derive(shared)


def _aad(kind: str, install_id: str, sequence: int) -> bytes:
    return f"commonground|{kind}|{install_id}|{sequence}".encode()


def encode_records(records: list[dict]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
                    for r in records)


def build(kind: str, source: Source, sequence: int, records: list[dict], *,
          recipient: X25519PublicKey | None = None, extra: dict | None = None,
          now: dt.datetime | None = None) -> tuple[bytes, dict]:
    """The bundle's bytes and its manifest."""
    if kind not in KINDS:
        raise ValueError(f"unknown bundle kind {kind!r}")
    plain = encode_records(records)
    manifest = {
        "format": FORMAT, "kind": kind, "sequence": int(sequence),
        "created": (now or dt.datetime.now()).replace(microsecond=0).isoformat(),
        "records": len(records),
        "source": {"install_id": source.install_id, "name": source.name,
                   "key": b64(raw_public(source.key.public_key())),
                   "fingerprint": fingerprint(raw_public(source.key.public_key()))},
    }
    if extra:
        manifest.update(extra)
    if recipient is not None:
        ephemeral = X25519PrivateKey.generate()
        ephemeral_raw, recipient_raw = raw_public(ephemeral.public_key()), raw_public(recipient)
        key = _payload_key(ephemeral.exchange(recipient), ephemeral_raw, recipient_raw)
        nonce = os.urandom(12)
        body = AESGCM(key).encrypt(nonce, plain, _aad(kind, source.install_id, sequence))
        name = ENCRYPTED_PAYLOAD
        manifest["recipient"] = {"fingerprint": fingerprint(recipient_raw),
                                 "ephemeral": b64(ephemeral_raw), "nonce": b64(nonce),
                                 "cipher": "X25519-HKDF-SHA256-AES-256-GCM"}
    else:
        body, name = plain, PAYLOAD
    manifest["payload"] = {"name": name, "size": len(body),
                           "sha256": hashlib.sha256(body).hexdigest(),
                           "encrypted": recipient is not None}
    manifest["signature"] = b64(source.key.sign(canonical(manifest)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
        archive.writestr(name, body)
    return buffer.getvalue(), manifest


def write(folder: Path, name: str, data: bytes) -> Path:
    """Write a finished bundle into ``folder`` atomically: temp name, fsync, rename."""
    target = folder / name
    if target.exists():
        if target.read_bytes() == data:
            return target  # written before a crash that lost the note saying so
        raise FileExistsError(f"{target} already exists with other content")
    with atomic_writer(target) as handle:
        handle.write(data)
    return target


# ------------------------------------------------------------------ reading
def _fail(message: str, move: bool = True):
    raise BundleRejected(message, move)


def _check_zip(archive: zipfile.ZipFile, file_size: int) -> tuple[zipfile.ZipInfo, ...]:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    for name in names:
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") \
                or ":" in name or "/" in name or "\\" in name:
            _fail(f"it contains a file with a path ('{name[:60]}'), which bundles never do")
    if len(set(names)) != len(names):
        _fail("it contains two files with the same name")
    if "manifest.json" not in names or len(infos) != 2:
        _fail("it does not hold exactly a manifest and one payload")
    total = sum(info.file_size for info in infos)
    if total > MAX_PAYLOAD_BYTES:
        _fail(f"it would unpack to {total:,} bytes, more than the {MAX_PAYLOAD_BYTES:,} "
              "allowed")
    if total > max(file_size, 1) * MAX_RATIO and total > 1_000_000:
        _fail("it unpacks to far more than its size (a 'zip bomb'); not opened")
    return tuple(infos)


def _read_entry(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        _fail(f"the file {name} inside is larger than allowed")
    return data


def _check_manifest(raw: bytes) -> dict:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        _fail("its manifest is not readable JSON")
    if not isinstance(manifest, dict):
        _fail("its manifest is not a JSON object")
    shape = {"format": int, "kind": str, "sequence": int, "created": str, "records": int,
             "source": dict, "payload": dict, "signature": str}
    for key, kind in shape.items():
        if not isinstance(manifest.get(key), kind) or isinstance(manifest.get(key), bool):
            _fail(f"its manifest has no valid '{key}'")
    if manifest["format"] != FORMAT:
        _fail(f"it is in format {manifest['format']}, which this version cannot read; "
              "update Common Ground", move=False)
    if manifest["kind"] not in KINDS:
        _fail(f"it is of an unknown kind '{manifest['kind'][:40]}'")
    if manifest["sequence"] < 1 or manifest["records"] < 0:
        _fail("its sequence number or record count is impossible")
    source, payload = manifest["source"], manifest["payload"]
    if not all(isinstance(source.get(k), str) for k in ("install_id", "name", "key")) or \
            not re.fullmatch(r"[0-9a-f-]{36}", source["install_id"]):
        _fail("its manifest does not say properly who sent it")
    if not isinstance(payload.get("name"), str) or not isinstance(payload.get("sha256"), str) \
            or not isinstance(payload.get("size"), int) \
            or payload.get("name") not in (PAYLOAD, ENCRYPTED_PAYLOAD):
        _fail("its manifest does not describe the payload properly")
    return manifest


def read(path: Path, *, decrypt_key: Callable[[str], X25519PrivateKey | None] | None = None,
         check_record: Callable[[dict], str | None] | None = None) -> Bundle:
    """Open, check and (if needed) decrypt a bundle; raise BundleRejected if anything fails.

    ``decrypt_key(fingerprint)`` gives the private key for an encrypted payload, or None.
    ``check_record(record)`` returns a problem with one record, or None if it is good.
    The caller decides whether the signer is trusted (see ``Bundle.signer``).
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleRejected(f"it cannot be read ({exc.strerror or exc})", move=False) from exc
    if size > MAX_BUNDLE_BYTES:
        _fail(f"it is {size:,} bytes, larger than the {MAX_BUNDLE_BYTES:,} allowed")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BundleRejected(f"it cannot be read ({exc.strerror or exc})", move=False) from exc
    return read_bytes(data, decrypt_key=decrypt_key, check_record=check_record, path=path)


def read_bytes(data: bytes, *, decrypt_key=None, check_record=None,
               path: Path | None = None) -> Bundle:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError,
            NotImplementedError):  # a damaged "version needed" field: "zip file version 14.8"
        _fail("it is not a complete zip file (cut short, or not a bundle)")
    try:
        with archive:
            _check_zip(archive, len(data))
            manifest = _check_manifest(_read_entry(archive, "manifest.json", MAX_MANIFEST_BYTES))
            payload_name = manifest["payload"]["name"]
            if payload_name not in archive.namelist():
                _fail("the payload named in its manifest is missing")
            try:
                signer = load_signing_public(manifest["source"]["key"])
                signer.verify(unb64(manifest["signature"]), canonical(manifest))
            except Exception:  # a bad key, bad base64 or a bad signature: all the same to us
                _fail("its signature does not match its contents (changed or forged)")
            body = _read_entry(archive, payload_name, MAX_PAYLOAD_BYTES)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError,
            NotImplementedError, zlib.error) as exc:
        if isinstance(exc, BundleRejected):
            raise
        _fail(f"the zip file is damaged ({str(exc)[:80]})")
    if len(body) != manifest["payload"]["size"] or \
            hashlib.sha256(body).hexdigest() != manifest["payload"]["sha256"]:
        _fail("its payload does not match the fingerprint in its signed manifest")
    if manifest["payload"].get("encrypted"):
        body = _decrypt(manifest, body, decrypt_key)
    records = _records(body, manifest, check_record)
    return Bundle(manifest, records, path)


def _decrypt(manifest: dict, body: bytes, decrypt_key) -> bytes:
    recipient = manifest.get("recipient")
    if not isinstance(recipient, dict) or not all(
            isinstance(recipient.get(k), str) for k in ("fingerprint", "ephemeral", "nonce")):
        _fail("it says it is encrypted but does not say for whom")
    key = decrypt_key(recipient["fingerprint"]) if decrypt_key else None
    if key is None:
        _fail(f"it is encrypted for the key {recipient['fingerprint']}, which this computer "
              "does not hold (or has not been unlocked)", move=False)
    try:
        ephemeral = X25519PublicKey.from_public_bytes(unb64(recipient["ephemeral"]))
        secret = _payload_key(key.exchange(ephemeral), unb64(recipient["ephemeral"]),
                              raw_public(key.public_key()))
        return AESGCM(secret).decrypt(unb64(recipient["nonce"]), body,
                                      _aad(manifest["kind"], manifest["source"]["install_id"],
                                           manifest["sequence"]))
    except (InvalidTag, ValueError, TypeError):
        _fail("it cannot be decrypted with this computer's key (damaged, or for another key)")


def _records(body: bytes, manifest: dict, check_record) -> list[dict]:
    records = []
    for number, line in enumerate(body.splitlines(), start=1):
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            _fail(f"record {number} is not readable JSON")
        if not isinstance(record, dict):
            _fail(f"record {number} is not a JSON object")
        problem = check_record(record) if check_record else None
        if problem:
            _fail(f"record {number} is not valid: {problem}")
        records.append(record)
    if len(records) != manifest["records"]:
        _fail(f"it holds {len(records)} records, not the {manifest['records']} its manifest "
              "says")
    return records


@dataclass
class RejectNote:
    path: Path
    reason: str
    extra: dict = field(default_factory=dict)


def move_aside(path: Path, reason: str) -> Path | None:
    """Move a bad bundle to ``rejected/`` beside it, with a ``.reason.txt`` saying why."""
    folder = path.parent / "rejected"
    try:
        folder.mkdir(exist_ok=True)
        target = folder / path.name
        note = folder / (path.name + ".reason.txt")
        with atomic_writer(note) as handle:
            handle.write(f"Rejected by Common Ground on "
                         f"{dt.datetime.now().replace(microsecond=0).isoformat()}:\n"
                         f"{reason}\n".encode("utf-8"))
        os.replace(path, target)
        return target
    except OSError:
        return None  # a read-only folder: the rejection is still recorded locally
