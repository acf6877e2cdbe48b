"""The report form's sections as widgets, and its words for the person reporting.

A kind with a ``reader_key`` (who is reporting) relabels its fields in that reader's words
(``Field.readers``) as soon as the answer changes; which questions are asked follows from
the fields' own rules (``shown_when``), as the checks do. The privacy notice says what
Common Ground does with the record on this computer, from the site policy.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ..core.records import fields as rf
from ..core.records import reports as incidents
from .form_fields import FieldBase, ListField, TextAreaField, make_field

OTHER = ("other", "Other (not listed)")
NOTE_STYLE = "QLabel { background: #fff4ce; border: 1px solid #8a6d00; padding: 4px; }"
# What a ward PC keeps after the advisor's receipt (the policy's words), as people say it.
KEPT_WORDS = {"reference": "its reference", "dates": "its dates", "type": "its type",
              "status": "its status", "messages": "the news about it", "place": "its place"}


def build_section(form, section: rf.Section) -> QGroupBox:
    """One numbered section of ``form`` (a ReportFormPage), its fields added to
    ``form.fields`` and the kind's notes under them to ``form.notes``."""
    group = QGroupBox(section.title)
    layout = QVBoxLayout(group)
    for spec in section.fields:
        if spec.kind == "list":
            field = ListField(spec, noun=spec.item_noun)
        elif spec.kind == "textarea":
            field = TextAreaField(spec, lines=10 if spec.key == "narrative" else 3)
        elif spec.kind == "site":
            field = make_field(spec, choices=site_choices(form.context.policy))
        elif spec.kind == "ward":
            field = make_field(spec, choices=[OTHER])
        elif spec.kind == "multi" and max(len(t) for _c, t in spec.choices) > 40:
            field = make_field(spec, columns=1)  # sentences read better one per line
        else:
            field = make_field(spec)
        if spec.form_label:
            field.label.setText(spec.form_label)
        field.changed.connect(lambda key=spec.key: form._changed(key))
        layout.addWidget(field.container)
        form.fields[spec.key] = field
        for note in form.kind.form_notes:
            if note.after == spec.key:
                label = form.notes[note.key] = QLabel(note.text)
                label.setWordWrap(True)
                label.setStyleSheet(NOTE_STYLE)
                label.hide()
                layout.addWidget(label)
    form.groups[section.key] = group
    return group


def site_choices(policy):
    return [(site.name, site.name) for site in policy.sites] + [OTHER]


def ward_choices(policy, site):
    return [(ward, ward) for ward in policy.wards_for(site)] + [OTHER]


def reader_of(kind, data: dict) -> str:
    return str(data.get(kind.reader_key) or "") if kind.reader_key else ""


def relabel(field: FieldBase, text: str) -> None:
    """A field's label in other words, and its controls' accessible names with it."""
    shown = text + (" *" if field.spec.required else "")
    old = field.label.text().removesuffix(" *")
    if field.label.text() == shown:
        return
    field.label.setText(shown)
    if not old:
        return
    for widget in field.container.findChildren(QWidget):
        name = widget.accessibleName()
        if old in name:
            widget.setAccessibleName(name.replace(old, text))


def speak_to(form, data: dict) -> None:
    """Every field of ``form`` in the words of whoever is reporting."""
    reader = reader_of(form.kind, data)
    if reader == getattr(form, "reader", None):
        return
    form.reader = reader
    for key, field in form.fields.items():
        spec = form.kind.fields[key]
        if spec.readers or spec.form_label:
            relabel(field, spec.label_for(reader))


def privacy_notice(kind, policy) -> QLabel | None:
    """Who sees a record and for how long, as this site's policy makes it (None for a kind
    that has no notice)."""
    if kind.privacy is None:
        return None
    from ..core.sync.incoming import DEFAULT_RETENTION
    words = (policy.retention or {}).get("keep_after_receipt")
    keep = (set(words.split(",")) - {""} if isinstance(words, str) else set()) \
        or DEFAULT_RETENTION   # as syncing reads it
    kept = [KEPT_WORDS[key] for key in KEPT_WORDS if key in keep] or ["nothing of it"]
    said = ", ".join(kept[:-1]) + (" and " if len(kept) > 1 else "") + kept[-1]
    label = QLabel(kind.privacy(said))
    label.setWordWrap(True)
    label.setAccessibleName("Who sees this report, and for how long")
    label.setStyleSheet("QLabel { color: #303030; }")
    return label


def starting_answers(kind, context) -> dict:
    """What a new form starts with: the reporter this login named last time (never on a
    shared login), the site
    policy's site, this computer's last place (when it is at that site), each field's
    default; and where the policy lists no sites or wards, "Other" chosen already so the
    place is typed at once (and printed on one row, not as "Other" and then the name)."""
    policy = context.policy
    start = {} if policy.setting("shared_login") else dict(
        incidents.remembered_reporter(context.db, context.login, kind.key))
    sites = [spec.key for spec in kind.fields.values() if spec.kind == "site"]
    wards = [spec.key for spec in kind.fields.values() if spec.kind == "ward"]
    for key in sites:
        if policy.site:
            start[key] = policy.site
    place = incidents.remembered_place(context.db, kind.key)
    if all(not start.get(key) or place.get(key) == start[key] for key in sites):
        start.update(place)
    for key in sites:
        if not start.get(key) and not policy.sites:
            start[key] = "other"
    site = start.get(sites[0]) if sites else None
    for key in wards:
        if not start.get(key) and not policy.wards_for(site):
            start[key] = "other"
    if "victims" in kind.fields:
        start["victims"] = [{}]
    for key, spec in kind.fields.items():
        if spec.default and not start.get(key):
            start[key] = spec.default
    return start
