"""Query-string parameters of a landscape search, shared by the JSON API and the pages."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query
from pydantic import ValidationError

from ic2permed.core.bounds import MAX_OFFSET
from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.vocab import regions, themes
from ic2permed.landscape.schemas import Kind, SearchQuery, Status


def search_params(
    q: str = "",
    kind: Annotated[list[Kind] | None, Query()] = None,
    legal_tier: Annotated[list[str] | None, Query()] = None,
    region: Annotated[
        list[str] | None, Query(json_schema_extra={"items": {"enum": sorted(regions.REGION_CODES)}})
    ] = None,
    theme: Annotated[list[str] | None, Query(json_schema_extra={"items": {"enum": sorted(themes.themes())}})] = None,
    status: Annotated[list[Status] | None, Query()] = None,
    year_from: Annotated[str | None, Query(description="Year, e.g. 2018")] = None,
    year_to: Annotated[str | None, Query(description="Year, e.g. 2024")] = None,
    in_force_on: Annotated[str | None, Query(description="ISO date, e.g. 2020-01-01")] = None,
    official_only: Annotated[bool, Query(description="Only items with an official source")] = False,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> SearchQuery:
    try:
        return SearchQuery.model_validate(
            {
                "q": q,
                "kind": kind or [],
                "legal_tier": legal_tier or [],
                "region": region or [],
                "theme": theme or [],
                "status": status or [],
                "year_from": year_from or None,
                "year_to": year_to or None,
                "in_force_on": in_force_on or None,
                "official_only": official_only,
                "offset": offset,
                "limit": limit,
            }
        )
    except ValidationError as exc:
        raise ValidationFailed(
            "Invalid search",
            [
                FieldError(".".join(str(p) for p in e["loc"]), str(e["msg"]).removeprefix("Value error, "))
                for e in exc.errors()
            ],
        ) from None


def query_string(query: SearchQuery, **overrides: object) -> str:
    """The query string that reproduces a search (for links: pages, exports, reports)."""
    pairs: list[tuple[str, object]] = []
    if query.q:
        pairs.append(("q", query.q))
    for name in ("kind", "legal_tier", "region", "theme", "status"):
        pairs.extend((name, getattr(v, "value", v)) for v in getattr(query, name))
    for name in ("year_from", "year_to", "in_force_on"):
        if getattr(query, name) is not None:
            pairs.append((name, getattr(query, name)))
    if query.official_only:
        pairs.append(("official_only", "true"))
    pairs.extend(overrides.items())
    return urlencode(pairs)
