"""Two Wine 8 gaps that abort Windows CPython 3.12; active only under Wine.

The Wine check (installer/check_wine.sh) copies this file into its Windows Pythons' site
folders as sitecustomize.py, which Python imports at start; it is never shipped (and is
named otherwise here, so that no Linux Python imports it). Under Wine, whose ntdll exports
wine_get_version:

- kernel32.CopyFile2 is not implemented, and shutil.copy2 (so copytree) calls it: Wine
  stops the process ("unimplemented function KERNEL32.dll.CopyFile2, aborting"). Without
  _winapi.CopyFile2, shutil uses its portable copy. The app itself only calls
  shutil.copyfile, which never uses CopyFile2.
- propsys.VariantToString is not implemented, and platform.system(), uname() and
  win32_ver() ask WMI for it through _wmi (hypothesis does that on import). Without _wmi,
  platform falls back to sys.getwindowsversion().
"""

import sys

if sys.platform == "win32":
    try:
        import ctypes

        _UNDER_WINE = hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except (ImportError, OSError):
        _UNDER_WINE = False
    if _UNDER_WINE:
        import _winapi

        if hasattr(_winapi, "CopyFile2"):
            del _winapi.CopyFile2
        sys.modules.setdefault("_wmi", None)
