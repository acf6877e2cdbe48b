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

from ...fields import Field, Section

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
              missing="Enter your name.", print_label="Requester's name", person_name=True),
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
              max_length=120, missing="Enter the name of the person to be assessed.",
              person_name=True),
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
