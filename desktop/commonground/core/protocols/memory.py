"""Questions people asked before, and the sections that answered them.

``resources/search_memory.txt`` holds the evaluation's question sets once they have been read
(``python -m tests.search_eval --write-memory``): each question as search reads it (its stems,
``query.read_as``), with every section that answers it. A new question asks its
nearest ones (the cosine of ``likeness`` vectors) among those that ask the same kind of
thing ("who can", "how long": ``asks``) if it asks one; each of the closest few votes for
the sections that answered it, as much as it is alike, and a section among the first few
hits gains its votes. A question like none asked before gets no votes and is ranked as
before; a section renamed or removed since (a Trust's own pack) simply gets none.

One line per question: ``pid#anchor pid#anchor | stem stem stem | the question as asked``.
A line that does not read so is skipped (``load`` never fails on the file's content).

It reads only the leaf modules ``analysis``, ``asks`` and ``likeness`` of its package.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .analysis import tokens
from .asks import asks_in
from .likeness import PhraseWeights, Vector, cosine

log = logging.getLogger(__name__)

FILE_NAME = "search_memory.txt"
_LABEL = re.compile(r"[a-z0-9][a-z0-9-]*#[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Asked:
    stems: tuple[str, ...]
    answers: tuple[tuple[str, str], ...]     # (protocol id, section anchor)
    text: str = ""

    @functools.cached_property
    def asks(self) -> frozenset[str]:
        """What kind of answer the question asked for ("who can", "how long": ``asks``)."""
        return frozenset(ask.name for ask in asks_in(tokens(self.text)))


def parse(text: str) -> tuple[Asked, ...]:
    found = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|", 2)
        if len(parts) != 3:
            continue
        labels, stems, question = (part.strip() for part in parts)
        answers = tuple(tuple(label.split("#", 1)) for label in labels.split()
                        if _LABEL.fullmatch(label))
        words = tuple(stems.split())
        if answers and words:
            found.append(Asked(words, answers, question))
    return tuple(found)


def load(resources: Path) -> tuple[Asked, ...]:
    """The memory shipped in ``resources``; none (search as before) if it cannot be read."""
    try:
        return parse((resources / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("search memory not read (%s): search goes on without it",
                    type(exc).__name__)
        return ()


def dump(entries: list[Asked]) -> str:
    return "".join(f"{' '.join(f'{pid}#{anchor}' for pid, anchor in e.answers)} | "
                   f"{' '.join(e.stems)} | {' '.join(e.text.split())}\n" for e in entries)


class Memory:
    """The questions' vectors under one library's phrase weights, and which hold each stem."""

    def __init__(self, entries: tuple[Asked, ...], weights: PhraseWeights):
        self.entries = entries
        # A stem no heading or phrase of this library uses is dropped, as from the question.
        self.vectors: list[Vector] = [
            weights.vector(s for s in e.stems if weights.phrases_with(s)) for e in entries]
        self.holding: dict[str, list[int]] = defaultdict(list)
        for index, vector in enumerate(self.vectors):
            for stem in vector:
                self.holding[stem].append(index)

    def votes(self, question: Vector, nearest: int,
              asks: frozenset[str] = frozenset()) -> dict[tuple[str, str], float]:
        """Section -> the summed likeness of the ``nearest`` questions it answered."""
        near = {index for stem in question for index in self.holding.get(stem, ())}
        if asks:        # "who can act as AA" is not answered like "can the solicitor act as AA"
            near = {index for index in near if self.entries[index].asks & asks}
        alike = sorted(((cosine(question, self.vectors[i]), i) for i in near),
                       key=lambda pair: (-pair[0], pair[1]))[:nearest]
        found: dict[tuple[str, str], float] = defaultdict(float)
        for share, index in alike:
            if share > 0:
                for answer in self.entries[index].answers:
                    found[answer] += share
        return found
