"""A request for police assistance at a Mental Health Act assessment, and its outcome.

Follows the `police-assistance-mha-assessment` protocol: the reason police are needed, the
legal basis, the risk picture police ask for (with detail for every "yes"), the plan. The
notice rule is the protocol's (front matter ``notice_working_days``) or the site policy's;
a late request is allowed and flagged, never refused.

The outcome is recorded afterwards, as an event on the submitted request (the request
itself never changes): attended on time or late, did not attend, or cancelled by whom and
why, and re-booked to when.
"""

from __future__ import annotations

import datetime as dt

from ..fields import Field, Section, is_shown

KIND = "police_assistance"

URGENCY = (("planned", "Planned"), ("urgent", "Urgent (cannot wait for the notice period)"))
ADDRESS_TYPES = (("private_dwelling", "Private dwelling (a home)"), ("hospital", "Hospital"),
                 ("public_place", "Public place"), ("other", "Other"))
WARRANT = (("held", "Held"), ("being_sought", "Being sought"), ("none", "No warrant"))
WARRANT_KINDS = (("s135_1", "Section 135(1): entry, and removal to a place of safety"),
                 ("s135_2", "Section 135(2): to take or retake a patient already liable"))
REASONS = (
    ("execute_warrant", "To execute a section 135 warrant (only police can)"),
    ("crime_or_breach", "To prevent or deal with a crime or a breach of the peace"),
    ("risk_to_life", "Real and immediate risk to life or of serious harm"),
    ("other", "Other"),
)
YES_NO_NOT_KNOWN = (("yes", "Yes"), ("no", "No"), ("not_known", "Not known"))
AMBULANCE = (("yes", "Yes, booked"), ("no", "Not yet booked"), ("not_needed", "Not needed"))

# The risk picture the protocol asks for: (key, question, what to say when "yes").
RISKS = (
    ("violence", "History of violence", "Against whom, how recently, how serious; any "
                                        "assaults on staff."),
    ("weapons", "Weapons", "Access to knives, firearms or other weapons; any use or threats."),
    ("drugs_alcohol", "Drugs or alcohol", "Current use and its effect on behaviour."),
    ("others_present", "Others in the property, including children",
     "Who else lives there or may be present; say how many children and their ages."),
    ("animals", "Animals", "Dogs or other animals that could cause harm or need care."),
    ("access", "Access problems", "Stairs, door codes, keys, exits, balconies, parking."),
    ("previous_police", "Previous police involvement",
     "Past incidents, warning markers, previous warrants."),
)


def _risk_fields() -> tuple[Field, ...]:
    fields: list[Field] = []
    for key, question, prompt in RISKS:
        fields.append(Field(f"risk_{key}", question, "choice", YES_NO_NOT_KNOWN, required=True,
                            missing=f"Answer: {question.lower()} (Not known is an answer)."))
        fields.append(Field(f"risk_{key}_detail", f"{question}: details", "textarea",
                            shown_when=(f"risk_{key}", "yes"), required=True, help=prompt,
                            max_length=2000,
                            missing=f"You answered yes to '{question.lower()}': give the "
                                    "details the police need."))
    return tuple(fields)


SECTIONS: tuple[Section, ...] = (
    Section("requester", "1. Who is asking", (
        Field("requester_name", "Your name", "text", required=True, max_length=120,
              missing="Enter your name.", print_label="Requester's name"),
        Field("requester_role", "Your role", "text", required=True, max_length=120,
              missing="Enter your role (for example AMHP).", print_label="Requester's role"),
        Field("team", "Team or service", "text", required=True, max_length=120,
              missing="Enter your team or service."),
        Field("requester_phone", "Your phone number on the day", "text", required=True,
              max_length=40, missing="Enter the number the police can reach you on that day.",
              print_label="Requester's phone on the day"),
    )),
    Section("assessment", "2. The assessment", (
        Field("assessment_at", "Date and time of the planned assessment", "datetime",
              required=True, missing="Enter the date and time of the assessment."),
        Field("urgency", "Planned or urgent", "choice", URGENCY, required=True,
              missing="Say whether the assessment is planned or urgent."),
        Field("urgent_reason", "Why it cannot wait", "textarea", shown_when=("urgency", "urgent"),
              required=True, max_length=2000,
              missing="Say why the request cannot wait for the notice period."),
        Field("person_name", "Name of the person to be assessed", "text", required=True,
              max_length=120, missing="Enter the name of the person to be assessed."),
        Field("address_type", "Where the assessment will be", "choice", ADDRESS_TYPES,
              required=True, missing="Choose where the assessment will be."),
        Field("address_other", "Other kind of place", "text", shown_when=("address_type", "other"),
              required=True, max_length=120, missing="Say what kind of place it is."),
        Field("address", "Address", "textarea", required=True, max_length=500,
              missing="Enter the address."),
        Field("meeting_point", "Meeting point for the briefing", "text", max_length=200),
        Field("warrant", "Section 135 warrant", "choice", WARRANT, required=True,
              missing="Say whether a section 135 warrant is held or being sought."),
        Field("warrant_kind", "Kind of warrant", "choice", WARRANT_KINDS, required=True,
              shown_when=("warrant", "held"), missing="Choose the kind of warrant."),
        Field("warrant_details", "Warrant: court and date issued", "text",
              shown_when=("warrant", "held"), max_length=200),
    )),
    Section("why", "3. Why police are needed", (
        Field("reason", "Reason police are needed", "choice", REASONS, required=True,
              missing="Choose why police are needed.",
              help="Police attend to execute a warrant, for a crime or breach of the peace, "
                   "or for a real and immediate risk to life or of serious harm."),
        Field("asked_of_police", "What is asked of the police, and why", "textarea",
              required=True, max_length=4000,
              missing="Say what you are asking the police to do, and why."),
    )),
    Section("risk", "4. Risk information", _risk_fields()),
    Section("plan", "5. Ambulance and plan", (
        Field("ambulance", "Ambulance", "choice", AMBULANCE, required=True,
              missing="Say whether an ambulance is booked."),
        Field("ambulance_at", "Ambulance booked for", "datetime",
              shown_when=("ambulance", "yes"), required=True,
              missing="Enter the time the ambulance is booked for."),
        Field("ambulance_reference", "Ambulance booking reference", "text",
              shown_when=("ambulance", "yes"), max_length=40),
        Field("plan_notes", "Anything else the police should know", "textarea",
              max_length=4000, help="Communication needs, physical health, the plan for "
                                    "dependants or pets, a bed identified."),
    )),
)

FIELDS: dict[str, Field] = {f.key: f for s in SECTIONS for f in s.fields}
REPORTER_KEYS = ("requester_name", "requester_role", "team", "requester_phone")

# ------------------------------------------------------------------ outcome
OUTCOMES = (("on_time", "Police attended on time"), ("late", "Police attended late"),
            ("did_not_attend", "Police did not attend"),
            ("cancelled", "The assessment was cancelled"))
CANCELLED_BY = (("police", "Police"), ("health_social_care", "Health or social care"))
CANCEL_REASONS = (
    ("bed_unavailable", "No bed available"), ("doctor_unavailable", "Doctor not available"),
    ("police_resources", "Police resources"), ("risk_changed", "Risk changed"),
    ("found_or_admitted", "Person found elsewhere, or admitted"), ("other", "Other"),
)
OUTCOME_FIELDS: tuple[Field, ...] = (
    Field("outcome", "What happened", "choice", OUTCOMES, required=True,
          missing="Choose what happened."),
    Field("minutes_late", "How many minutes late", "text", shown_when=("outcome", "late"),
          required=True, max_length=4, missing="Say how many minutes late the police were."),
    Field("cancelled_by", "Cancelled by", "choice", CANCELLED_BY,
          shown_when=("outcome", "cancelled"), required=True,
          missing="Say who cancelled: police, or health or social care."),
    Field("cancel_reason", "Reason for cancelling", "choice", CANCEL_REASONS,
          shown_when=("outcome", "cancelled"), required=True,
          missing="Choose the reason it was cancelled."),
    Field("cancel_other", "Other reason", "text", shown_when=("cancel_reason", "other"),
          required=True, max_length=200, missing="Say what the other reason was."),
    Field("rebooked_at", "Re-booked to (if it was)", "datetime",
          shown_when=("outcome", "cancelled")),
    Field("outcome_note", "Note (optional)", "textarea", max_length=2000),
)
OUTCOME_FIELD_MAP: dict[str, Field] = {f.key: f for f in OUTCOME_FIELDS}


def notice_days(sent: dt.datetime, assessment: dt.datetime, calendar) -> int:
    """Working days of notice: from the day after the request is sent up to the day before
    the assessment, skipping weekends and bank holidays (as the protocol counts)."""
    day, count = sent.date() + dt.timedelta(days=1), 0
    while day < assessment.date():
        if calendar.is_working_day(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


def late_notice(data: dict, sent: dt.datetime, notice_rule: int | None, calendar) -> int | None:
    """The notice given, if it is less than the rule for a planned request; else None."""
    from ...timeutil import parse_time

    assessment = parse_time(data.get("assessment_at"))
    if data.get("urgency") != "planned" or assessment is None or notice_rule is None:
        return None
    given = notice_days(sent, assessment, calendar) if assessment > sent else 0
    return given if given < notice_rule else None


def cross_checks(data: dict, now: dt.datetime, submitting: bool) -> list[tuple[str, str]]:
    from ...timeutil import parse_time

    found = []
    assessment = parse_time(data.get("assessment_at"))
    if assessment and assessment < now - dt.timedelta(days=30):
        found.append(("assessment_at", "The assessment is more than 30 days ago. Check the "
                                       "date: a request is made before the assessment."))
    if assessment and assessment > now + dt.timedelta(days=366):
        found.append(("assessment_at", "The assessment is more than a year away. Check the "
                                       "year."))
    ambulance = parse_time(data.get("ambulance_at")) if data.get("ambulance") == "yes" else None
    if ambulance and assessment and abs(ambulance - assessment) > dt.timedelta(hours=24):
        found.append(("ambulance_at", "The ambulance is booked more than a day from the "
                                      "assessment. Check both dates."))
    if data.get("reason") == "execute_warrant" and data.get("warrant") == "none":
        found.append(("warrant", "The reason is to execute a warrant, but no warrant is held "
                                 "or sought. Check both answers."))
    return found


def outcome_problems(values: dict, request: dict, now: dt.datetime) -> list[tuple[str, str]]:
    """What is wrong with an outcome, field by field, before it is recorded."""
    from ...timeutil import parse_time

    found = []
    for spec in OUTCOME_FIELDS:
        if not is_shown(spec, values):
            continue
        value = values.get(spec.key)
        if value in (None, "", []) or (isinstance(value, str) and not value.strip()):
            if spec.required:
                found.append((spec.key, spec.missing))
            continue
        if spec.max_length and isinstance(value, str) and len(value) > spec.max_length:
            found.append((spec.key, f"This is {len(value):,} characters long; the most is "
                                    f"{spec.max_length:,}."))
    if values.get("outcome") == "late" and str(values.get("minutes_late") or "").strip():
        text = str(values["minutes_late"]).strip()
        if not text.isdigit() or not 1 <= int(text) <= 1440:
            found.append(("minutes_late", "Write the minutes late as a number from 1 to 1440."))
    rebooked = parse_time(values.get("rebooked_at")) if values.get("outcome") == "cancelled" \
        else None
    assessment = parse_time(request.get("assessment_at"))
    if rebooked and assessment and rebooked < assessment:
        found.append(("rebooked_at", "The new date is before the cancelled assessment. Check "
                                     "the date."))
    if values.get("outcome") in ("on_time", "late", "did_not_attend") and assessment \
            and assessment > now + dt.timedelta(minutes=5):
        found.append(("outcome", "The assessment has not happened yet; record this once it "
                                 "has (a cancellation can be recorded now)."))
    return found


def outcome_summary(values: dict) -> str:
    from ..fields import label_for

    outcome = values.get("outcome")
    text = label_for(OUTCOMES, outcome)
    if outcome == "late" and values.get("minutes_late"):
        text += f" ({values['minutes_late']} minutes)"
    if outcome == "cancelled":
        reason = values.get("cancel_other") if values.get("cancel_reason") == "other" \
            else label_for(CANCEL_REASONS, values.get("cancel_reason"))
        text += f" by {label_for(CANCELLED_BY, values.get('cancelled_by')).lower()}"
        if reason:
            text += f": {reason[0].lower() + reason[1:]}"
        if values.get("rebooked_at"):
            from ...timeutil import format_time
            text += f"; re-booked to {format_time(values['rebooked_at'])}"
    return text


def summary(data: dict) -> str:
    from ..fields import label_for

    extra = []
    if data.get("urgency"):
        extra.append(label_for(URGENCY, data["urgency"]).split(" (")[0].lower())
    if data.get("warrant") == "held":
        extra.append("warrant held")
    return "Police assistance request" + (": " + ", ".join(extra) if extra else "")


def place(data: dict) -> str:
    from ..fields import label_for

    kind = data.get("address_other") if data.get("address_type") == "other" \
        else label_for(ADDRESS_TYPES, data.get("address_type"))
    return str(kind or "")
