"""Who can change a file: is the machine policy in the hands of administrators only?

On Linux and macOS the file and its folder must belong to root and not be writable by the
group or others. On Windows the file's and its folder's security descriptors are read
(GetFileSecurityW) and parsed here, in plain Python, so the rules are tested on any
platform with descriptors built byte by byte: the owner must be SYSTEM, Administrators or
TrustedInstaller (an owner can always change the access list), and no rule that applies to
the object may let anyone else write, append, delete, or change its owner or access list.
Deny rules are not credited (the check only errs towards "not trusted").
"""

from __future__ import annotations

import os
import stat
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

SYSTEM, ADMINISTRATORS, USERS = "S-1-5-18", "S-1-5-32-544", "S-1-5-32-545"
TRUSTED_INSTALLER = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
TRUSTED = {SYSTEM: "SYSTEM", ADMINISTRATORS: "Administrators",
           TRUSTED_INSTALLER: "TrustedInstaller"}
CREATOR_OWNER = "S-1-3-0"
WELL_KNOWN = {"S-1-1-0": "Everyone", "S-1-5-11": "Authenticated Users", USERS: "Users",
              "S-1-5-4": "INTERACTIVE", "S-1-5-32-547": "Power Users",
              "S-1-5-32-546": "Guests", "S-1-3-4": "OWNER RIGHTS", CREATOR_OWNER:
              "CREATOR OWNER", **TRUSTED}

# Access rights that let someone replace what the file says (winnt.h).
FILE_WRITE_DATA, FILE_APPEND_DATA, FILE_DELETE_CHILD = 0x2, 0x4, 0x40
DELETE, WRITE_DAC, WRITE_OWNER = 0x10000, 0x40000, 0x80000
GENERIC_ALL, GENERIC_WRITE, MAXIMUM_ALLOWED = 0x10000000, 0x40000000, 0x02000000
WRITE_RIGHTS = (FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_DELETE_CHILD | DELETE | WRITE_DAC
                | WRITE_OWNER | GENERIC_ALL | GENERIC_WRITE | MAXIMUM_ALLOWED)
SE_DACL_PRESENT, SE_SELF_RELATIVE = 0x4, 0x8000
INHERIT_ONLY_ACE = 0x8
ALLOW_TYPES = {0: "allow", 9: "allow (callback)"}
OBJECT_ALLOW_TYPES = {5, 11}
DENY_TYPES = {1, 6, 10, 12}
OBJECT_TYPES = {5, 6, 11, 12}
UNREADABLE_ALLOW_TYPES = {4}  # compound (server impersonation) entries


@dataclass(frozen=True)
class Ace:
    kind: int
    flags: int
    mask: int
    sid: str


@dataclass(frozen=True)
class SecurityDescriptor:
    owner: str | None
    dacl: tuple[Ace, ...] | None   # None: no access list at all, so everyone has full access


def _sid(data: bytes, offset: int) -> str:
    if offset + 8 > len(data):
        raise ValueError("a SID runs past the end of the descriptor")
    revision, count = data[offset], data[offset + 1]
    if revision != 1 or count > 15 or offset + 8 + 4 * count > len(data):
        raise ValueError("a SID is malformed")
    authority = int.from_bytes(data[offset + 2:offset + 8], "big")
    subs = struct.unpack_from(f"<{count}I", data, offset + 8)
    return "-".join(["S-1", str(authority), *(str(part) for part in subs)])


def parse_security_descriptor(data: bytes) -> SecurityDescriptor:
    """A self-relative security descriptor (as GetFileSecurityW returns it). Raises
    ValueError if it is malformed."""
    if len(data) < 20:
        raise ValueError("a security descriptor is at least 20 bytes")
    _, _, control, owner_at, _, _, dacl_at = struct.unpack_from("<BBHIIII", data, 0)
    if not control & SE_SELF_RELATIVE:
        raise ValueError("not a self-relative security descriptor")
    owner = _sid(data, owner_at) if owner_at else None
    if not control & SE_DACL_PRESENT or not dacl_at:
        return SecurityDescriptor(owner, None)
    if dacl_at + 8 > len(data):
        raise ValueError("the access list runs past the end")
    _, _, size, count, _ = struct.unpack_from("<BBHHH", data, dacl_at)
    aces, position, end = [], dacl_at + 8, dacl_at + size
    if end > len(data):
        raise ValueError("the access list runs past the end")
    for _ in range(count):
        if position + 8 > end:
            raise ValueError("an access rule runs past the end of its list")
        kind, flags, ace_size = struct.unpack_from("<BBH", data, position)
        if ace_size < 8 or position + ace_size > end:
            raise ValueError("an access rule has a bad size")
        mask = struct.unpack_from("<I", data, position + 4)[0]
        sid_at = position + 8
        if kind in OBJECT_TYPES:  # flags, then the GUIDs those flags say are present
            object_flags = struct.unpack_from("<I", data, position + 8)[0]
            sid_at = position + 12 + 16 * bool(object_flags & 1) + 16 * bool(object_flags & 2)
        try:
            sid = _sid(data[:position + ace_size], sid_at)
        except ValueError:
            sid = "?"
        aces.append(Ace(kind, flags, mask, sid))
        position += ace_size
    return SecurityDescriptor(owner, tuple(aces))


def who(sid: str | None, names: Callable[[str], str | None] | None = None) -> str:
    if sid is None:
        return "no owner"
    name = WELL_KNOWN.get(sid) or (names(sid) if names else None)
    return f"{name} ({sid})" if name else sid


def descriptor_problems(sd: SecurityDescriptor, names=None) -> list[str]:
    """Why someone other than SYSTEM and Administrators could change the object."""
    problems = []
    if sd.owner not in TRUSTED:
        problems.append(f"it belongs to {who(sd.owner, names)}, who can change its rights")
    if sd.dacl is None:
        return problems + ["it has no access list, so everyone may change it"]
    for ace in sd.dacl:
        if ace.kind in DENY_TYPES or ace.flags & INHERIT_ONLY_ACE:
            continue
        if ace.kind not in ALLOW_TYPES and ace.kind not in OBJECT_ALLOW_TYPES:
            if ace.kind in UNREADABLE_ALLOW_TYPES or ace.kind > 19:
                problems.append(f"it has an access rule of a kind this check cannot read "
                                f"(type {ace.kind})")
            continue  # audit, alarm, label and attribute entries grant nothing
        if ace.mask & WRITE_RIGHTS and ace.sid not in TRUSTED and ace.sid != CREATOR_OWNER:
            problems.append(f"{who(ace.sid, names)} may change it")
    return problems


# --------------------------------------------------------------------- reading the rights

def posix_problems(path: Path, stat_fn=os.stat) -> list[str]:
    problems = []
    try:
        info = stat_fn(path)
    except OSError as exc:
        return [f"its owner cannot be read ({exc.strerror or exc})"]
    if info.st_uid != 0:
        problems.append(f"it belongs to user {_user_name(info.st_uid)} (uid {info.st_uid}), "
                        "not root")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problems.append(f"its group or other users may write it (mode "
                        f"{stat.S_IMODE(info.st_mode):o})")
    return problems


def _user_name(uid: int) -> str:
    try:
        import pwd
        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def read_security_descriptor(path: Path) -> bytes:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    advapi = ctypes.WinDLL("advapi32", use_last_error=True)
    advapi.GetFileSecurityW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, ctypes.c_void_p,
                                        wintypes.DWORD, ctypes.POINTER(wintypes.DWORD)]
    advapi.GetFileSecurityW.restype = wintypes.BOOL
    wanted = 0x1 | 0x4  # OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION
    needed = wintypes.DWORD(0)
    advapi.GetFileSecurityW(str(path), wanted, None, 0, ctypes.byref(needed))
    if not needed.value:
        raise ctypes.WinError(ctypes.get_last_error())
    buffer = ctypes.create_string_buffer(needed.value)
    if not advapi.GetFileSecurityW(str(path), wanted, buffer, needed, ctypes.byref(needed)):
        raise ctypes.WinError(ctypes.get_last_error())
    return buffer.raw


def account_name(sid: str) -> str | None:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    advapi = ctypes.WinDLL("advapi32", use_last_error=True)
    pointer = ctypes.c_void_p()
    if not advapi.ConvertStringSidToSidW(ctypes.c_wchar_p(sid), ctypes.byref(pointer)):
        return None
    try:
        name, domain = ctypes.create_unicode_buffer(256), ctypes.create_unicode_buffer(256)
        size_name, size_domain = wintypes.DWORD(256), wintypes.DWORD(256)
        use = wintypes.DWORD()
        if not advapi.LookupAccountSidW(None, pointer, name, ctypes.byref(size_name), domain,
                                        ctypes.byref(size_domain), ctypes.byref(use)):
            return None
        return f"{domain.value}\\{name.value}" if domain.value else name.value
    finally:
        ctypes.windll.kernel32.LocalFree(pointer)


def windows_problems(path: Path, reader=None, names=None) -> list[str]:
    reader = reader or read_security_descriptor
    try:
        descriptor = parse_security_descriptor(reader(path))
    except (OSError, ValueError) as exc:
        return [f"its rights cannot be read ({getattr(exc, 'strerror', None) or exc})"]
    return descriptor_problems(descriptor, names)


def who_can_change(path: Path, *, windows: bool | None = None, reader=None,
                   stat_fn=os.stat) -> list[str]:
    """Why users other than administrators could change this file (or replace it through
    its folder): an empty list when only administrators can."""
    windows = sys.platform == "win32" if windows is None else windows
    problems = []
    for target, what in ((path, "the file"), (path.parent, "its folder")):
        found = windows_problems(target, reader, account_name if windows and reader is None
                                 else None) if windows else posix_problems(target, stat_fn)
        problems += [f"{what}: {problem}" for problem in found]
    return problems
