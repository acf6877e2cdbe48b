"""Local details (telephone numbers, scheme names) that protocols leave as placeholders.

Protocols write ``{{local:KEY}}``; the labels live in ``resources/local_contacts.json``.
The value comes from the site policy where IT sets one (it always wins), otherwise from the
committee's directory of duty routes (``directory``), shown with whose route it is, its
hours, its deputy and when it was last confirmed. A placeholder with neither is shown as its
label and "not set for this site", so a reader is never shown a blank where a number should
be.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .directory import Route, placeholder_markdown


@dataclass(frozen=True)
class LocalContacts:
    labels: dict[str, str]
    values: dict[str, str] = field(default_factory=dict)
    # placeholder key -> the committee's route filling it; replaced in place when a pack
    # brings a new directory (``use_directory``), so every screen holding this object sees it
    directory: dict[str, Route] = field(default_factory=dict)

    @classmethod
    def load(cls, labels_file: Path, values: dict[str, str] | None = None) -> "LocalContacts":
        try:
            labels = json.loads(labels_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            labels = {}
        return cls({str(k): str(v) for k, v in labels.items()}, dict(values or {}))

    def label(self, key: str) -> str:
        return self.labels.get(key, key.replace("_", " "))

    def use_directory(self, routes: dict[str, Route]) -> None:
        self.directory.clear()
        self.directory.update(routes)

    def source(self, key: str) -> str:
        """Where the placeholder's value comes from: "policy", "directory" or ""."""
        if self.values.get(key, "").strip():
            return "policy"
        return "directory" if key in self.directory else ""

    def render(self, key: str, *, plain: bool = False, today: dt.date | None = None) -> str:
        value = self.values.get(key, "").strip()
        if value:
            return value
        route = self.directory.get(key)
        if route is not None:
            return route.how() if plain else placeholder_markdown(
                route, today or dt.date.today())
        if plain:
            return self.label(key)
        return f"*{self.label(key)}: not set for this site*"

    def fingerprint(self) -> str:
        routes = {key: route.wire() for key, route in self.directory.items()}
        blob = json.dumps([self.labels, self.values, routes], sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]
