"""Owner-only files on Windows: an explicit, protected DACL (the user, Administrators and
SYSTEM, full control each; nothing inherited from the folder), set through advapi32 with
ctypes (``ConvertStringSecurityDescriptorToSecurityDescriptorW`` + ``SetFileSecurityW``),
and read back the same way (``GetFileSecurityW`` + the SDDL it converts to).

A data folder IT shares between the accounts of a ward PC (``install_folders`` gives
Users Modify on it, explicitly, for files and folders in it) is shared on purpose: files
there are left with the rights they inherit, as on Linux a group-shared folder keeps its
group. Only ``privatefiles`` calls this; every call may fail, and the caller logs it.
"""

from __future__ import annotations

import ctypes
import re
from ctypes import wintypes
from pathlib import Path

OWNER_ONLY_SDDL = "D:P(A;;FA;;;{user})(A;;FA;;;BA)(A;;FA;;;SY)"
DACL_SECURITY_INFORMATION = 0x00000004
PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000
SDDL_REVISION_1 = 1
TOKEN_QUERY = 0x0008
TOKEN_USER = 1
FILE_WRITE_DATA = 0x0002
# Who "everyone on this PC" is in SDDL: Users, Authenticated Users, Everyone, Interactive.
EVERYONE = {"BU", "AU", "WD", "IU", "S-1-5-32-545", "S-1-5-11", "S-1-1-0", "S-1-5-4"}
_WRITE_WORDS = {"FA", "FW", "GA", "GW"}
ACE = re.compile(r"\((?P<type>[A-Z]+);(?P<flags>[A-Z]*);(?P<rights>[^;]*);[^;]*;[^;]*;"
                 r"(?P<sid>[^;)]+)(?:;[^)]*)?\)")


def _dlls():
    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.LocalFree.argtypes = [ctypes.c_void_p]
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    advapi32.OpenProcessToken.argtypes = [wintypes.HANDLE, wintypes.DWORD,
                                          ctypes.POINTER(wintypes.HANDLE)]
    advapi32.GetTokenInformation.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p,
                                             wintypes.DWORD, ctypes.POINTER(wintypes.DWORD)]
    advapi32.ConvertSidToStringSidW.argtypes = [ctypes.c_void_p,
                                                ctypes.POINTER(wintypes.LPWSTR)]
    advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW.argtypes = [
        wintypes.LPCWSTR, wintypes.DWORD, ctypes.POINTER(ctypes.c_void_p),
        ctypes.POINTER(wintypes.ULONG)]
    advapi32.SetFileSecurityW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, ctypes.c_void_p]
    advapi32.GetFileSecurityW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, ctypes.c_void_p,
                                          wintypes.DWORD, ctypes.POINTER(wintypes.DWORD)]
    advapi32.ConvertSecurityDescriptorToStringSecurityDescriptorW.argtypes = [
        ctypes.c_void_p, wintypes.DWORD, wintypes.DWORD, ctypes.POINTER(wintypes.LPWSTR),
        ctypes.POINTER(wintypes.ULONG)]
    return advapi32, kernel32


def _fail(what: str) -> OSError:
    error = ctypes.get_last_error()
    return OSError(error, f"{what} failed: {ctypes.FormatError(error).strip()}")


def current_user_sid() -> str:
    """The SID of the account this process runs as, as text (S-1-5-21-...)."""
    advapi32, kernel32 = _dlls()
    token = wintypes.HANDLE()
    if not advapi32.OpenProcessToken(kernel32.GetCurrentProcess(), TOKEN_QUERY,
                                     ctypes.byref(token)):
        raise _fail("OpenProcessToken")
    try:
        size = wintypes.DWORD()
        advapi32.GetTokenInformation(token, TOKEN_USER, None, 0, ctypes.byref(size))
        buffer = ctypes.create_string_buffer(size.value)
        if not advapi32.GetTokenInformation(token, TOKEN_USER, buffer, size,
                                            ctypes.byref(size)):
            raise _fail("GetTokenInformation")
        sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]  # TOKEN_USER.User.Sid
        text = wintypes.LPWSTR()
        if not advapi32.ConvertSidToStringSidW(sid, ctypes.byref(text)):
            raise _fail("ConvertSidToStringSidW")
        try:
            return text.value
        finally:
            kernel32.LocalFree(ctypes.cast(text, ctypes.c_void_p))
    finally:
        kernel32.CloseHandle(token)


def owner_only_sddl() -> str:
    return OWNER_ONLY_SDDL.format(user=current_user_sid())


def protect(path: Path) -> None:
    """Give ``path`` the owner-only DACL, protected from what its folder passes on."""
    advapi32, kernel32 = _dlls()
    descriptor = ctypes.c_void_p()
    if not advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(
            owner_only_sddl(), SDDL_REVISION_1, ctypes.byref(descriptor), None):
        raise _fail("ConvertStringSecurityDescriptorToSecurityDescriptorW")
    try:
        if not advapi32.SetFileSecurityW(
                str(path), DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                descriptor):
            raise _fail(f"SetFileSecurityW on {path}")
    finally:
        kernel32.LocalFree(descriptor)


def dacl_sddl(path: Path) -> str:
    """The DACL of ``path`` as Windows reads it back, in SDDL ("D:P(A;;FA;;;...)...")."""
    advapi32, kernel32 = _dlls()
    needed = wintypes.DWORD()
    advapi32.GetFileSecurityW(str(path), DACL_SECURITY_INFORMATION, None, 0,
                              ctypes.byref(needed))
    if not needed.value:
        raise _fail(f"GetFileSecurityW on {path}")
    buffer = ctypes.create_string_buffer(needed.value)
    if not advapi32.GetFileSecurityW(str(path), DACL_SECURITY_INFORMATION, buffer,
                                     needed, ctypes.byref(needed)):
        raise _fail(f"GetFileSecurityW on {path}")
    text = wintypes.LPWSTR()
    if not advapi32.ConvertSecurityDescriptorToStringSecurityDescriptorW(
            buffer, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, ctypes.byref(text), None):
        raise _fail("ConvertSecurityDescriptorToStringSecurityDescriptorW")
    try:
        return text.value
    finally:
        kernel32.LocalFree(ctypes.cast(text, ctypes.c_void_p))


def entries(sddl: str) -> list[tuple[str, str, str, str]]:
    """The ACEs of an SDDL DACL as (type, flags, rights, sid): "A" allow, "OICIID" flags."""
    return [(m["type"], m["flags"], m["rights"], m["sid"]) for m in ACE.finditer(sddl)]


def grants_everyone_write(sddl: str) -> bool:
    """Whether a folder's DACL says it is shared on purpose: an allow entry of its own (not
    inherited) letting every user of the PC write the files made in it."""
    for kind, flags, rights, sid in entries(sddl):
        if kind != "A" or "ID" in flags or "OI" not in flags or sid not in EVERYONE:
            continue
        words = {rights[i:i + 2] for i in range(0, len(rights), 2)} \
            if not rights.startswith("0x") else set()
        mask = int(rights, 16) if rights.startswith("0x") else 0
        if mask & FILE_WRITE_DATA or words & _WRITE_WORDS:
            return True
    return False
