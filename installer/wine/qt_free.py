"""The Qt-free part of the test suite, as a pytest plugin: ``python -m pytest -p qt_free``.

installer/check_wine.sh runs it under Windows Python in Wine, and under this machine's
Python to compare. It keeps tests/core, tests/aids, tests/policy and the top-level
tests/test_*.py, and leaves out, found from the code rather than from a list:

- a module that imports Qt (PySide6, shiboken6, pytest-qt) or the app's Qt side
  (commonground.ui, commonground.app) outside its functions: it is not even collected;
- a test that imports them in its body, or uses a fixture that does or that is
  pytest-qt's (qtbot, qapp, ...).

pytest-qt itself is blocked (it imports PySide6 when pytest starts). At the end the plugin
checks that no Qt module was imported by this process, and fails the run if one was: the
selection cannot quietly stop being Qt-free. A test may still start the app in a child
process (the frozen selftest draws its window offscreen there).
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
import textwrap
from pathlib import Path

import pytest

QT_IMPORTS = ("PySide6", "shiboken6", "pytestqt", "commonground.ui", "commonground.app")
QT_FIXTURES = {"qtbot", "qapp", "qapp_args", "qapp_cls", "qtlog", "qtmodeltester"}
KEPT_FOLDERS = ("", "core", "aids", "policy")      # under tests/
QT_IN_PROCESS = ("PySide6", "shiboken6")

_left_out: list[tuple[str, str]] = []   # (test or module, why)
_first_to_import_qt: list[str] = []     # the test after which Qt was first in sys.modules


def _names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def _is_qt(name: str) -> bool:
    return any(name == qt or name.startswith(qt + ".") for qt in QT_IMPORTS)


def _qt_import_in(tree: ast.AST, *, skip_functions: bool) -> str | None:
    """The first Qt import in tree (with skip_functions, outside function bodies)."""
    pending = [tree]
    while pending:
        node = pending.pop()
        for name in _names(node):
            if _is_qt(name):
                return name
        for child in ast.iter_child_nodes(node):
            if skip_functions and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            pending.append(child)
    return None


@functools.lru_cache(maxsize=None)
def _module_imports_qt(path: Path) -> str | None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError, ValueError):
        return None
    return _qt_import_in(tree, skip_functions=True)


@functools.lru_cache(maxsize=None)
def _function_imports_qt(function) -> str | None:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return None
    return _qt_import_in(tree, skip_functions=False)


def _tests_root(config) -> Path:
    return Path(str(config.rootpath)) / "tests"


def pytest_addhooks(pluginmanager):
    # Registered before the installed plugins load: pytest-qt would import PySide6 at start.
    pluginmanager.set_blocked("pytest-qt")


def pytest_addoption(parser, pluginmanager):
    if not pluginmanager.has_plugin("pytest-qt"):   # pyproject's qt_api, pytest-qt's option
        parser.addini("qt_api", "read by pytest-qt, which this selection leaves out")


def pytest_ignore_collect(collection_path: Path, config):
    tests = _tests_root(config)
    try:
        relative = collection_path.relative_to(tests)
    except ValueError:
        return None
    if collection_path.is_dir():
        if relative.parts and relative.parts[0] not in KEPT_FOLDERS:
            _left_out.append((f"tests/{relative.as_posix()}/", "not a Qt-free folder"))
            return True
        return None
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        folder = relative.parts[0] if len(relative.parts) > 1 else ""
        if folder not in KEPT_FOLDERS:
            return True
        qt = _module_imports_qt(collection_path)
        if qt:
            _left_out.append((f"tests/{relative.as_posix()}", f"imports {qt}"))
            return True
    return None


def _why_it_needs_qt(item) -> str | None:
    fixtures = sorted(QT_FIXTURES.intersection(getattr(item, "fixturenames", ())))
    if fixtures:
        return f"uses {', '.join(fixtures)}"
    function = getattr(item, "function", None)
    if function is not None:
        qt = _function_imports_qt(function)
        if qt:
            return f"imports {qt}"
    info = getattr(item, "_fixtureinfo", None)
    for name, definitions in (info.name2fixturedefs.items() if info else ()):
        for definition in definitions:
            qt = _function_imports_qt(definition.func)
            if qt:
                return f"uses the fixture {name}, which imports {qt}"
    return None


def pytest_collection_modifyitems(session, config, items):
    kept, dropped = [], []
    for item in items:
        why = _why_it_needs_qt(item)
        if why:
            dropped.append(item)
            _left_out.append((item.nodeid, why))
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _qt_modules() -> list[str]:
    return sorted(name for name in sys.modules if name.split(".")[0] in QT_IN_PROCESS)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    if not _first_to_import_qt and _qt_modules():
        _first_to_import_qt.append(item.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _qt_modules() and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    terminalreporter.section("Qt-free selection (installer/wine/qt_free.py)")
    for what, why in _left_out:
        terminalreporter.write_line(f"left out: {what} ({why})")
    loaded = _qt_modules()
    if loaded:
        first = _first_to_import_qt[0] if _first_to_import_qt else "collecting the tests"
        terminalreporter.write_line(f"FAILED: this process imported Qt ({', '.join(loaded[:3])}"
                                    f", ...), first in {first}: a test the selection kept "
                                    "reaches a window", red=True)
    else:
        terminalreporter.write_line("no Qt module was imported by this process")
