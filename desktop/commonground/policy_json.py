"""Reading a policy's JSON without trusting it: nesting, numbers and duplicate names are
bounded or noted before Python's parser sees the text, and nothing here raises.

Split from ``policy_values`` (the checks of each value), which uses and re-exports these.
"""

from __future__ import annotations

import json
import math

MAX_DEPTH = 16
MAX_NUMBER_DIGITS = 15

# ------------------------------------------------------------------- naming values safely

def printable(text: str, limit: int = 60) -> str:
    """A key or value as it can be shown in a message: control characters as \\xNN."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256
                    else f"\\u{ord(c):04x}" for c in text[:limit])
    return shown + ("…" if len(text) > limit else "")


class _Odd:
    """A JSON value Python would mis-read: NaN, Infinity, or a number of too many digits."""

    def __init__(self, what: str):
        self.what = what


# -------------------------------------------------------------------------- reading JSON

def nesting_depth(text: str, limit: int) -> int:
    """How deep arrays and objects nest (outside strings), stopping once past ``limit``."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def read_json(text: str) -> tuple[object, str | None]:
    """(the value, None) or (None, why not: "is not valid JSON (...)"). Never raises."""
    if nesting_depth(text, MAX_DEPTH) > MAX_DEPTH:
        return None, f"nests lists or objects more than {MAX_DEPTH} deep; a policy never does"
    duplicates: list[str] = []

    def pairs(items):
        found = {}
        for name, value in items:
            if name in found:
                duplicates.append(name)
            found[name] = value
        return found

    def big_int(digits: str):
        return int(digits) if len(digits.lstrip("-")) <= MAX_NUMBER_DIGITS else \
            _Odd(f"a number of {len(digits):,} digits")

    def finite(number: str):
        value = float(number)
        return value if math.isfinite(value) else _Odd(f"{printable(number, 20)}, which is "
                                                       "not a finite number")
    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_int=big_int, parse_float=finite,
                           parse_constant=lambda name: _Odd(f"{name}, which JSON does not "
                                                            "allow"))
    except json.JSONDecodeError as exc:
        return None, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, f"is not valid JSON ({printable(str(exc), 80)})"
    if duplicates:
        return Duplicated(value, duplicates), None
    return value, None


def load_document(text: str) -> dict:
    """The object a policy's text holds, or {} (after read_json's bounds)."""
    value, why = read_json(text)
    if isinstance(value, Duplicated):
        value = value.value
    return value if isinstance(value, dict) and not why else {}


class Duplicated:
    def __init__(self, value, names: list[str]):
        self.value, self.names = value, names
