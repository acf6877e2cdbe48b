"""An incident or assault report: every field, its label, its choices, in form order."""

from __future__ import annotations

import datetime as dt

from ....timeutil import now_local, parse_time
from ...fields import Field, Section
from .readers import (
    AMBULANCE,
    POLICE,
    READER_KEY,
    READERS,
    TRUST,
    advisor_contact_applies,
    asked_when_told_not_police,
    not_police,
    told_police,
)

LATE_REPORT = dt.timedelta(hours=48)


def is_late(data: dict, now: dt.datetime | None = None) -> bool:
    """Reported more than 48 hours after the incident."""
    incident = parse_time(data.get("incident_at"))
    return bool(incident and (now or now_local()) - incident > LATE_REPORT)


def riddor_suggested(data: dict) -> bool:
    """Time off of more than 7 days after an assault at work may be reportable (RIDDOR)."""
    return data.get("absence") == "over_7"


SETTINGS = (
    ("inpatient_ward", "Inpatient ward"), ("community", "Community"), ("custody", "Custody"),
    ("public_place", "Public place"), ("ambulance", "Ambulance"), ("other", "Other"),
)
INCIDENT_TYPES = (
    ("physical_assault", "Physical assault"), ("sexual_assault", "Sexual assault"),
    ("threat_verbal", "Threat or verbal abuse"), ("spitting", "Spitting"),
    ("biting", "Biting"), ("weapon", "Use or threat of a weapon"),
    ("damage", "Damage to property"), ("other", "Other"),
)
AGGRAVATING = (
    ("hostility_race", "Hostility: race"), ("hostility_religion", "Hostility: religion"),
    ("hostility_disability", "Hostility: disability"),
    ("hostility_sexual_orientation", "Hostility: sexual orientation"),
    ("hostility_transgender", "Hostility: transgender identity"),
    ("emergency_worker", "Victim is an emergency worker"),
)
VICTIM_KINDS = (
    ("staff", "Staff member"), ("patient", "Patient"), ("visitor", "Visitor"),
    ("police", "Police officer"), ("ambulance", "Ambulance crew"), ("other", "Other"),
)
PERPETRATOR_KINDS = (
    ("patient", "Patient"), ("visitor", "Visitor"), ("staff", "Member of staff"),
    ("unknown", "Unknown"), ("other", "Other"),
)
HARM_GRADES = (
    ("none", "No harm"), ("low", "Low"), ("moderate", "Moderate"), ("severe", "Severe"),
    ("death", "Death"),
)
TREATMENTS = (
    ("none", "None"), ("first_aid", "First aid"),
    ("emergency_department", "Emergency department"), ("admitted", "Admitted to hospital"),
)
ABSENCE = (
    ("none", "No time off expected"), ("up_to_3", "Up to 3 days"),
    ("4_to_7", "4 to 7 days"), ("over_7", "More than 7 days"), ("not_known", "Not known yet"),
)
YES_NO_NOT_YET = (("yes", "Yes"), ("no", "No"), ("not_yet", "Not yet"))
YES_NO = (("yes", "Yes"), ("no", "No"))
SUPPORTS_PROSECUTION = (("yes", "Yes"), ("no", "No"), ("undecided", "Undecided"))
IMMEDIATE_ACTIONS = (
    ("restraint", "Restraint"), ("seclusion", "Seclusion"),
    ("rapid_tranquillisation", "Rapid tranquillisation"), ("medical_review", "Medical review"),
    ("other", "Other"),
)

# Victim kinds whose report opens a prosecution-support case automatically.
WORKER_VICTIMS = frozenset({"staff", "police", "ambulance"})


HARM_HELP = ("Low: minor harm, first aid at most. Moderate: needed more treatment, not "
             "permanent. Severe: permanent or long-term harm.")

NARRATIVE_PROMPT = (
    "Before: what was happening before the incident?\n"
    "During: what happened, in order? Where did any blows land?\n"
    "After: what happened afterwards?\n"
    "Words said: write them exactly, in quotes.\n"
    "Use roles, not names, here (for example 'the patient', 'a nurse'); names go in the "
    "people sections."
)

SECTIONS: tuple[Section, ...] = (
    Section("when", "1. When and where", (
        # Not required: a record that does not say is a Trust staff member's (readers.py).
        Field(READER_KEY, "You are reporting as", "choice", READERS,
              help="The questions and their words follow from this: a police officer is not "
                   "asked whether the police were told.", print_label="Reported by",
              default=TRUST),
        Field("incident_at", "Date and time of the incident", "datetime", required=True,
              missing="Enter the date and time of the incident."),
        Field("site", "Site", "site", this_pc=True, required=True, missing="Choose the site."),
        Field("site_other", "Other site", "text", this_pc=True,
              shown_when=("site", "other"),
              max_length=120, required=True, missing="Write the name of the site."),
        Field("location", "Ward or location", "ward", this_pc=True, required=True,
              missing="Choose the ward or location."),
        Field("location_other", "Other ward or location", "text", this_pc=True,
              shown_when=("location", "other"), max_length=120, required=True,
              missing="Write the ward or place where it happened."),
        Field("setting", "Setting", "choice", SETTINGS, this_pc=True, required=True,
              missing="Choose where it happened (the setting)."),
        Field("setting_other", "Other setting", "text", this_pc=True,
              shown_when=("setting", "other"),
              max_length=120, required=True, missing="Say what the other setting was."),
        Field("delay_reason", "Why is it being reported now? (optional)", "textarea",
              help="Only asked when the incident was more than 48 hours ago. Your answer "
                   "helps the committee understand why reports come late.", max_length=2000,
              form_label="It is more than 48 hours since the incident. Why is it being "
                         "reported now? (optional)",
              form_shown=lambda data: is_late(data) or bool(data.get("delay_reason"))),
    )),
    Section("what", "2. What happened", (
        Field("incident_types", "Type of incident", "multi", INCIDENT_TYPES, required=True,
              missing="Tick at least one type of incident."),
        Field("type_other", "Other type", "text", shown_when=("incident_types", "other"),
              max_length=120, required=True, missing="Say what the other type of incident was."),
        Field("aggravating", "Aggravating factors", "multi", AGGRAVATING,
              help="Tick any that apply."),
    )),
    Section("victims", "3. Who was harmed", (
        Field("victims", "People harmed", "list", required=True, item_noun="person harmed",
              missing="Add at least one person who was harmed.", item_fields=(
            Field("kind", "Who", "choice", VICTIM_KINDS, required=True,
                  missing="Say who for {noun} {number}."),
            Field("name", "Name (optional)", "text", max_length=120, person_name=True),
            Field("role", "Role", "text", max_length=120, required_when=("kind", "other"),
                  missing="Say who {noun} {number} is (their role)."),
            Field("organisation", "Organisation", "text", max_length=120),
        )),
    )),
    Section("perpetrator", "4. Who did it", (
        Field("perpetrator_kind", "Who did it", "choice", PERPETRATOR_KINDS, required=True,
              missing="Say who did it (choose Unknown if you do not know).",
              readers=((POLICE, "Who did it (the suspect)"),)),
        Field("patient_identifier", "Local patient identifier (optional)", "text",
              shown_when=("perpetrator_kind", "patient"), max_length=40,
              help="The local identifier only, never an NHS number written in free text.",
              readers=((POLICE, "The hospital's identifier for the patient, if staff give "
                                "it to you (optional)"),)),
        Field("perpetrator_description", "Description", "textarea", max_length=2000,
              readers=((POLICE, "Description of the suspect"),)),
    )),
    Section("harm", "5. Harm", (
        Field("harm_grade", "Harm (NHS grading)", "choice", HARM_GRADES, required=True,
              missing="Choose the harm: how badly anyone was hurt (No harm if no one was).",
              help=HARM_HELP,
              readers=((POLICE, "How badly hurt (the NHS's harm grading, not the offence)"),)),
        Field("injuries", "Injuries", "textarea", max_length=2000),
        Field("treatment", "Treatment", "choice", TREATMENTS, required=True,
              missing="Choose the treatment given (None if there was none)."),
        Field("absence", "Time off work expected", "choice", ABSENCE),
    )),
    Section("police", "6. Police", (
        Field("police_informed", "Police informed", "choice", YES_NO_NOT_YET, required=True,
              missing="Say whether the police have been told.", shown_when=not_police,
              readers=((AMBULANCE, "Have the police been told?"),)),
        Field("police_informed_at", "When police were told", "datetime",
              shown_when=asked_when_told_not_police),
        Field("police_attended", "Police attended", "choice", YES_NO,
              shown_when=asked_when_told_not_police),
        Field("officer_number", "Officer's shoulder or collar number", "text", max_length=12,
              shown_when=told_police,
              readers=((POLICE, "Your shoulder or collar number"),)),
        Field("cad_number", "Police incident (CAD) number", "text", max_length=30,
              shown_when=told_police,
              readers=((POLICE, "Incident log (CAD) number"),)),
        Field("crime_reference", "Crime reference number", "text", max_length=30,
              shown_when=told_police,
              readers=((POLICE, "Crime number, if one has been raised"),)),
    )),
    Section("witnesses", "7. Witnesses", (
        Field("witnesses", "Witnesses", "list", item_noun="witness", item_fields=(
            Field("name", "Name", "text", required=True, max_length=120, person_name=True),
            Field("role", "Role", "text", max_length=120),
            Field("contact", "Contact", "text", max_length=120),
        )),
    )),
    Section("account", "8. Account", (
        Field("narrative", "What happened, in your words", "textarea", required=True,
              help=NARRATIVE_PROMPT, max_length=20000, document_text=True,
              missing="Describe what happened, in your own words."),
        Field("immediate_actions", "Immediate actions", "multi", IMMEDIATE_ACTIONS),
        Field("immediate_actions_other", "Other action", "text",
              shown_when=("immediate_actions", "other"), max_length=200, required=True,
              missing="Say what the other action was."),
    )),
    Section("wishes", "9. Victim's wishes", (
        Field("supports_prosecution", "Does the victim support prosecution?", "choice",
              SUPPORTS_PROSECUTION, required=True,
              missing="Say whether the victim supports prosecution (Undecided is fine)."),
        Field("wants_advisor_contact",
              "Does the victim want contact from the violence and prosecution advisor?",
              "choice", YES_NO, required=True, shown_when=advisor_contact_applies,
              missing="Say whether the victim wants contact from the advisor.",
              readers=((POLICE, "Does the victim want contact from the Trust's violence and "
                                "prosecution advisor?"),
                       (AMBULANCE, "Does the victim want contact from the Trust's violence "
                                   "and prosecution advisor?"))),
        Field("contact_preference", "Best way to contact the victim", "text", max_length=200),
    )),
    Section("reporter", "10. Reporter", (
        Field("reporter_name", "Your name", "text", required=True, max_length=120,
              missing="Enter your name.", person_name=True,
              print_label="Reporter's name"),
        Field("reporter_role", "Your role", "text", required=True, max_length=120,
              missing="Enter your role (for example staff nurse, PC).",
              readers=((POLICE, "Your rank and role (for example PC, response team)"),
                       (AMBULANCE, "Your role (for example paramedic)")),
              print_label="Reporter's role"),
        Field("reporter_contact", "How to contact you", "text", max_length=200,
              print_label="Reporter's contact details"),
    )),
)

FIELDS: dict[str, Field] = {f.key: f for s in SECTIONS for f in s.fields}
REPORTER_KEYS = ("reporter_name", "reporter_role", "reporter_contact")
