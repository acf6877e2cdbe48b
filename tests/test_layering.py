"""The house's rules, checked on every run: imports point down, and no circles.

Every import counts, including those inside functions (a lazy import is still a
dependency). The layers, from the bottom:

    core leaves   errors, timeutil, identifiers, textutil, resources, staff
    storage       the one SQLite owner, migrations, backups, atomic files
    install       this install's id, role and working-day calendar
    protocols, records                      (neither imports the other)
    aids          decision aids (on protocols' and records' rules, the working-day calendar)
    cases         the advisor's workflow (on records)
    sync          bundles in and out (on records, cases, protocols)
    committee     figures, meetings (on records, cases, sync's de-identified shapes)
    pdf           documents (on everything in core)
    app base      paths, policy (policy_values, policy_json, rights), logsetup, writer
    app middle    context, syncing, install_policy (install_folders)
    ui, cli, startup, selftest, app
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "desktop" / "commonground"
MAX_LINES = 400
# Modules over the house limit today, with their size as a ceiling: split them, never grow
# them (lower a ceiling when a module shrinks, remove it when it is under the limit).
OVERSIZED = {
    "commonground.core.storage.migrations": 440,
    "commonground.ui.report_form": 470,
    "commonground.ui.form_fields": 405,
    "commonground.core.protocols.search": 445,
    "commonground.core.cases.workflow": 426,
}

CORE_GROUPS = ("leaf", "storage", "install", "protocols", "records", "aids", "cases", "sync",
               "committee", "pdf")
ALLOWED = {
    "leaf": set(),
    "storage": {"leaf"},
    "install": {"leaf", "storage"},
    "protocols": {"leaf", "storage", "install"},
    "records": {"leaf", "storage", "install"},
    "aids": {"leaf", "storage", "install", "protocols", "records"},
    "cases": {"leaf", "storage", "install", "records"},
    "sync": {"leaf", "storage", "install", "records", "cases", "protocols"},
    "committee": {"leaf", "storage", "install", "records", "cases", "sync"},
    "pdf": {"leaf", "storage", "install", "records", "cases", "protocols", "committee"},
    "app base": {"leaf"},
    "app middle": {"app base", *CORE_GROUPS},
    "startup": {"app base", *CORE_GROUPS},
    "ui": {"app base", "app middle", *CORE_GROUPS},
    # The two ways a command reaches the window: plain `commonground` opens it, and
    # selftest builds it offscreen.
    "selftest": {"app base", "app middle", "app", *CORE_GROUPS},
    "cli": {"app base", "app middle", "selftest", "app", *CORE_GROUPS},
    "app": {"app base", "app middle", "startup", "ui", "cli", *CORE_GROUPS},
}
LEAVES = {"errors", "timeutil", "identifiers", "textutil", "resources", "privatefiles",
          "privatefiles_win", "staff"}


def group(module: str) -> str:
    parts = module.split(".")[1:]  # without "commonground"
    if not parts:
        return "leaf"   # the package's face: its version
    if parts[0] == "core":
        if len(parts) == 1 or parts[1] in LEAVES:
            return "leaf"
        if parts[1] in ("install", "roles", "workdays"):
            return "install"
        return parts[1]
    if parts[0] in ("paths", "policy", "policy_values", "policy_json", "policy_registry",
                    "rights", "logsetup", "writer"):
        return "app base"
    if parts[0] in ("context", "syncing", "install_policy", "install_folders"):
        return "app middle"
    if parts[0] in ("ui", "cli", "startup", "selftest"):
        return parts[0]
    return "app"   # app, __main__


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The project modules this module imports, anywhere in it."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("commonground"):
                continue
            for alias in node.names:
                name = f"{target}.{alias.name}"
                found.add(name if name in known else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("commonground"))
    found.discard(module)
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {module: imports(module, path, set(known)) for module, path in known.items()}


def test_core_imports_no_qt_and_nothing_of_the_app_above_it():
    wrong = []
    for module, path in modules().items():
        if not module.startswith("commonground.core"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level \
                else [a.name for a in node.names] if isinstance(node, ast.Import) else []
            wrong += [f"{module} imports {n}" for n in names
                      if n.split(".")[0] in ("PySide6", "shiboken6")]
    for module, targets in graph().items():
        if module.startswith("commonground.core"):
            wrong += [f"{module} imports {t}" for t in targets
                      if not t.startswith("commonground.core")]
    assert wrong == []


def test_every_import_points_down_the_layers():
    wrong = []
    for module, targets in graph().items():
        mine = group(module)
        for target in targets:
            theirs = group(target)
            if theirs != mine and theirs not in ALLOWED[mine]:
                wrong.append(f"{module} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def test_no_module_is_in_an_import_circle():
    edges = graph()
    circles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                circles.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert circles == []


def test_modules_stay_under_the_house_limit():
    wrong = []
    for module, path in modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        ceiling = OVERSIZED.get(module, MAX_LINES)
        if lines > ceiling:
            wrong.append(f"{module}: {lines} lines (at most {ceiling})")
    assert wrong == []


def test_a_lazy_relative_import_upward_is_seen(tmp_path):
    # The checks above rely on this: an import inside a function, written relatively,
    # is found and placed in its layer.
    fake = tmp_path / "fake.py"
    fake.write_text("def f():\n    from ..ui import main_window\n", encoding="utf-8")
    found = imports("commonground.core.fake", fake,
                    {"commonground.ui", "commonground.ui.main_window"})
    assert found == {"commonground.ui.main_window"}
    assert group("commonground.ui.main_window") not in ALLOWED[group("commonground.core.timeutil")]


# ------------------------------------------------------------- record kinds
# What names a kind of record: its frozen key and wire name, and its committee tables. Only
# records/kinds/ may say them; the rest of the code loops over the registry.
KIND_NAMES = {"incident", "police_assistance", "assistance", "s136"}
KIND_TABLES = {"deid_incidents", "deid_codes", "deid_assistance", "deid_s136"}
KIND_MODULES = {"incident", "assistance", "s136"}
# Where a name may stay, and why.
NAMES_A_KIND = {
    # Released migrations are frozen text: they made these tables and columns.
    "commonground.core.storage.migrations_early": "released migration steps never change",
    "commonground.core.storage.migrations_later": "released migration steps never change",
    # Prosecution cases exist for incident reports by nature (RecordKind.opens_case);
    # "incident" there is also the incident's date, a case's deadline counts from.
    "commonground.core.cases.workflow": "cases are opened from incident reports",
    "commonground.core.cases.steps": "a step falls due after the incident's date",
    "commonground.core.cases.listing": "cases sort by the incident's date",
    "commonground.ui.cases_page": "cases sort by the incident's date",
    "commonground.ui.case_dialogs": "a step falls due after the incident's date",
    # The incident KIND says its figures come from here (committee.figures_from).
    "commonground.core.committee.stats": "the incident dashboard, SQL over its tables",
    # The notice aid applies a request's notice rule, by nature.
    "commonground.core.aids.notice": "counts notice as the assistance kind does",
    # The live clock reads an episode's extension as the s136 kind's own check reads it.
    "commonground.core.aids.s136_clock": "reads the extension as the s136 kind does",
    # "s136" there is the section of the Mental Health Act a patient is held under.
    "commonground.core.aids.awol": "a section of the Act, not the record kind",
    "commonground.cli.aids": "a section of the Act, not the record kind",
}


def kind_names(path: Path) -> set[str]:
    """The kind names and committee tables a module's strings say, and the kind modules it
    imports."""
    found = set()
    for token in tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline):
        if token.type != tokenize.STRING:
            continue
        try:
            value = ast.literal_eval(token.string)
        except (ValueError, SyntaxError):   # an f-string: its text is enough
            value = token.string
        if not isinstance(value, str):
            continue
        found |= {name for name in KIND_NAMES if value == name or f"'{name}'" in value}
        found |= {table for table in KIND_TABLES if re.search(rf"\b{table}\b", value)}
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            parts = (node.module or "").split(".")
            if "kinds" not in parts:
                continue
            after = parts[parts.index("kinds") + 1:]
            names = {after[0]} if after else {alias.name for alias in node.names}
            found |= {f"import {name}" for name in names & KIND_MODULES}
    return found


def test_no_module_outside_records_kinds_names_a_kind():
    wrong = []
    for module, path in modules().items():
        if module.startswith("commonground.core.records.kinds") or module in NAMES_A_KIND:
            continue
        named = kind_names(path)
        if named:
            wrong.append(f"{module} names {sorted(named)}")
    assert wrong == []


def test_the_allowed_kind_names_are_still_needed():
    known = modules()
    stale = [module for module in NAMES_A_KIND
             if module not in known or not kind_names(known[module])]
    assert stale == []


def test_a_kind_name_outside_kinds_is_seen(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("from ..records.kinds import s136\n"
                    "ROWS = \"SELECT * FROM deid_s136 WHERE kind = 'police_assistance'\"\n"
                    "if kind == \"incident\": pass\n", encoding="utf-8")
    assert kind_names(fake) == {"import s136", "deid_s136", "police_assistance", "incident"}
