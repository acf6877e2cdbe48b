"""The Windows installer's sources: the WiX files, the generated parts, the spec, the docs.

Cheap checks that need no Windows. The MSI itself is built and checked with wixl when it
is installed (the last test), by installer/check_linux.sh, and installed for real by
.github/workflows/windows-installer.yml.
"""

import ast
import importlib.util
import json
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground import install_policy
from commonground.core.sync.engine import FOLDER_NAMES
from commonground.install_policy import ALL_PROPERTIES
from commonground.policy import parse_policy
from tests.conftest import REPO

INSTALLER = REPO / "installer"
sys.path.insert(0, str(INSTALLER))
import msi_sources  # noqa: E402

# Generated once and recorded here as well as in commonground.wxs: Windows recognises an
# upgrade by it, so it must never change.
UPGRADE_CODE = "2CCB18F0-9C15-4651-93FE-FE41FAFFE1A5"
W = "{http://schemas.microsoft.com/wix/2006/wi}"


def parse_with_instructions(path):
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_pis=True))
    return ET.parse(path, parser).getroot()


def load_installer_module(name):
    spec = importlib.util.spec_from_file_location(f"cg_installer_{name}", INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------- the WiX source

def test_the_product_keeps_its_upgrade_code_and_is_per_machine():
    wix = parse_with_instructions(INSTALLER / "commonground.wxs")
    product = wix.find(f"{W}Product")
    assert product.get("UpgradeCode") == UPGRADE_CODE
    assert product.get("Id") == "*"  # a new ProductCode every build: major upgrades
    assert product.find(f"{W}Package").get("InstallScope") == "perMachine"
    major = product.find(f"{W}MajorUpgrade")
    assert "newer version" in major.get("DowngradeErrorMessage")
    assert major.get("AllowDowngrades") in (None, "no")
    assert major.get("Schedule") == "afterInstallInitialize"  # a failed upgrade rolls back
    # Found: a rebuild of the same version installed beside the old one.
    assert major.get("AllowSameVersionUpgrades") == "yes"
    assert any(node.tag is ET.PI and "include properties.wxi" in node.text
               for node in product.iter())


def test_programs_shortcut_and_add_remove_programs_entry():
    product = parse_with_instructions(INSTALLER / "commonground.wxs").find(f"{W}Product")
    dirs = {d.get("Id"): d for d in product.iter(f"{W}Directory")}
    assert dirs["INSTALLDIR"] in list(dirs["ProgramFiles64Folder"])
    files = {f.get("Id"): f for f in product.iter(f"{W}File")}
    assert files["CommonGroundExe"].get("Name") == msi_sources.APP_EXE
    assert files["CommonGroundCliExe"].get("Name") == msi_sources.CLI_EXE
    shortcut = files["CommonGroundExe"].find(f"{W}Shortcut")
    assert shortcut.get("Directory") == "ProgramMenuFolder"
    properties = {p.get("Id"): p.get("Value") for p in product.iter(f"{W}Property")}
    icons = {icon.get("Id") for icon in product.iter(f"{W}Icon")}
    assert properties["ARPPRODUCTICON"] in icons and shortcut.get("Icon") in icons
    assert shortcut.get("Icon").endswith(".exe")  # ICE50: the icon matches the .exe target
    assert properties["DISABLEADVTSHORTCUTS"] == "1"
    refs = {ref.get("Id") for ref in product.iter(f"{W}ComponentGroupRef")}
    assert refs == {"BundleFiles"}
    assert not {"AppDataFolder", "LocalAppDataFolder", "PersonalFolder"} & set(dirs)


def test_the_generated_properties_include_writes_the_policy_late_as_system():
    include = ET.fromstring(msi_sources.properties_include())
    secure = [p.get("Id") for p in include.iter(f"{W}Property") if p.get("Secure") == "yes"]
    assert secure == [prop.name for prop in ALL_PROPERTIES]
    action = include.find(f"{W}CustomAction")
    assert action.get("FileKey") == "CommonGroundCliExe"
    assert (action.get("Execute"), action.get("Impersonate"), action.get("Return")) == (
        "deferred", "no", "check")
    custom = include.find(f"{W}InstallExecuteSequence/{W}Custom")
    assert custom.get("Action") == "WritePolicy"
    assert 6400 < int(custom.get("Sequence")) < 6600  # PublishProduct < it < InstallFinalize
    # Every install, upgrade and repair (it also locks the policy folder); never uninstall.
    assert custom.text == 'NOT (REMOVE~="ALL")'


# ------------------------------------------- property values through the Windows command line

def windows_argv(command_line: str) -> list[str]:
    """Split a command line as the Microsoft C runtime does (what the frozen Python sees)."""
    args, current, in_quotes, index, started = [], "", False, 0, False
    while index < len(command_line):
        char = command_line[index]
        if char == "\\":
            run = len(command_line[index:]) - len(command_line[index:].lstrip("\\"))
            if index + run < len(command_line) and command_line[index + run] == '"':
                current += "\\" * (run // 2)
                index += run
                if run % 2:
                    current += '"'
                    index += 1
                started = True
                continue
            current += "\\" * run
            index += run
            started = True
            continue
        if char == '"':
            if in_quotes and command_line[index + 1:index + 2] == '"':
                current += '"'
                index += 2
                continue
            in_quotes = not in_quotes
            started = True
        elif char in " \t" and not in_quotes:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current += char
            started = True
        index += 1
    if started:
        args.append(current)
    return args


def through_msi(values: dict[str, str]) -> dict[str, str]:
    """Format the MSI's command line with these property values, as Windows Installer does,
    split it as Windows does, and parse it as write-policy does."""
    command = re.sub(r"\[([A-Z_]+)\]", lambda m: values.get(m.group(1), ""),
                     msi_sources.write_policy_command())
    argv = windows_argv(command)
    assert argv[0] == "write-policy"
    parsed = install_policy.build_parser().parse_args(argv[1:])
    return {prop.name: getattr(parsed, prop.name).strip() for prop in ALL_PROPERTIES}


def test_a_folder_ending_in_a_backslash_does_not_swallow_the_next_property():
    got = through_msi({"UPWARD_FOLDER": "\\\\server\\share\\upward\\", "SITE": "North Borough",
                       "DOWNWARD_FOLDER": "D:\\down\\\\", "ROLE": "frontline"})
    assert got["UPWARD_FOLDER"] == "\\\\server\\share\\upward\\"
    assert got["DOWNWARD_FOLDER"] == "D:\\down\\\\"
    assert got["SITE"] == "North Borough" and got["ROLE"] == "frontline"
    assert got["COMMITTEE_KEY"] == ""


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([prop.name for prop in ALL_PROPERTIES]),
                       st.text(st.characters(blacklist_characters='"', blacklist_categories=(
                           "Cc", "Cs", "Zl", "Zp")), max_size=40)))
def test_any_value_without_a_double_quote_arrives_intact(values):
    got = through_msi(values)
    for prop in ALL_PROPERTIES:
        assert got[prop.name] == values.get(prop.name, "").strip()


# ---------------------------------------------------------------- the generated file list

@pytest.fixture
def fake_bundle(tmp_path):
    bundle = tmp_path / "CommonGround"
    for relative in ("CommonGround", "commonground-cli", "_internal/base_library.zip",
                     "_internal/PySide6/Qt/plugins/platforms/libqxcb.so"):
        (bundle / relative).parent.mkdir(parents=True, exist_ok=True)
        (bundle / relative).write_bytes(b"x" * 10)
    shutil.copytree(REPO / "protocols_md", bundle / "_internal" / "protocols_md")
    (bundle / "_internal" / "libQt6Gui.so.6").symlink_to("PySide6/Qt/plugins/platforms/libqxcb.so")
    return bundle


def test_the_file_list_is_stable_and_leaves_out_programs_and_links(fake_bundle):
    first = msi_sources.files_fragment(fake_bundle, "", "../src")
    assert first == msi_sources.files_fragment(fake_bundle, "", "../src")
    root = ET.fromstring(first)
    names = [f.get("Name") for f in root.iter(f"{W}File")]
    assert "CommonGround" not in names and "commonground-cli" not in names
    assert "libQt6Gui.so.6" not in names and "libqxcb.so" in names
    ids = [e.get("Id") for kind in ("Directory", "Component", "File")
           for e in root.iter(f"{W}{kind}")]
    assert len(ids) == len(set(ids)) and all(len(i) <= 72 and i[0].isalpha() for i in ids)
    refs = [ref.get("Id") for ref in root.iter(f"{W}ComponentRef")]
    assert refs == [c.get("Id") for c in root.iter(f"{W}Component")]
    guids = [c.get("Guid") for c in root.iter(f"{W}Component")]
    assert msi_sources.component_guid("_internal/base_library.zip") in guids
    assert all(f.get("Source").startswith("../src/_internal/") for f in root.iter(f"{W}File"))


@pytest.mark.parametrize("version, ok", [("0.1.0", True), ("255.255.65535", True),
                                         ("1.2", False), ("1.2.3.4", False),
                                         ("256.0.0", False), ("1.0.0-beta", False)])
def test_msi_versions_are_three_numbers_windows_installer_compares(version, ok):
    if ok:
        assert msi_sources.check_version(version) == version
    else:
        with pytest.raises(msi_sources.BuildError):
            msi_sources.check_version(version)


def test_every_build_is_called_major_minor_commits(tmp_path):
    build = load_installer_module("build")
    assert msi_sources.build_version("0.1.0", 54) == "0.1.54"
    assert msi_sources.build_version("2.7.3", 65535) == "2.7.65535"
    with pytest.raises(msi_sources.BuildError):
        msi_sources.build_version("0.1.0", 65536)
    if shutil.which("git") is None:   # the Wine check's Windows has none
        pytest.skip("git is not installed, so the commit count cannot be checked here (the "
                    "Wine check counts on Linux and passes COMMONGROUND_BUILD_NUMBER)")
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for number in range(3):
        (repo / "f").write_text(str(number))
        subprocess.run([*git, str(repo), "add", "f"], check=True)
        subprocess.run([*git, str(repo), "commit", "-qm", str(number)], check=True)
    assert build.commit_count(repo, environ={}) == 3
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)],
                   check=True)
    with pytest.raises(msi_sources.BuildError, match="shallow clone.*fetch-depth: 0"):
        build.commit_count(shallow, environ={})
    assert build.commit_count(shallow, environ={"COMMONGROUND_BUILD_NUMBER": "77"}) == 77
    with pytest.raises(msi_sources.BuildError, match="git could not count them"):
        build.commit_count(tmp_path, environ={})


def test_a_build_reports_the_version_written_beside_its_code(tmp_path, monkeypatch):
    (tmp_path / "build-version.txt").write_text("0.1.54\n", encoding="ascii")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    namespace: dict = {}
    exec((REPO / "desktop" / "commonground" / "__init__.py").read_text("utf-8"), namespace)
    assert namespace["__version__"] == "0.1.54"


def test_the_icon_file_lists_each_png_where_it_is():
    images = {16: b"\x89PNG-sixteen", 256: b"\x89PNG-big"}
    ico = msi_sources.ico_from_pngs(images)
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 2)
    for index, (size, data) in enumerate(sorted(images.items())):
        width, _, _, _, _, bits, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index:22 + 16 * index])
        assert (width or 256) == size and bits == 32 and ico[offset:offset + length] == data


# ------------------------------------------------------------------- the PyInstaller spec

def spec_list(name):
    tree = ast.parse((INSTALLER / "commonground.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not in the spec")


def test_the_spec_excludes_nothing_the_app_imports():
    imported = set()
    for path in (REPO / "desktop" / "commonground").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module)
                imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    excluded = set(spec_list("EXCLUDED_MODULES"))
    clashes = {name for name in imported
               if any(name == ex or name.startswith(ex + ".") for ex in excluded)}
    assert clashes == set(), f"the app imports modules the spec leaves out: {clashes}"
    assert "PySide6.QtSvg" not in excluded  # the window icon is an SVG
    assert {"qsvg", "qico"} <= set(spec_list("KEPT_PLUGINS")["imageformats"])


# ----------------------------------------------------------------- the policy template, docs

def test_the_policy_template_is_a_policy_with_every_key():
    raw = (INSTALLER / "policy-template.json").read_text(encoding="utf-8")
    # Its only problems are the three placeholder keys, which IT must replace.
    problems = parse_policy(raw).problems
    assert sorted(p.key for p in problems) == ["keys.advisor_encryption",
                                               "keys.advisor_signing", "keys.committee_signing"]
    assert all("is not a Common Ground key" in p.message for p in problems)
    template = json.loads(raw)
    contacts = json.loads((REPO / "resources" / "local_contacts.json").read_text("utf-8"))
    assert set(template["contacts"]) == set(contacts)
    assert set(template["folders"]) == set(FOLDER_NAMES)
    keys_with_property = {prop.key[1] for prop in ALL_PROPERTIES if prop.key[:1] == ("keys",)}
    assert set(template["keys"]) == keys_with_property
    for key in ("sites", "retention", "cctv_retention_days", "suppress_small_counts",
                "small_count_threshold"):
        assert key in template


def property_rows(text: str) -> dict[str, str]:
    """`NAME` -> second column, from a Markdown table whose first column is `NAME`."""
    return dict(re.findall(r"^\| `([A-Z_]+)` \| ([^|]*) \|", text, flags=re.MULTILINE))


def readme_section(title: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def test_the_readme_it_section_follows_the_site_policy_and_lists_every_property():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    position = headings.index("Site policy (for IT)")
    assert headings[position + 1] == "Installing on Windows (for IT)"
    section = readme_section("Installing on Windows (for IT)")
    assert list(property_rows(section)) == [prop.name for prop in ALL_PROPERTIES]
    for needed in ("msiexec /i", "msiexec /x", "/qn", "%LOCALAPPDATA%\\CommonGround",
                   "commonground-cli.exe", "selftest", "python installer/build.py",
                   "bash installer/check_linux.sh", "COMMONGROUND_SIGN_CERT"):
        assert needed in section, needed


def test_the_schema_lists_every_property_with_its_key():
    schema = (INSTALLER / "policy-schema.md").read_text(encoding="utf-8")
    rows = property_rows(schema[schema.index("## Setting it from the installer"):])
    assert list(rows) == [prop.name for prop in ALL_PROPERTIES]
    for prop in install_policy.PROPERTIES:
        assert rows[prop.name].strip() == f"`{prop.policy_key}`"


# ------------------------------------------------------------- the real MSI, where wixl is

needs_wixl = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("wixl", "msibuild", "msiinfo")),
    reason="wixl and msitools are not installed (apt-get install wixl msitools)")


@pytest.fixture
def drawn_icon(tmp_path):
    """The icon build_msi would otherwise draw with Qt (test_the_icon_is_drawn_...), so
    that the MSI tests need no Qt and run in the Wine check's Qt-free selection."""
    icon = tmp_path / "work" / "commonground.ico"
    icon.parent.mkdir(parents=True, exist_ok=True)
    icon.write_bytes(msi_sources.ico_from_pngs({16: b"\x89PNG\r\n\x1a\n"}))
    return icon


def test_the_icon_is_drawn_at_every_size(qapp, tmp_path):
    icon = msi_sources.render_icon(REPO / "resources" / "icons" / "commonground.svg",
                                   tmp_path / "commonground.ico")
    data = icon.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(msi_sources.ICON_SIZES))
    for index, size in enumerate(sorted(msi_sources.ICON_SIZES)):
        width, _, _, _, _, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index:22 + 16 * index])
        assert (width or 256) == size and bits == 32
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"


@needs_wixl
def test_wixl_builds_an_msi_whose_tables_pass_every_check(fake_bundle, drawn_icon, tmp_path):
    build = load_installer_module("build")
    check_msi = load_installer_module("check_msi")
    msi = build.build_msi(fake_bundle, tmp_path / "work", tmp_path / "dist", "1.2.3")
    assert msi.name == "CommonGround-1.2.3-x64.msi"
    failed = [(name, detail) for name, passed, detail
              in check_msi.checks(check_msi.MsiTables(msi), "1.2.3", fake_bundle) if not passed]
    assert failed == []
    assert not list((tmp_path / "dist").glob("*.partial"))


@needs_wixl
def test_wixl_makes_the_msi_of_a_windows_folder_built_under_wine(fake_bundle, drawn_icon,
                                                                 tmp_path):
    # The Wine check (installer/check_wine.sh) builds the Windows folder under Wine, then
    # its MSI here with the same build_msi: the programs are the folder's .exe files.
    for name in ("CommonGround", "commonground-cli"):
        (fake_bundle / name).rename(fake_bundle / f"{name}.exe")
    build = load_installer_module("build")
    check_msi = load_installer_module("check_msi")
    msi = build.build_msi(fake_bundle, tmp_path / "work", tmp_path / "dist", "1.2.3")
    tables = check_msi.MsiTables(msi)
    failed = [(name, detail) for name, passed, detail
              in check_msi.checks(tables, "1.2.3", fake_bundle) if not passed]
    assert failed == []
    files = (tmp_path / "work" / "msi" / "files.wxs").read_text("utf-8")
    assert "CommonGround.exe" not in files and "commonground-cli.exe" not in files


# ------------------------------------------------------ CI is never green without an MSI

@pytest.mark.skipif(sys.platform == "win32", reason="the checks are Linux shell scripts")
@pytest.mark.parametrize("script, check, missing", [
    ("check_linux.sh", "installer check", "wixl and msitools could not be installed"),
    ("check_wine.sh", "wine check", "Wine, wixl, msitools or mingw-w64 could not be installed"),
])
@pytest.mark.parametrize("ci, code, word", [("true", 1, "FAILED"), ("", 0, "SKIPPED")])
def test_ci_fails_when_the_installer_cannot_be_built_and_shows_apts_output(tmp_path, ci,
                                                                          code, word, script,
                                                                          check, missing):
    # Found: check_linux.sh printed SKIPPED and exited 0 when it could not install wixl,
    # hiding apt's output, so CI could be green with no installer built. The Wine check
    # (the Windows build and msiexec) behaves the same.
    fake = tmp_path / "bin"
    fake.mkdir()
    for name, body in (("dpkg", "exit 1"), ("sudo", 'exec "$@"'),
                       ("apt-get", "echo 'E: Unable to locate package wixl' >&2; exit 100")):
        (fake / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (fake / name).chmod(0o755)
    env = {"PATH": f"{fake}:/usr/bin:/bin", "HOME": str(tmp_path), "CI": ci}
    result = subprocess.run(["bash", str(INSTALLER / script)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == code, result.stdout + result.stderr
    assert f"{check} {word}: {missing}" in result.stdout
    assert "E: Unable to locate package wixl" in result.stdout or \
        "apt-get needs root" in result.stdout
