"""What an aid on screen needs from this computer: the clock, the site policy's contacts
and settings, the working-day calendar, and the protocol library every answer is checked
against (the same sources the ``commonground check`` commands use)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from ...core.aids.result import AidResult
from ...core.aids.sources import check_protocols
from ...core.aids.uktime import LONDON


def _now() -> dt.datetime:
    return dt.datetime.now(LONDON).replace(microsecond=0)


@dataclass
class AidEnv:
    library: object = None                      # core.protocols.library.Library
    policy: object = None                       # policy.Policy
    now: Callable[[], dt.datetime] = field(default=_now)

    @classmethod
    def from_context(cls, context) -> "AidEnv":
        return cls(context.library, context.policy)

    def today(self) -> dt.date:
        return self.now().astimezone(LONDON).date()

    @property
    def contacts(self) -> dict:
        return dict(getattr(self.policy, "contacts", None) or {})

    def setting(self, name: str):
        return self.policy.setting(name) if self.policy is not None else None

    def finish(self, result: AidResult) -> AidResult:
        """Check the answer against this computer's protocols (stale, superseded, changed)."""
        if self.library is not None:
            check_protocols(result, self.library.get, today=self.today())
        return result
