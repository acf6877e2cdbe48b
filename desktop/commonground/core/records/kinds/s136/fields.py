"""A section 136 episode: from detention to the end of the assessment.

Follows the `s136-place-of-safety` protocol and the Mental Health Act 1983: consultation
before detention where practicable (s136(1C)); conveyance by ambulance unless there is a
reason not to (Code of Practice); a police station never for anyone under 18 (s136A) and
for adults only when every condition of regulation 2 of the Places of Safety Regulations
2017 applies; 24 hours from arrival at the first place of safety, extendable once by up to
12 hours (s136(2A), s136B).

What the law forbids outright (a child at a police station) is refused with the reason.
What is unusual but may really have happened (a detention beyond 24 hours without an
extension, a police station without every condition confirmed) is recorded and flagged,
so the committee sees it rather than it going unrecorded.
"""

from __future__ import annotations

import datetime as dt

from ...fields import Field, Section

AGE = (("18_or_over", "18 or over"), ("under_18", "Under 18"),
       ("not_sure", "Not sure: may be under 18"))
CONSULTED = (("yes", "Yes"), ("not_practicable", "No: it was not practicable"))
CONSULTED_WHO = (("doctor", "Doctor"), ("nurse", "Registered nurse"),
                 ("amhp", "Approved mental health professional (AMHP)"),
                 ("paramedic", "Paramedic"), ("other", "Other prescribed professional"))
CONVEYANCE = (("ambulance", "Ambulance"), ("police_vehicle", "Police vehicle"),
              ("other", "Other"))
PLACES = (("health_based", "Health-based place of safety (136 suite)"),
          ("emergency_department", "Emergency department"),
          ("police_station", "Police station"), ("other", "Other"))
# Regulation 2, Places of Safety Regulations 2017: all must apply for an adult.
REG2_CONDITIONS = (
    ("imminent_risk", "Their behaviour poses an imminent risk of serious injury or death "
                      "to themselves or another person"),
    ("no_other_place", "Because of that risk, no other place of safety in the police area "
                       "can reasonably be expected to detain them"),
    ("healthcare_present", "A healthcare professional will be present and available to them "
                           "throughout, so far as reasonably practicable"),
    ("inspector_authorised", "An officer of inspector rank or above authorised it (where "
                             "the officer deciding is below that rank)"),
)
STATION_REASONS = (
    ("imminent_risk", "Imminent risk of serious injury or death (regulation 2)"),
    ("suite_full", "The health-based place of safety was full"),
    ("no_staff", "No staff at the health-based place of safety"),
    ("other", "Other"),
)
OUTCOMES = (("admitted_informal", "Admitted informally"),
            ("detained_s2", "Detained under section 2"),
            ("detained_s3", "Detained under section 3"),
            ("discharged_follow_up", "Discharged with follow-up"),
            ("discharged", "Discharged, no follow-up needed"), ("other", "Other"))
YES_NO = (("yes", "Yes"), ("no", "No"))

LIMIT = dt.timedelta(hours=24)
MAX_EXTENSION = dt.timedelta(hours=12)
UNDER_18_AT_STATION = (
    "A police station can never be a place of safety for anyone under 18, or anyone who may "
    "be under 18 (Mental Health Act 1983 s136A). Choose the health-based place of safety or "
    "the emergency department.")

SECTIONS: tuple[Section, ...] = (
    Section("detention", "1. Detention", (
        Field("detained_at", "Date and time of detention", "datetime", required=True,
              missing="Enter the date and time of detention."),
        Field("age", "Age of the person", "choice", AGE, required=True,
              missing="Say whether the person is 18 or over."),
        Field("patient_identifier", "Local patient identifier (optional)", "text",
              max_length=40, help="The local identifier only, never an NHS number."),
        Field("officer_number", "Detaining officer's shoulder or collar number", "text",
              max_length=12),
    )),
    Section("consultation", "2. Consultation before detention", (
        Field("consulted", "Was a health professional consulted before detention?", "choice",
              CONSULTED, required=True,
              help="The Act asks the officer to consult where practicable (s136(1C)).",
              missing="Say whether a health professional was consulted before detention."),
        Field("consulted_who", "Who was consulted", "choice", CONSULTED_WHO,
              shown_when=("consulted", "yes"), required=True,
              missing="Choose who was consulted."),
        Field("consulted_detail", "Their name or service, and their advice", "text",
              shown_when=("consulted", "yes"), max_length=200),
        Field("not_consulted_reason", "Why it was not practicable", "textarea",
              shown_when=("consulted", "not_practicable"), required=True, max_length=2000,
              missing="Say why consulting was not practicable."),
    )),
    Section("conveyance", "3. Conveyance", (
        Field("conveyance", "How the person was taken to the place of safety", "choice",
              CONVEYANCE, required=True, missing="Choose how the person was conveyed."),
        Field("police_vehicle_reason", "Why a police vehicle was used", "textarea",
              shown_when=("conveyance", "police_vehicle"), required=True, max_length=2000,
              help="The Code of Practice expects an ambulance; record why not.",
              missing="Say why a police vehicle was used instead of an ambulance."),
        Field("conveyance_other", "Other way of travelling", "text",
              shown_when=("conveyance", "other"), required=True, max_length=120,
              missing="Say how the person travelled."),
        Field("ambulance_requested_at", "Ambulance requested at (optional)", "datetime"),
        Field("ambulance_arrived_at", "Ambulance arrived at (optional)", "datetime"),
    )),
    Section("place", "4. Place of safety", (
        Field("place_type", "Place of safety", "choice", PLACES, required=True,
              missing="Choose the place of safety."),
        Field("place_other", "Other place of safety", "text", shown_when=("place_type", "other"),
              required=True, max_length=120, missing="Say what the place of safety was."),
        Field("site", "Site of the place of safety", "site", missing="Choose the site."),
        Field("site_other", "Other site", "text", shown_when=("site", "other"), max_length=120),
        Field("station_conditions", "Confirm each condition of regulation 2 that applied",
              "multi", REG2_CONDITIONS, shown_when=("place_type", "police_station"),
              help="An adult may be kept at a police station only if all of these apply "
                   "(Places of Safety Regulations 2017, regulation 2)."),
        Field("station_reason", "Stated reason for using a police station", "choice",
              STATION_REASONS, shown_when=("place_type", "police_station"), required=True,
              missing="Choose the stated reason for using a police station."),
        Field("station_reason_other", "Other reason", "text",
              shown_when=("station_reason", "other"), required=True, max_length=200,
              missing="Say what the other reason was."),
        Field("inspector", "Authorising inspector (name or number)", "text",
              shown_when=("place_type", "police_station"), max_length=120),
        Field("arrived_at", "Arrival at the place of safety (the 24 hours start)", "datetime",
              required=True, missing="Enter the time of arrival at the place of safety."),
    )),
    Section("handover", "5. Handover", (
        Field("handover_at", "Handover to health staff", "datetime", required=True,
              missing="Enter the time of handover to health staff."),
        Field("police_left_at", "Police left", "datetime", required=True,
              missing="Enter the time the police left."),
        Field("police_stay_reason", "If police were asked to stay, why (optional)", "textarea",
              max_length=2000),
    )),
    Section("outcome", "6. Assessment and outcome", (
        Field("outcome", "Outcome of the assessment", "choice", OUTCOMES, required=True,
              missing="Choose the outcome of the assessment."),
        Field("outcome_other", "Other outcome", "text", shown_when=("outcome", "other"),
              required=True, max_length=200, missing="Say what the outcome was."),
        Field("ended_at", "Section 136 ended at", "datetime", required=True,
              missing="Enter the time section 136 ended."),
        Field("extended", "Was the 24 hours extended?", "choice", YES_NO, required=True,
              missing="Say whether the 24 hours were extended."),
        Field("extended_by", "Extended by (doctor's name and role)", "text",
              shown_when=("extended", "yes"), required=True, max_length=120,
              missing="Say which doctor extended the detention."),
        Field("extension_hours", "Length of the extension in hours", "text",
              shown_when=("extended", "yes"), required=True, max_length=2,
              missing="Enter the length of the extension in hours (at most 12)."),
        Field("superintendent", "Superintendent who approved it (police station)", "text",
              shown_when=("extended", "yes"), max_length=120),
        Field("recorded_by", "Your name", "text", required=True, max_length=120,
              missing="Enter your name.", print_label="Recorded by"),
        Field("recorded_role", "Your role", "text", required=True, max_length=120,
              missing="Enter your role (for example place of safety nurse, PC).",
              print_label="Recorder's role"),
    )),
)

FIELDS: dict[str, Field] = {f.key: f for s in SECTIONS for f in s.fields}
REPORTER_KEYS = ("recorded_by", "recorded_role")
