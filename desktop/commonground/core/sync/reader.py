"""Reading a bundle someone else wrote: cheap and authenticated first, bounded throughout.

1. The file's size, then the zip's end record and directory, read by hand: exactly a
   manifest and one payload, laid end to end from the first byte to the last (nothing
   before, between or after them), stored or deflated, no paths, no zip64.
2. The manifest (at most 64 KiB), parsed strictly, its shape and number ranges checked.
3. Its Ed25519 signature, then ``authorise(manifest)``: is this signer trusted for this
   install and kind, may this kind come here, is it for a key this computer holds. Until
   this has passed not a byte of the payload is unpacked.
4. The payload, unpacked whole into memory of the size its signed manifest gives (never
   more), its CRC, size and SHA-256 checked, then decrypted whole.
5. The records, one line at a time: each line bounded, parsed strictly and checked, and
   not kept: ``Bundle.records`` parses them again as the import walks through them, so
   memory holds the payload and one record, never every record at once.

Every failure is a ``BundleRejected`` with a sentence for the Sync screen.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import strict_json, wire
from .keys import fingerprint, load_signing_public, raw_public, unb64
from .wire import Bundle, BundleRejected, fail

_END = struct.Struct("<4s4H2LH")            # end of central directory record, 22 bytes
_CENTRAL = struct.Struct("<4s6H3L5H2L")     # central directory entry, 46 bytes
_LOCAL = struct.Struct("<4s5H3L2H")         # local file header, 30 bytes
_CHUNK = 1024 * 1024


def _incomplete(message: str):
    raise BundleRejected(message, incomplete=True)


@dataclass(frozen=True)
class _Entry:
    name: str
    method: int
    crc: int
    packed: int
    size: int
    data_at: int


# ------------------------------------------------------------------ 1. the zip
def _entries(handle: BinaryIO, size: int) -> tuple[_Entry, _Entry]:
    if size < _END.size:
        _incomplete("it is too short to be a bundle (still being copied, or not a bundle)")
    handle.seek(size - _END.size)
    end = handle.read(_END.size)
    if len(end) != _END.size or end[:4] != b"PK\x05\x06":
        _incomplete("it does not end like a complete zip file (still being copied, cut "
                    "short, or not a bundle)")
    _sig, disk, start_disk, here, total, directory, at, comment = _END.unpack(end)
    if disk or start_disk or comment or here != total:
        fail("its zip structure is not one a bundle has (a comment, or several disks)")
    if directory > wire.MAX_DIRECTORY_BYTES or total > wire.MAX_DIRECTORY_BYTES // _CENTRAL.size:
        fail("its zip directory is larger than a bundle's")
    if at + directory + _END.size != size:
        fail("it has bytes before, between or after its contents that a bundle never has")
    handle.seek(at)
    raw = handle.read(directory)
    entries, offset = [], 0
    for _ in range(total):
        if offset + _CENTRAL.size > len(raw):
            fail("its zip directory is damaged")
        (sig, _made, _need, flags, method, _t, _d, crc, packed, unpacked, name_len, extra_len,
         note_len, _disk, _inner, _outer, local) = _CENTRAL.unpack_from(raw, offset)
        if sig != b"PK\x01\x02":
            fail("its zip directory is damaged")
        name_bytes = raw[offset + _CENTRAL.size:offset + _CENTRAL.size + name_len]
        offset += _CENTRAL.size + name_len + extra_len + note_len
        name = name_bytes.decode("utf-8", "replace")
        if "/" in name or "\\" in name or ":" in name or name.startswith(".."):
            fail(f"it contains a file with a path ('{name[:60]}'), which bundles never do")
        if flags & 0x1:
            fail("it holds an encrypted zip entry, which bundles never do")
        if flags & 0x8:
            fail("its zip entries are not laid out as a bundle's are (data descriptors)")
        if method not in (0, 8):
            fail("it is packed with a method bundles never use")
        if 0xFFFFFFFF in (packed, unpacked, local):
            fail("it is a zip64 file, which bundles never are")
        entries.append((name, method, crc, packed, unpacked, local, name_bytes))
    if offset != len(raw):
        fail("its zip directory is damaged")
    names = [entry[0] for entry in entries]
    if len(set(names)) != len(names):
        fail("it contains two files with the same name")
    if len(entries) != 2 or names[0] != wire.MANIFEST or \
            names[1] not in (wire.PAYLOAD, wire.ENCRYPTED_PAYLOAD):
        fail("it does not hold exactly a manifest and one payload")
    found, expected_at = [], 0
    for name, method, crc, packed, unpacked, local, name_bytes in entries:
        if local != expected_at:
            fail("it has bytes before, between or after its contents that a bundle never has")
        handle.seek(local)
        header = handle.read(_LOCAL.size)
        if len(header) != _LOCAL.size:
            fail("its zip entries are damaged")
        sig, _need, flags, local_method, _t, _d, _crc, _p, _u, name_len, extra_len = \
            _LOCAL.unpack(header)
        if sig != b"PK\x03\x04" or local_method != method or flags & 0x9 or \
                handle.read(name_len) != name_bytes:
            fail("its zip entries do not match its directory (damaged or altered)")
        data_at = local + _LOCAL.size + name_len + extra_len
        if method == 0 and packed != unpacked:
            fail("its zip entries are damaged")
        found.append(_Entry(name, method, crc, packed, unpacked, data_at))
        expected_at = data_at + packed
    if expected_at != at:
        fail("it has bytes before, between or after its contents that a bundle never has")
    return found[0], found[1]


def _unpack(handle: BinaryIO, entry: _Entry, limit: int, into: bytearray | None = None,
            digest=None) -> bytearray:
    """The entry's bytes, never more than ``entry.size`` (itself at most ``limit``)."""
    if entry.size > limit:
        fail(f"the file {entry.name} inside would unpack to {entry.size:,} bytes, more than "
             f"the {limit:,} allowed")
    out = into if into is not None else bytearray(entry.size)
    inflater = zlib.decompressobj(-15) if entry.method == 8 else None
    handle.seek(entry.data_at)
    left, filled, crc = entry.packed, 0, 0
    try:
        while left:
            chunk = handle.read(min(_CHUNK, left))
            if not chunk:
                fail(f"the file {entry.name} inside is cut short")
            left -= len(chunk)
            while chunk:
                if inflater is None:
                    piece, chunk = chunk, b""
                else:
                    piece = inflater.decompress(chunk, entry.size - filled + 1)
                    chunk = inflater.unconsumed_tail
                if filled + len(piece) > entry.size:
                    fail(f"the file {entry.name} inside unpacks to more than its zip entry "
                         "says (damaged or altered)")
                out[filled:filled + len(piece)] = piece
                filled += len(piece)
                if digest is None:
                    crc = zlib.crc32(piece, crc)
                else:  # the signed SHA-256 is checked instead: a stronger check of the same
                    digest.update(piece)
                if inflater is not None and not piece and chunk:
                    fail(f"the file {entry.name} inside is damaged")
        if inflater is not None and (not inflater.eof or inflater.unused_data):
            fail(f"the file {entry.name} inside is damaged (its packed data does not end "
                 "where it should)")
    except zlib.error as exc:
        raise BundleRejected(f"the file {entry.name} inside is damaged ({exc})") from exc
    if filled != entry.size or (digest is None and crc != entry.crc):
        fail(f"the file {entry.name} inside is damaged (its size or checksum is wrong)")
    return out


# ------------------------------------------------------------- 2. the manifest
_SHAPE = {"format": int, "kind": str, "sequence": int, "created": str, "records": int,
          "source": dict, "payload": dict, "signature": str}


def parse_manifest(raw: bytes | bytearray) -> dict:
    """The manifest's fields, strictly parsed and checked for shape and range (not yet
    for its signature)."""
    try:
        manifest = strict_json.loads(raw, wire.MANIFEST_JSON, unique_keys=True)
    except strict_json.JsonProblem as exc:
        raise BundleRejected(f"its manifest cannot be used: {exc}") from exc
    if not isinstance(manifest, dict):
        fail("its manifest is not a JSON object")
    for key, kind in _SHAPE.items():
        if not isinstance(manifest.get(key), kind) or isinstance(manifest.get(key), bool):
            fail(f"its manifest has no valid '{key}'")
    if manifest["format"] != wire.FORMAT:
        raise BundleRejected(f"it is in format {manifest['format']}, which this version "
                             "cannot read; update Common Ground", move=False)
    if manifest["kind"] not in wire.KINDS:
        fail(f"it is of an unknown kind '{manifest['kind'][:40]}'")
    if not 1 <= manifest["sequence"] <= wire.MAX_SEQUENCE:
        fail("its sequence number is impossible")
    if not 0 <= manifest["records"] <= wire.MAX_RECORDS:
        fail(f"it says it holds {manifest['records']:,} records; a bundle holds at most "
             f"{wire.MAX_RECORDS:,}")
    for value in manifest.values():
        if isinstance(value, list) and len(value) > wire.MAX_MANIFEST_LIST:
            fail("its manifest holds a list longer than any bundle's")
    source, payload = manifest["source"], manifest["payload"]
    if not all(isinstance(source.get(k), str) for k in ("install_id", "name", "key")) or \
            not wire.INSTALL_ID.match(source["install_id"]):
        fail("its manifest does not say properly who sent it")
    if not isinstance(payload.get("name"), str) or not isinstance(payload.get("sha256"), str) \
            or not isinstance(payload.get("size"), int) or isinstance(payload["size"], bool) \
            or payload["name"] not in (wire.PAYLOAD, wire.ENCRYPTED_PAYLOAD) \
            or payload["size"] < 0 \
            or not isinstance(payload.get("encrypted", False), bool) \
            or payload["name"] != (wire.ENCRYPTED_PAYLOAD if payload.get("encrypted")
                                   else wire.PAYLOAD):
        fail("its manifest does not describe the payload properly")
    if payload["size"] > wire.MAX_PAYLOAD_BYTES:
        fail(f"it would unpack to {payload['size']:,} bytes, more than the "
             f"{wire.MAX_PAYLOAD_BYTES:,} allowed")
    rules = wire.RULES[manifest["kind"]]
    if bool(payload.get("encrypted")) != rules.encrypted and not (
            rules.clear_taken and not payload.get("encrypted")):
        fail(f"a '{manifest['kind']}' bundle is always "
             f"{'encrypted' if rules.encrypted else 'in clear'}, and this one is not")
    if payload.get("encrypted"):
        recipient = manifest.get("recipient")
        if not isinstance(recipient, dict) or not all(
                isinstance(recipient.get(k), str) for k in ("fingerprint", "ephemeral", "nonce")):
            fail("it says it is encrypted but does not say for whom")
    if rules.addressed and not (isinstance(manifest.get("to"), str)
                                and wire.INSTALL_ID.match(manifest["to"])):
        fail("it does not say which computer it is for")
    return manifest


def _verify(manifest: dict) -> None:
    try:
        signer = load_signing_public(manifest["source"]["key"])
        signer.verify(unb64(manifest["signature"]), wire.canonical(manifest))
    except Exception:  # a bad key, bad base64 or a bad signature: all the same to us
        fail("its signature does not match its contents (changed or forged)")
    claimed = manifest["source"].get("fingerprint")
    if claimed is not None and claimed != fingerprint(raw_public(signer)):
        # The fingerprint is what a person compares before approving a PC: it must be the
        # key's own.
        fail("the fingerprint it gives for its sender is not that of the key that signed it")


# --------------------------------------------------------------- the whole read
@dataclass
class Opened:
    """A bundle whose manifest is read and signature verified; the payload not yet read.

    ``identity`` is the SHA-256 of its manifest's bytes: the manifest is signed and holds
    the payload's SHA-256, so it names the bundle's whole content without reading it."""
    manifest: dict
    handle: BinaryIO
    payload_entry: _Entry
    identity: str


def open_envelope(handle: BinaryIO, size: int) -> Opened:
    """Steps 1 to 3 short of ``authorise``: the zip, the manifest, the signature."""
    if size > wire.MAX_BUNDLE_BYTES:
        fail(f"it is {size:,} bytes, larger than the {wire.MAX_BUNDLE_BYTES:,} a bundle may be")
    first, second = _entries(handle, size)
    raw = _unpack(handle, first, wire.MAX_MANIFEST_BYTES)
    manifest = parse_manifest(raw)
    if manifest["payload"]["name"] != second.name:
        fail("the payload named in its manifest is missing")
    _verify(manifest)
    return Opened(manifest, handle, second, hashlib.sha256(raw).hexdigest())


def read_opened(opened: Opened, *, authorise: Callable[[dict], object] | None = None,
                decrypt_key: Callable[[str], X25519PrivateKey | None] | None = None,
                check_record: Callable[[dict], str | None] | None = None,
                path: Path | None = None) -> Bundle:
    """Steps 3 to 5: who may send this, then the payload, then every record."""
    manifest = opened.manifest
    decision = authorise(manifest) if authorise else None
    key = None
    if manifest["payload"].get("encrypted"):
        mark = manifest["recipient"]["fingerprint"]
        key = decrypt_key(mark) if decrypt_key else None
        if key is None:
            raise BundleRejected(f"it is encrypted for the key {mark[:40]}, which this computer "
                                 "does not hold (or has not been unlocked)", move=False)
    entry, rules = opened.payload_entry, wire.RULES[manifest["kind"]]
    if entry.size != manifest["payload"]["size"]:
        fail("its payload does not match the size in its signed manifest")
    if entry.size > 1_000_000 and entry.size > max(entry.packed, 1) * rules.max_ratio:
        fail("its payload unpacks to far more than its size (a 'zip bomb'); not opened")
    digest = hashlib.sha256()
    body = _unpack(opened.handle, entry, wire.MAX_PAYLOAD_BYTES, digest=digest)
    if digest.hexdigest() != manifest["payload"]["sha256"]:
        fail("its payload does not match the fingerprint in its signed manifest")
    if key is not None:
        body = _decrypt(manifest, body, key)
    records = Records(body, manifest["kind"], manifest["records"])
    records.check(check_record)
    return Bundle(manifest, records, path, decision)


def read(path: Path, **options) -> Bundle:
    """Open, check, decrypt and check every record of the bundle at ``path``."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise BundleRejected(f"it cannot be read here yet ({exc.strerror or exc})",
                             locked=True) from exc
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            opened = open_envelope(handle, size)
            return read_opened(opened, path=path, **options)
        except OSError as exc:
            raise BundleRejected(f"it cannot be read here yet ({exc.strerror or exc})",
                                 locked=True) from exc


def read_bytes(data: bytes, *, path: Path | None = None, **options) -> Bundle:
    """The same checks over bytes already in memory."""
    handle = io.BytesIO(data)
    return read_opened(open_envelope(handle, len(data)), path=path, **options)


def _decrypt(manifest: dict, body: bytearray, key: X25519PrivateKey) -> bytes:
    recipient = manifest["recipient"]
    try:
        ephemeral = X25519PublicKey.from_public_bytes(unb64(recipient["ephemeral"]))
        secret = wire.payload_key(key.exchange(ephemeral), unb64(recipient["ephemeral"]),
                                  raw_public(key.public_key()))
        return AESGCM(secret).decrypt(unb64(recipient["nonce"]), body,
                                      wire.aad(manifest["kind"], manifest["source"]["install_id"],
                                               manifest["sequence"]))
    except (InvalidTag, ValueError, TypeError):
        fail("it cannot be decrypted with this computer's key (damaged, or for another key)")


# ------------------------------------------------------------------ 5. records
class Records:
    """The records of a checked payload, parsed one line at a time whenever walked."""

    def __init__(self, body: bytes | bytearray, kind: str, count: int):
        self.body, self.kind, self.count = body, kind, count
        self.rules = wire.RULES[kind]

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        for _number, line in self._lines():
            yield strict_json.loads(line, self.rules.json)

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    def __repr__(self) -> str:
        return f"<{self.count} {self.kind} records>"

    def _lines(self):
        body, start, end_of_body, number = self.body, 0, len(self.body), 0
        while start < end_of_body:
            end = body.find(b"\n", start)
            if end < 0:
                end = end_of_body
            number += 1
            if number > self.count:
                fail(f"it holds more records than the {self.count:,} its manifest says")
            if end - start > self.rules.max_line:
                fail(f"record {number} is {end - start:,} bytes long; a "
                     f"'{self.kind}' record is at most {self.rules.max_line:,}")
            yield number, body[start:end]
            start = end + 1

    def check(self, check_record: Callable[[dict], str | None] | None) -> None:
        """Walk every record once, keeping none; raise BundleRejected at the first bad one."""
        body = self.body
        lines = body.count(b"\n") + (1 if body and not body.endswith(b"\n") else 0)
        if lines != self.count:  # counted at memchr speed, before anything is parsed
            fail(f"it holds {lines:,} records, not the {self.count:,} its manifest says")
        seen = 0
        for number, line in self._lines():
            seen = number
            try:
                record = strict_json.loads(line, self.rules.json)
            except strict_json.JsonProblem as exc:
                fail(f"record {number} cannot be used: {exc}")
            if not isinstance(record, dict):
                fail(f"record {number} is not a JSON object")
            kind = record.get("type")
            if not isinstance(kind, str) or kind not in self.rules.record_types:
                fail(f"record {number} is of a type a '{self.kind}' bundle never carries "
                     f"({str(record.get('type'))[:20]!r})")
            problem = check_record(record) if check_record else None
            if problem:
                fail(f"record {number} is not valid: {problem}")
        if seen != self.count:
            fail(f"it holds {seen:,} records, not the {self.count:,} its manifest says")
