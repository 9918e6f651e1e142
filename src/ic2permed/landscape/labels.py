"""Translatable labels of landscape codes (kinds, statuses, sides)."""

from __future__ import annotations

from ic2permed.core.i18n import N_

KINDS = {
    "law": N_("Law or regulation"),
    "policy": N_("Policy or strategy"),
    "programme": N_("Funding programme"),
    "infrastructure": N_("Research infrastructure or initiative"),
    "standard": N_("Standard or guideline"),
}
STATUSES = {
    "in_force": N_("In force"),
    "planned": N_("Planned"),
    "superseded": N_("Superseded"),
    "ended": N_("Ended"),
}
SIDES = {"eu": N_("Europe"), "cn": N_("China"), "intl": N_("International")}
RELATIONS = {
    "implements": N_("implements"),
    "amends": N_("amends"),
    "supersedes": N_("supersedes"),
    "counterpart_of": N_("counterpart of"),
    "cites": N_("cites"),
    "version_of": N_("is a new version of"),
}
