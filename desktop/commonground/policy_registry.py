"""Site policy values from the registry, as Group Policy and Intune write them.

``HKLM`` (the machine policy) and ``HKCU`` (the user's) ``\\SOFTWARE\\Policies\\CommonGround``
hold one value per key, named as the key is in a policy file (``role``,
``folders.upward``, ``cctv_retention_days``): texts as REG_SZ, numbers and on/off as
REG_DWORD, and the lists and objects (``sites``, ``contacts``) as JSON text (REG_SZ, or
REG_MULTI_SZ whose lines are joined). ``installer/CommonGround.admx`` sets them.
"""

from __future__ import annotations

import sys

from .policy_values import (
    KEYS,
    MAX_LIST,
    MAX_POLICY_BYTES,
    Checked,
    Duplicated,
    Key,
    check_contacts,
    check_enrolled,
    check_one,
    check_sites,
    describe,
    printable,
    read_json,
)

REGISTRY_KEY = r"SOFTWARE\Policies\CommonGround"

REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_QWORD = 1, 2, 3, 4, 7, 11
_REG_NAMES = {REG_SZ: "REG_SZ", REG_EXPAND_SZ: "REG_EXPAND_SZ", REG_BINARY: "REG_BINARY",
              REG_DWORD: "REG_DWORD", REG_MULTI_SZ: "REG_MULTI_SZ", REG_QWORD: "REG_QWORD"}


def _reg_type(kind) -> str:
    return _REG_NAMES.get(kind, "value of another type") if isinstance(kind, int) \
        else "value of another type"


def check_registry(values: dict) -> Checked:
    """Registry values ({name: (value, type)}, as winreg.EnumValue gives them) as clean flat
    values and problems. Value names are the policy's keys (``folders.upward``); lists and
    objects (``sites``, ``contacts``) are JSON text."""
    out = Checked()
    by_lower = {key.name.lower(): key for key in KEYS}
    for name, entry in list(values.items())[:MAX_LIST]:
        value, kind = entry if isinstance(entry, tuple) and len(entry) == 2 else (None, None)
        key = by_lower.get(name.lower()) if isinstance(name, str) else None
        if key is None:
            out.problem(printable(str(name)), "is not a setting this version knows; ignored")
        elif key.registry == "REG_DWORD":
            if kind not in (REG_DWORD, REG_QWORD) or not isinstance(value, int) \
                    or isinstance(value, bool):
                out.problem(key.name, f"must be a number (REG_DWORD), not a {_reg_type(kind)}")
            elif key.kind == "bool" and value not in (0, 1):
                out.problem(key.name, f"must be 1 (on) or 0 (off), not {describe(value)}")
            else:
                check_one(key, bool(value) if key.kind == "bool" else value, key.name, out)
        elif key.registry == "REG_SZ (JSON)":
            _registry_json(key, value, kind, out)
        elif kind not in (REG_SZ, REG_EXPAND_SZ) or not isinstance(value, str):
            out.problem(key.name, f"must be a text (REG_SZ), not a {_reg_type(kind)}")
        else:
            check_one(key, value, key.name, out)
    return out


def _registry_json(key: Key, value, kind, out: Checked) -> None:
    text = None
    if kind in (REG_SZ, REG_EXPAND_SZ) and isinstance(value, str):
        text = value
    elif kind == REG_MULTI_SZ and isinstance(value, list) and \
            all(isinstance(line, str) for line in value):
        text = "\n".join(value)
    if text is None:
        out.problem(key.name, f"must be JSON text (REG_SZ), not a {_reg_type(kind)}")
        return
    if len(text) > MAX_POLICY_BYTES:
        out.problem(key.name, f"is {len(text):,} characters long; a policy is never that big")
        return
    data, why = read_json(text)
    if why:
        out.problem(key.name, why)
        return
    if isinstance(data, Duplicated):
        for name in dict.fromkeys(data.names):
            out.problem(f"{key.name}.{printable(name)}", "is given more than once; the last "
                                                         "one is used")
        data = data.value
    {"sites": check_sites, "enrolled": check_enrolled}.get(key.kind, check_contacts)(data, out)


def read_registry(hive: str) -> dict | None:  # pragma: no cover - Windows only
    """{value name: (value, type)} under HKLM or HKCU\\SOFTWARE\\Policies\\CommonGround."""
    if sys.platform != "win32":
        return None
    import winreg

    root = winreg.HKEY_LOCAL_MACHINE if hive == "HKLM" else winreg.HKEY_CURRENT_USER
    try:
        key = winreg.OpenKey(root, REGISTRY_KEY, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
    except OSError:
        return None
    values = {}
    with key:
        for index in range(1000):
            try:
                name, value, kind = winreg.EnumValue(key, index)
            except OSError:
                break
            values[name] = (value, kind)
    return values
