"""Landscape queries: items, relations, the term index, ranked search and facet counts."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, delete, func, literal, or_, select
from sqlalchemy.orm import Session

from ic2permed.core import text
from ic2permed.landscape.indexing import item_terms
from ic2permed.landscape.models import LandscapeItem, LandscapeRelation, LandscapeTerm, LandscapeTheme
from ic2permed.landscape.schemas import SearchQuery

FACETS = ("kind", "legal_tier", "region", "status", "theme")


def get(session: Session, item_id: str) -> LandscapeItem | None:
    return session.get(LandscapeItem, item_id)


def all_items(session: Session, include_withdrawn: bool = True) -> list[LandscapeItem]:
    query = select(LandscapeItem).order_by(LandscapeItem.region, LandscapeItem.id)
    if not include_withdrawn:
        query = query.where(LandscapeItem.withdrawn.is_(False))
    return list(session.scalars(query))


def by_ids(session: Session, ids: list[str]) -> list[LandscapeItem]:
    if not ids:
        return []
    found = {i.id: i for i in session.scalars(select(LandscapeItem).where(LandscapeItem.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def reindex(session: Session, item: LandscapeItem) -> None:
    """Rewrite the item's theme rows and search terms from its current fields."""
    session.execute(delete(LandscapeTheme).where(LandscapeTheme.item_id == item.id))
    session.execute(delete(LandscapeTerm).where(LandscapeTerm.item_id == item.id))
    session.add_all(LandscapeTheme(item_id=item.id, theme=t) for t in dict.fromkeys(item.themes))
    fields = {c: getattr(item, c) for c in LandscapeItem.__table__.columns.keys()}  # noqa: SIM118
    session.add_all(
        LandscapeTerm(item_id=item.id, term=term, weight=weight) for term, weight in item_terms(fields).items()
    )


def relations(session: Session, item_ids: list[str] | None = None) -> list[LandscapeRelation]:
    query = select(LandscapeRelation).order_by(LandscapeRelation.id)
    if item_ids is not None:
        query = query.where(or_(LandscapeRelation.source_id.in_(item_ids), LandscapeRelation.target_id.in_(item_ids)))
    return list(session.scalars(query))


def _filtered(query: SearchQuery) -> Select[Any]:
    """Item ids passing the facet filters (no text)."""
    stmt = select(LandscapeItem.id)
    conditions: list[Any] = []
    if not query.include_withdrawn:
        conditions.append(LandscapeItem.withdrawn.is_(False))
    if query.kind:
        conditions.append(LandscapeItem.kind.in_([k.value for k in query.kind]))
    if query.legal_tier:
        conditions.append(LandscapeItem.legal_tier.in_(query.legal_tier))
    if query.region:
        conditions.append(LandscapeItem.region.in_(query.region))
    if query.status:
        conditions.append(LandscapeItem.status.in_([s.value for s in query.status]))
    if query.year_from is not None:
        conditions.append(LandscapeItem.year >= query.year_from)
    if query.year_to is not None:
        conditions.append(LandscapeItem.year <= query.year_to)
    if query.in_force_on is not None:
        conditions.append(_in_force_on(query.in_force_on))
    for theme in query.theme:  # every chosen theme must hold
        conditions.append(LandscapeItem.id.in_(select(LandscapeTheme.item_id).where(LandscapeTheme.theme == theme)))
    return stmt.where(and_(*conditions)) if conditions else stmt


def _in_force_on(day: date) -> Any:
    started = or_(
        LandscapeItem.in_force_date <= day,
        and_(LandscapeItem.in_force_date.is_(None), LandscapeItem.year <= day.year),
    )
    not_ended = or_(LandscapeItem.end_date.is_(None), LandscapeItem.end_date > day)
    return and_(started, not_ended, LandscapeItem.status != "planned")


def ranked_ids(session: Session, query: SearchQuery, limit: int | None = None) -> tuple[list[str], int]:
    """Ids in rank order and the total number of matches.

    Score = Σ idf(term) × weight(term, item), times the square of the share of query terms matched, so
    items matching every word of a query come first; ties are broken by year (newest first).
    """
    filtered = _filtered(query)
    tokens = text.query_tokens(query.q) if query.q.strip() else []
    if not tokens:
        total = session.scalar(select(func.count()).select_from(filtered.subquery())) or 0
        stmt = (
            select(LandscapeItem.id)
            .where(LandscapeItem.id.in_(filtered))
            .order_by(LandscapeItem.year.desc().nulls_last(), LandscapeItem.id)
            .offset(query.offset)
            .limit(limit or query.limit)
        )
        return list(session.scalars(stmt)), total
    documents = session.scalar(select(func.count()).select_from(LandscapeItem)) or 1
    frequencies = dict(
        session.execute(
            select(LandscapeTerm.term, func.count()).where(LandscapeTerm.term.in_(tokens)).group_by(LandscapeTerm.term)
        ).all()
    )
    present = [t for t in tokens if frequencies.get(t)]
    if not present:
        return [], 0
    idf = {t: math.log(1 + documents / frequencies[t]) for t in present}
    wanted = len({t for t in tokens if not t.startswith(("id:", "num:", "acr:"))}) or 1
    weight = case(*[(LandscapeTerm.term == t, literal(idf[t])) for t in present], else_=literal(0.0))
    matched_words = func.count(func.distinct(case((~LandscapeTerm.term.like("%:%"), LandscapeTerm.term), else_=None)))
    exact = func.max(case((LandscapeTerm.term.like("%:%"), literal(1.0)), else_=literal(0.0)))
    coverage = (matched_words * 1.0 / wanted) * (matched_words * 1.0 / wanted)
    score = func.sum(LandscapeTerm.weight * weight) * (coverage + exact)
    scored = (
        select(LandscapeTerm.item_id.label("item_id"), score.label("score"))
        .where(LandscapeTerm.term.in_(present), LandscapeTerm.item_id.in_(filtered))
        .group_by(LandscapeTerm.item_id)
        .subquery()
    )
    total = session.scalar(select(func.count()).select_from(scored)) or 0
    stmt = (
        select(scored.c.item_id)
        .join(LandscapeItem, LandscapeItem.id == scored.c.item_id)
        .order_by(scored.c.score.desc(), LandscapeItem.year.desc().nulls_last(), LandscapeItem.id)
        .offset(query.offset)
        .limit(limit or query.limit)
    )
    return list(session.scalars(stmt)), total


def matching_ids(session: Session, query: SearchQuery) -> Select[Any]:
    """All matching ids as a sub-select (for facet counts)."""
    if not query.q.strip():
        return _filtered(query)
    tokens = [t for t in text.query_tokens(query.q)]
    return (
        select(LandscapeTerm.item_id)
        .where(LandscapeTerm.term.in_(tokens), LandscapeTerm.item_id.in_(_filtered(query)))
        .distinct()
    )


def facet_counts(session: Session, query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
    ids = matching_ids(session, query)
    counts: dict[str, list[tuple[str, int]]] = {}
    for facet in ("kind", "legal_tier", "region", "status"):
        column = getattr(LandscapeItem, facet)
        rows = session.execute(
            select(column, func.count())
            .where(LandscapeItem.id.in_(ids), column.is_not(None))
            .group_by(column)
            .order_by(func.count().desc(), column)
        ).all()
        counts[facet] = [(str(value), int(n)) for value, n in rows]
    theme_rows = session.execute(
        select(LandscapeTheme.theme, func.count())
        .where(LandscapeTheme.item_id.in_(ids))
        .group_by(LandscapeTheme.theme)
        .order_by(func.count().desc(), LandscapeTheme.theme)
    ).all()
    counts["theme"] = [(str(value), int(n)) for value, n in theme_rows]
    return counts


def like_scan(session: Session, words: list[str], limit: int) -> list[str]:
    """The naive baseline the benchmark compares against: LIKE over titles and summaries."""
    conditions = [
        or_(
            LandscapeItem.title_en.ilike(f"%{w}%"),
            LandscapeItem.title_zh.like(f"%{w}%"),
            LandscapeItem.summary_en.ilike(f"%{w}%"),
            LandscapeItem.summary_zh.like(f"%{w}%"),
            LandscapeItem.identifier.ilike(f"%{w}%"),
        )
        for w in words
    ]
    stmt = select(LandscapeItem.id).where(or_(*conditions)).limit(limit)
    return list(session.scalars(stmt))
