"""Text as it can be stored, and as it is searched. Every module may import this one."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a text, case-folded, as both searches tokenise them."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(text)


def clean_text(value):
    """Text that can be stored: a lone surrogate (from a broken paste) becomes '?'."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [clean_text(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): clean_text(item) for key, item in value.items()}
    return value


_WHOLE = re.compile(r"[0-9]{1,6}")


def whole_number(value) -> int | None:
    """The whole number typed (digits 0-9 only, at most six of them, spaces around allowed);
    else None. "²" and "١٢" pass ``str.isdigit`` but ``int`` refuses one and the other is no
    length anyone typed here; a thousand digits is a slip, not a count."""
    text = str(value if value is not None else "").strip()
    return int(text) if _WHOLE.fullmatch(text) else None
