"""The IT site policy: a JSON file that presets this install.

Looked for in ``--policy FILE``, then ``COMMONGROUND_POLICY``, then the machine-wide
location (``%ProgramData%\\CommonGround\\policy.json`` on Windows,
``/etc/commonground/policy.json`` elsewhere). Every problem is reported with its key and
why; a broken policy never stops the app (or its protocols) from opening: the app runs on
safe defaults and shows the problems.

The schema is documented in ``installer/policy-schema.md``.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

POLICY_ENV = "COMMONGROUND_POLICY"
SCHEMA_VERSION = 1
ROLES = ("frontline", "advisor", "committee")
MAX_POLICY_BYTES = 1_000_000


@dataclass(frozen=True)
class PolicyProblem:
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


@dataclass(frozen=True)
class Site:
    name: str
    wards: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    source: Path | None = None
    role: str | None = None
    site: str | None = None
    sites: tuple[Site, ...] = ()
    folders: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    retention: dict = field(default_factory=dict)
    data_dir: str | None = None
    settings: dict = field(default_factory=dict)
    problems: tuple[PolicyProblem, ...] = ()

    def wards_for(self, site: str | None) -> tuple[str, ...]:
        for entry in self.sites:
            if entry.name == site:
                return entry.wards
        return ()

    def setting(self, key: str, default=None):
        return self.settings.get(key, default)


def machine_policy_path() -> Path:
    if sys.platform == "win32":
        base = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(base) / "CommonGround" / "policy.json"
    return Path("/etc/commonground/policy.json")


def find_policy(cli_value: str | None = None, environ: dict | None = None) -> Path | None:
    environ = os.environ if environ is None else environ
    if cli_value:
        return Path(cli_value)
    if environ.get(POLICY_ENV):
        return Path(environ[POLICY_ENV])
    candidate = machine_policy_path()
    return candidate if candidate.exists() else None


def load_policy(cli_value: str | None = None, environ: dict | None = None) -> Policy:
    path = find_policy(cli_value, environ)
    if path is None:
        return Policy()
    try:
        size = path.stat().st_size
        if size > MAX_POLICY_BYTES:
            return Policy(source=path, problems=(PolicyProblem(
                "", f"the policy file {path} is {size:,} bytes; a policy is never that big"),))
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        return Policy(source=path, problems=(PolicyProblem(
            "", f"the policy file {path} cannot be read ({exc.strerror or exc})"),))
    except UnicodeDecodeError:
        return Policy(source=path, problems=(PolicyProblem(
            "", f"the policy file {path} is not UTF-8 text"),))
    return parse_policy(raw, path)


# Texts that name a file on this computer or a share (a site's own question file for the
# "Does this need police?" aid, when its local agreement words things differently).
_STRING_SETTINGS = {"police_need_file"}
_INT_SETTINGS = {"cctv_retention_days": (1, 3650), "small_count_threshold": (1, 100),
                 "notice_working_days": (0, 30)}
_BOOL_SETTINGS = {"suppress_small_counts"}
_KNOWN = {"schema", "role", "site", "sites", "folders", "keys", "contacts", "retention",
          "data_dir"} | set(_INT_SETTINGS) | _BOOL_SETTINGS | _STRING_SETTINGS


def parse_policy(raw: str, path: Path | None = None) -> Policy:
    problems: list[PolicyProblem] = []
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Policy(source=path, problems=(PolicyProblem(
            "", f"the policy file is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                f"{exc.msg})"),))
    if not isinstance(data, dict):
        return Policy(source=path, problems=(PolicyProblem(
            "", "the policy file must hold a JSON object ({ ... })"),))

    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        problems.append(PolicyProblem("schema", f"this version of Common Ground reads schema "
                                                f"{SCHEMA_VERSION}, not {schema!r}"))

    def text(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            problems.append(PolicyProblem(key, "must be a non-empty text"))
            return None
        return value.strip()

    role = text("role")
    if role is not None and role not in ROLES:
        problems.append(PolicyProblem("role", f"must be one of {', '.join(ROLES)}, not "
                                              f"{role!r}"))
        role = None

    sites: list[Site] = []
    raw_sites = data.get("sites", [])
    if not isinstance(raw_sites, list):
        problems.append(PolicyProblem("sites", "must be a list of {\"name\": ..., "
                                               "\"wards\": [...]}"))
        raw_sites = []
    for index, entry in enumerate(raw_sites):
        key = f"sites[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not entry["name"].strip():
            problems.append(PolicyProblem(key, "needs a \"name\" (text)"))
            continue
        wards = entry.get("wards", [])
        if not isinstance(wards, list) or not all(isinstance(w, str) and w.strip()
                                                   for w in wards):
            problems.append(PolicyProblem(f"{key}.wards", "must be a list of ward names"))
            wards = []
        sites.append(Site(entry["name"].strip(), tuple(w.strip() for w in wards)))

    def mapping(key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            problems.append(PolicyProblem(key, "must be an object of names and texts"))
            return {}
        clean = {}
        for name, item in value.items():
            if isinstance(item, str):
                clean[str(name)] = item
            elif isinstance(item, (int, float)) and not isinstance(item, bool):
                clean[str(name)] = item
            else:
                problems.append(PolicyProblem(f"{key}.{name}", "must be a text or a number"))
        return clean

    settings = _settings(data, problems)
    for key in sorted(set(data) - _KNOWN):
        problems.append(PolicyProblem(key, "is not a setting this version knows; ignored"))

    return Policy(
        source=path, role=role, site=text("site"), sites=tuple(sites),
        folders=mapping("folders"), keys=mapping("keys"),
        contacts={k: str(v) for k, v in mapping("contacts").items()},
        retention=mapping("retention"), data_dir=text("data_dir"), settings=settings,
        problems=tuple(problems),
    )


def _settings(data: dict, problems: list[PolicyProblem]) -> dict:
    """The single-value settings (numbers, true/false, file paths), each checked."""
    settings: dict = {}
    for key, (low, high) in _INT_SETTINGS.items():
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.append(PolicyProblem(key, f"must be a whole number from {low} to "
                                                   f"{high}, not {value!r}"))
            else:
                settings[key] = value
    for key in _STRING_SETTINGS:
        if key in data:
            value = data[key]
            if isinstance(value, str) and value.strip():
                settings[key] = os.path.expandvars(value.strip())
            else:
                problems.append(PolicyProblem(key, "must be a non-empty text (a file path)"))
    for key in _BOOL_SETTINGS:
        if key in data:
            if isinstance(data[key], bool):
                settings[key] = data[key]
            else:
                problems.append(PolicyProblem(key, f"must be true or false, not {data[key]!r}"))
    return settings
