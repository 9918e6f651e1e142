"""Labels for the codes access pages and dossiers show (states, parties, authorities, actors, jurisdictions, DUO,
the request's own values), in one language: the one place that turns a code into words."""

from __future__ import annotations

from typing import Any

from ic2permed.access import agreements, compliance, duo_match, workflow
from ic2permed.access.schemas import StepRead
from ic2permed.core.i18n import gettext, pick
from ic2permed.core.vocab.jurisdictions import jurisdiction


def step_title(step_id: str, locale: str) -> str:
    """A compliance step's title in `locale`, from the rules' step catalogue (the id if it is not there)."""
    try:
        step = compliance.rules().step_def(step_id)
    except KeyError:
        return step_id
    return pick(locale, step.title_en, step.title_zh)


def code_labels(locale: str) -> dict[str, Any]:
    """Label functions by kind of code, for templates (`L.state(code)`) and the PDF dossier."""

    def authority(code: str) -> str:
        return gettext(locale, compliance.AUTHORITIES.get(code, code))

    def party(code: str) -> str:
        return gettext(locale, compliance.ACTORS.get(code, code))

    def place(code: str) -> str:
        try:
            return jurisdiction(code).label(locale)
        except KeyError:
            return code

    def state(code: str) -> str:
        return gettext(locale, workflow.LABELS.get(code, code))

    def value(code: str) -> str:
        return gettext(locale, compliance.VALUE_LABELS.get(code, code))

    def duo(code: str) -> str:
        return duo_match.label(code, locale)

    def name(en: str | None, zh: str | None) -> str:
        return pick(locale, en, zh)

    def legal_basis(step: StepRead) -> str:
        return pick(locale, step.legal_basis, step.legal_basis_zh)

    def role(code: str) -> str:
        return gettext(locale, workflow.PARTY_LABELS.get(code, code))

    def agreement(code: str) -> str:
        return gettext(locale, agreements.KIND_LABELS.get(code, code))

    return {
        "authority": authority,
        "actor": party,
        "jurisdiction": place,
        "state": state,
        "value": value,
        "duo": duo,
        "name": name,
        "legal_basis": legal_basis,
        "party": role,
        "agreement": agreement,
    }
