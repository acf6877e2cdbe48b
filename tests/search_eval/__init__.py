"""How well search opens the right section: questions staff ask, each labelled with the
sections that answer it, scored at section level.

``questions.txt`` holds the questions and their acceptable sections; ``split.txt`` puts each
question, once and for good, in the tuning part or the held-back part. The first round tuned
on the tuning part and measured on the held-back part; its misses were then read, so both
parts are tuning questions now and the figures per part are kept only to compare rounds.

``questions_fresh.txt`` is the held-back set of the second round, written blind (without
seeing the asked-as phrases, the synonyms or the questions above). Nobody tuning reads it:
it was scored once, when the second round stopped (``--fresh``); its misses were read then,
so it is tuning material now. A later blind set, ``questions_blind*.txt`` here or a file kept
elsewhere, is scored the same way (``--fresh FILE``), and its labels are checked without
showing its text (``--check-labels``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions.txt"
SPLIT = HERE / "split.txt"
FRESH = HERE / "questions_fresh.txt"
BLIND = "questions_blind*.txt"   # later held-back sets, written blind like the fresh one
PARTS = ("tuning", "held-back")
SEED = 20261206          # the split was made once with this seed; see make_split()
HELD_BACK_SHARE = 1 / 3
DEPTH = 10               # ranks looked at for MRR; a section further down counts as not found


@dataclass(frozen=True)
class Question:
    id: str
    persona: str
    text: str
    answers: tuple[tuple[str, str], ...]    # (protocol id, section anchor)
    line: int = 0

    @property
    def protocol(self) -> str:
        """The protocol of the first acceptable answer, for the per-protocol figures."""
        return self.answers[0][0]


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    aliases: dict[str, str] = {}
    questions: list[Question] = []
    seen: set[str] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            name, _, protocol = line[1:].partition("=")
            aliases[name.strip()] = protocol.strip()
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4 or not all(parts):
            raise ValueError(f"{path.name}, line {number}: expected "
                             "'id | persona | question | sections'")
        qid, persona, text, labels = parts
        if qid in seen:
            raise ValueError(f"{path.name}, line {number}: id {qid} is used twice")
        seen.add(qid)
        answers = []
        for label in labels.split():
            alias, hash_, anchor = label.partition("#")
            if not hash_ or not anchor:
                raise ValueError(f"{path.name}, line {number}: '{label}' is not protocol#anchor")
            answers.append((aliases.get(alias, alias), anchor))
        questions.append(Question(qid, persona, text, tuple(answers), number))
    return questions


def blind_sets(folder: Path = HERE) -> list[Path]:
    """The blind sets added to the repository after the fresh one, in name order."""
    return sorted(folder.glob(BLIND))


def make_split(ids: list[str], seed: int = SEED) -> dict[str, str]:
    """Each id in one part: a third, drawn at random with a fixed seed, held back."""
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    held = round(len(shuffled) * HELD_BACK_SHARE)
    return {qid: ("held-back" if index < held else "tuning")
            for index, qid in enumerate(shuffled)}


def load_split(path: Path = SPLIT) -> dict[str, str]:
    split: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        qid, part = line.split()
        if part not in PARTS:
            raise ValueError(f"{path.name}: unknown part '{part}' for {qid}")
        split[qid] = part
    return split


def write_split(split: dict[str, str], path: Path = SPLIT) -> None:
    lines = ["# Which part each question of questions.txt is in. Made once by "
             "`python -m tests.search_eval --make-split`",
             f"# (seed {SEED}); never re-drawn. Tune on 'tuning' only.", ""]
    lines += [f"{qid} {split[qid]}" for qid in sorted(split, key=_id_order)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _id_order(qid: str):
    match = re.match(r"([a-z]*)(\d+)$", qid)
    return (match.group(1), int(match.group(2))) if match else (qid, 0)


# ------------------------------------------------------------------------ scoring
@dataclass
class Outcome:
    question: Question
    rank: int | None                         # 1-based rank of the first right section
    top: list[tuple[str, str, str]]          # (protocol id, anchor, heading) of the first hits

    @property
    def reciprocal(self) -> float:
        return 1.0 / self.rank if self.rank and self.rank <= DEPTH else 0.0

    @property
    def protocol_first(self) -> bool:
        """Whether the first hit is in a protocol that answers (a section of it does)."""
        return bool(self.top) and self.top[0][0] in {pid for pid, _ in self.question.answers}


@dataclass
class Figures:
    count: int = 0
    first: int = 0
    three: int = 0
    reciprocal: float = 0.0
    protocol: int = 0        # the first hit's protocol is a right one
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.count += 1
        self.protocol += outcome.protocol_first
        self.first += outcome.rank == 1
        self.three += bool(outcome.rank and outcome.rank <= 3)
        self.reciprocal += outcome.reciprocal
        self.outcomes.append(outcome)

    @property
    def top1(self) -> float:
        return self.first / self.count if self.count else 0.0

    @property
    def top3(self) -> float:
        return self.three / self.count if self.count else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal / self.count if self.count else 0.0

    @property
    def protocol_rate(self) -> float:
        """How often the first hit's protocol is a right one."""
        return self.protocol / self.count if self.count else 0.0

    @property
    def section_rate(self) -> float:
        """When it is, how often the first hit is a right section: where the loss is."""
        return self.first / self.protocol if self.protocol else 0.0

    def loss(self) -> str:
        """Where first places are lost: choosing the protocol, or the section within it."""
        return (f"right protocol first {self.protocol_rate:.1%} ({self.protocol}/{self.count});"
                f" then right section first {self.section_rate:.1%} "
                f"({self.first}/{self.protocol}); lost to the protocol "
                f"{self.count - self.protocol}, to the section {self.protocol - self.first}")


def evaluate(library, questions: list[Question]) -> list[Outcome]:
    """Each question searched as a person types it. No question is scored by a memory that
    holds it (``core/protocols/memory``): the questions asked are left out of the library's
    memory while they are searched, so a read set is scored by the others, and a blind set,
    never in the memory, by all of it."""
    asked = {" ".join(q.text.split()) for q in questions}
    kept = getattr(library, "memory", ())
    if any(entry.text in asked for entry in kept):
        library.memory = tuple(entry for entry in kept if entry.text not in asked)
    outcomes = []
    try:
        for question in questions:
            hits = library.search(question.text, limit=DEPTH).hits
            wanted = set(question.answers)
            rank = next((index for index, hit in enumerate(hits, start=1)
                         if (hit.protocol_id, hit.anchor) in wanted), None)
            outcomes.append(Outcome(question, rank,
                                    [(h.protocol_id, h.anchor, h.section) for h in hits[:3]]))
    finally:
        library.memory = kept
    return outcomes


def summarise(outcomes: list[Outcome]) -> tuple[Figures, dict[str, Figures], dict[str, Figures]]:
    total, by_protocol, by_persona = Figures(), {}, {}
    for outcome in outcomes:
        total.add(outcome)
        by_protocol.setdefault(outcome.question.protocol, Figures()).add(outcome)
        by_persona.setdefault(outcome.question.persona, Figures()).add(outcome)
    return total, by_protocol, by_persona


NOT_ANSWERS = ("references", "version-history", "about-this-protocol", "version-")


def bundled_sections() -> dict[tuple[str, str], str]:
    """(protocol id, anchor) -> heading, for every section of the bundled protocols."""
    from commonground import paths
    from commonground.core.protocols.files import load_directory

    protocols, problems = load_directory(paths.bundled_protocols_dir())
    if problems:
        raise ValueError(f"the bundled protocols do not load: {problems[0]}")
    return {(p.id, s.anchor): s.heading for p in protocols for s in p.sections()}


def wrong_labels(questions: list[Question]) -> list[tuple[str, str]]:
    """(question id, label) for each label that names no section search can answer with.
    Only ids and labels: the question's text is never part of the answer, so the fresh
    set's labels can be checked without anyone reading its questions."""
    sections = bundled_sections()
    return [(q.id, f"{pid}#{anchor}") for q in questions for pid, anchor in q.answers
            if (pid, anchor) not in sections or anchor.startswith(NOT_ANSWERS)]


def bundled_library():
    """The bundled protocols in a database of their own, in memory."""
    from commonground import paths
    from commonground.core.protocols.library import Library
    from commonground.core.storage.db import Database

    return Library.open(Database.in_memory(), [paths.bundled_protocols_dir()],
                        paths.resources_dir())
