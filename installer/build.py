"""Build Common Ground for Windows IT: the PyInstaller folder, its selftest, then the MSI.

    python installer/build.py                  # folder + selftest + MSI in dist/
    python installer/build.py --no-msi         # only the folder and its selftest
    python installer/build.py --msi-version 0.1.1 --skip-pyinstaller   # upgrade tests
    python installer/build.py --print-version  # 0.1.<commits>, what a build is called

Steps (each can be re-run; outputs are replaced whole):

1. the icon and the Windows version resources, in build/installer/;
2. PyInstaller with installer/commonground.spec -> dist/CommonGround/ (one folder);
3. the frozen `commonground-cli selftest` on a throwaway data folder (offscreen);
4. code signing of the two programs (see SIGNING below; skipped if not configured);
5. the MSI from installer/commonground.wxs: WiX Toolset 3 (candle, light) on Windows,
   wixl (Debian/Ubuntu package `wixl`, from msitools) elsewhere;
6. code signing of the MSI.

SIGNING: set COMMONGROUND_SIGN_CERT to the Trust's code-signing certificate (.pfx) and
COMMONGROUND_SIGN_PASSWORD to its password; COMMONGROUND_SIGN_TIMESTAMP_URL overrides the
RFC 3161 timestamp server. On Windows `signtool` (Windows SDK; or set SIGNTOOL to its path)
signs the programs and the MSI. Elsewhere `osslsigncode` signs the MSI (a Linux build holds
Linux programs, which Authenticode cannot sign). Without a certificate, signing is skipped
and the build says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import msi_sources as sources

REPO, INSTALLER = sources.REPO, sources.INSTALLER
IS_WINDOWS = sys.platform == "win32"
EXE_SUFFIX = ".exe" if IS_WINDOWS else ""
APP_FOLDER = "CommonGround"
DEFAULT_TIMESTAMP_URL = "http://timestamp.digicert.com"
WIXL_HELP = ("wixl was not found. On Debian or Ubuntu: sudo apt-get install wixl msitools. "
             "On Windows the WiX Toolset 3.14 is used instead (candle.exe and light.exe).")
WIX_HELP = ("The WiX Toolset 3 (candle.exe, light.exe) was not found. Install WiX 3.14 "
            "(https://github.com/wixtoolset/wix3/releases, wix314-binaries.zip), then put its "
            "folder on PATH, set WIX to it, or pass --wix-dir.")


def say(message: str) -> None:
    print(f"[build] {message}", flush=True)


def app_version() -> str:
    """The source's version (desktop/commonground/__init__.py)."""
    namespace: dict = {}
    exec((REPO / "desktop" / "commonground" / "__init__.py").read_text(encoding="utf-8"),
         namespace)
    return namespace["__version__"]


BUILD_NUMBER_ENV = "COMMONGROUND_BUILD_NUMBER"


def commit_count(repo: Path = REPO, environ=None) -> int:
    """The number of commits up to HEAD: the build's third version number. A shallow clone
    counts too few (a CI checkout of depth 1 says 1), so it is refused."""
    environ = os.environ if environ is None else environ
    if environ.get(BUILD_NUMBER_ENV):
        value = environ[BUILD_NUMBER_ENV].strip()
        if not value.isdigit():
            raise sources.BuildError(f"{BUILD_NUMBER_ENV} must be a whole number, not {value!r}")
        return int(value)

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(repo), *args], check=True, text=True,
                                  capture_output=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError) as exc:
            raise sources.BuildError(
                f"the build number is the number of commits, but git could not count them in "
                f"{repo} ({getattr(exc, 'stderr', '') or exc}); build from a git clone, or set "
                f"{BUILD_NUMBER_ENV}") from exc
    if git("rev-parse", "--is-shallow-repository") == "true":
        raise sources.BuildError(
            f"{repo} is a shallow clone, so its commit count (the build number) is wrong: run "
            "git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0), "
            f"or set {BUILD_NUMBER_ENV}")
    return int(git("rev-list", "--count", "HEAD"))


def build_version() -> str:
    """major.minor of the source, then the commit count: 0.1.<commits>."""
    return sources.build_version(app_version(), commit_count())


def run(command: list, secret: str = "", **kwargs) -> subprocess.CompletedProcess:
    say("$ " + " ".join("***" if secret and str(part) == secret else str(part)
                        for part in command))
    try:
        return subprocess.run([str(part) for part in command], check=True, **kwargs)
    except FileNotFoundError as exc:
        raise sources.BuildError(f"{command[0]} could not be run: {exc}") from exc
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or "").strip() if isinstance(exc.stderr, str) else ""
        raise sources.BuildError(f"{Path(str(command[0])).name} failed (exit code "
                                 f"{exc.returncode}){': ' + detail if detail else ''}") from exc


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*")
               if path.is_file() and not path.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def programs_suffix(folder: Path) -> str:
    """".exe" for a Windows folder, whichever system makes the MSI from it: the Wine check
    (installer/check_wine.sh) builds the folder under Wine and its MSI with wixl on Linux."""
    return ".exe" if (folder / sources.CLI_EXE).is_file() else EXE_SUFFIX


# ----------------------------------------------------------------- the PyInstaller folder

SHIPPED = {"pyside6-essentials", "shiboken6", "pyinstaller"}   # what goes into the MSI


def pinned_toolchain_problems() -> list[str]:
    """What in this Python differs from installer/constraints.txt (what ships is pinned)."""
    from importlib import metadata

    problems = []
    for line in (INSTALLER / "constraints.txt").read_text(encoding="utf-8").splitlines():
        name, _, wanted = line.strip().partition("==")
        if not wanted or name.startswith("#") or name.lower() not in SHIPPED:
            continue
        try:
            found = metadata.version(name)
        except metadata.PackageNotFoundError:
            found = "not installed"
        if found != wanted:
            problems.append(f"{name} {found} (installer/constraints.txt pins {wanted})")
    return problems


def build_folder(work: Path, dist: Path, version: str) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise sources.BuildError("PyInstaller is not installed in this Python: "
                                 "pip install -c installer/constraints.txt -e \".[build]\"") \
            from exc
    problems = pinned_toolchain_problems()
    if problems and not os.environ.get("COMMONGROUND_ALLOW_UNPINNED"):
        raise sources.BuildError(
            "this Python does not have the pinned toolchain: " + "; ".join(problems)
            + ". Install it with pip install -c installer/constraints.txt -e \".[build]\" "
            "(or set COMMONGROUND_ALLOW_UNPINNED=1 for an experiment that will not ship).")
    icon = sources.render_icon(REPO / "resources" / "icons" / "commonground.svg",
                               work / "commonground.ico")
    env = dict(os.environ)
    # The build's version, for the frozen app to report (commonground/__init__.py reads it).
    env["COMMONGROUND_BUILD_VERSION_FILE"] = str(sources.write_atomic(
        work / "build-version.txt", f"{version}\n".encode("ascii")))
    if IS_WINDOWS:  # PyInstaller reads icons and version resources only for Windows programs
        env["COMMONGROUND_BUILD_ICON"] = str(icon)
        for key, exe in (("APP", sources.APP_EXE), ("CLI", sources.CLI_EXE)):
            path = sources.write_atomic(work / f"{Path(exe).stem}.version.txt",
                                        sources.version_resource(version, exe).encode())
            env[f"COMMONGROUND_BUILD_VERSION_{key}"] = str(path)
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", dist, "--workpath", work / "pyinstaller",
         INSTALLER / "commonground.spec"], env=env)
    folder = dist / APP_FOLDER
    for name in ("CommonGround", "commonground-cli"):
        if not (folder / f"{name}{EXE_SUFFIX}").is_file():
            raise sources.BuildError(f"PyInstaller did not make {name}{EXE_SUFFIX} in {folder}")
    return folder


def frozen_selftest(folder: Path) -> float:
    """Run the frozen console program's selftest (window offscreen); return its seconds."""
    cli = folder / f"commonground-cli{EXE_SUFFIX}"
    with tempfile.TemporaryDirectory(prefix="commonground-selftest-") as data:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COMMONGROUND_DATA_DIR=data)
        env.pop("COMMONGROUND_POLICY", None)
        started = time.perf_counter()
        result = subprocess.run([str(cli), "selftest"], env=env, capture_output=True,
                                text=True, encoding="utf-8", errors="replace", timeout=300)
        seconds = time.perf_counter() - started
    print(result.stdout.rstrip())
    if result.returncode != 0:
        raise sources.BuildError(f"the frozen selftest failed (exit code {result.returncode})"
                                 f"\n{result.stderr.strip()}")
    return seconds


# ---------------------------------------------------------------------------- signing

def signing_config() -> tuple[Path, str] | None:
    cert = os.environ.get("COMMONGROUND_SIGN_CERT")
    if not cert:
        return None
    if not Path(cert).is_file():
        raise sources.BuildError(f"COMMONGROUND_SIGN_CERT is {cert}, which is not a file")
    return Path(cert), os.environ.get("COMMONGROUND_SIGN_PASSWORD", "")


def find_signtool() -> str | None:
    """The newest x64 signtool.exe of an installed Windows SDK."""
    kits = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / \
        "Windows Kits" / "10" / "bin"
    found = sorted(kits.glob("*/x64/signtool.exe")) if kits.is_dir() else []
    return str(found[-1]) if found else None


def sign(files: list[Path], what: str) -> None:
    config = signing_config()
    if config is None:
        say(f"Signing skipped for {what}: COMMONGROUND_SIGN_CERT is not set.")
        return
    cert, password = config
    url = os.environ.get("COMMONGROUND_SIGN_TIMESTAMP_URL", DEFAULT_TIMESTAMP_URL)
    for file in files:
        if IS_WINDOWS:
            signtool = os.environ.get("SIGNTOOL") or shutil.which("signtool") \
                or find_signtool()
            if not signtool:
                raise sources.BuildError("signtool was not found: install the Windows SDK "
                                         "or set SIGNTOOL to signtool.exe")
            run([signtool, "sign", "/fd", "SHA256", "/f", cert, "/p", password, "/tr", url,
                 "/td", "SHA256", "/d", "Common Ground", file], secret=password)
        elif file.suffix.lower() == ".msi":
            tool = shutil.which("osslsigncode")
            if not tool:
                raise sources.BuildError("osslsigncode was not found: sudo apt-get install "
                                         "osslsigncode")
            signed = file.with_name(file.name + ".signed.partial")
            command = [tool, "sign", "-pkcs12", cert, "-pass", password, "-h", "sha256",
                       "-n", "Common Ground", "-in", file, "-out", signed]
            if url != "none":
                command[-4:-4] = ["-ts", url]
            run(command, secret=password, capture_output=True, text=True)
            os.replace(signed, file)
        else:
            say(f"Not signing {file.name}: Authenticode signs Windows programs only.")


# -------------------------------------------------------------------------------- MSI

def find_wix(wix_dir: str | None) -> tuple[str, str]:
    folders = [Path(wix_dir)] if wix_dir else []
    if os.environ.get("WIX"):
        folders += [Path(os.environ["WIX"]), Path(os.environ["WIX"]) / "bin"]
    for folder in folders:
        if (folder / "candle.exe").is_file() and (folder / "light.exe").is_file():
            return str(folder / "candle.exe"), str(folder / "light.exe")
    candle, light = shutil.which("candle"), shutil.which("light")
    if candle and light:
        return candle, light
    raise sources.BuildError(WIX_HELP)


def build_msi(folder: Path, work: Path, dist: Path, version: str,
              wix_dir: str | None = None) -> Path:
    msi_work = work / "msi"
    msi_work.mkdir(parents=True, exist_ok=True)
    icon = work / "commonground.ico"
    if not icon.is_file():
        sources.render_icon(REPO / "resources" / "icons" / "commonground.svg", icon)

    def reach(path: Path) -> str:  # wixl finds files only by paths relative to its folder
        return path.as_posix() if IS_WINDOWS else Path(os.path.relpath(path, msi_work)).as_posix()
    suffix = programs_suffix(folder)
    files_wxs = sources.write_atomic(msi_work / "files.wxs", sources.files_fragment(
        folder, suffix, reach(folder)))
    sources.write_atomic(msi_work / "properties.wxi", sources.properties_include())
    defines = {"Version": version, "SourceDir": reach(folder), "ExeSuffix": suffix,
               "IconFile": reach(icon)}
    target = dist / f"CommonGround-{version}-x64.msi"
    built = msi_work / target.name
    built.unlink(missing_ok=True)
    if IS_WINDOWS:
        candle, light = find_wix(wix_dir)
        run([candle, "-nologo", "-arch", "x64", "-I", msi_work, "-out", f"{msi_work}\\",
             *[f"-d{key}={value}" for key, value in defines.items()],
             INSTALLER / "commonground.wxs", files_wxs])
        run([light, "-nologo", "-spdb", "-out", built,
             msi_work / "commonground.wixobj", msi_work / "files.wixobj"])
    else:
        wixl = shutil.which("wixl")
        msibuild = shutil.which("msibuild")
        if not wixl or not msibuild:
            raise sources.BuildError(WIXL_HELP)
        command = [wixl, "-a", "x64", "-I", msi_work, "-o", built,
                   *[part for key, value in defines.items() for part in ("-D", f"{key}={value}")],
                   INSTALLER / "commonground.wxs", files_wxs]
        say("$ " + " ".join(str(part) for part in command))
        result = subprocess.run([str(part) for part in command], capture_output=True,
                                text=True, cwd=msi_work)
        # wixl does not know WiX's Secure="yes" (once per property) or MajorUpgrade's
        # Schedule and says so; both are applied to its tables below.
        noise = ("no property named 'Secure'", "no property named 'Schedule'",
                 "no property named 'AllowSameVersionUpgrades'")
        for line in (result.stdout + result.stderr).splitlines():
            if line.strip() and not any(text in line for text in noise):
                print(line)
        if result.returncode != 0 or not built.is_file():
            raise sources.BuildError(f"wixl failed (exit code {result.returncode})")
        secure = ";".join(["WIX_DOWNGRADE_DETECTED", "WIX_UPGRADE_DETECTED",
                           *sources.secure_properties()])
        # Schedule="afterInstallInitialize": the old version is removed inside the new
        # install's transaction, so a failed upgrade (a bad property) rolls back to it.
        run([msibuild, built,
             "-q", "UPDATE `Property` SET `Value` = '" + secure
             + "' WHERE `Property` = 'SecureCustomProperties'",
             "-q", "UPDATE `InstallExecuteSequence` SET `Sequence` = 1501 "
             "WHERE `Action` = 'RemoveExistingProducts'",
             # AllowSameVersionUpgrades="yes": a rebuild of the same version replaces the
             # installed one (VersionMaxInclusive) instead of installing beside it. The
             # attributes are part of the row's key, so the row is replaced.
             "-q", "DELETE FROM `Upgrade` WHERE `ActionProperty` = 'WIX_UPGRADE_DETECTED'",
             "-q", "INSERT INTO `Upgrade` (`UpgradeCode`, `VersionMax`, `Attributes`, "
             f"`ActionProperty`) VALUES ('{upgrade_code()}', '{version}', 513, "
             "'WIX_UPGRADE_DETECTED')"])
        check_tables(built, version, folder)
    sign([built], "the MSI")
    partial = target.with_name(target.name + ".partial")
    dist.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built, partial)
    os.replace(partial, target)
    return target


def upgrade_code() -> str:
    import check_msi

    return check_msi.expected_upgrade_code()


def check_tables(msi: Path, version: str, folder: Path) -> None:
    """wixl's table layout is checked on every build (WiX's is checked by installing it)."""
    import check_msi

    failed = [f"{name}: {detail}" for name, passed, detail
              in check_msi.checks(check_msi.MsiTables(msi), version, folder) if not passed]
    if failed:
        raise sources.BuildError("the MSI's tables are wrong (installer/check_msi.py):\n  "
                                 + "\n  ".join(failed))
    say("MSI tables checked (installer/check_msi.py): all passed")


# ------------------------------------------------------------------------------- main

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--msi-version", metavar="X.Y.Z",
                        help="the MSI's version (default: the build's, major.minor of the "
                             "source and the commit count); for upgrade tests")
    parser.add_argument("--print-version", action="store_true",
                        help="print the build's version and stop")
    parser.add_argument("--no-msi", action="store_true", help="stop after the folder")
    parser.add_argument("--skip-pyinstaller", action="store_true",
                        help="reuse dist/CommonGround from an earlier run")
    parser.add_argument("--dist-dir", default=str(REPO / "dist"), metavar="DIR",
                        help="where the folder and the MSI go (default: dist/)")
    parser.add_argument("--work-dir", default=str(REPO / "build" / "installer"), metavar="DIR",
                        help="scratch folder (default: build/installer/)")
    parser.add_argument("--wix-dir", metavar="DIR", help="the WiX 3 folder (Windows)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    dist, work = Path(args.dist_dir).resolve(), Path(args.work_dir).resolve()
    try:
        version = sources.check_version(args.msi_version or build_version())
        if args.print_version:
            print(version)
            return 0
        folder = dist / APP_FOLDER
        if args.skip_pyinstaller:
            if not (folder / f"commonground-cli{programs_suffix(folder)}").is_file():
                raise sources.BuildError(f"--skip-pyinstaller: there is no build in {folder}")
            say(f"Reusing {folder}")
        else:
            folder = build_folder(work, dist, version)
            seconds = frozen_selftest(folder)
            say(f"Frozen selftest passed in {seconds:.1f} s")
            sign([folder / sources.APP_EXE, folder / sources.CLI_EXE] if IS_WINDOWS else [],
                 "the programs")
        say(f"Folder: {folder} ({megabytes(folder_size(folder))})")
        if not args.no_msi:
            msi = build_msi(folder, work, dist, version, args.wix_dir)
            say(f"MSI: {msi} ({megabytes(msi.stat().st_size)})")
    except sources.BuildError as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
