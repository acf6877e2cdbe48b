"""A section 136 episode's committee figures, in the national tables' shape where there is
one: the Home Office's police powers tables (financial year, by police force area), NHS
England's Mental Health Act statistics (by provider and ICB) and the Welsh Government's
(by quarter and health board). Each table says which it can be set beside, or that it is a
local measure with no national comparator.

Blanks (an answer left out, or a record from before the question was asked) are counted
as "Not known", as the national tables count them.
"""

from __future__ import annotations

from ...figures import (
    LOCAL,
    ByArea,
    ByChoice,
    ByMonth,
    ByPeriod,
    ByRule,
    Comparison,
    Count,
    Largest,
    Median,
    Share,
)
from . import fields as f

HOME_OFFICE = "Compare with: Home Office, police powers and procedures (Mental Health Act)."
NHS_AND_WALES = ("Compare with: NHS England, Mental Health Act statistics (section 136), "
                 "and the Welsh Government's section 135 and 136 detentions.")
ALL_THREE = ("Compare with: Home Office (financial year), NHS England (financial year) and "
             "the Welsh Government (quarter). Section 136 only; section 135 is not counted.")


def _wait(row: dict) -> int | None:
    return row["wait_minutes"]


def _by_ambulance(row: dict) -> bool:
    return row["conveyance"] == "ambulance"


def _vehicle(row: dict) -> bool:
    return row["conveyance"] == "police_vehicle"


def _station(row: dict) -> bool:
    return row["place_type"] == "police_station"


def _detained(row: dict) -> bool:
    return row["outcome"] in ("detained_s2", "detained_s3")


WHO = (Count("Police vehicle", _vehicle), Count("Police station first", _station),
       Count("Then detained (s2 or s3)", _detained))

FIGURES = (
    ByPeriod("s136_periods", "Section 136 detentions by month, quarter and financial year",
             (Count("Detentions"), Count("Police vehicle", _vehicle),
              Count("Police station first", _station)),
             basis=ALL_THREE,
             note="Counted in the month of detention. A financial year runs from April to "
                  "March."),
    ByArea("s136_by_area", "Section 136 detentions by police force area and NHS area",
           "Detentions", basis="Compare with: the Home Office's row for the police force "
           "area, NHS England's for the provider and ICB, Wales's for the health board.",
           note="Each site's areas come from the site policy."),
    ByChoice("place_of_safety", "Place of safety first taken to", "Place of safety",
             "Episodes", "place_type", f.PLACES, share="Share of episodes",
             blank_is="not_known", basis=HOME_OFFICE,
             extra=(Count("Then moved to another place of safety",
                          lambda r: r["transferred"] == "yes"),)),
    ByChoice("conveyance", "How people were taken to the place of safety", "Conveyance",
             "Episodes", "conveyance", f.CONVEYANCE, share="Share of episodes",
             blank_is="not_known", basis=HOME_OFFICE),
    ByChoice("police_vehicle_reasons", "Police vehicle used: the reasons given", "Reason",
             "Episodes", "police_vehicle_why", f.POLICE_VEHICLE_WHY, of=_vehicle,
             share="Share of police vehicle use", blank_is="not_known", basis=HOME_OFFICE,
             note="The reason's wording is still to be confirmed against the Home Office "
                  "table."),
    ByChoice("station_reasons", "Police station used as a place of safety: the reasons given",
             "Reason given", "Episodes", "station_reason", f.STATION_REASONS, of=_station,
             zeros=False, basis=HOME_OFFICE,
             extra=(Count("Regulation 2 not confirmed", lambda r: not r["station_confirmed"]),),
             note="Regulation 2 not confirmed: not every condition of regulation 2 of the "
                  "Places of Safety Regulations 2017 was ticked. A full place of safety, or "
                  "no staff, is not by itself a lawful reason."),
    ByChoice("s136_age_bands", "Who is detained: age band", "Age band", "Episodes",
             "age_band", f.AGE_BANDS, share="Share of episodes", blank_is="not_known",
             basis=NHS_AND_WALES, extra=WHO,
             note="Under 16 and 16 to 17 are NHS England's '15 and under' and '16 to 17', "
                  "and Wales's 'under 16' and '16-17'; the rest add up to Wales's '18 and "
                  "over'."),
    ByChoice("s136_gender", "Who is detained: gender", "Gender", "Episodes", "gender",
             f.GENDERS, share="Share of episodes", blank_is="not_known",
             basis=NHS_AND_WALES + " The Home Office also publishes sex.", extra=WHO),
    ByChoice("s136_ethnicity", "Who is detained: ethnic group, as the person describes it",
             "Ethnic group", "Episodes", "ethnicity", f.ETHNIC_GROUPS,
             share="Share of episodes", blank_is="not_known", basis=NHS_AND_WALES, extra=WHO,
             note="To compare rates between groups, set these counts beside the local "
                  "population of each group: a share of episodes alone is not a rate."),
    ByChoice("s136_officer_ethnicity", "Who is detained: ethnicity as the officer perceived it",
             "Perceived ethnicity", "Episodes", "officer_ethnicity", f.OFFICER_ETHNICITY,
             share="Share of episodes", blank_is="not_known", basis=HOME_OFFICE,
             note="The categories are still to be confirmed against the Home Office table."),
    ByMonth("s136_by_month", "Police wait at the place of safety, by month",
            (Count("Episodes"), Count("By ambulance", _by_ambulance),
             Share("Share by ambulance", _by_ambulance),
             Median("Median police wait (minutes)", _wait),
             Largest("Longest police wait (minutes)", _wait)),
            note="Police wait: from arrival at the place of safety to the police leaving. "
                 "Counted in the month of detention.", counts=(1, 2), basis=LOCAL),
    ByChoice("s136_intoxication", "Alcohol or drugs a factor", "Alcohol or drugs", "Episodes",
             "intoxication", f.INTOXICATION, share="Share of episodes", blank_is="not_known",
             basis=LOCAL),
    ByMonth("s136_assessment", "Waiting for the assessment, by month",
            (Count("Episodes"), Median("Median minutes to the first doctor",
                                       lambda r: r["doctor_minutes"]),
             Median("Median minutes to the AMHP", lambda r: r["amhp_minutes"]),
             Count("First doctor section 12 approved", lambda r: r["s12_doctor"] == "yes")),
            note="Minutes from arrival at the place of safety to the professional's arrival "
                 "(none if they were there first). Counted in the month of detention.",
            counts=(1, 4), basis=LOCAL),
    ByChoice("s136_outcomes", "Outcomes of section 136 assessments", "Outcome", "Episodes",
             "outcome", f.OUTCOMES, share="Share of episodes", basis=LOCAL),
    ByRule("s136_limits", "Safeguards and the time limit", "", "Episodes",
           rules=(("Health professional consulted before detention",
                   lambda r: r["consulted"] == "yes"),
                  ("Under 18, or may be under 18",
                   lambda r: r["age"] in ("under_18", "not_sure")
                   or r["age_band"] in f.UNDER_18_BANDS),
                  ("24 hours extended by a doctor", lambda r: r["extended"]),
                  ("Longer than the time allowed", lambda r: r["over_limit"]),
                  ("Police station without every regulation 2 condition confirmed",
                   lambda r: _station(r) and not r["station_confirmed"])),
           share="Share of episodes", basis=LOCAL,
           note="The time allowed is 24 hours from arrival at the place of safety, plus an "
                "extension of up to 12 hours if a doctor extended it."),
)

COMPARISON = Comparison(
    "Section 136 compared with the national tables", (
        "These tables use the national tables' categories, so this area's section 136 "
        "detentions can be set beside them: the Home Office's police powers and procedures "
        "tables (by police force area and financial year), NHS England's Mental Health Act "
        "statistics (by provider and ICB, financial year) and the Welsh Government's "
        "detentions under sections 135 and 136 (by health board and quarter).",
        "Caution: police and NHS counts differ. The Home Office counts the detentions police "
        "forces report; NHS England counts those NHS providers record, and counts fewer "
        "(for 2020/21, about 32,000 against about 20,000). Compare shapes and shares, not "
        "totals. These figures count the episodes recorded at this area's places of "
        "safety, by the date of detention; section 135 is not counted.",
        "A question left blank, or not yet asked when a record was made, is counted as "
        "'Not known'. To compare how often groups are detained, set the counts by ethnic "
        "group beside the local population of each group: a share of episodes is not a "
        "rate.",
        "Some wording is still to be confirmed against the Home Office table: the reasons a "
        "police vehicle or a police station was used, and the officer-perceived ethnicity "
        "categories."))
