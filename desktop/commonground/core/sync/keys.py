"""Keys: every install signs what it sends; the advisor decrypts; the committee signs packs.

- Each install makes an Ed25519 signing key at first run (``keys/install-signing.key``).
- The advisor hub makes an X25519 key pair for reports; its private key is kept encrypted
  under a passphrase (scrypt + AES-GCM), so a copied data folder does not give it away.
- The committee makes an Ed25519 key for protocol packs, kept the same way.

Fingerprints are the first 20 hex digits of SHA-256 of the raw public key, in groups of
four, easy to read over the phone. Only the ``cryptography`` package does cryptography here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ..errors import UserError
from ..storage.atomic import write_bytes_atomic

INSTALL_KEY = "install-signing.key"
ADVISOR_KEY = "advisor-encryption.key"
COMMITTEE_KEY = "committee-signing.key"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1
MIN_PASSPHRASE = 10


class KeyError_(UserError):
    """A key problem the user can act on; the message is written for them."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def raw_public(key) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_raw: bytes) -> str:
    digest = hashlib.sha256(public_raw).hexdigest()[:20]
    return " ".join(digest[i:i + 4] for i in range(0, 20, 4))


def load_signing_public(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(unb64(text))
    except (ValueError, TypeError) as exc:
        raise KeyError_("This is not a Common Ground signing key (it should be 44 characters "
                        "of letters, digits, + and /).") from exc


def load_encryption_public(text: str) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(unb64(text))
    except (ValueError, TypeError) as exc:
        raise KeyError_("This is not a Common Ground encryption key (it should be 44 "
                        "characters of letters, digits, + and /).") from exc


# ------------------------------------------------------------ install key
def install_signing_key(folder: Path) -> Ed25519PrivateKey:
    """This install's signing key, made on first use."""
    path = folder / INSTALL_KEY
    if path.exists():
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    folder.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    write_bytes_atomic(path, pem)
    _private_file(path)
    return key


def rotate_install_key(folder: Path) -> Ed25519PrivateKey:
    """A new signing key for this install, in place of the old one (which is gone: the
    advisor revokes it once the new one is approved)."""
    folder.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    write_bytes_atomic(folder / INSTALL_KEY, pem)
    _private_file(folder / INSTALL_KEY)
    return key


def install_fingerprint(folder: Path) -> str | None:
    """This install's signing key's fingerprint, if it has one yet (nothing is made)."""
    path = folder / INSTALL_KEY
    if not path.exists():
        return None
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    return fingerprint(raw_public(key.public_key()))


def _private_file(path: Path) -> None:
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass


# ----------------------------------------------- passphrase-protected role keys
def _seal(secret: bytes, passphrase: str) -> dict:
    salt, nonce = os.urandom(16), os.urandom(12)
    key = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        passphrase.encode("utf-8"))
    return {"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": b64(salt),
            "cipher": "AES-256-GCM", "nonce": b64(nonce),
            "ciphertext": b64(AESGCM(key).encrypt(nonce, secret, b"commonground-key-v1"))}


def _unseal(sealed: dict, passphrase: str) -> bytes:
    try:
        key = Scrypt(salt=unb64(sealed["salt"]), length=32, n=int(sealed["n"]),
                     r=int(sealed["r"]), p=int(sealed["p"])).derive(passphrase.encode("utf-8"))
        return AESGCM(key).decrypt(unb64(sealed["nonce"]), unb64(sealed["ciphertext"]),
                                   b"commonground-key-v1")
    except InvalidTag as exc:
        raise KeyError_("That passphrase is not right for this key.") from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise KeyError_("The key file is damaged and cannot be read.") from exc


@dataclass(frozen=True)
class RoleKey:
    role: str          # advisor or committee
    kind: str          # encryption or signing
    public: str        # base64 raw public key
    fingerprint: str


def create_role_key(folder: Path, role: str, passphrase: str) -> RoleKey:
    if role not in ("advisor", "committee"):
        raise KeyError_("Role keys are made for the advisor or the committee.")
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyError_(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")
    path = folder / (ADVISOR_KEY if role == "advisor" else COMMITTEE_KEY)
    if path.exists():
        article = "an" if role == "advisor" else "a"
        raise KeyError_(f"This computer already has {article} {role} key ({path}). Making a "
                        "new one would make everything sent to the old one unreadable; move "
                        "the old file away first if you really mean it.")
    if role == "advisor":
        private = X25519PrivateKey.generate()
        kind = "encryption"
    else:
        private = Ed25519PrivateKey.generate()
        kind = "signing"
    secret = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                   serialization.NoEncryption())
    public = raw_public(private.public_key())
    body = {"format": 1, "role": role, "kind": kind, "public": b64(public),
            "private": _seal(secret, passphrase)}
    folder.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, json.dumps(body, indent=2).encode())
    _private_file(path)
    return RoleKey(role, kind, b64(public), fingerprint(public))


def role_key(folder: Path, role: str) -> RoleKey | None:
    path = folder / (ADVISOR_KEY if role == "advisor" else COMMITTEE_KEY)
    if not path.exists():
        return None
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        public = unb64(body["public"])
    except (OSError, ValueError, KeyError) as exc:
        raise KeyError_(f"The {role} key file {path} is damaged.") from exc
    return RoleKey(role, body.get("kind", ""), body["public"], fingerprint(public))


def unlock_role_key(folder: Path, role: str, passphrase: str):
    """The private key, decrypted with the passphrase (never stored decrypted)."""
    path = folder / (ADVISOR_KEY if role == "advisor" else COMMITTEE_KEY)
    if not path.exists():
        raise KeyError_(f"This computer has no {role} key. Make one with "
                        f"'commonground keys create --role {role}'.")
    body = json.loads(path.read_text(encoding="utf-8"))
    secret = _unseal(body["private"], passphrase)
    if role == "advisor":
        return X25519PrivateKey.from_private_bytes(secret)
    return Ed25519PrivateKey.from_private_bytes(secret)
