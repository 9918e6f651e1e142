"""Translatable labels of stakeholder codes (organisation types, relation types, engagement kinds)."""

from __future__ import annotations

from ic2permed.core.i18n import N_

ORG_TYPES = {
    "ministry": N_("Ministry or government body"),
    "regulator": N_("Regulator"),
    "funder": N_("Funder"),
    "infrastructure": N_("Research infrastructure"),
    "university": N_("University or institute"),
    "hospital": N_("Hospital"),
    "company": N_("Company"),
    "patient_org": N_("Patient organisation"),
    "international": N_("International body"),
    "network": N_("Network or consortium"),
}
RELATION_TYPES = {
    "member_of": N_("member of"),
    "funds": N_("funds"),
    "regulates": N_("regulates"),
    "coordinates": N_("coordinates"),
    "partners_with": N_("partners with"),
    "liaises_with": N_("liaises with"),
    "represented_in": N_("represented in"),
    "signed_mou_with": N_("signed MoU with"),
    "part_of": N_("part of"),
}
ENGAGEMENT_KINDS = {
    "meeting": N_("Meeting"),
    "workshop": N_("Workshop"),
    "delegation_visit": N_("Delegation visit"),
    "mou": N_("MoU"),
}
