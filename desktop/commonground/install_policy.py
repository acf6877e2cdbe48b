"""The installer's hidden step: write the machine-wide site policy from the MSI's properties.

IT deploys with ``msiexec /i CommonGround.msi /qn ROLE=frontline SITE="North Borough" ...``.
After the files are in place the MSI runs, as SYSTEM, the installed console program:

    commonground-cli.exe write-policy --role="[ROLE] " --site="[SITE] " ...

Every value is quoted with a space before the closing quote, so a folder ending in a
backslash cannot swallow the quote, and follows its option after "=", so a value that
looks like an option is still a value. Values are stripped; an empty value means "not
given". Then:

- nothing given: an existing policy file is left exactly as it is (an upgrade pushed
  without properties), and none is created;
- something given: every given value is checked first (by the parser the app itself uses,
  plus the key formats); a bad value writes nothing and fails the install (exit code 2),
  naming the property and why;
- good values are merged into the existing policy (or into ``POLICY_FILE``, a whole policy
  to start from), so keys that have no property (sites, contacts) survive; the file is
  written atomically and the file it replaces is kept as ``policy.json.previous``.

The outcome is also written to ``install-policy.log`` beside the policy, because the
MSI's own log only records the exit code. The schema is in ``installer/policy-schema.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from . import __version__, install_folders
from .core.errors import UserError
from .core.storage.atomic import write_bytes_atomic
from .policy import MAX_POLICY_BYTES, SCHEMA_VERSION, machine_policy_path, parse_policy
from .policy_values import load_document, looks_absolute

EXIT_OK, EXIT_FAIL, EXIT_INVALID = 0, 1, 2
LOG_NAME = "install-policy.log"
PREVIOUS_SUFFIX = ".previous"


@dataclass(frozen=True)
class InstallProperty:
    """One MSI property and the policy key it sets."""

    name: str
    key: tuple[str, ...]
    meaning: str
    kind: str = "text"  # text, role, folder, local_folder, signing_key, encryption_key

    @property
    def option(self) -> str:
        return "--" + self.name.lower().replace("_", "-")

    @property
    def policy_key(self) -> str:
        return ".".join(self.key)


PROPERTIES: tuple[InstallProperty, ...] = (
    InstallProperty("ROLE", ("role",), "frontline, advisor or committee", "role"),
    InstallProperty("SITE", ("site",), "this computer's site, preselected in reports"),
    InstallProperty("UPWARD_FOLDER", ("folders", "upward"),
                    "reports and acknowledgements go to the advisor through it", "folder"),
    InstallProperty("DOWNWARD_FOLDER", ("folders", "downward"),
                    "receipts and case news come from the advisor through it", "folder"),
    InstallProperty("COMMITTEE_FOLDER", ("folders", "committee"),
                    "de-identified data from the advisor to the committee", "folder"),
    InstallProperty("PROTOCOL_FOLDER", ("folders", "protocols"),
                    "protocol packs from the committee", "folder"),
    InstallProperty("ADVISOR_ENCRYPTION_KEY", ("keys", "advisor_encryption"),
                    "the advisor hub's public key that reports are encrypted to",
                    "encryption_key"),
    InstallProperty("ADVISOR_SIGNING_KEY", ("keys", "advisor_signing"),
                    "the advisor hub's public signing key", "signing_key"),
    InstallProperty("COMMITTEE_KEY", ("keys", "committee_signing"),
                    "the committee's public signing key (protocol packs)", "signing_key"),
    InstallProperty("DATA_DIR", ("data_dir",),
                    "a data folder on this computer's disk instead of each user's profile",
                    "local_folder"),
)
POLICY_FILE = InstallProperty("POLICY_FILE", (), "a whole policy file to start from; the "
                              "other properties override its keys", "file")
ALL_PROPERTIES: tuple[InstallProperty, ...] = (POLICY_FILE, *PROPERTIES)


class InstallPolicyError(UserError):
    """Problems IT can fix; each names its property."""

    def __init__(self, *problems: str):
        super().__init__("; ".join(problems))
        self.problems = problems


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # never exit from inside the installer: report and fail
        raise InstallPolicyError(f"the installer passed arguments that cannot be read "
                                 f"({message}); a property value may contain a double quote")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="commonground write-policy", add_help=False, allow_abbrev=False,
                     description="(used by the Windows installer) write the machine-wide "
                                 "site policy from installer properties")
    for prop in ALL_PROPERTIES:
        parser.add_argument(prop.option, dest=prop.name, default="", metavar="VALUE")
    parser.add_argument("--target", default=None, metavar="FILE",
                        help="the policy file to write (default: the machine-wide one)")
    return parser


def check_value(prop: InstallProperty, value: str) -> str | None:
    """Why this value cannot be used for this property, or None."""
    if prop.kind in ("folder", "local_folder") and not looks_absolute(value):
        return (f"must be a full folder path such as \\\\server\\share\\commonground or "
                f"D:\\CommonGround, not {value!r}")
    if prop.kind == "local_folder" and value.startswith(("\\\\", "//")):
        return (f"must be a folder on this computer's own disk, not a network path "
                f"({value}): the database can be damaged on a shared folder")
    if prop.kind in ("signing_key", "encryption_key"):
        from .core.sync import keys
        loader = keys.load_signing_public if prop.kind == "signing_key" \
            else keys.load_encryption_public
        try:
            loader(value)
        except keys.KeyError_ as exc:
            return f"{exc} Copy it from `commonground keys show` on that computer."
    return None


def nest(values: dict[str, str]) -> dict:
    """{"UPWARD_FOLDER": "x"} -> {"folders": {"upward": "x"}}."""
    document: dict = {}
    for prop in PROPERTIES:
        if prop.name in values:
            place = document
            for part in prop.key[:-1]:
                place = place.setdefault(part, {})
            place[prop.key[-1]] = values[prop.name]
    return document


def merge(base: dict, updates: dict) -> dict:
    merged = dict(base)
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def validate_properties(values: dict[str, str]) -> list[str]:
    """Every problem with the given property values, each naming its property."""
    from_parser = {problem.key: problem.message
                   for problem in parse_policy(json.dumps(nest(values))).problems}
    problems = []
    for prop in PROPERTIES:
        if prop.name in values:
            parsed_why = from_parser.pop(prop.policy_key, None)
            why = check_value(prop, values[prop.name]) or parsed_why
            if why:
                problems.append(f"{prop.name}: {why}")
    problems += [f"{key}: {message}" for key, message in from_parser.items()]
    return problems


def read_policy_file(path: Path, overridden: frozenset[str] = frozenset()) -> dict:
    """A whole policy file named by POLICY_FILE: it must be a policy with no problems
    (values that given properties replace are not checked)."""
    try:
        if path.stat().st_size > MAX_POLICY_BYTES:
            raise InstallPolicyError(f"POLICY_FILE: {path} is too big to be a policy file")
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InstallPolicyError(f"POLICY_FILE: {path} cannot be read "
                                 f"({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InstallPolicyError(f"POLICY_FILE: {path} is not UTF-8 text") from exc
    replaced = {prop.policy_key for prop in PROPERTIES if prop.name in overridden}
    found = [problem for problem in parse_policy(raw, path).problems
             if problem.key not in replaced]
    data = load_document(raw) if not any(problem.key == "" for problem in found) else {}
    problems = [str(problem) for problem in found]
    for prop in PROPERTIES:  # the properties' own checks say more (which kind of key)
        if prop.name in overridden:
            continue
        value = data
        for part in prop.key:
            value = value.get(part) if isinstance(value, dict) else None
        why = check_value(prop, value.strip()) if isinstance(value, str) else None
        if why:
            problems = [text for text in problems if not text.startswith(prop.policy_key + ":")]
            problems.append(f"{prop.policy_key}: {why}")
    if problems:
        raise InstallPolicyError(*(f"POLICY_FILE {path}: {problem}" for problem in problems))
    return data


def _existing(target: Path) -> tuple[dict | None, str | None]:
    """The current policy as a dict, and its raw text (None, None if there is none)."""
    try:
        raw = target.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError):
        return None, ""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return None, raw
    return (data if isinstance(data, dict) else None), raw


def write_policy(values: dict[str, str], target: Path, *, now: dt.datetime | None = None,
                 folders=None) -> list[str]:
    """Lock the policy folder, make DATA_DIR, and write the policy from the given (non-empty)
    property values; return what was done. ``folders``: the folder operations (a fake in
    tests; the platform's otherwise).

    Raises InstallPolicyError, having changed nothing, if any value is unusable.
    """
    now = now or dt.datetime.now()
    values = {name: value.strip() for name, value in values.items() if value.strip()}
    if values.get("ROLE"):
        values["ROLE"] = values["ROLE"].lower()
    policy_file = values.pop(POLICY_FILE.name, None)
    problems = validate_properties(values)
    if problems:
        raise InstallPolicyError(*problems)
    from_file = read_policy_file(Path(policy_file), frozenset(values)) if policy_file else None
    # Every install, upgrade and repair: the folder belongs to Administrators, users read.
    done, trusted = install_folders.secure_policy_folder(target.parent, folders, now)
    if not values and from_file is None:
        state = "was left as it is" if target.exists() else "was not created (the app " \
                "asks for the role at first start)"
        return [*done, f"No installer properties were given, so {target} {state}."]
    if values.get("DATA_DIR"):
        done += install_folders.prepare_data_folder(values["DATA_DIR"], folders)
    current, raw = _existing(target) if trusted else (None, None)
    if from_file is not None:
        base = from_file
        done.append(f"Started from POLICY_FILE {policy_file}.")
    elif current is not None:
        base = current
        done.append(f"Kept the other settings of the existing {target.name}.")
    else:
        base = {}
    document = merge({"schema": SCHEMA_VERSION, **base}, nest(values))
    target.parent.mkdir(parents=True, exist_ok=True)
    if raw is not None:  # keep what is replaced; a file we could not read, under its own name
        kept = target.with_name(target.name + PREVIOUS_SUFFIX) if current is not None \
            else target.with_name(f"{target.name}.unreadable-{now:%Y%m%d-%H%M%S}")
        write_bytes_atomic(kept, target.read_bytes())
        done.append(f"The file it replaces is kept as {kept.name}.")
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_bytes_atomic(target, text.encode("utf-8"))
    names = ", ".join(prop.name for prop in ALL_PROPERTIES
                      if prop.name in values or (prop is POLICY_FILE and policy_file))
    return [f"Wrote {target} from {names}.", *done]


def _log(target: Path, lines: list[str], now: dt.datetime) -> None:
    text = f"{now:%Y-%m-%d %H:%M:%S} Common Ground {__version__} installer:\n" + \
        "".join(f"  {line}\n" for line in lines)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target.parent / LOG_NAME, text.encode("utf-8"))
    except OSError:
        pass  # the exit code still tells the MSI; the message was printed as well


def _target_option(argv: list[str]) -> Path | None:
    """--target, found even when the rest of the command line cannot be parsed."""
    for index, arg in enumerate(argv):
        if arg == "--target" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if arg.startswith("--target="):
            return Path(arg.split("=", 1)[1])
    return None


def main(argv: list[str]) -> int:
    now = dt.datetime.now()
    target = _target_option(argv) or machine_policy_path()
    try:
        args = build_parser().parse_args(argv)
        if args.target:
            target = Path(args.target)
        values = {prop.name: getattr(args, prop.name) for prop in ALL_PROPERTIES}
        lines = write_policy(values, target, now=now)
        code = EXIT_OK
    except InstallPolicyError as exc:
        lines = ["The site policy was NOT written, and nothing was changed:", *exc.problems]
        code = EXIT_INVALID
    except OSError as exc:
        lines = [f"The site policy {target} could not be written: {exc.strerror or exc}"]
        code = EXIT_FAIL
    except install_folders.FolderError as exc:
        lines = [f"The site policy's folders could not be made right: {exc}"]
        code = EXIT_FAIL
    for line in lines:
        print(line, file=sys.stdout if code == EXIT_OK else sys.stderr)
    _log(target, lines, now)
    return code
