"""What build.py generates for the MSI and the executables, kept apart so tests can check it.

- ``files.wxs``: every file of the PyInstaller folder except the two programs (which
  ``commonground.wxs`` declares itself, with the shortcut), one component per file, with a
  component GUID derived from the file's path so it is the same in every build;
- ``properties.wxi``: the IT properties (from ``commonground.install_policy.PROPERTIES``,
  the one list), marked Secure, and the deferred step that runs ``write-policy``;
- the Windows icon (``.ico``) drawn from ``resources/icons/commonground.svg``;
- PyInstaller's Windows version resource.

Every file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import sys
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

INSTALLER = Path(__file__).resolve().parent
REPO = INSTALLER.parent
sys.path.insert(0, str(REPO / "desktop"))

from commonground.install_policy import ALL_PROPERTIES  # noqa: E402

APP_EXE, CLI_EXE = "CommonGround.exe", "commonground-cli.exe"
WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"
# Component GUIDs are uuid5(this, path inside the install folder): stable across builds.
COMPONENT_NAMESPACE = uuid.UUID("3c4641fd-539e-44bf-97ed-c5c523abc354")
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PUBLISHER = "Common Ground"
PRODUCT = "Common Ground"

ET.register_namespace("", WIX_NS)


class BuildError(Exception):
    """Something the person building can fix; the message says what."""


def write_atomic(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    return target


def check_version(version: str) -> str:
    """An MSI ProductVersion: major.minor.build, at most 255.255.65535."""
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if not match:
        raise BuildError(f"the version {version!r} must be three numbers like 1.2.3 (Windows "
                         "Installer ignores a fourth one, so upgrades would not be seen)")
    major, minor, build = (int(part) for part in match.groups())
    if major > 255 or minor > 255 or build > 65535:
        raise BuildError(f"the version {version} is too big for Windows Installer "
                         "(at most 255.255.65535)")
    return version


def build_version(source_version: str, commits: int) -> str:
    """major.minor from the source, then the number of commits: increasing with every
    commit, so each build upgrades the one before (a fourth number would be ignored)."""
    major, minor = source_version.split(".")[:2]
    return check_version(f"{int(major)}.{int(minor)}.{commits}")


def _id(prefix: str, relative: str) -> str:
    return f"{prefix}_{hashlib.sha1(relative.lower().encode('utf-8')).hexdigest()[:24]}"


def component_guid(relative: str) -> str:
    return str(uuid.uuid5(COMPONENT_NAMESPACE, relative.lower())).upper()


def bundle_files(bundle: Path, exe_suffix: str) -> list[str]:
    """Paths (with /) of every file the MSI installs from the bundle, but the two programs.

    Symbolic links (which PyInstaller makes only on Linux and macOS) are left out: an MSI
    cannot hold them, and the files they point to are in the list anyway.
    """
    programs = {f"CommonGround{exe_suffix}", f"commonground-cli{exe_suffix}"}
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(bundle).as_posix()
            if relative not in programs:
                found.append(relative)
    return found


def files_fragment(bundle: Path, exe_suffix: str, source_dir: str) -> bytes:
    """files.wxs: the bundle's files under INSTALLDIR, in the ComponentGroup BundleFiles.

    source_dir is how the compiler reaches the bundle (wixl only takes relative paths).
    """
    wix = ET.Element(f"{{{WIX_NS}}}Wix")
    fragment = ET.SubElement(wix, f"{{{WIX_NS}}}Fragment")
    root = ET.SubElement(fragment, f"{{{WIX_NS}}}DirectoryRef", Id="INSTALLDIR")
    group = ET.SubElement(fragment, f"{{{WIX_NS}}}ComponentGroup", Id="BundleFiles")
    directories: dict[str, ET.Element] = {"": root}

    def directory(relative: str) -> ET.Element:
        if relative not in directories:
            parent, _, name = relative.rpartition("/")
            directories[relative] = ET.SubElement(directory(parent), f"{{{WIX_NS}}}Directory",
                                                  Id=_id("dir", relative), Name=name)
        return directories[relative]

    files = bundle_files(bundle, exe_suffix)
    if not files:
        raise BuildError(f"{bundle} holds no files: did PyInstaller run?")
    for relative in files:
        folder, _, name = relative.rpartition("/")
        component = ET.SubElement(directory(folder), f"{{{WIX_NS}}}Component",
                                  Id=_id("cmp", relative), Guid=component_guid(relative),
                                  Win64="yes")
        ET.SubElement(component, f"{{{WIX_NS}}}File", Id=_id("fil", relative), Name=name,
                      Source=f"{source_dir}/{relative}", KeyPath="yes")
        ET.SubElement(group, f"{{{WIX_NS}}}ComponentRef", Id=_id("cmp", relative))
    ET.indent(wix)
    return b"<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(wix, encoding="utf-8")


def write_policy_command() -> str:
    """The command line the MSI gives commonground-cli.exe (see install_policy.py)."""
    return "write-policy " + " ".join(f'{prop.option}="[{prop.name}] "'
                                      for prop in ALL_PROPERTIES)


def write_policy_condition() -> str:
    """Run on every install, upgrade and repair, properties or not (the step also makes the
    policy folder belong to Administrators, read-only for users); never on uninstall."""
    return 'NOT (REMOVE~="ALL")'


def secure_properties() -> list[str]:
    return [prop.name for prop in ALL_PROPERTIES]


def properties_include() -> bytes:
    """properties.wxi: included by commonground.wxs inside <Product>."""
    include = ET.Element(f"{{{WIX_NS}}}Include")
    include.append(ET.Comment(" Generated by installer/build.py from "
                              "commonground.install_policy; do not edit. "))
    for name in secure_properties():
        ET.SubElement(include, f"{{{WIX_NS}}}Property", Id=name, Secure="yes")
    # Deferred, as SYSTEM (Impersonate=no), after InstallFiles: the installed console program
    # writes %ProgramData%\CommonGround\policy.json. Windows Installer formats the command
    # line when it schedules the action, so the property values are in it.
    ET.SubElement(include, f"{{{WIX_NS}}}CustomAction", Id="WritePolicy",
                  FileKey="CommonGroundCliExe", ExeCommand=write_policy_command(),
                  Execute="deferred", Impersonate="no", Return="check")
    sequence = ET.SubElement(include, f"{{{WIX_NS}}}InstallExecuteSequence")
    # Late (after PublishProduct, 6400; before InstallFinalize, 6600), so little can fail
    # after it. A fixed number, because wixl 0.101 sorts Before/After badly: with
    # Before="InstallFinalize" it put the action ahead of InstallInitialize, where a deferred
    # action cannot run; with After="PublishProduct" it moved RemoveExistingProducts after
    # InstallFinalize. check_msi.py checks both placements in every build.
    custom = ET.SubElement(sequence, f"{{{WIX_NS}}}Custom", Action="WritePolicy",
                           Sequence="6401")
    custom.text = write_policy_condition()
    ET.indent(include)
    return b"<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(include, encoding="utf-8")


def ico_from_pngs(images: dict[int, bytes]) -> bytes:
    """An .ico holding one PNG per size (Windows Vista and later read PNG icons)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = images[size]
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def render_icon(svg: Path, target: Path) -> Path:
    """Draw the SVG at every icon size with Qt (QtSvg) and write a Windows .ico."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # (A QApplication, not a QGuiApplication: in the tests' process, widgets come later.)
    _app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise BuildError(f"the icon {svg} is not an SVG that Qt can draw")
    images = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format_ARGB32)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        images[size] = bytes(data)
    return write_atomic(target, ico_from_pngs(images))


def version_resource(version: str, exe_name: str) -> str:
    """PyInstaller's version file (a VSVersionInfo expression) for one executable."""
    numbers = tuple(int(part) for part in version.split(".")) + (0,)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": PRODUCT if exe_name == APP_EXE else f"{PRODUCT} (console)",
        "FileVersion": version, "InternalName": Path(exe_name).stem,
        "LegalCopyright": "MIT licence", "OriginalFilename": exe_name,
        "ProductName": PRODUCT, "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({key!r}, {value!r})"
                                 for key, value in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
