"""Faceted search over collections: pure, table-tested, the same for pages, API and CLI.

Each facet matches any or all of its chosen values. Counts follow the usual disjunctive rule: a facet's
counts come from the results filtered by every *other* facet, so choosing a value never hides its
siblings. The disease facet is hierarchical: a chapter or block matches every code below it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ic2permed.biobanks.codes import disease_closure
from ic2permed.core import text
from ic2permed.core.vocab import icd10

FACETS = (
    "region",
    "country",
    "material",
    "disease",
    "collection_type",
    "data_category",
    "access",
    "quality_mark",
    "network",
    "commercial_use",
    "service",
    "size",
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Doc:
    """A collection as the search sees it: facet values, tokens and the text to match Chinese in."""

    id: str
    parent_id: str | None
    values: dict[str, frozenset[str]]
    tokens: frozenset[str]
    name_tokens: frozenset[str]
    text: str
    samples: int = 0
    diseases_closed: frozenset[str] = field(default_factory=frozenset)


def close_diseases(codes: Iterable[str]) -> frozenset[str]:
    closed: set[str] = set()
    for code in codes:
        closed |= disease_closure(code)
    return frozenset(closed)


def _matches_value(doc: Doc, facet: str, value: str) -> bool:
    if facet == "disease":
        return value in doc.diseases_closed
    return value in doc.values.get(facet, frozenset())


def _matches_facet(doc: Doc, facet: str, chosen: Sequence[str], mode: str) -> bool:
    if not chosen:
        return True
    test = all if mode == "all" else any
    return test(_matches_value(doc, facet, value) for value in chosen)


def text_score(doc: Doc, tokens: Sequence[str]) -> float | None:
    """None when a query word is missing; otherwise higher when words hit the name."""
    score = 0.0
    for token in tokens:
        if token in doc.name_tokens:
            score += 3
        elif token in doc.tokens or (_HAN.search(token) and token in doc.text):
            score += 1
        else:
            return None
    return score


def run(
    docs: Sequence[Doc], q: str, filters: dict[str, list[str]], modes: dict[str, str]
) -> tuple[list[tuple[Doc, float]], dict[str, Counter[str]]]:
    """Matching docs best first, and for each facet the counts of its values."""
    tokens = text.words(q) if q.strip() else []
    scored: list[tuple[Doc, float]] = []
    for doc in docs:
        score = text_score(doc, tokens) if tokens else 0.0
        if score is not None:
            scored.append((doc, score))
    passes: dict[str, set[str]] = {}
    for facet in FACETS:
        chosen, mode = filters.get(facet, []), modes.get(facet, "any")
        passes[facet] = {doc.id for doc, _ in scored if _matches_facet(doc, facet, chosen, mode)}
    hits = [(doc, score) for doc, score in scored if all(doc.id in passes[f] for f in FACETS)]
    hits.sort(key=lambda pair: (-pair[1], -pair[0].samples, pair[0].id))
    counts: dict[str, Counter[str]] = {}
    for facet in FACETS:
        base = [doc for doc, _ in scored if all(doc.id in passes[f] for f in FACETS if f != facet)]
        counts[facet] = _count(base, facet, filters.get(facet, []))
    return hits, counts


def _count(base: Sequence[Doc], facet: str, chosen: Sequence[str]) -> Counter[str]:
    counter: Counter[str] = Counter()
    if facet != "disease":
        for doc in base:
            counter.update(doc.values.get(facet, frozenset()))
        return counter
    shown = set(icd10.chapters()) | set(chosen) | _children_of(chosen)
    for doc in base:
        counter.update(doc.diseases_closed & shown)
        counter.update(code for code in doc.diseases_closed if code.startswith("ORPHA:"))
    return counter


def _children_of(chosen: Sequence[str]) -> set[str]:
    """Drill-down: the blocks of a chosen chapter, the categories of a chosen block."""
    below: set[str] = set()
    for code in chosen:
        try:
            below.update(icd10.children(code))
        except (icd10.InvalidCode, ValueError):
            continue
    return below
