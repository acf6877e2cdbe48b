"""The installer's folders: the machine policy folder locked, DATA_DIR shared by all users.

The MSI's policy step (``install_policy``, run as SYSTEM on every install, upgrade and
repair) makes ``%ProgramData%\\CommonGround`` belong to Administrators, with full control
for SYSTEM and Administrators and read-only for Users, and nothing inherited from
ProgramData (where any user may create folders). A folder that was already there:

- belonging to someone else, or a link (a junction a user made to point elsewhere): it is
  moved aside as ``CommonGround.untrusted-<time>`` for IT to look at, its policy is not
  used, and a new folder is made with the right rights in one step (CreateDirectoryW with
  its security descriptor), so no user can slip in between;
- belonging to Administrators but with other rights: the rights are reset on it and on
  everything in it (owner Administrators, rights inherited from the folder).

``DATA_DIR``, when given, is created if needed, owned by Administrators, and every user
gets Modify on it and everything in it (``(OI)(CI)M``, as the README says), on top of what
it inherits; a folder that depends on the user (``%LOCALAPPDATA%``, ``%USERNAME%``) is left
for each user's first start.

Windows does this through advapi32 (``WindowsFolders``); elsewhere ``PosixFolders`` does
the same with owner root and modes 755/644, so the step and its tests run on Linux too.
What cannot be run here (the Windows calls) is marked "not yet verified on Windows" in the
README; the decisions are tested with a fake (``tests/test_install_folders.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

from . import rights

POLICY_FOLDER_SDDL = "O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)"
DATA_FOLDER_SDDL = "O:BAD:AI(A;OICI;0x1301bf;;;BU)"      # plus what it inherits
MACHINE_VARIABLES = {"PROGRAMDATA", "ALLUSERSPROFILE", "SYSTEMDRIVE", "SYSTEMROOT",
                     "PROGRAMFILES", "PUBLIC", "WINDIR"}


class FolderError(Exception):
    """A folder the installer could not make right; the message says which and why."""


def secure_policy_folder(folder: Path, ops=None, now: dt.datetime | None = None
                         ) -> tuple[list[str], bool]:
    """Make the machine policy folder right. Returns (lines for the log, whether its
    existing contents may be used)."""
    ops = ops or platform_folders()
    now = now or dt.datetime.now()
    lines, trusted = [], True
    if ops.exists(folder):
        owner_ok = not ops.is_link(folder) and ops.owned_by_administrators(folder)
        if not owner_ok:
            aside = folder.with_name(f"{folder.name}.untrusted-{now:%Y%m%d-%H%M%S}")
            ops.move(folder, aside)
            lines.append(f"{folder} was a link or did not belong to Administrators, so a "
                         f"user could have written its policy: it was moved to {aside} for IT "
                         "to look at, and nothing in it is used.")
            trusted = False
        else:
            loose = ops.loose(folder)
            if loose:
                lines.append(f"{folder} could be changed by users ({'; '.join(loose)}): its "
                             "rights were reset.")
    if ops.exists(folder):
        ops.lock(folder)
    else:
        ops.create_locked(folder)
    lines.append(f"{folder} belongs to Administrators; users may only read it.")
    return lines, trusted


def prepare_data_folder(value: str, ops=None, environ=None) -> list[str]:
    """Create DATA_DIR (as written in the policy) and let every user modify it."""
    ops = ops or platform_folders()
    environ = os.environ if environ is None else environ
    names = {name.upper() for name in re.findall(r"%([^%]+)%", value)}
    if names - MACHINE_VARIABLES:
        return [f"DATA_DIR {value} depends on the user ({', '.join(sorted(names))}), so each "
                "user's Common Ground creates it at first start; its rights are theirs."]
    folder = Path(re.sub(r"%([^%]+)%", lambda m: environ.get(m.group(1).upper(),
                                                            environ.get(m.group(1), "")),
                         value))
    if not folder.is_absolute():
        return [f"DATA_DIR {value} is not a full path on this computer, so it was not "
                "created."]
    existed = ops.exists(folder)
    ops.share(folder)
    return [f"DATA_DIR {folder} {'already existed' if existed else 'was created'}: it "
            "belongs to Administrators and every user may modify it and everything in it."]


def platform_folders():
    return WindowsFolders() if sys.platform == "win32" else PosixFolders()


class PosixFolders:
    """The policy folder: owner root (when run as root), folders 755, files 644. DATA_DIR:
    mode 2775, so the folder's group may write it (put the users in that group)."""

    def exists(self, path: Path) -> bool:
        return path.exists() or path.is_symlink()

    def is_link(self, path: Path) -> bool:
        return path.is_symlink()

    def owned_by_administrators(self, path: Path) -> bool:
        """Root's, or the installing account's own (a test, or an install without root)."""
        return path.lstat().st_uid in {0, os.geteuid()}

    def loose(self, folder: Path) -> list[str]:
        found = []
        for path in [folder, *folder.rglob("*")]:
            found += [f"{path.name}: {problem}" for problem in rights.posix_problems(path)]
        return found

    def move(self, path: Path, aside: Path) -> None:
        os.replace(path, aside)

    def _own(self, path: Path) -> None:
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            os.chown(path, 0, 0, follow_symlinks=False)

    def create_locked(self, folder: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(folder, 0o700)          # no one else can get in before its rights are set
        self.lock(folder)

    def lock(self, folder: Path) -> None:
        for path in [folder, *folder.rglob("*")]:
            if path.is_symlink():
                path.unlink()            # a link inside could point the installer anywhere
                continue
            self._own(path)
            os.chmod(path, 0o755 if path.is_dir() else 0o644)

    def share(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._own(folder)
        os.chmod(folder, 0o2775)


class WindowsFolders:  # pragma: no cover - Windows only (not yet verified on Windows)
    """SYSTEM's calls through advapi32: read with GetFileSecurityW (as ``rights`` does),
    set with SetNamedSecurityInfoW, create with CreateDirectoryW and a descriptor."""

    FILE_ATTRIBUTE_REPARSE_POINT = 0x400
    OWNER, DACL, PROTECTED, UNPROTECTED = 0x1, 0x4, 0x80000000, 0x20000000

    def __init__(self):
        import ctypes
        from ctypes import wintypes

        self.ctypes, self.wintypes = ctypes, wintypes
        self.advapi = ctypes.WinDLL("advapi32", use_last_error=True)
        self.kernel = ctypes.WinDLL("kernel32", use_last_error=True)
        self.advapi.SetNamedSecurityInfoW.restype = wintypes.DWORD
        self.advapi.SetNamedSecurityInfoW.argtypes = [
            wintypes.LPWSTR, ctypes.c_int, wintypes.DWORD, ctypes.c_void_p, ctypes.c_void_p,
            ctypes.c_void_p, ctypes.c_void_p]
        self._privileges("SeTakeOwnershipPrivilege", "SeRestorePrivilege")

    def _privileges(self, *names: str) -> None:
        """SYSTEM holds these; enabled, they let it take back a folder a user has
        locked against it."""
        ctypes, wintypes = self.ctypes, self.wintypes

        class LUID_AND_ATTRIBUTES(ctypes.Structure):
            _fields_ = [("Luid", ctypes.c_int64), ("Attributes", wintypes.DWORD)]

        class TOKEN_PRIVILEGES(ctypes.Structure):
            _fields_ = [("PrivilegeCount", wintypes.DWORD),
                        ("Privileges", LUID_AND_ATTRIBUTES * 1)]
        token = wintypes.HANDLE()
        if not self.advapi.OpenProcessToken(self.kernel.GetCurrentProcess(), 0x20 | 0x8,
                                            ctypes.byref(token)):
            return
        try:
            for name in names:
                luid = ctypes.c_int64()
                if not self.advapi.LookupPrivilegeValueW(None, name, ctypes.byref(luid)):
                    continue
                wanted = TOKEN_PRIVILEGES(1, (LUID_AND_ATTRIBUTES * 1)(
                    LUID_AND_ATTRIBUTES(luid.value, 0x2)))
                self.advapi.AdjustTokenPrivileges(token, False, ctypes.byref(wanted), 0,
                                                  None, None)
        finally:
            self.kernel.CloseHandle(token)

    def _descriptor(self, sddl: str):
        ctypes = self.ctypes
        pointer = ctypes.c_void_p()
        if not self.advapi.ConvertStringSecurityDescriptorToSecurityDescriptorW(
                sddl, 1, ctypes.byref(pointer), None):
            raise ctypes.WinError(ctypes.get_last_error())
        return pointer

    def _parts(self, descriptor):
        ctypes, wintypes = self.ctypes, self.wintypes
        owner, dacl = ctypes.c_void_p(), ctypes.c_void_p()
        present, defaulted = wintypes.BOOL(), wintypes.BOOL()
        self.advapi.GetSecurityDescriptorOwner(descriptor, ctypes.byref(owner),
                                               ctypes.byref(defaulted))
        self.advapi.GetSecurityDescriptorDacl(descriptor, ctypes.byref(present),
                                              ctypes.byref(dacl), ctypes.byref(defaulted))
        return owner, dacl

    def _set(self, path: Path, sddl: str, info: int) -> None:
        descriptor = self._descriptor(sddl)
        try:
            owner, dacl = self._parts(descriptor)
            error = self.advapi.SetNamedSecurityInfoW(str(path), 1, info, owner, None, dacl,
                                                      None)
            if error:
                raise FolderError(f"the rights of {path} could not be set "
                                  f"({self.ctypes.FormatError(error).strip()})")
        finally:
            self.kernel.LocalFree(descriptor)

    def exists(self, path: Path) -> bool:
        return os.path.lexists(path)

    def is_link(self, path: Path) -> bool:
        return bool(os.lstat(path).st_file_attributes & self.FILE_ATTRIBUTE_REPARSE_POINT)

    def owned_by_administrators(self, path: Path) -> bool:
        descriptor = rights.parse_security_descriptor(rights.read_security_descriptor(path))
        return descriptor.owner in rights.TRUSTED

    def loose(self, folder: Path) -> list[str]:
        found = []
        for path in [folder, *folder.rglob("*")]:
            found += [f"{path.name}: {problem}" for problem in rights.windows_problems(path)]
        return found

    def move(self, path: Path, aside: Path) -> None:
        os.replace(path, aside)   # a junction is renamed; what it points to is untouched

    def create_locked(self, folder: Path) -> None:
        ctypes, wintypes = self.ctypes, self.wintypes

        class SECURITY_ATTRIBUTES(ctypes.Structure):
            _fields_ = [("nLength", wintypes.DWORD), ("lpSecurityDescriptor", ctypes.c_void_p),
                        ("bInheritHandle", wintypes.BOOL)]
        folder.parent.mkdir(parents=True, exist_ok=True)
        descriptor = self._descriptor(POLICY_FOLDER_SDDL)
        try:
            attributes = SECURITY_ATTRIBUTES(ctypes.sizeof(SECURITY_ATTRIBUTES), descriptor,
                                             False)
            if not self.kernel.CreateDirectoryW(str(folder), ctypes.byref(attributes)):
                raise FolderError(f"{folder} could not be created "
                                  f"({ctypes.FormatError(ctypes.get_last_error()).strip()}); "
                                  "if a user made it meanwhile, install again")
        finally:
            self.kernel.LocalFree(descriptor)
        self._set(folder, POLICY_FOLDER_SDDL, self.OWNER)  # owner Administrators, not SYSTEM

    def lock(self, folder: Path) -> None:
        self._set(folder, POLICY_FOLDER_SDDL, self.OWNER | self.DACL | self.PROTECTED)
        self._inherit_below(folder)

    def share(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._set(folder, DATA_FOLDER_SDDL, self.OWNER | self.DACL | self.UNPROTECTED)
        self._inherit_below(folder, owner=False)

    def _inherit_below(self, folder: Path, owner: bool = True) -> None:
        """Everything inside: explicit rights removed, rights inherited from the folder
        (and, for the policy folder, owner Administrators)."""
        for path in folder.rglob("*"):
            if self.is_link(path):
                os.unlink(path) if not path.is_dir() else os.rmdir(path)
                continue
            info = self.DACL | self.UNPROTECTED | (self.OWNER if owner else 0)
            self._set(path, "O:BAD:AI" if owner else "D:AI", info)
