"""Local details (telephone numbers, scheme names) that protocols leave as placeholders.

Protocols write ``{{local:KEY}}``; the labels live in ``resources/local_contacts.json`` and
the values come from the site policy. A placeholder with no value is shown as its label
and "not set for this site", so a reader is never shown a blank where a number should be.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class LocalContacts:
    labels: dict[str, str]
    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, labels_file: Path, values: dict[str, str] | None = None) -> "LocalContacts":
        try:
            labels = json.loads(labels_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            labels = {}
        return cls({str(k): str(v) for k, v in labels.items()}, dict(values or {}))

    def label(self, key: str) -> str:
        return self.labels.get(key, key.replace("_", " "))

    def render(self, key: str, *, plain: bool = False) -> str:
        value = self.values.get(key, "").strip()
        if value:
            return value
        if plain:
            return self.label(key)
        return f"*{self.label(key)}: not set for this site*"

    def fingerprint(self) -> str:
        blob = json.dumps([self.labels, self.values], sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
