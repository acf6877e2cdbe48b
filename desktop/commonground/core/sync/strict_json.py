"""Strict, bounded JSON for bytes another computer wrote.

Python's ``json`` reads NaN and Infinity (which are not JSON, and which SQLite's JSON
functions then refuse), reads ``1e999`` as infinity, integers of any size, strings of any
length and nesting until the interpreter's recursion limit. Here each of these is a named
problem: the text must be UTF-8, every number finite and within SQLite's INTEGER range,
every text no longer than its limit, no key twice in an object, and nesting no deeper than
the format needs.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from ..errors import UserError

MAX_INTEGER = 2 ** 63 - 1        # SQLite INTEGER: every number we may store fits
MIN_INTEGER = -(2 ** 63)
MAX_KEY = 200                    # characters in an object's key


class JsonProblem(UserError, ValueError):
    """What is wrong with a piece of JSON, in words for the Sync screen."""


@dataclass(frozen=True)
class JsonLimits:
    depth: int                   # objects and lists inside each other
    text: int                    # characters in any one text
    long_texts: tuple[tuple[str, int], ...] = ()   # (key, characters) allowed more

    def text_limit(self, key: str) -> int:
        for name, limit in self.long_texts:
            if name == key:
                return limit
        return self.text


def _no_constant(name: str):
    raise JsonProblem(f"it holds {name}, which is not a number JSON allows")


def _unique(pairs: list) -> dict:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise JsonProblem(f"the key '{str(twice)[:40]}' appears twice in one object")
    return found


def loads(raw: bytes | bytearray | memoryview, limits: JsonLimits, *,
          unique_keys: bool = False) -> object:
    """The value in ``raw``, or JsonProblem saying what is wrong with it."""
    try:
        text = bytes(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JsonProblem("it is not UTF-8 text") from exc
    try:
        value = json.loads(text, parse_constant=_no_constant,
                           object_pairs_hook=_unique if unique_keys else None)
    except RecursionError as exc:
        raise JsonProblem(f"it is nested more than {limits.depth} deep") from exc
    except JsonProblem:
        raise
    except ValueError as exc:  # JSONDecodeError, or an integer of thousands of digits
        raise JsonProblem("it is not readable JSON") from exc
    check(value, limits)
    return value


def check(value, limits: JsonLimits) -> None:
    """Raise JsonProblem if ``value`` breaks a limit; the message names where."""
    if not _fits(value, limits, dict(limits.long_texts), 0, ""):
        _check(value, limits, 0, "")   # the slow walk, only to say where
        raise JsonProblem("it breaks a limit of the format")  # pragma: no cover


def _fits(value, limits: JsonLimits, long: dict, depth: int, key: str) -> bool:
    """The same rules as ``_check``, fast: no paths are built unless something breaks."""
    kind = type(value)
    if kind is str:
        if len(value) > (long[key] if key in long else limits.text):
            return False
        return value.isascii() or _encodes(value)
    if value is None or kind is bool:
        return True
    if kind is int:
        return MIN_INTEGER <= value <= MAX_INTEGER
    if kind is float:
        return math.isfinite(value)
    if depth >= limits.depth:
        return False
    if kind is dict:
        for name, item in value.items():
            if len(name) > MAX_KEY or not _fits(item, limits, long, depth + 1, name):
                return False
        return True
    if kind is list:
        for item in value:
            if not _fits(item, limits, long, depth + 1, ""):
                return False
        return True
    return False


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _where(path: str) -> str:
    return f"'{path}'" if path else "the record"


def _check(value, limits: JsonLimits, depth: int, path: str) -> None:
    if isinstance(value, str):
        limit = limits.text_limit(path.rsplit(".", 1)[-1])
        if len(value) > limit:
            raise JsonProblem(f"{_where(path)} is {len(value):,} characters long; at most "
                              f"{limit:,} are allowed")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise JsonProblem(f"{_where(path)} holds a broken character (a lone "
                                  "surrogate)") from exc
        return
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if not MIN_INTEGER <= value <= MAX_INTEGER:
            raise JsonProblem(f"{_where(path)} is a number too large to keep")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise JsonProblem(f"{_where(path)} is a number too large to keep (infinite)")
        return
    if depth >= limits.depth:
        raise JsonProblem(f"it is nested more than {limits.depth} deep")
    if isinstance(value, dict):
        for key, item in value.items():
            if len(key) > MAX_KEY:
                raise JsonProblem(f"it has a key {len(key):,} characters long")
            _check(item, limits, depth + 1, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, limits, depth + 1, f"{path}[{index}]" if path else f"[{index}]")
    else:  # pragma: no cover - json.loads makes nothing else
        raise JsonProblem("it holds a value JSON does not have")
