"""Bilingual labels of the codes this domain shows to users."""

from __future__ import annotations

from ic2permed.core.i18n import N_
from ic2permed.core.vocab import themes

SECTORS = {
    "academia": N_("Academia"),
    "healthcare": N_("Healthcare"),
    "industry": N_("Industry"),
    "policy_funding": N_("Policy or funding"),
    "patients_citizens": N_("Patients and citizens"),
    "regulators": N_("Regulators"),
}
ROLES = {"chair": N_("Chair"), "co_chair": N_("Co-chair"), "member": N_("Member")}
SCALES = {
    "likert5": N_("5-point Likert scale"),
    "nine": N_("1–9 scale (COMET)"),
    "rank": N_("Ranking"),
}
RULES = {
    "cvi": N_("Content Validity Index (CVI > 0.79 include, 0.70–0.79 revise, < 0.70 exclude)"),
    "comet": N_("COMET (≥ 70 % rate 7–9 and < 15 % rate 1–3)"),
    "iqr": N_("Median and IQR"),
}
DECISIONS = {
    "include": N_("include"),
    "revise": N_("revise"),
    "exclude": N_("exclude"),
    "in": N_("consensus in"),
    "out": N_("consensus out"),
    "none": N_("no consensus"),
}
ROUND_STATUS = {"open": N_("open"), "closed": N_("closed")}
ROUND_KINDS = {"rating": N_("rating round"), "open": N_("open round (experts propose statements)")}
LANGUAGES = {
    "en": N_("English"),
    "zh": N_("Chinese"),
    "de": N_("German"),
    "fr": N_("French"),
    "es": N_("Spanish"),
    "it": N_("Italian"),
    "nl": N_("Dutch"),
    "pt": N_("Portuguese"),
    "pl": N_("Polish"),
    "sv": N_("Swedish"),
    "fi": N_("Finnish"),
    "el": N_("Greek"),
    "cs": N_("Czech"),
    "hu": N_("Hungarian"),
    "ro": N_("Romanian"),
    "da": N_("Danish"),
}
GENDERS = {"female": N_("female"), "male": N_("male"), "other": N_("other")}
LIKERT5_POINTS = {
    1: N_("strongly disagree"),
    2: N_("disagree"),
    3: N_("neutral"),
    4: N_("agree"),
    5: N_("strongly agree"),
}


def priority_text(priority: str, locale: str) -> str:
    """A statement's Action Plan priority in the reader's language when it is one of the roadmap's own (stored in
    English, as coordinators type it); anything else is shown as typed."""
    if locale != "zh_Hans":
        return priority
    for group in themes.roadmap()["working_groups"]:
        for en, zh in zip(group["priorities_en"], group["priorities_zh"], strict=False):
            if en.casefold() == priority.strip().casefold():
                return str(zh)
    return priority
