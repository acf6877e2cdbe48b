"""Check a built MSI's tables with msiinfo (msitools): what IT relies on, before any Windows.

    python installer/check_msi.py dist/CommonGround-0.1.0-x64.msi [--version 0.1.0]
                                  [--bundle dist/CommonGround]

Prints one line per check (ok / FAIL, with what was found) and exits 1 if any failed.
It reads tables only; installing, upgrading and uninstalling for real is the Windows
workflow's job (.github/workflows/windows-installer.yml).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import msi_sources as sources

# Windows Installer custom action type bits (msi.h).
CA_EXE_IN_INSTALLED_FILE, CA_CONTINUE, CA_IN_SCRIPT, CA_NO_IMPERSONATE = 18, 0x40, 0x400, 0x800
PER_USER_FOLDERS = {"AppDataFolder", "LocalAppDataFolder", "PersonalFolder", "DesktopFolder",
                    "CommonAppDataFolder", "StartupFolder", "TempFolder"}
UNWANTED_FILES = re.compile(r"(^|/)(tests?|pytest|_pytest|hypothesis|pytestqt|translations|"
                            r"qml)(/|$)|(^|/)(test_[^/]*\.py|conftest\.py)$|webengine|"
                            r"opengl32sw|qt6quick|qt6qml|qt6pdf|d3dcompiler", re.IGNORECASE)


class MsiTables:
    """Tables of one MSI, read with `msiinfo export` (rows as dicts by column name)."""

    def __init__(self, msi: Path):
        self.msi = msi
        self.tool = shutil.which("msiinfo")
        if not self.tool:
            raise SystemExit("check_msi.py: msiinfo was not found: sudo apt-get install msitools")
        self.names = set(self._run("tables").split())
        self._cache: dict[str, list[dict]] = {}

    def _run(self, *args: str) -> str:
        # In a scratch folder: exporting a table with binary columns (Icon) writes its
        # streams as files into the current folder.
        with tempfile.TemporaryDirectory(prefix="check-msi-") as scratch:
            return subprocess.run([self.tool, args[0], str(self.msi.resolve()), *args[1:]],
                                  check=True, capture_output=True, text=True,
                                  encoding="utf-8", cwd=scratch).stdout

    def rows(self, table: str) -> list[dict]:
        if table not in self._cache:
            if table not in self.names:
                self._cache[table] = []
            else:
                lines = self._run("export", table).splitlines()
                columns = lines[0].split("\t")
                self._cache[table] = [dict(zip(columns, line.split("\t")))
                                      for line in lines[3:] if line]
        return self._cache[table]

    def properties(self) -> dict[str, str]:
        return {row["Property"]: row["Value"] for row in self.rows("Property")}

    def summary(self) -> dict[str, str]:
        found = {}
        for line in self._run("suminfo").splitlines():
            key, _, value = line.partition(":")
            found[key.strip()] = value.strip()
        return found

    def sequence(self, table: str = "InstallExecuteSequence") -> dict[str, tuple[int, str]]:
        return {row["Action"]: (int(row["Sequence"] or 0), row["Condition"])
                for row in self.rows(table)}

    def file_paths(self) -> dict[str, str]:
        """File key -> path inside the install folder (with /)."""
        directories = {row["Directory"]: row for row in self.rows("Directory")}
        components = {row["Component"]: row for row in self.rows("Component")}

        def folder(key: str) -> str:
            parts = []
            while key and key != "INSTALLDIR":
                row = directories[key]
                name = row["DefaultDir"].split(":")[-1].split("|")[-1]
                if name != ".":
                    parts.append(name)
                key = row["Directory_Parent"]
            return "/".join(reversed(parts))

        found = {}
        for row in self.rows("File"):
            where = folder(components[row["Component_"]]["Directory_"])
            name = row["FileName"].split("|")[-1]
            found[row["File"]] = f"{where}/{name}" if where else name
        return found


def expected_upgrade_code() -> str:
    product = ET.parse(sources.INSTALLER / "commonground.wxs").getroot().find(
        f"{{{sources.WIX_NS}}}Product")
    return "{" + product.get("UpgradeCode").upper() + "}"


def checks(tables: MsiTables, version: str | None = None, bundle: Path | None = None):
    """Yield (name, passed, detail) for every check."""
    props = tables.properties()
    code = expected_upgrade_code()
    yield ("stable UpgradeCode", props.get("UpgradeCode") == code,
           f"{props.get('UpgradeCode')} (recorded in installer/commonground.wxs: {code})")
    if version:
        yield "ProductVersion", props.get("ProductVersion") == version, props.get(
            "ProductVersion")
    summary = tables.summary()
    word_count = int(re.match(r"\d+", summary.get("Source", "0")).group())
    yield ("per-machine scope", props.get("ALLUSERS") == "1" and not word_count & 8
           and "MSIINSTALLPERUSER" not in props,
           f"ALLUSERS={props.get('ALLUSERS')}, word count {word_count} (no per-user bit), "
           f"platform {summary.get('Template')}")
    install_dir = {row["Directory"]: row for row in tables.rows("Directory")}.get("INSTALLDIR")
    yield ("installs to Program Files", bool(install_dir) and install_dir["Directory_Parent"]
           == "ProgramFiles64Folder", f"INSTALLDIR: {install_dir}")

    upgrade = {row["ActionProperty"]: row for row in tables.rows("Upgrade")}
    up, down = upgrade.get("WIX_UPGRADE_DETECTED"), upgrade.get("WIX_DOWNGRADE_DETECTED")
    sequence = tables.sequence()
    order = {action: number for action, (number, _) in sequence.items()}
    yield ("MajorUpgrade present", bool(up and down) and up["UpgradeCode"] == code
           and down["UpgradeCode"] == code and int(down["Attributes"]) & 2
           and "FindRelatedProducts" in order and "RemoveExistingProducts" in order
           and order["InstallInitialize"] < order["RemoveExistingProducts"]
           < order["ProcessComponents"],
           f"Upgrade rows {sorted(upgrade)}; RemoveExistingProducts at "
           f"{order.get('RemoveExistingProducts')} (right after InstallInitialize, so a "
           "failed upgrade rolls back to the old version)")
    same = bool(up and down) and up["VersionMax"] == props.get("ProductVersion") \
        and int(up["Attributes"]) & 0x200 and not int(down["Attributes"]) & 0x100
    yield ("a rebuild of the same version replaces it (one Add/Remove Programs entry)",
           bool(same), f"upgrade row: VersionMax {up and up['VersionMax']}, attributes "
           f"{up and up['Attributes']} (0x200: up to and including this version); downgrade "
           f"row attributes {down and down['Attributes']}")
    conditions = {row["Condition"]: row["Description"] for row in tables.rows("LaunchCondition")}
    message = conditions.get("NOT WIX_DOWNGRADE_DETECTED", "")
    yield "downgrade refused with a message", "newer version" in message, message

    shortcuts = tables.rows("Shortcut")
    paths = tables.file_paths()
    app_component = next((row["Component"] for row in tables.rows("Component")
                          if paths.get(row["KeyPath"]) == sources.APP_EXE), None)
    start = [row for row in shortcuts if row["Directory_"] == "ProgramMenuFolder"]
    yield ("Start menu shortcut", len(start) == 1 and start[0]["Component_"] == app_component
           and props.get("DISABLEADVTSHORTCUTS") == "1",
           f"{[row['Name'] for row in start]} -> {sources.APP_EXE} "
           f"(DISABLEADVTSHORTCUTS={props.get('DISABLEADVTSHORTCUTS')})")
    icons = {row["Name"] for row in tables.rows("Icon")}
    yield ("Add/Remove Programs entry", props.get("ARPPRODUCTICON") in icons
           and bool(props.get("Manufacturer")) and bool(props.get("ProductVersion")),
           f"publisher {props.get('Manufacturer')!r}, version {props.get('ProductVersion')}, "
           f"icon {props.get('ARPPRODUCTICON')}")

    secure = set(props.get("SecureCustomProperties", "").split(";"))
    missing = [name for name in sources.secure_properties() if name not in secure]
    yield ("properties are secure (passed to the installing service)", not missing,
           f"missing: {missing}" if missing else ", ".join(sources.secure_properties()))
    action = {row["Action"]: row for row in tables.rows("CustomAction")}.get("WritePolicy")
    kind = int(action["Type"]) if action else 0
    yield ("WritePolicy runs the installed console program, deferred, as SYSTEM, checked",
           bool(action) and kind & 0x3F == CA_EXE_IN_INSTALLED_FILE and kind & CA_IN_SCRIPT
           and kind & CA_NO_IMPERSONATE and not kind & CA_CONTINUE
           and paths.get(action["Source"]) == sources.CLI_EXE,
           f"type {kind}, runs {paths.get(action['Source']) if action else None}")
    target = action["Target"] if action else ""
    unpassed = [prop.name for prop in sources.ALL_PROPERTIES
                if f'{prop.option}="[{prop.name}] "' not in target]
    yield ("WritePolicy passes every property", bool(action) and not unpassed,
           f"missing: {unpassed}" if unpassed else f"{len(sources.ALL_PROPERTIES)} properties")
    at, condition = sequence.get("WritePolicy", (0, ""))
    yield ("WritePolicy after the files, inside the install script, on every install and "
           "never on uninstall",
           order.get("InstallInitialize", 0) < order.get("InstallFiles", 0) < at
           < order.get("InstallFinalize", 0) and condition == 'NOT (REMOVE~="ALL")',
           f"sequence {at} (InstallFiles {order.get('InstallFiles')}, InstallFinalize "
           f"{order.get('InstallFinalize')}); condition {condition}")

    per_user = PER_USER_FOLDERS & {row["Directory"] for row in tables.rows("Directory")}
    hkcu = [row for row in tables.rows("Registry") if row.get("Root") == "1"]
    yield ("nothing in users' profiles (so uninstall cannot touch their data)",
           not per_user and not hkcu and not tables.rows("RemoveFile"),
           f"per-user folders {sorted(per_user)}, HKCU values {len(hkcu)}, "
           f"RemoveFile rows {len(tables.rows('RemoveFile'))}")
    media = tables.rows("Media")
    yield ("files in one embedded cabinet", len(media) == 1 and media[0]["Cabinet"]
           .startswith("#"), f"{media}")

    installed = set(paths.values())
    protocols = sorted(path.name for path in (sources.REPO / "protocols_md").glob("*.md"))
    missing = [name for name in (sources.APP_EXE, sources.CLI_EXE) if name not in installed]
    missing += [name for name in protocols if f"_internal/protocols_md/{name}" not in installed]
    yield ("programs and bundled protocols included", not missing,
           f"missing: {missing}" if missing else f"{len(installed)} files")
    unwanted = sorted(path for path in installed if UNWANTED_FILES.search(path))
    yield ("no test files, translations, QML, WebEngine or software OpenGL", not unwanted,
           f"found: {unwanted[:5]}" if unwanted else "none")
    if bundle:
        suffix = ".exe" if (bundle / sources.APP_EXE).exists() else ""
        expected = len(sources.bundle_files(bundle, suffix)) + 2
        yield ("every file of the folder is in the MSI", len(installed) == expected,
               f"{len(installed)} in the MSI, {expected} in {bundle}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check Common Ground's MSI tables.")
    parser.add_argument("msi", type=Path)
    parser.add_argument("--version", help="the ProductVersion it must have")
    parser.add_argument("--bundle", type=Path, help="the PyInstaller folder it was built from")
    args = parser.parse_args(argv)
    if not args.msi.is_file():
        print(f"check_msi.py: {args.msi} does not exist", file=sys.stderr)
        return 2
    failed = 0
    for name, passed, detail in checks(MsiTables(args.msi), args.version, args.bundle):
        failed += not passed
        print(f"{'ok  ' if passed else 'FAIL'}  {name}: {detail}")
    print(f"{args.msi.name}: {'all checks passed' if not failed else f'{failed} FAILED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
