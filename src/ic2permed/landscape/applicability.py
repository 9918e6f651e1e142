"""Which landscape instruments apply where: the rule the biobank page uses to list the laws and standards
that govern a biobank (pure; no database).

An instrument applies in a country when it is that country's own (same `country`, and the same province
when it is a provincial rule; China's national instruments carry `CN`, which is mainland China only, as PIPL
and the HGR rules treat Hong Kong and Macao as outside the mainland: `core.vocab.jurisdictions`), when it is
an EU-wide instrument and the country is an EU member (EEA states see EU-wide instruments too, flagged,
because only what the EEA Agreement incorporates binds them), or when it is an international *standard*
(voluntary, usable anywhere). International treaties are left out: they bind only the states
that ratified them, which the landscape does not record.
"""

from __future__ import annotations

from dataclasses import dataclass

from ic2permed.core.vocab import regions
from ic2permed.core.vocab.jurisdictions import EEA_NON_EU
from ic2permed.landscape.schemas import ItemRead

GOVERNING_KINDS = ("law", "standard")
LIVE_STATUSES = ("in_force", "planned")


@dataclass(frozen=True)
class Applies:
    """Why an item applies: its scope (`country`, `eu`, `eea`, `china`, `international`) and shared themes."""

    scope: str
    themes: tuple[str, ...]


def scope_in(item: ItemRead, country: str, province: str = "") -> str | None:
    """The scope through which `item` applies in `country` (ISO alpha-2), or None when it does not."""
    code = country.strip().upper()
    if item.country:
        if item.country.upper() != code:
            return None
        if item.province and item.province.strip().lower() != province.strip().lower():
            return None
        return "china" if item.region == regions.CHINA and not item.province else "country"
    if item.region == regions.EU:
        if code in regions.EU_MEMBERS:
            return "eu"
        return "eea" if code in EEA_NON_EU else None
    if item.region == regions.INTERNATIONAL and item.kind == "standard":
        return "international"
    return None


def applies(item: ItemRead, country: str, themes: set[str], province: str = "") -> Applies | None:
    """Whether a live law or standard governs an entity in `country` working on `themes` (any shared theme)."""
    if item.kind not in GOVERNING_KINDS or item.status not in LIVE_STATUSES or item.withdrawn:
        return None
    shared = tuple(t for t in item.themes if t in themes)
    if not shared:
        return None
    scope = scope_in(item, country, province)
    return Applies(scope, shared) if scope else None
