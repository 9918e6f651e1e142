"""Landscape queries: items, relations, the term index, ranked search and facet counts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from ic2permed.core.vocab import source_hosts
from ic2permed.landscape import search_index
from ic2permed.landscape.indexing import item_terms
from ic2permed.landscape.models import (
    LandscapeIndexState,
    LandscapeItem,
    LandscapeRelation,
    LandscapeTerm,
    LandscapeTheme,
)
from ic2permed.landscape.schemas import REPLACING_RELATIONS, SearchQuery

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


def touch(session: Session) -> None:
    """Tell every worker's in-memory index that the items changed (same transaction as the change)."""
    moved = session.execute(
        update(LandscapeIndexState).where(LandscapeIndexState.id == 1).values(version=LandscapeIndexState.version + 1)
    )
    if getattr(moved, "rowcount", 1) == 0:
        session.add(LandscapeIndexState(id=1, version=1))


def reindex(session: Session, item: LandscapeItem) -> None:
    """Rewrite the item's theme rows and search terms from its current fields."""
    touch(session)
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


def ranked_ids(session: Session, query: SearchQuery, limit: int | None = None) -> tuple[list[str], int]:
    """Ids of the requested page in rank order, and the total number of matches."""
    snap = search_index.snapshot(session)
    ids, total, _matched = search_index.ranked(snap, query, limit, *_restrictions(session, query))
    return ids, total


def search_with_facets(session: Session, query: SearchQuery) -> tuple[list[str], int, dict[str, list[tuple[str, int]]]]:
    snap = search_index.snapshot(session)
    ids, total, matched = search_index.ranked(snap, query, None, *_restrictions(session, query))
    return ids, total, search_index.facet_counts(snap, matched)


def _restrictions(session: Session, query: SearchQuery) -> tuple[frozenset[str], frozenset[str] | None]:
    """What the search index cannot tell alone: items replaced by ``in_force_on``, items with official sources."""
    replaced = replaced_on(session, query.in_force_on) if query.in_force_on else frozenset()
    return replaced, with_official_source(session) if query.official_only else None


def with_official_source(session: Session) -> frozenset[str]:
    """Items citing at least one source on the issuer's own site (by the host list as it stands)."""
    rows = session.execute(select(LandscapeItem.id, LandscapeItem.sources)).all()
    return frozenset(
        item_id
        for item_id, sources in rows
        if any(source_hosts.source_kind(str(s.get("url") or "")) == "official" for s in sources or [])
    )


def replaced_on(session: Session, day: date) -> frozenset[str]:
    """Items that a newer version (or a superseding text) had replaced by ``day``: the newer one was in force.

    ``amends`` never counts: an amended text still applies. A newer text without a known in-force date
    replaces nothing, since when it took effect is unknown.
    """
    newer = aliased(LandscapeItem)
    rows = session.execute(
        select(LandscapeRelation.target_id, newer.in_force_date)
        .join(newer, newer.id == LandscapeRelation.source_id)
        .where(LandscapeRelation.type.in_(REPLACING_RELATIONS), newer.in_force_date.is_not(None))
    ).all()
    return frozenset(target for target, took_effect in rows if took_effect is not None and took_effect <= day)


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


def counts_by_region(session: Session) -> dict[str, int]:
    """How many items (not withdrawn) each region has: the home page's figures, in one query."""
    rows = session.execute(
        select(LandscapeItem.region, func.count())
        .where(LandscapeItem.withdrawn.is_(False))
        .group_by(LandscapeItem.region)
    )
    return {str(region): int(n) for region, n in rows}
