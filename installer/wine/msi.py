"""msiexec under Wine, from the Windows side (run by installer/check_wine.sh with the
Windows Python in the prefix; never shipped).

    python msi.py run ARGUMENT...   msiexec ARGUMENT...; prints "msiexec exit code N"
    python msi.py products          every installed Common Ground: "{ProductCode} version"

The exit code is printed because a Wine program's code reaches Linux only modulo 256
(1603 arrives as 67). The products come from the Uninstall key Windows Installer writes
(what Add/Remove Programs lists), read with winreg in one process instead of one
`wine reg query` per key.
"""

from __future__ import annotations

import subprocess
import sys
import winreg

UNINSTALL = r"Software\Microsoft\Windows\CurrentVersion\Uninstall"


def products() -> list[str]:
    found = []
    with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, UNINSTALL, 0,
                        winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as uninstall:
        index = 0
        while True:
            try:
                name = winreg.EnumKey(uninstall, index)
            except OSError:
                break
            index += 1
            with winreg.OpenKey(uninstall, name) as key:
                try:
                    display = winreg.QueryValueEx(key, "DisplayName")[0]
                    version = winreg.QueryValueEx(key, "DisplayVersion")[0]
                except OSError:
                    continue
            if display == "Common Ground":
                found.append(f"{name} {version}")
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["run"]:
        print(f"msiexec exit code {subprocess.call(['msiexec', *argv[1:]])}", flush=True)
        return 0
    if argv == ["products"]:
        print("\n".join(products()), flush=True)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
