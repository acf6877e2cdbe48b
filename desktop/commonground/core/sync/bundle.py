"""Bundles: the unit of sync. A zip with ``manifest.json`` and one payload file.

The manifest names the format, kind, source install and its signing key, the per-source
sequence number, creation time, record count, the payload's size and SHA-256, the
recipient key (if encrypted), and an Ed25519 signature over everything else in it. The
payload is JSON Lines; where it carries identifiable data it is encrypted to the advisor
(X25519 key agreement, HKDF-SHA256, AES-256-GCM). ``docs/bundle-format.md`` is the
format written down; ``wire.py`` holds its names and limits, ``reader.py`` reads it.

This module makes bundles, writes them into shared folders, and moves bad ones aside.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..storage.atomic import atomic_writer
from .keys import b64, fingerprint, raw_public
from .reader import read, read_bytes  # noqa: F401 (the reading half, for callers of bundle)
from .wire import (  # noqa: F401 (names that travel, for callers of bundle)
    CIPHER,
    ENCRYPTED_PAYLOAD,
    FORMAT,
    KINDS,
    MANIFEST,
    MAX_BUNDLE_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_PAYLOAD_BYTES,
    MAX_RECORDS,
    PAYLOAD,
    RULES,
    SIGNATURE_CONTEXT,
    Bundle,
    BundleRejected,
    aad,
    bundle_name,
    canonical,
    parse_name,
    payload_key,
)


@dataclass(frozen=True)
class Source:
    install_id: str
    name: str
    key: Ed25519PrivateKey


def encode_records(records: list[dict]) -> bytes:
    from .wire import encode_records as lines
    return b"".join(lines(records))


def build(kind: str, source: Source, sequence: int, records: list[dict], *,
          recipient: X25519PublicKey | None = None, extra: dict | None = None,
          now: dt.datetime | None = None) -> tuple[bytes, dict]:
    """The bundle's bytes and its manifest."""
    from .wire import encode_records as lines
    return build_encoded(kind, source, sequence, list(lines(records)), recipient=recipient,
                         extra=extra, now=now)


def build_encoded(kind: str, source: Source, sequence: int, lines: list[bytes], *,
                  recipient: X25519PublicKey | None = None, extra: dict | None = None,
                  now: dt.datetime | None = None) -> tuple[bytes, dict]:
    """The same from records already encoded, one line each (``wire.encode_records``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown bundle kind {kind!r}")
    if RULES[kind].encrypted != (recipient is not None):
        raise ValueError(f"a '{kind}' bundle is {'always' if RULES[kind].encrypted else 'never'}"
                         " encrypted")
    plain = b"".join(lines)
    manifest = {
        "format": FORMAT, "kind": kind, "sequence": int(sequence),
        "created": (now or dt.datetime.now()).replace(microsecond=0).isoformat(),
        "records": len(lines),
        "source": {"install_id": source.install_id, "name": source.name,
                   "key": b64(raw_public(source.key.public_key())),
                   "fingerprint": fingerprint(raw_public(source.key.public_key()))},
    }
    if extra:
        manifest.update(extra)
    if recipient is not None:
        ephemeral = X25519PrivateKey.generate()
        ephemeral_raw, recipient_raw = raw_public(ephemeral.public_key()), raw_public(recipient)
        key = payload_key(ephemeral.exchange(recipient), ephemeral_raw, recipient_raw)
        nonce = os.urandom(12)
        body = AESGCM(key).encrypt(nonce, plain, aad(kind, source.install_id, sequence))
        name = ENCRYPTED_PAYLOAD
        manifest["recipient"] = {"fingerprint": fingerprint(recipient_raw),
                                 "ephemeral": b64(ephemeral_raw), "nonce": b64(nonce),
                                 "cipher": CIPHER}
    else:
        body, name = plain, PAYLOAD
    manifest["payload"] = {"name": name, "size": len(body),
                           "sha256": hashlib.sha256(body).hexdigest(),
                           "encrypted": recipient is not None}
    manifest["signature"] = b64(source.key.sign(canonical(manifest)))
    data = _zip(manifest, name, body, zipfile.ZIP_STORED if recipient is not None
                else zipfile.ZIP_DEFLATED)
    return data, manifest


def _zip(manifest: dict, name: str, body: bytes, packed: int) -> bytes:
    """Ciphertext does not compress, so it goes stored; so does a payload that packs so well
    that the reader would take it for a zip bomb."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False,
                                              allow_nan=False))
        archive.writestr(name, body, compress_type=packed)
        info = archive.getinfo(name)
    if packed != zipfile.ZIP_STORED and len(body) > 1_000_000 and \
            len(body) > max(info.compress_size, 1) * RULES[manifest["kind"]].max_ratio // 2:
        return _zip(manifest, name, body, zipfile.ZIP_STORED)
    return buffer.getvalue()


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


def move_aside(path: Path, reason: str) -> Path | None:
    """Move a bad bundle to ``rejected/`` beside it, with a ``.reason.txt`` saying why.

    A file already there under the same name is kept: the newcomer gets a numbered name.
    """
    folder = path.parent / "rejected"
    try:
        folder.mkdir(exist_ok=True)
        target = folder / path.name
        number = 1
        while target.exists() or Path(str(target) + ".reason.txt").exists():
            number += 1
            target = folder / f"{path.stem}.{number}{path.suffix}"
        note = Path(str(target) + ".reason.txt")
        with atomic_writer(note) as handle:
            handle.write(f"Rejected by Common Ground on "
                         f"{dt.datetime.now().replace(microsecond=0).isoformat()}:\n"
                         f"{reason}\n".encode("utf-8"))
        os.replace(path, target)
        return target
    except OSError:
        return None  # a read-only folder: the rejection is still recorded locally
