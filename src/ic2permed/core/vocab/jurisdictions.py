"""Legal jurisdictions for cross-border transfers: legal systems, not the platform's regions.

`EU` covers the EU and EEA states (the GDPR applies in Iceland, Liechtenstein and Norway through the EEA
Agreement); `GB` is the UK GDPR; `CN` is mainland China only, because PIPL and the HGR rules treat Hong
Kong and Macao as outside the mainland; everything else is `OTHER`.
"""

from __future__ import annotations

from ic2permed.core.vocab.regions import EU_MEMBERS
from ic2permed.core.vocab.terms import Term

EU = "EU"
GB = "GB"
CH = "CH"
CN = "CN"
HK = "HK"
MO = "MO"
OTHER = "OTHER"

JURISDICTIONS: tuple[Term, ...] = (
    Term(EU, "EU / EEA (GDPR)", "欧盟/欧洲经济区（GDPR）"),
    Term(GB, "United Kingdom (UK GDPR)", "英国（英国GDPR）"),
    Term(CH, "Switzerland", "瑞士"),
    Term(CN, "Mainland China", "中国内地"),
    Term(HK, "Hong Kong SAR", "香港特别行政区"),
    Term(MO, "Macao SAR", "澳门特别行政区"),
    Term(OTHER, "Other", "其他"),
)
CODES: tuple[str, ...] = tuple(term.code for term in JURISDICTIONS)
EEA_NON_EU = frozenset({"IS", "LI", "NO"})
_OWN = {"GB": GB, "CH": CH, "CN": CN, "HK": HK, "MO": MO}


def jurisdiction_of(country: str | None) -> str:
    """The jurisdiction whose transfer rules govern an organisation (or biobank) in `country` (ISO alpha-2)."""
    code = (country or "").strip().upper()
    if code in EU_MEMBERS or code in EEA_NON_EU:
        return EU
    return _OWN.get(code, OTHER)


def jurisdiction(code: str) -> Term:
    for term in JURISDICTIONS:
        if term.code == code:
            return term
    raise KeyError(code)
