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
# The Home Office's categories (Annual Data Return), in its order where known; the codes
# are the ones released before these lists grew and never change.
CONVEYANCE = (("ambulance", "Ambulance"), ("police_vehicle", "Police vehicle"),
              ("other_health_vehicle", "Other health vehicle"), ("other", "Other"),
              ("none_already_at_pos", "None (already at a place of safety)"),
              ("not_known", "Not known"))
POLICE_VEHICLE_WHY = (   # wording UNCONFIRMED against the Home Office table (README)
    ("no_ambulance_30", "Ambulance not available within 30 minutes"),
    ("not_requested", "Ambulance not requested"),
    ("diverted", "Ambulance diverted to a higher priority call"),
    ("crew_refused", "Ambulance crew refused to convey"),
    ("other", "Other"), ("not_known", "Not known"))
PLACES = (("health_based", "Health based place of safety (136 suite)"),
          ("emergency_department", "A&E (emergency department)"),
          ("police_station", "Police station"), ("private_home", "Private home"),
          ("other", "Other"), ("not_known", "Not known"))
TRANSFER_PLACES = tuple(pair for pair in PLACES if pair[0] != "not_known")
YES_NO_NOT_KNOWN = (("yes", "Yes"), ("no", "No"), ("not_known", "Not known"))
# Bands that nest into NHS England's (15 and under ... 65 and over) and Wales's (under 16,
# 16-17, 18 and over); under 18 is the first two. The safeguard question ``age`` stays.
AGE_BANDS = (("under_16", "Under 16"), ("16_17", "16 to 17"), ("18_34", "18 to 34"),
             ("35_49", "35 to 49"), ("50_64", "50 to 64"), ("65_over", "65 and over"),
             ("not_known", "Not known"))
UNDER_18_BANDS = ("under_16", "16_17")
GENDERS = (("male", "Male"), ("female", "Female"), ("other", "Other"),
           ("not_known", "Not known"))
# Self-defined: NHS England's five groups (the 2011 Census's, as Wales uses them).
ETHNIC_GROUPS = (("white", "White"), ("mixed", "Mixed / Multiple ethnic groups"),
                 ("asian", "Asian / Asian British"),
                 ("black", "Black / African / Caribbean / Black British"),
                 ("other", "Other ethnic group"),
                 ("not_stated", "Not stated (the person chose not to say)"),
                 ("not_known", "Not known (not asked, or could not be asked)"))
# The NHS Data Dictionary's ethnic categories (codes A to S, Z), each in its group.
ETHNIC_CATEGORIES = (
    ("A", "White: British"), ("B", "White: Irish"), ("C", "White: any other White background"),
    ("D", "Mixed: White and Black Caribbean"), ("E", "Mixed: White and Black African"),
    ("F", "Mixed: White and Asian"), ("G", "Mixed: any other mixed background"),
    ("H", "Asian or Asian British: Indian"), ("J", "Asian or Asian British: Pakistani"),
    ("K", "Asian or Asian British: Bangladeshi"),
    ("L", "Asian or Asian British: any other Asian background"),
    ("M", "Black or Black British: Caribbean"), ("N", "Black or Black British: African"),
    ("P", "Black or Black British: any other Black background"),
    ("R", "Other ethnic groups: Chinese"), ("S", "Other ethnic groups: any other ethnic group"),
    ("Z", "Not stated"))
CATEGORY_GROUP = {**dict.fromkeys("ABC", "white"), **dict.fromkeys("DEFG", "mixed"),
                  **dict.fromkeys("HJKL", "asian"), **dict.fromkeys("MNP", "black"),
                  **dict.fromkeys("RS", "other"), "Z": "not_stated"}
# As the officer perceived it, for the police side's tables: UNCONFIRMED list (README).
OFFICER_ETHNICITY = (("white", "White"), ("black", "Black"), ("asian", "Asian"),
                     ("mixed", "Mixed"), ("chinese_other", "Chinese or other"),
                     ("not_known", "Not known"))
INTOXICATION = (("alcohol", "Alcohol"), ("drugs", "Drugs"), ("both", "Alcohol and drugs"),
                ("no", "No"), ("not_known", "Not known"))
EQUALITY_WHY = ("Optional: never needed to save or submit. Asked so the committee can see "
                "whether any group is detained more often. The committee sees these only as "
                "counts, never with a name.")
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
    ("arrested", "Already under arrest or in police custody for an offence"),
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
        Field("already_at_pos", "Was the person already at a place of safety when detained? "
              "(optional)", "choice", YES_NO_NOT_KNOWN,
              help="For example detained in A&E (s136(1)(b)); then there was no conveyance."),
        Field("age", "Age of the person", "choice", AGE, required=True,
              missing="Say whether the person is 18 or over."),
        Field("age_band", "Age band (optional)", "choice", AGE_BANDS,
              help="The bands the national tables use. Never a date of birth."),
        Field("intoxication", "Were alcohol or drugs a factor? (optional)", "choice",
              INTOXICATION),
        Field("patient_identifier", "Local patient identifier (optional)", "text",
              max_length=40, help="The local identifier only, never an NHS number."),
        Field("officer_number", "Detaining officer's shoulder or collar number", "text",
              max_length=12),
    )),
    Section("person", "2. About the person (optional)", (
        Field("gender", "Gender (optional)", "choice", GENDERS, help=EQUALITY_WHY),
        Field("ethnicity", "Ethnic group, as the person describes it (optional)", "choice",
              ETHNIC_GROUPS, help="The person's own answer, in the NHS's five groups."),
        Field("ethnic_category", "Ethnic category, if the person gave one (optional)",
              "choice", ETHNIC_CATEGORIES,
              help="The NHS Data Dictionary's 16 categories; it must be in the group above."),
        Field("officer_ethnicity", "Ethnicity as the detaining officer perceived it "
              "(optional)", "choice", OFFICER_ETHNICITY,
              help="The police's own national return counts it this way."),
    )),
    Section("consultation", "3. Consultation before detention", (
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
    Section("conveyance", "4. Conveyance", (
        Field("conveyance", "How the person was taken to the place of safety", "choice",
              CONVEYANCE, required=True, missing="Choose how the person was conveyed."),
        Field("police_vehicle_why", "Why a police vehicle was used", "choice",
              POLICE_VEHICLE_WHY, shown_when=("conveyance", "police_vehicle"), required=True,
              help="The Code of Practice expects an ambulance; record why not.",
              missing="Choose why a police vehicle was used instead of an ambulance."),
        Field("police_vehicle_reason", "Details of why a police vehicle was used (optional)",
              "textarea", shown_when=("conveyance", "police_vehicle"), max_length=2000,
              print_label="Details of why a police vehicle was used"),
        Field("conveyance_other", "Other way of travelling", "text",
              shown_when=("conveyance", "other"), required=True, max_length=120,
              missing="Say how the person travelled."),
        Field("ambulance_requested_at", "Ambulance requested at (optional)", "datetime"),
        Field("ambulance_arrived_at", "Ambulance arrived at (optional)", "datetime"),
    )),
    Section("place", "5. Place of safety", (
        Field("place_type", "Place of safety first taken to", "choice", PLACES, required=True,
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
              shown_when=("place_type", "police_station"), max_length=120, person_name=True),
        Field("arrived_at", "Arrival at the place of safety (the 24 hours start)", "datetime",
              required=True, missing="Enter the time of arrival at the place of safety."),
        Field("transferred", "Was the person moved to another place of safety? (optional)",
              "choice", YES_NO_NOT_KNOWN),
        Field("transfer_place", "Moved to", "choice", TRANSFER_PLACES,
              shown_when=("transferred", "yes"), required=True,
              missing="Choose the place of safety the person was moved to."),
        Field("transferred_at", "Moved at (optional)", "datetime",
              shown_when=("transferred", "yes")),
    )),
    Section("handover", "6. Handover", (
        Field("handover_at", "Handover to health staff", "datetime", required=True,
              missing="Enter the time of handover to health staff."),
        Field("police_left_at", "Police left", "datetime", required=True,
              missing="Enter the time the police left."),
        Field("police_stay_reason", "If police were asked to stay, why (optional)", "textarea",
              max_length=2000),
    )),
    Section("outcome", "7. Assessment and outcome", (
        Field("doctor_arrived_at", "First doctor arrived at (optional)", "datetime"),
        Field("s12_doctor", "Was the first doctor approved under section 12? (optional)",
              "choice", YES_NO_NOT_KNOWN),
        Field("amhp_arrived_at", "AMHP arrived at (optional)", "datetime"),
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
              shown_when=("extended", "yes"), max_length=120, person_name=True),
        Field("recorded_by", "Your name", "text", required=True, max_length=120,
              missing="Enter your name.", print_label="Recorded by", person_name=True),
        Field("recorded_role", "Your role", "text", required=True, max_length=120,
              missing="Enter your role (for example place of safety nurse, PC).",
              print_label="Recorder's role"),
    )),
)

FIELDS: dict[str, Field] = {f.key: f for s in SECTIONS for f in s.fields}
REPORTER_KEYS = ("recorded_by", "recorded_role")
