"""Criteria from a query string (pages, shareable links) with empty form fields ignored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError

from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.vocab.icd10 import InvalidCode
from ic2permed.federation.hub.schemas import CHOICES, MEASURES, Criteria

LOCATOR_FIELDS = (*(f"{m}_{end}" for m in MEASURES for end in ("min", "max")), *CHOICES)


def criteria_from(params: Mapping[str, Sequence[str]]) -> Criteria | None:
    """None when nothing was asked; ValidationFailed naming the field when something is wrong."""

    def one(name: str) -> str | None:
        values = [v.strip() for v in params.get(name, []) if v.strip()]
        return values[0] if values else None

    def many(name: str) -> list[str]:
        return [p.strip() for v in params.get(name, []) for p in v.split(",") if p.strip()]

    data: dict[str, Any] = {
        "sex": one("sex"),
        "diseases": many("disease"),
        "age_min": one("age_min"),
        "age_max": one("age_max"),
        "materials": many("material"),
        "sampled_from": one("sampled_from"),
        "sampled_to": one("sampled_to"),
        "stratify": many("stratify"),
        **{name: one(name) for name in LOCATOR_FIELDS},
    }
    if not any(data.values()):
        return None
    try:
        return Criteria.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            "Invalid query",
            [
                FieldError(".".join(str(p) for p in e["loc"]) or "query", str(e["msg"]).removeprefix("Value error, "))
                for e in exc.errors()
            ],
        ) from None
    except (InvalidCode, KeyError) as exc:
        raise ValidationFailed("Invalid query", [FieldError("query", str(exc).strip("'\""))]) from None


def scope_from(params: Mapping[str, Sequence[str]]) -> list[str]:
    """The node ids a search is limited to (`node=…`, repeatable; e.g. a biobank page's "count in this
    collection"); empty for every node."""
    return list(dict.fromkeys(p.strip() for v in params.get("node", []) for p in v.split(",") if p.strip()))


def split_from(params: Mapping[str, Sequence[str]]) -> bool:
    """Whether breakdowns are summed per region (EU vs China) rather than over all nodes: `split=region`."""
    return "region" in params.get("split", [])


def query_string(criteria: Criteria, scope: Sequence[str] = (), split: bool = False) -> str:
    """The query as URL parameters, with the node scope and the region split when they are set."""
    pairs: list[tuple[str, str]] = []
    if criteria.sex:
        pairs.append(("sex", criteria.sex.value))
    pairs.extend(("disease", d) for d in criteria.diseases)
    pairs.extend(("material", m) for m in criteria.materials)
    pairs.extend(("stratify", name) for name in criteria.stratify)
    for name in ("age_min", "age_max", "sampled_from", "sampled_to", *LOCATOR_FIELDS):
        value = getattr(criteria, name)
        if value is not None:
            pairs.append((name, f"{value:g}" if isinstance(value, float) else str(value)))
    pairs.extend(("node", node_id) for node_id in scope)
    if split:
        pairs.append(("split", "region"))
    return urlencode(pairs)
