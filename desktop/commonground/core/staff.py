"""Who a person is to the partnership, as codes from closed lists: their agency and their
role. Never a name.

An acknowledgement ("I have read this version") carries both, so the committee can count
how far a protocol has reached each agency and each kind of staff; the committee's own
membership and training use the same agencies. A leaf: it imports nothing, so the site
policy's checks can use the same lists as core.
"""

from __future__ import annotations

AGENCIES = (("police", "Police"), ("health", "Health (mental health Trust)"),
            ("social_care", "Social care"), ("ambulance", "Ambulance service"),
            ("service_users", "Service users and carers"))

# (code, label, the agency it implies or "" where it could be any)
STAFF_ROLES = (
    ("nurse", "Nurse", "health"),
    ("support_worker", "Healthcare assistant or support worker", "health"),
    ("doctor", "Doctor", "health"),
    ("clinician", "Psychologist, therapist or other clinician", "health"),
    ("manager", "Ward or team manager", ""),
    ("police_officer", "Police officer", "police"),
    ("police_staff", "Police staff", "police"),
    ("social_worker", "Social worker or AMHP", "social_care"),
    ("ambulance_crew", "Paramedic or ambulance crew", "ambulance"),
    ("admin", "Administrative staff", ""),
    ("other", "Another role", ""),
)
AGENCY_CODES = frozenset(code for code, _ in AGENCIES)
ROLE_CODES = frozenset(code for code, _label, _agency in STAFF_ROLES)
ROLE_NOT_RECORDED = "Role not recorded"
AGENCY_NOT_RECORDED = "Agency not recorded"


def agency_label(code: str | None) -> str:
    return dict(AGENCIES).get(code or "", code or AGENCY_NOT_RECORDED)


def role_label(code: str | None) -> str:
    return {c: label for c, label, _ in STAFF_ROLES}.get(code or "",
                                                          code or ROLE_NOT_RECORDED)


def implied_agency(role: str | None) -> str:
    """The agency a role belongs to where there is only one ("" where it could be any)."""
    return {c: agency for c, _label, agency in STAFF_ROLES}.get(role or "", "")


def is_role(value) -> bool:
    """A role code, or "" (not recorded: acknowledgements made before the question)."""
    return isinstance(value, str) and (value == "" or value in ROLE_CODES)


def is_agency(value) -> bool:
    return isinstance(value, str) and (value == "" or value in AGENCY_CODES)


def defaults(install_role: str | None, policy_role: str | None = None,
             policy_agency: str | None = None) -> tuple[str, str]:
    """(role, agency) to offer when someone confirms reading: what the site policy says
    (``staff_role``, ``agency``), else what this computer's role implies (an advisor hub is
    the Trust's, so health), and an agency a role implies. "" where nothing says."""
    role = policy_role if policy_role in ROLE_CODES else ""
    agency = policy_agency if policy_agency in AGENCY_CODES else ""
    if not agency and install_role == "advisor":
        agency = "health"
    return role, agency or implied_agency(role)
