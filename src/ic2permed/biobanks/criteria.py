"""Search criteria as URL parameters: parsing, the canonical form kept with cart items, plain words.

Pure and shared by the service, the cart and the CLI, so every surface reads criteria the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs, urlencode

from ic2permed.biobanks import search
from ic2permed.biobanks.codes import BadCode, disease_code, miabis_code, region_code
from ic2permed.biobanks.schemas import SearchQuery

_NORMALISERS = {
    "region": region_code,
    "material": lambda v: miabis_code("material_types", v),
    "collection_type": lambda v: miabis_code("collection_types", v),
    "data_category": lambda v: miabis_code("data_categories", v),
    "disease": disease_code,
}


def query_from_params(params: Mapping[str, Sequence[str]]) -> tuple[SearchQuery, list[str]]:
    """Criteria from URL parameters (``material=SERUM&material=DNA&material_mode=all``), plus warnings."""
    warnings: list[str] = []
    filters: dict[str, list[str]] = {}
    modes: dict[str, str] = {}
    for facet in search.FACETS:
        chosen: list[str] = []
        for raw in params.get(facet, []):
            for value in raw.split(",") if facet != "region" else [raw]:
                if not value.strip():
                    continue
                try:
                    code = _NORMALISERS[facet](value) if facet in _NORMALISERS else value.strip()
                except BadCode as exc:
                    warnings.append(str(exc))
                    continue
                if code not in chosen:
                    chosen.append(code)
        if chosen:
            filters[facet] = chosen
        mode = (params.get(f"{facet}_mode") or ["any"])[-1]
        if mode == "all":
            modes[facet] = "all"
    q = " ".join(params.get("q", [])).strip()
    return SearchQuery(q=q, filters=filters, modes=modes), warnings


def canonical(query: SearchQuery) -> str:
    """The criteria as a short, stable query string (kept with cart items and drafts)."""
    pairs: list[tuple[str, str]] = [("q", query.q)] if query.q else []
    for facet in search.FACETS:
        pairs += [(facet, value) for value in query.filters.get(facet, [])]
        if query.modes.get(facet) == "all" and query.filters.get(facet):
            pairs.append((f"{facet}_mode", "all"))
    return urlencode(pairs)


def is_query(criteria: str) -> bool:
    """True for our own query strings; other surfaces (federation) may keep criteria as plain words."""
    return bool({"q", *search.FACETS} & parse_qs(criteria).keys())


def keep_criteria(criteria: str) -> str:
    """Our query strings in canonical form; anything else as written (trimmed)."""
    text = criteria.strip()[:2000]
    return canonical(query_from_params(parse_qs(text))[0]) if is_query(text) else text
