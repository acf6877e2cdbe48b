"""The IT site policy: machine policy first, as Chrome, Edge, Firefox and VS Code do it.

Sources, strongest first:

1. the machine policy in the registry, ``HKLM\\SOFTWARE\\Policies\\CommonGround`` (Windows;
   Group Policy and Intune set it through ``installer/CommonGround.admx``);
2. the machine policy file: ``%ProgramData%\\CommonGround\\policy.json`` on Windows (the
   real ProgramData folder, not an environment variable a user could point elsewhere),
   ``/etc/commonground/policy.json`` elsewhere;
3. the user policy in the registry, ``HKCU\\SOFTWARE\\Policies\\CommonGround``;
4. a user file: ``--policy FILE``, else ``COMMONGROUND_POLICY`` (for development and tests).

Where a machine policy exists, a user source may not change any key the machine policy
sets, nor ever set the keys that decide where data goes, whom it trusts and what is
disclosed (role, folders, keys, data_dir, retention, small-count suppression); each value
ignored is reported. A machine policy file that users other than administrators could
change is not trusted: its values are shown and used for protocols and reports, but sync
refuses to run until it is fixed (``sync_refusal``).

Every problem is reported with its key, why and where; a broken policy never stops the app
(or its protocols) from opening: the app runs on safe defaults and shows the problems. The
schema is documented in ``installer/policy-schema.md``; the checks are in ``policy_values``.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import rights
from .policy_registry import REGISTRY_KEY, check_registry, read_registry
from .policy_values import (  # noqa: F401  (the schema's names, re-exported)
    MAX_POLICY_BYTES,
    ROLES,
    SCHEMA_VERSION,
    Checked,
    check_document,
    is_protected,
    read_json,
)

POLICY_ENV = "COMMONGROUND_POLICY"
MACHINE_REGISTRY = rf"HKLM\{REGISTRY_KEY}"
USER_REGISTRY = rf"HKCU\{REGISTRY_KEY}"


@dataclass(frozen=True)
class PolicyProblem:
    key: str
    message: str
    where: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


@dataclass(frozen=True)
class PolicySource:
    label: str              # "the machine policy file C:\ProgramData\CommonGround\policy.json"
    path: Path | None
    machine: bool
    untrusted: str | None = None   # why IT must fix it, and how


@dataclass(frozen=True)
class Site:
    name: str
    wards: tuple[str, ...] = ()
    police_force_area: str = ""
    nhs_area: str = ""          # NHS provider and ICB, or the Welsh health board


@dataclass(frozen=True)
class Policy:
    source: Path | None = None
    role: str | None = None
    site: str | None = None
    sites: tuple[Site, ...] = ()
    enrolled: tuple[tuple[str, str, str], ...] = ()   # (install id, fingerprint, name)
    folders: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    retention: dict = field(default_factory=dict)
    data_dir: str | None = None
    settings: dict = field(default_factory=dict)
    problems: tuple[PolicyProblem, ...] = ()
    sources: tuple[PolicySource, ...] = ()
    ignored: tuple[PolicyProblem, ...] = ()
    origins: dict = field(default_factory=dict)   # key -> the label of the source that set it

    def wards_for(self, site: str | None) -> tuple[str, ...]:
        for entry in self.sites:
            if entry.name == site:
                return entry.wards
        return ()

    def areas(self) -> tuple[tuple[str, str, str], ...]:
        """(site, police force area, NHS area) for each site that names one."""
        return tuple((s.name, s.police_force_area, s.nhs_area) for s in self.sites
                     if s.police_force_area or s.nhs_area)

    def setting(self, key: str, default=None):
        return self.settings.get(key, default)

    @property
    def machine(self) -> bool:
        return any(source.machine for source in self.sources)

    def set_by_machine(self, key: str) -> bool:
        return any(source.machine and source.label == self.origins.get(key)
                   for source in self.sources)

    @property
    def untrusted(self) -> tuple[str, ...]:
        return tuple(source.untrusted for source in self.sources if source.untrusted)

    def sync_refusal(self) -> str | None:
        """Why sync must not run with this policy (an untrusted machine policy), or None."""
        return " ".join(self.untrusted) or None

    def notices(self) -> list[str]:
        """Every line IT should read: untrusted files, problems, ignored values."""
        return [*self.untrusted,
                *(f"{problem.where}: {problem}" if problem.where else str(problem)
                  for problem in self.problems),
                *(str(problem) for problem in self.ignored)]

    def describe_sources(self) -> str:
        return "; ".join(source.label for source in self.sources) or "none (defaults used)"


# ---------------------------------------------------------------------------- locations

def machine_policy_path() -> Path:
    if sys.platform == "win32":
        return _program_data() / "CommonGround" / "policy.json"
    return Path("/etc/commonground/policy.json")


def _program_data() -> Path:  # pragma: no cover - Windows only
    """The real ProgramData folder (a user can set %PROGRAMDATA% to anything)."""
    import ctypes
    import uuid

    folder_id = uuid.UUID("{62AB5D82-FDC1-4DC3-A9DD-070D1D495D97}")  # FOLDERID_ProgramData
    guid = (ctypes.c_byte * 16).from_buffer_copy(folder_id.bytes_le)
    pointer = ctypes.c_wchar_p()
    try:
        if ctypes.windll.shell32.SHGetKnownFolderPath(ctypes.byref(guid), 0, None,
                                                      ctypes.byref(pointer)) == 0:
            return Path(pointer.value)
    except (AttributeError, OSError):
        pass
    finally:
        if pointer:
            ctypes.windll.ole32.CoTaskMemFree(pointer)
    return Path(os.environ.get("SystemDrive", "C:") + "\\ProgramData")


def user_policy_file(cli_value: str | None, environ) -> tuple[Path, str] | None:
    if cli_value:
        return Path(cli_value), f"--policy {cli_value}"
    if environ.get(POLICY_ENV):
        return Path(environ[POLICY_ENV]), f"{POLICY_ENV} ({environ[POLICY_ENV]})"
    return None


def find_policy(cli_value: str | None = None, environ: dict | None = None) -> Path | None:
    """The policy file that would be read first (the user's, else the machine's)."""
    environ = os.environ if environ is None else environ
    found = user_policy_file(cli_value, environ)
    if found:
        return found[0]
    candidate = machine_policy_path()
    return candidate if candidate.exists() else None


# ------------------------------------------------------------------------------ reading

def read_policy_file(path: Path) -> Checked:
    """One policy file's clean values and problems; never raises."""
    out = Checked()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            out.problem("", f"the policy file {path} is not a file")
            return out
        if info.st_size > MAX_POLICY_BYTES:
            out.problem("", f"the policy file {path} is {info.st_size:,} bytes; a policy is "
                            "never that big")
            return out
        with open(path, "rb") as handle:
            data = handle.read(MAX_POLICY_BYTES + 1)
        text = data.decode("utf-8-sig")
    except OSError as exc:
        out.problem("", f"the policy file {path} cannot be read ({exc.strerror or exc})")
        return out
    except UnicodeDecodeError:
        out.problem("", f"the policy file {path} is not UTF-8 text")
        return out
    value, why = read_json(text)
    if why:
        out.problem("", f"the policy file {path} {why}")
        return out
    return check_document(value)


def machine_file_trust(path: Path) -> str | None:
    """Why this machine policy file is not trusted, with the fix; None if only
    administrators (root) can change it."""
    found = rights.who_can_change(path)
    if not found:
        return None
    if sys.platform == "win32":
        fix = ("Repair or reinstall Common Ground's MSI, whose policy step makes the folder "
               "belong to Administrators and read-only for users, or see \"Lock the policy "
               "folder\" in docs/deploying.md")
    else:
        fix = (f"Run: sudo chown root:root {path.parent} {path} && sudo chmod 755 "
               f"{path.parent} && sudo chmod 644 {path}")
    return (f"The machine policy file {path} is not trusted, because users who are not "
            f"administrators could change it ({'; '.join(found)}). Sync is off until it is "
            f"fixed. {fix}.")


def load_policy(cli_value: str | None = None, environ: dict | None = None, *,
                registry: Callable[[str], dict | None] | None = None,
                machine_path: Path | None = None,
                trust: Callable[[Path], str | None] | None = None) -> Policy:
    """Every source, merged (machine first). ``registry``, ``machine_path`` and ``trust`` are
    for tests: a fake registry reader, another machine file, another rights check."""
    environ = os.environ if environ is None else environ
    registry = registry or read_registry
    trust = trust or machine_file_trust
    machine_path = machine_path or machine_policy_path()
    found: list[tuple[PolicySource, Checked]] = []
    machine_values = registry("HKLM")
    if machine_values:
        found.append((PolicySource(f"the machine policy in the registry ({MACHINE_REGISTRY})",
                                   None, True), check_registry(machine_values)))
    if machine_path.exists() or machine_path.is_symlink():
        found.append((PolicySource(f"the machine policy file {machine_path}", machine_path,
                                   True, trust(machine_path)), read_policy_file(machine_path)))
    user_values = registry("HKCU")
    if user_values:
        found.append((PolicySource(f"the user policy in the registry ({USER_REGISTRY})",
                                   None, False), check_registry(user_values)))
    user_file = user_policy_file(cli_value, environ)
    if user_file and not _same_file(user_file[0], machine_path):
        found.append((PolicySource(user_file[1], user_file[0], False),
                      read_policy_file(user_file[0])))
    return merge(found)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.exists() and other.exists() and os.path.samefile(one, other)
    except OSError:
        return False


def parse_policy(raw: str, path: Path | None = None) -> Policy:
    """One policy document on its own (the installer's checks, tests)."""
    value, why = read_json(raw)
    checked = Checked()
    if why:
        checked.problem("", f"the policy file {path} {why}" if path else f"the policy {why}")
    else:
        checked = check_document(value)
    return merge([(PolicySource(str(path) if path else "the policy", path, False), checked)])


def merge(found: list[tuple[PolicySource, Checked]]) -> Policy:
    """Sources strongest first: the first to set a key wins; user sources cannot override
    the machine policy or set protected keys where one exists."""
    machine = any(source.machine for source, _ in found)
    values: dict[str, object] = {}
    origins: dict[str, str] = {}
    problems: list[PolicyProblem] = []
    ignored: list[PolicyProblem] = []
    by_label = {source.label: source for source, _ in found}
    for source, checked in found:
        problems += [PolicyProblem(key, message, source.label)
                     for key, message in checked.problems]
        for key, value in checked.values.items():
            if key in values:
                if not source.machine and by_label[origins[key]].machine:
                    ignored.append(PolicyProblem(key, f"{source.label} sets it too, and is "
                                                      f"ignored: {origins[key]} sets it",
                                                 source.label))
                continue
            if machine and not source.machine and is_protected(key):
                ignored.append(PolicyProblem(key, f"{source.label} sets it, and is ignored: "
                                                  "where there is a machine policy, only it "
                                                  "may set this", source.label))
                continue
            values[key] = value
            origins[key] = source.label

    def group(prefix: str) -> dict:
        return {key[len(prefix) + 1:]: value for key, value in values.items()
                if key.startswith(prefix + ".")}
    settings = {key: values[key] for key in ("cctv_retention_days", "suppress_small_counts",
                                             "small_count_threshold", "notice_working_days",
                                             "shared_login", "agency", "staff_role")
                if key in values}
    if "police_need_file" in values:
        settings["police_need_file"] = os.path.expandvars(str(values["police_need_file"]))
    first_file = next((source.path for source, _ in found if source.path), None)
    return Policy(
        source=first_file, role=values.get("role"), site=values.get("site"),
        sites=tuple(Site(*entry) for entry in values.get("sites", ())),
        enrolled=tuple(values.get("enrolled", ())),
        folders=group("folders"), keys=group("keys"), contacts=group("contacts"),
        retention=group("retention"), data_dir=values.get("data_dir"), settings=settings,
        problems=tuple(problems), sources=tuple(source for source, _ in found),
        ignored=tuple(ignored), origins=origins)
