"""Write docs/form-words.md: every label of every form, in each reader's words, from the
record-kind registry (``core/records/kinds/``), for a police officer and a nurse to review.

    python tools/form_words.py          # rewrite it
The test tests/core/test_form_words.py fails when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "desktop"))
TARGET = REPO / "docs" / "form-words.md"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _asked(spec, labels: dict) -> str:
    when = spec.shown_when
    if when is None:
        asked = "always"
    elif callable(when):
        asked = " ".join((when.__doc__ or when.__name__).split())
    else:
        other, value = when
        asked = f"when {labels.get(other, other)} is {value!r}"
    if spec.form_shown is not None:
        asked += " (the form: " + (spec.form_shown.__doc__ or "when it applies").strip() + ")"
    return asked


def _choices(spec) -> str:
    return "; ".join(label for _code, label in spec.choices)


def render() -> str:
    from commonground.core.records import kinds as rk

    lines = [
        "# The words on the forms (awaiting review by a police officer and a nurse)", "",
        "**Awaiting review by a police officer and a nurse.** Generated from the record-kind "
        "registry (`desktop/commonground/core/records/kinds/`) by `python tools/form_words.py`; "
        "a test fails when it is out of date, so change the words there, never here. Each "
        "question should mean the same to both readers. `*` marks an answer needed to "
        "submit. Where a reader's column is empty the question uses the first column's "
        "words.", ""]
    for kind in rk.KINDS.values():
        reader = kind.fields.get(kind.reader_key) if kind.reader_key else None
        readers = [(code, label) for code, label in (reader.choices if reader else ())
                   if any(code in dict(spec.readers) for spec in _all(kind))]
        lines += [f"## {kind.words.heading} ({kind.words.choice})", ""]
        if reader is not None:
            lines += [f"Who is reporting is asked first ({reader.label}: "
                      f"{_choices(reader)}); the questions asked and their words follow "
                      "from it.", ""]
        head = ["Question", "Asked"] + [f"For: {label}" for _code, label in readers] + \
            ["Choices", "On the PDF"]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        labels = {spec.key: spec.label for spec in kind.fields.values()}
        for section in kind.sections:
            lines.append(f"| **{_cell(section.title)}** |" + " |" * (len(head) - 1))
            for spec in section.fields:
                lines.append(_row(spec, labels, readers, ""))
                for sub in spec.item_fields:
                    lines.append(_row(sub, labels, readers, "… "))
        lines.append("")
        if kind.privacy is not None:
            lines += ["The privacy notice at the top of the form (with the site policy's "
                      "default of what a ward PC keeps):", "",
                      "> " + kind.privacy("its reference, its dates, its type, its status and "
                                          "the news about it"), ""]
        if kind.done_note is not None and reader is not None:
            for code, label in reader.choices:
                note = kind.done_note({kind.reader_key: code})
                if note:
                    lines += [f"The submitted page adds, for {label.lower()}:", "",
                              "> " + note, ""]
    return "\n".join(lines)


def _all(kind):
    for spec in kind.fields.values():
        yield spec
        yield from spec.item_fields


def _row(spec, labels, readers, indent) -> str:
    own = dict(spec.readers)
    helped = f" (under it: *{spec.help}*)" if spec.help else ""
    cells = [indent + _cell((spec.form_label or spec.label) + (" *" if spec.required else "")
                            + helped),
             _cell(_asked(spec, labels))]
    cells += [_cell(own.get(code, "")) for code, _label in readers]
    cells += [_cell(_choices(spec)), _cell(spec.document_label)]
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
