"""Windows security descriptors built byte by byte (self-relative, as GetFileSecurityW
returns them), so the rights check is tested on any platform."""

from __future__ import annotations

import struct

ALLOW, DENY, ALLOW_OBJECT = 0, 1, 5
OI, CI, INHERIT_ONLY, INHERITED = 0x1, 0x2, 0x8, 0x10
FULL = 0x1F01FF          # FILE_ALL_ACCESS
READ_EXECUTE = 0x1200A9  # FILE_GENERIC_READ | FILE_GENERIC_EXECUTE
MODIFY = 0x1301BF
WRITE_DATA = 0x2
SYSTEM, ADMINS, USERS, EVERYONE = "S-1-5-18", "S-1-5-32-544", "S-1-5-32-545", "S-1-1-0"
ALICE = "S-1-5-21-1004336348-1177238915-682003330-1001"
CREATOR_OWNER = "S-1-3-0"


def sid(text: str) -> bytes:
    parts = text.split("-")
    authority, subs = int(parts[2]), [int(part) for part in parts[3:]]
    return bytes([1, len(subs)]) + authority.to_bytes(6, "big") + struct.pack(
        f"<{len(subs)}I", *subs)


def ace(kind: int, flags: int, mask: int, who: str, object_flags: int | None = None) -> bytes:
    body = struct.pack("<I", mask)
    if object_flags is not None:
        body += struct.pack("<I", object_flags) + b"\x11" * 16 * bin(object_flags & 3).count("1")
    body += sid(who)
    return struct.pack("<BBH", kind, flags, 4 + len(body)) + body


def descriptor(owner: str | None, aces: list[bytes] | None) -> bytes:
    """Header, owner SID, then the access list (None: no access list at all)."""
    header_size = 20
    owner_bytes = sid(owner) if owner else b""
    control = 0x8000
    dacl = b""
    if aces is not None:
        control |= 0x4
        body = b"".join(aces)
        dacl = struct.pack("<BBHHH", 2, 0, 8 + len(body), len(aces), 0) + body
    owner_at = header_size if owner else 0
    dacl_at = header_size + len(owner_bytes) if aces is not None else 0
    return struct.pack("<BBHIIII", 1, 0, control, owner_at, 0, 0, dacl_at) + owner_bytes + dacl


def locked_folder() -> bytes:
    """What the MSI's policy step sets: Administrators own it, users may only read."""
    return descriptor(ADMINS, [ace(ALLOW, OI | CI, FULL, SYSTEM),
                               ace(ALLOW, OI | CI, FULL, ADMINS),
                               ace(ALLOW, OI | CI, READ_EXECUTE, USERS)])
