"""Every source the decision aids rely on, in one list, with whether its text was verified.

``verified=False`` means the primary text was not read when the aid was written (see
``docs/clinical-safety/rules-relied-on.md``); the aid then says so in its answer. The
protocol and section name where the same rule is written for people to read, so a screen
can link to it and a test can check the section still exists.
"""

from __future__ import annotations

from .result import Citation

S136 = "s136-place-of-safety"
AA = "appropriate-adult"
AWOL = "missing-patients-awol"
ASSIST = "police-assistance-mha-assessment"
ASSAULT = "assault-reporting-prosecution"

CLOCK = "The clock: 24 hours and the 12-hour extension"
EXTENSION = "The 12-hour extension"
STATION = "Police stations as a place of safety for adults"
POWER = "How long the power lasts"

_ALL = (
    # ------------------------------------------------------------ section 136
    Citation("mha-s136-2A", "Mental Health Act 1983, s136(2A) (inserted by Policing and Crime "
             "Act 2017, s82): detention for a period of 24 hours beginning with arrival at the "
             "place of safety, or with the constable's decision to keep the person there",
             S136, "When the clock starts"),
    Citation("mha-s136-3", "Mental Health Act 1983, s136(3): the person may be taken to one or "
             "more other places of safety within the same permitted period", S136,
             "Moving between places of safety"),
    Citation("guidance-2017-4.4", "Department of Health and Home Office, Guidance on the "
             "changes to police powers and places of safety (October 2017), para 4.4: arrival "
             "at an emergency department starts the clock", S136, "When the clock starts"),
    Citation("elapsed-hours", "Reading of s136(2A): '24 hours' is 24 elapsed hours, so the "
             "deadline on the UK clock moves by an hour when the clocks change", S136, CLOCK,
             verified=False, note="our reading of the Act (a period of hours is a duration); "
             "the Summer Time Act 1972 s3 and Interpretation Act 1978 s9 were not read"),
    Citation("mha-s136B-1", "Mental Health Act 1983, s136B(1): before the 24 hours end, the "
             "registered medical practitioner responsible for the examination may extend the "
             "period by up to 12 hours, only because the person's condition makes it "
             "impracticable to carry out (or complete) the assessment in time", S136, EXTENSION),
    Citation("mha-s136B-3", "Mental Health Act 1983, s136B(3): where the person is detained at "
             "a police station and the assessment would be carried out or completed there, "
             "the extension needs the approval of an officer of superintendent rank or above",
             S136, EXTENSION),
    Citation("mha-s136A", "Mental Health Act 1983, s136A(1) and (5): a child (under 18) may "
             "not be removed to, kept at or taken to a police station as a place of safety",
             S136, "Children and young people under 18"),
    Citation("cop-16.26", "Mental Health Act 1983 Code of Practice (2015), para 16.26: "
             "consecutive periods of detention under s136 are unlawful", S136,
             "When the time runs out", verified=False,
             note="quoted in a secondary source; the Code's text was not read"),
    # ------------------------------------------------------------ police station
    Citation("pos-reg-2-1-a", "Mental Health Act 1983 (Places of Safety) Regulations 2017 "
             "(SI 2017/1036), reg 2(1)(a): the decision-maker must be satisfied of (i) an "
             "imminent risk of serious injury or death from the person's behaviour, (ii) that "
             "because of it no other place of safety in the relevant police area can "
             "reasonably be expected to detain them, and (iii) that reg 4(1)(b) will be met",
             S136, STATION),
    Citation("pos-reg-2-1-b", "Places of Safety Regulations 2017, reg 2(1)(b): where the "
             "decision-maker is below the rank of inspector, an inspector or above must "
             "authorise the police station", S136, STATION),
    Citation("pos-reg-2-2", "Places of Safety Regulations 2017, reg 2(2): a constable deciding "
             "must first consult, if reasonably practicable, a doctor, a registered nurse, an "
             "AMHP or a person specified in reg 8(1)", S136, STATION),
    Citation("pos-reg-2-3", "Places of Safety Regulations 2017, reg 2(3): an AMHP or constable "
             "who moves (or authorises moving) a person to a police station is a "
             "decision-maker; the relevant police area is the one where the power began",
             S136, STATION),
    Citation("pos-reg-4", "Places of Safety Regulations 2017, reg 4(1): the custody officer "
             "must ensure (a) a healthcare professional checks the person's welfare at least "
             "once every 30 minutes, with any treatment or care needed, and (b) so far as "
             "reasonably practicable, a healthcare professional is present and available "
             "throughout", S136, STATION, verified=False,
             note="quoted from a secondary source; reg 4 was not read on legislation.gov.uk"),
    Citation("pos-reg-3", "Places of Safety Regulations 2017, reg 3 (review of the use of the "
             "police station)", S136, STATION, verified=False,
             note="how often the review happens, and by whom, was not verified: read reg 3 "
                  "on legislation.gov.uk before relying on it"),
    Citation("pos-reg-8", "Places of Safety Regulations 2017, reg 8(1) (other professionals "
             "who may be consulted)", S136, STATION, verified=False,
             note="the list (reported as paramedics and occupational therapists) was not read"),
    Citation("mha-2025-stations", "Mental Health Act 2025 (Royal Assent 18 December 2025): the "
             "Government said it will end police stations as places of safety for adults; the "
             "change needs commencement regulations", S136, "Law changes to watch",
             verified=False, note="commencement after the protocol's law-as-at date could not "
                                  "be checked"),
    # ------------------------------------------------------------ appropriate adult
    Citation("code-c-1.7a", "PACE Code C, para 1.7(a): for a juvenile, the appropriate adult is "
             "a parent or guardian (or the local authority or voluntary organisation looking "
             "after them), a social worker, or failing these another responsible adult aged 18 "
             "or over who is not police-connected", AA, "Children and young people under 18"),
    Citation("code-c-1.7b", "PACE Code C, para 1.7(b): for a vulnerable person, a relative, "
             "guardian or other person responsible for their care; someone experienced in "
             "dealing with vulnerable people who is not police-connected; or failing these "
             "another responsible adult aged 18 or over who is not police-connected", AA,
             "Who can act as an appropriate adult"),
    Citation("code-c-police", "PACE Code C, para 1.7: an appropriate adult may not be a police "
             "officer, employed by the police, under the direction or control of the chief "
             "officer, or providing services to the force under contract", AA,
             "Who must not act as an appropriate adult"),
    Citation("code-c-1b", "PACE Code C, Note 1B: a person (even a parent or guardian) should not "
             "be the appropriate adult if suspected of involvement in the offence, the victim, "
             "a witness, involved in the investigation, or if they received admissions before "
             "being asked to act", AA, "Who must not act as an appropriate adult",
             verified=False, note="note number taken from the 2018 Code; check it against the "
                                  "current edition"),
    Citation("code-c-1f", "PACE Code C, Note 1F: a solicitor (or independent custody visitor) "
             "at the police station in that capacity may not be the appropriate adult", AA,
             "Who must not act as an appropriate adult", verified=False,
             note="note number taken from the 2018 Code; check it against the current edition"),
    Citation("code-c-1e", "PACE Code C, Note 1E: a trained or experienced person may serve a "
             "vulnerable detainee better than an untrained relative; the detainee's wishes "
             "about who acts should be respected where practicable", AA,
             "Who can act as an appropriate adult", verified=False,
             note="note number taken from the 2018 Code; check it against the current edition"),
    Citation("ward-independence", "Appropriate adult protocol, 'the ward point': staff of the "
             "ward where the offence happened may not look independent, even if not involved",
             AA, "Who must not act as an appropriate adult"),
    Citation("cda-s38-4", "Crime and Disorder Act 1998, s38(4): the local authority must "
             "ensure appropriate adults are available for children", AA,
             "Who provides appropriate adults"),
    # ------------------------------------------------------------ AWOL
    Citation("mha-s18-1", "Mental Health Act 1983, s18(1): a detained patient absent without "
             "leave may be taken into custody and returned by an AMHP, hospital staff, any "
             "constable or a person authorised in writing by the managers", AWOL,
             "Who can take and return the patient"),
    Citation("mha-s18-4", "Mental Health Act 1983, s18(4): no retaking after the later of (a) "
             "six months beginning with the first day of absence and (b) the end of the period "
             "for which the patient is liable to be detained (or the CTO is in force)", AWOL,
             POWER, verified=False,
             note="the text of s18(4) was not read on legislation.gov.uk; secondary sources "
                  "agree"),
    Citation("mha-s18-5", "Mental Health Act 1983, s18(5): a patient detained under s2, s4, "
             "s5(2) or s5(4) cannot be retaken once that period has expired", AWOL, POWER,
             verified=False, note="the text of s18(5) was not read; a secondary source agrees "
                                  "for s2"),
    Citation("mha-s2-4", "Mental Health Act 1983, s2(4): detention for assessment for up to 28 "
             "days beginning with the day of admission", AWOL, POWER, verified=False,
             note="s2(4) text not read; secondary sources agree"),
    Citation("mha-s4-4", "Mental Health Act 1983, s4(4): emergency admission lasts 72 hours "
             "from admission unless the second medical recommendation is received", AWOL,
             POWER, verified=False, note="s4(4) text not read"),
    Citation("mha-s5", "Mental Health Act 1983, s5(2) (72 hours from the doctor's report) and "
             "s5(4) (6 hours from the nurse's record)", AWOL, POWER, verified=False,
             note="s5 text not read"),
    Citation("mha-s20", "Mental Health Act 1983, s20(1)-(2) (and s20A for a CTO): six months "
             "beginning with the day of admission (or the day the order was made), renewable "
             "for six months and then a year at a time", AWOL, POWER, verified=False,
             note="s20 and s20A text not read"),
    Citation("mha-s21", "Mental Health Act 1983, s21(1)-(2): a patient absent on the day "
             "detention would end, or in the week ending with that day, stays liable until one "
             "week beginning with the day of return (if returned within the retaking period), "
             "or otherwise until the retaking period ends", AWOL, POWER, verified=False,
             note="s21(1) was read; s21(2) ('the relevant time') is from secondary sources"),
    Citation("mha-s21A", "Mental Health Act 1983, s21A: return within 28 days beginning with "
             "the first day of absence; a renewal report due in the absence may be made in the "
             "extended period, and a renewal takes effect from the day the period would have "
             "ended", AWOL, POWER, verified=False, note="s21A text not read"),
    Citation("mha-s21B", "Mental Health Act 1983, s21B(1)-(2): return more than 28 days after "
             "the first day of absence; within one week beginning with the return day the "
             "responsible clinician must examine the patient and, if the conditions are met, "
             "furnish a report (without it, detention ends)", AWOL, POWER, verified=False,
             note="s21B(1)-(2) were read; what happens without a report is from secondary "
                  "sources"),
    Citation("mha-s17F", "Mental Health Act 1983, s17F: a recalled community patient may be "
             "detained for up to 72 hours after returning to hospital", AWOL,
             "Community treatment order recall", verified=False, note="s17F text not read"),
    Citation("mha-s18-restricted", "Mental Health Act 1983, Sch 1 Part 2: for a restricted "
             "patient the time limits of s18(4) do not apply, so there is no date after which "
             "they cannot be retaken", AWOL, POWER, verified=False,
             note="Sch 1 Part 2 text not read"),
    Citation("mha-s35-36-38", "Mental Health Act 1983, s35(10), s36(8) and s38(7): a person "
             "remanded to hospital, or on an interim hospital order, who absconds may be "
             "arrested without warrant by any constable and brought back before the court",
             AWOL, POWER, verified=False, note="text not read"),
    Citation("mha-s138", "Mental Health Act 1983, s138: a person who escapes from legal "
             "custody may be retaken; one who escapes while held under s135 or s136 may not "
             "be retaken after their permitted period of detention ends (s138(3))", AWOL,
             "Detained patient absent without leave", verified=False,
             note="s138(3) was not read as amended in 2017; the limit may be shorter"),
    Citation("cop-28", "Mental Health Act 1983 Code of Practice (2015), chapter 28: the "
             "hospital ordinarily returns its AWOL patients and tells police at once about "
             "patients on court or prison orders, dangerous or especially vulnerable ones",
             AWOL, "When police help", verified=False,
             note="paragraph wording not read; secondary sources agree"),
    # ------------------------------------------------------------ police need
    Citation("rcrp-npa", "National Partnership Agreement: Right Care, Right Person (26 July "
             "2023): police respond to investigate a crime, or to protect people where there "
             "is a real and immediate risk to life or of serious harm", AWOL,
             "When to call the police (Right Care, Right Person)"),
    # ------------------------------------------------------------ prosecution
    Citation("mca-s127", "Magistrates' Courts Act 1980, s127(1): a magistrates' court may not "
             "try an information unless it was laid within 6 months from the time the offence "
             "was committed (s127(2): not for indictable, including either-way, offences)",
             ASSAULT, "The six-month limit for common assault"),
    Citation("months-rule", "Interpretation Act 1978, Sch 1 ('month' means calendar month); "
             "Dodds v Walker [1981] 1 WLR 1027 (HL): the period ends on the corresponding date, "
             "or the last day of the month when there is none; Radcliffe v Bartholomew [1892] "
             "1 QB 161: the day of the offence is not counted", ASSAULT,
             "The six-month limit for common assault"),
    Citation("cja-s39A", "Criminal Justice Act 1988, s39A (inserted by Police, Crime, "
             "Sentencing and Courts Act 2022, s49): a longer time limit for common assault in "
             "domestic abuse cases", ASSAULT, "The six-month limit for common assault",
             verified=False,
             note="the section text was not read; a secondary source confirms the change"),
    Citation("aewoa-s1", "Assaults on Emergency Workers (Offences) Act 2018, s1: assault on an "
             "emergency worker is triable either way, so the six-month limit does not apply",
             ASSAULT, "The law on assaults on emergency workers"),
    # ------------------------------------------------------------ notice
    Citation("notice-local", "Police assistance protocol: notice for a planned assessment, in "
             "working days (weekends and bank holidays in England and Wales skipped); a local "
             "rule set by the Police Liaison Committee, not national law", ASSIST,
             "Notice for planned assessments"),
)

CITATIONS: dict[str, Citation] = {c.key: c for c in _ALL}


def cite(key: str) -> Citation:
    return CITATIONS[key]
