"""How a kind of record describes its fields: a field, a section, and how a choice reads.

One description serves the form, validation, the PDF, the demo data and the de-identified
export, so a field is named and labelled in one place only. Choice values are short stable
codes; labels are what people read. Each kind of record (``kinds/``) lists its own
sections of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str                      # datetime, text, textarea, choice, multi, site, ward, list
    choices: tuple = ()
    required: bool = False
    help: str = ""
    # (other_key, value): only relevant when that is chosen; or a test of the whole record
    # (a question that does not apply to this reader is not asked, nor checked, nor printed)
    shown_when: tuple | Callable[[dict], bool] | None = None
    item_fields: tuple["Field", ...] = ()  # for kind == "list"
    max_length: int = 0
    print_label: str = ""          # label on the PDF and report view, if not the form's
    missing: str = ""              # what to say when a required answer is missing;
    #                                in a list's item, {noun} and {number} name the item
    item_noun: str = "entry"       # for kind == "list": what one item is ("witness")
    required_when: tuple | None = None  # in a list's item: (other item key, value)
    form_label: str = ""           # the form's wording, if it says more than the label
    form_shown: Callable[[dict], bool] | None = None  # the form shows it only when this holds
    document_text: bool = False    # printed as paragraphs under its label, not in a table
    # The label in the words of one kind of reader, where theirs differ: ((reader, label),)
    readers: tuple[tuple[str, str], ...] = ()
    default: str = ""              # what a new form starts with (a choice's code)
    this_pc: bool = False          # a new form starts with this computer's last answer
    # It holds a person's name and nothing else (never sent to the committee): free text
    # meant for the committee is screened against it (``records/people.py``).
    person_name: bool = False

    def label_for(self, reader: str) -> str:
        """The form's label for this reader (the kind's ``reader_key`` answer)."""
        return dict(self.readers).get(reader) or self.form_label or self.label

    @property
    def document_label(self) -> str:
        return self.print_label or self.label.replace(" (optional)", "")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...] = field(default_factory=tuple)


def label_for(choices: tuple, code) -> str:
    for value, label in choices:
        if value == code:
            return label
    return str(code) if code else ""


def is_shown(spec: Field, data: dict) -> bool:
    if spec.shown_when is None:
        return True
    if callable(spec.shown_when):
        return bool(spec.shown_when(data))
    other, wanted = spec.shown_when
    value = data.get(other)
    return wanted in value if isinstance(value, list) else value == wanted
