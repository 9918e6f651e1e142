"""Query-string parameters of a biobank search, parsed once as a dependency that OpenAPI documents.

Shared by the JSON API (search, exports) and the search page, so both read criteria the same way
(`biobanks.criteria` does the normalising: codes, Chinese labels, `_mode=all`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query

from ic2permed.biobanks.criteria import query_from_params
from ic2permed.biobanks.schemas import SearchQuery

ALL = "`all`: every chosen value must match; anything else: any of them"
Values = Annotated[list[str] | None, Query()]
Mode = Annotated[str, Query(description=ALL)]


@dataclass(frozen=True)
class SearchParams:
    given: dict[str, list[str]]  # the parameters as sent (non-empty ones), for links that repeat the search
    query: SearchQuery
    warnings: list[str]

    def adding(self, facet: str, value: str) -> SearchParams:
        """The same search with one more value for `facet` (a code typed into a free-text box)."""
        given = {**self.given, facet: [*self.given.get(facet, []), value]}
        query, warnings = query_from_params(given)
        return SearchParams(given, query, warnings)

    def query_string(self) -> str:
        return urlencode([(name, value) for name, values in self.given.items() for value in values])


def search_params(
    q: Annotated[str, Query(description="Words in English or Chinese (names, descriptions, diseases)")] = "",
    region: Annotated[list[str] | None, Query(description="EU, China, … (repeat for several)")] = None,
    region_mode: Mode = "any",
    country: Annotated[list[str] | None, Query(description="ISO 3166 code, e.g. DE, CN")] = None,
    country_mode: Mode = "any",
    material: Annotated[list[str] | None, Query(description="MIABIS material type, e.g. SERUM, DNA")] = None,
    material_mode: Mode = "any",
    disease: Annotated[list[str] | None, Query(description="ICD-10 code, block or chapter (II), or ORPHA:n")] = None,
    disease_mode: Mode = "any",
    collection_type: Annotated[list[str] | None, Query(description="MIABIS collection type")] = None,
    collection_type_mode: Mode = "any",
    data_category: Annotated[list[str] | None, Query(description="MIABIS data category")] = None,
    data_category_mode: Mode = "any",
    access: Annotated[list[str] | None, Query(description="GA4GH DUO code of an access condition")] = None,
    access_mode: Mode = "any",
    quality_mark: Values = None,
    quality_mark_mode: Mode = "any",
    network: Annotated[list[str] | None, Query(description="Network id")] = None,
    network_mode: Mode = "any",
    commercial_use: Annotated[list[str] | None, Query(description="yes, no or unknown")] = None,
    commercial_use_mode: Mode = "any",
    service: Values = None,
    service_mode: Mode = "any",
    size: Annotated[list[str] | None, Query(description="lt1k, 1k-10k, 10k-100k, 100k-1m, gte1m, unknown")] = None,
    size_mode: Mode = "any",
) -> SearchParams:
    values = {
        "region": (region, region_mode),
        "country": (country, country_mode),
        "material": (material, material_mode),
        "disease": (disease, disease_mode),
        "collection_type": (collection_type, collection_type_mode),
        "data_category": (data_category, data_category_mode),
        "access": (access, access_mode),
        "quality_mark": (quality_mark, quality_mark_mode),
        "network": (network, network_mode),
        "commercial_use": (commercial_use, commercial_use_mode),
        "service": (service, service_mode),
        "size": (size, size_mode),
    }
    given: dict[str, list[str]] = {"q": [q]} if q else {}
    for facet, (chosen, mode) in values.items():
        if chosen:
            given[facet] = chosen
        if mode != "any":
            given[f"{facet}_mode"] = [mode]
    query, warnings = query_from_params(given)
    return SearchParams(given, query, warnings)


Search = Annotated[SearchParams, Depends(search_params)]
