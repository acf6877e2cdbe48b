"""The bundle wire format, version 1: names, limits, what each kind may carry, and the
primitives both the writer and the reader use. ``docs/bundle-format.md`` describes it for
people, and a test holds this module to what that page says.

Changing anything here that another computer reads (a name, the signature input, the key
derivation) is a new format version; a limit may change within a version only if every
bundle an older version writes still fits.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import UserError
from ..records.kinds import KINDS as RECORD_KINDS
from .strict_json import JsonLimits

FORMAT = 1
KINDS = ("reports", "receipts", "deidentified", "protocol-pack", "acknowledgements")
SIGNATURE_CONTEXT = b"commonground-bundle-v1\0"
MANIFEST = "manifest.json"
PAYLOAD = "payload.jsonl"
ENCRYPTED_PAYLOAD = "payload.jsonl.enc"
CIPHER = "X25519-HKDF-SHA256-AES-256-GCM"

# Limits for every bundle, whatever its kind.
MAX_BUNDLE_BYTES = 64 * 1024 * 1024      # the file on disk
MAX_PAYLOAD_BYTES = 64 * 1024 * 1024     # the payload, unpacked
MAX_MANIFEST_BYTES = 64 * 1024           # the manifest, unpacked
MAX_DIRECTORY_BYTES = 4 * 1024           # the zip's central directory
MAX_RECORDS = 100_000                    # records in one bundle
MAX_SEQUENCE = 2 ** 63 - 1               # SQLite's largest INTEGER
MANIFEST_JSON = JsonLimits(depth=4, text=1_000)
MAX_MANIFEST_LIST = 1_000                # entries in a list in the manifest (a pack's list)

# What a sender puts in one bundle, well inside what any reader takes.
SEND_RECORDS = 20_000
SEND_PAYLOAD_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class KindRules:
    """What a bundle of one kind may carry."""
    encrypted: bool              # the payload must be (True) or must not be (False) encrypted
    addressed: bool              # the manifest names the one install it is for ("to")
    types: frozenset[str] | Callable[[], frozenset[str]]   # record types, or who knows them
    max_ratio: int               # unpacked / packed size of the payload; more is a "zip bomb"
    max_line: int                # bytes in one record (one line of the payload)
    json: JsonLimits
    # A bundle in clear is still taken from an older version, for one release (the writer
    # encrypts; see docs/bundle-format.md).
    clear_taken: bool = False

    @property
    def record_types(self) -> frozenset[str]:
        return self.types() if callable(self.types) else self.types


def deidentified_types() -> frozenset[str]:
    """Each kind of record's wire name (the registry's, so a kind added is known), with
    acknowledgements and cases of note."""
    return frozenset(kind.wire for kind in RECORD_KINDS.values()) | {"ack", "ack_week", "note"}


RULES: dict[str, KindRules] = {
    # "aid": a decision-aid answer recorded on a sent report (an older hub refuses it, so
    # ward PCs send aid answers in bundles of their own: see outgoing.queue_reports).
    "reports": KindRules(True, False, frozenset({"report", "addendum", "outcome", "aid"}), 4,
                         1024 * 1024, JsonLimits(depth=8, text=20_000)),
    # Encrypted to the advisor since enrolment (they carry nurses' names); a ward PC not
    # upgraded yet still sends them in clear, which the hub takes for one release.
    "acknowledgements": KindRules(True, False, frozenset({"ack"}), 20, 16 * 1024,
                                  JsonLimits(depth=4, text=200), clear_taken=True),
    "receipts": KindRules(False, True, frozenset({"receipt", "status", "message"}), 20,
                          16 * 1024, JsonLimits(depth=4, text=2_000)),
    # One type per kind of record (its wire name, from the registry), "ack" and "note".
    "deidentified": KindRules(False, False, deidentified_types, 60, 64 * 1024,
                              JsonLimits(depth=6, text=4_000)),
    "protocol-pack": KindRules(False, False, frozenset({"protocol", "contact"}), 20,
                               4 * 1024 * 1024,
                               JsonLimits(depth=4, text=1_000,
                                          long_texts=(("text", 1_000_000),))),
}
assert set(RULES) == set(KINDS)

_NAME = re.compile(r"^(?P<kind>[a-z-]+)_(?P<source>[0-9a-f-]{36})_(?P<seq>\d{8,19})"
                   r"(?:_(?P<to>[0-9a-f-]{36}))?\.zip$")
INSTALL_ID = re.compile(r"^[0-9a-f-]{36}$")


class BundleRejected(UserError):
    """The bundle is not imported; the message says why, for the Sync screen and .reason.txt.

    ``move`` says the file itself is bad (tampered, broken) and should be moved aside.
    Otherwise ``retry`` says whether it may become usable here (a key not yet trusted or
    unlocked: try again next pass) or never will (an older protocol pack: note it once).
    ``incomplete`` says the file may still be arriving (cut short): it waits, is read again
    at every pass, and is moved aside only if it stays that way. ``locked`` says it could not
    be read at all here (locked, no permission): it waits, and is never moved aside for it,
    since other computers may read it. ``code``, where a screen acts on it, says which
    case this is without its words (``state.UNTRUSTED_SIGNER``).
    """

    def __init__(self, message: str, move: bool = True, retry: bool | None = None,
                 incomplete: bool = False, locked: bool = False, code: str = ""):
        super().__init__(message)
        self.code = code            # what the inbox notes beside the words (see state)
        self.incomplete = incomplete or locked
        self.locked = locked
        self.move = move and not self.incomplete
        self.retry = (not self.move) if retry is None else retry


def fail(message: str, move: bool = True):
    raise BundleRejected(message, move)


@dataclass(frozen=True)
class Bundle:
    manifest: dict
    records: "Iterable[dict]"     # a list, or a Records stream read again on each pass
    path: object | None = None
    trust: object | None = None   # what the signer check decided (see trust.py)

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


def bundle_name(kind: str, install_id: str, sequence: int, to: str | None = None) -> str:
    suffix = f"_{to}" if to else ""
    return f"{kind}_{install_id}_{sequence:08d}{suffix}.zip"


def parse_name(name: str) -> dict | None:
    match = _NAME.match(name)
    return match.groupdict() if match else None


def canonical(manifest: dict) -> bytes:
    """The bytes the signature covers: the manifest without its signature, keys sorted."""
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return SIGNATURE_CONTEXT + json.dumps(body, sort_keys=True, separators=(",", ":"),
                                          ensure_ascii=False, allow_nan=False).encode("utf-8")


def payload_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
                info=b"commonground-payload-v1").derive(shared)


def aad(kind: str, install_id: str, sequence: int) -> bytes:
    return f"commonground|{kind}|{install_id}|{sequence}".encode()


def encode_records(records: Iterable[dict]) -> Iterator[bytes]:
    """One line of JSON per record; NaN and Infinity are refused here, never written."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False, sort_keys=True,
                         allow_nan=False).encode("utf-8") + b"\n"
