"""Ordinary English words, so that typo tolerance corrects only what is not a word.

A word the library does not use is read as the library's nearest word ("extention" as
"extension"). A real word the library happens not to use is no typo: "rang" is not "rank",
"morning" is not "moving". The list (``resources/words/english.txt``, from SCOWL: see the
licence beside it) is read the first time an unknown word is typed, once per process.

Leaf of the protocols package: it imports nothing else of it.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class EnglishWords:
    def __init__(self, path: Path | None = None, words: frozenset[str] | None = None):
        self._path = path
        self._words = words
        self._lock = threading.Lock()

    def __contains__(self, word: str) -> bool:
        return word in self.words

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            with self._lock:
                if self._words is None:
                    self._words = self._read()
        return self._words

    def _read(self) -> frozenset[str]:
        if self._path is None:
            return frozenset()
        try:
            text = self._path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            # Without the list, search still works: it corrects a little too eagerly.
            log.warning("English word list unreadable: %s", exc)
            return frozenset()
        return frozenset(line.strip() for line in text.splitlines()
                         if line.strip() and not line.startswith("#"))
