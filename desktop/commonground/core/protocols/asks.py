"""What kind of answer a question asks for, read from its question words.

"who can be an appropriate adult" and "who must not be an appropriate adult" are the same
words once the common ones are dropped ("appropriate adult"), and both would open the
protocol's overview. The question words say which section answers: the one whose heading
carries the same ask ("Who can act as an appropriate adult", "Who must not act as ...").

An *ask* is a few ways of typing one kind of question (read from the words as typed, common
words included) and the heading forms that answer it (stems). A section carries an ask when
its heading has one of those forms, or one of its asked-as phrases is worded with one of the
typed forms. The forms come from the headings the protocols use (FORMAT.md), not from any
question: who can, who must not, who to contact, how long, where, and "can ..." or "what
power" (is it allowed: the section saying where or who can, or one whose asked-as phrases
ask the same way).

Leaf of the protocols package apart from ``analysis``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .analysis import stem_phrase, tokens


def _forms(*texts: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(tokens(text)) for text in texts)


@dataclass(frozen=True)
class Ask:
    name: str
    typed: tuple[tuple[str, ...], ...]      # words as typed, common words included
    heading: tuple[str, ...]                # " stem stem " forms found in a heading
    first: str = ""                         # ... or the heading's first word (a stem)

    @functools.cached_property
    def asked(self) -> tuple[str, ...]:
        """The typed forms as stems, as an asked-as phrase would be indexed."""
        return tuple(" " + " ".join(stem_phrase(form)) + " " for form in self.typed)


def _stems(*texts: str) -> tuple[str, ...]:
    return tuple(" " + " ".join(stem_phrase(tuple(tokens(text)))) + " " for text in texts)


ASKS = (
    Ask("who must not",
        _forms("who must not", "who mustn't", "who mustnt", "who can't", "who cant",
               "who cannot", "who can not", "who shouldn't", "who shouldnt", "who should not",
               "who may not", "who is not allowed", "who isn't allowed", "who isnt allowed",
               "who s not allowed"),
        _stems("who must not", "who cannot", "who may not", "who should not")),
    Ask("who to contact",
        _forms(*(f"{who} {verb}" for who in ("who do i", "who do we", "who to", "who should i",
                                            "who should we")
                 for verb in ("ring", "call", "contact", "phone", "get hold of")),
               "what number", "which number", "whose number"),
        _stems("local contacts", "who provides")),
    Ask("who can",
        _forms("who can", "who may", "who could", "who is allowed", "who s allowed",
               "who is able", "who counts as", "who else can"),
        _stems("who can", "who may")),
    Ask("how long",
        _forms("how long", "how long can", "how long could", "how long do", "how long does",
               "how long is", "how long should", "how long will", "how many hours",
               "how many days", "how much time", "until when"),
        _stems("how long", "the clock", "time limits")),
    Ask("may",
        _forms("can i", "can we", "can police", "can the police", "can they", "can you",
               "can he", "can she", "can a", "can an", "can it", "am i allowed",
               "are we allowed", "are police allowed", "is it legal", "is it lawful",
               "what power", "what powers", "which power", "under what power"),
        _stems("can and cannot", "who can")),
    Ask("where",
        _forms("where can", "where do", "where does", "where should", "where is",
               "where are", "where to"),
        (), first="where"),
)
# Tried and left out, because they lost on the sets (tests/search_eval, --folds): "when
# does ..." against headings starting "When" (most of those say on what condition, not at
# what time), and "do I need to / do I have to" against "... is needed" (the question asks
# whether to do something, not whether a role is needed).
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Ask]]] = {}
for _ask in ASKS:
    for _form in _ask.typed:
        _BY_FIRST.setdefault(_form[0], []).append((_form, _ask))
for _entries in _BY_FIRST.values():
    _entries.sort(key=lambda item: -len(item[0]))


def asks_in(words: tuple[str, ...] | list[str]) -> tuple[Ask, ...]:
    """The asks the typed words make, each once, in the order typed. The longest form at a
    place wins: "who can't" is "who must not", never "who can"."""
    found: list[Ask] = []
    i = 0
    while i < len(words):
        for form, ask in _BY_FIRST.get(words[i], ()):
            if tuple(words[i:i + len(form)]) == form:
                if ask not in found:
                    found.append(ask)
                i += len(form)
                break
        else:
            i += 1
    return tuple(found)


def carries(ask: Ask, heading_text: str, asked: tuple[str, ...]) -> bool:
    """Whether a section (its heading as " stem stem ", its asked-as phrases likewise)
    answers this kind of question."""
    if ask.first and heading_text.startswith(" " + ask.first + " "):
        return True
    if any(form in heading_text for form in ask.heading):
        return True
    return any(form in phrase for phrase in asked for form in ask.asked)
