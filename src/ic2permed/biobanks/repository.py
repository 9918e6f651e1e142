"""Queries of the biobank directory."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ic2permed.biobanks.models import (
    Biobank,
    BiobankManager,
    CartItem,
    Collection,
    CountRecord,
    LandscapeLink,
    Network,
    RequestDraft,
)


def all_biobanks(session: Session) -> Sequence[Biobank]:
    return session.scalars(select(Biobank).order_by(Biobank.name_en)).all()


def biobanks_by_id(session: Session) -> dict[str, Biobank]:
    return {b.id: b for b in session.scalars(select(Biobank))}


def all_collections(session: Session) -> Sequence[Collection]:
    return session.scalars(select(Collection).order_by(Collection.biobank_id, Collection.position)).all()


def collections_of(session: Session, biobank_id: str) -> Sequence[Collection]:
    return session.scalars(
        select(Collection).where(Collection.biobank_id == biobank_id).order_by(Collection.position, Collection.id)
    ).all()


def collections_by_ids(session: Session, ids: Sequence[str]) -> list[Collection]:
    found = {c.id: c for c in session.scalars(select(Collection).where(Collection.id.in_(list(ids))))}
    return [found[i] for i in ids if i in found]


def all_networks(session: Session) -> Sequence[Network]:
    return session.scalars(select(Network).order_by(Network.name_en)).all()


def manager_ids(session: Session, biobank_id: str) -> list[int]:
    return list(session.scalars(select(BiobankManager.user_id).where(BiobankManager.biobank_id == biobank_id)))


def managed_by(session: Session, user_id: int) -> set[str]:
    return set(session.scalars(select(BiobankManager.biobank_id).where(BiobankManager.user_id == user_id)))


def count_history(session: Session, entity_type: str, entity_id: str) -> Sequence[CountRecord]:
    return session.scalars(
        select(CountRecord)
        .where(CountRecord.entity_type == entity_type, CountRecord.entity_id == entity_id)
        .order_by(CountRecord.id)
    ).all()


def cart_of(session: Session, user_id: int) -> Sequence[CartItem]:
    return session.scalars(
        select(CartItem).where(CartItem.user_id == user_id).order_by(CartItem.added_at, CartItem.collection_id)
    ).all()


def drafts_of(session: Session, user_id: int) -> Sequence[RequestDraft]:
    return session.scalars(
        select(RequestDraft).where(RequestDraft.user_id == user_id).order_by(RequestDraft.id.desc())
    ).all()


def landscape_links_of(session: Session, biobank_id: str) -> Sequence[LandscapeLink]:
    query = select(LandscapeLink).where(LandscapeLink.biobank_id == biobank_id).order_by(LandscapeLink.item_id)
    return session.scalars(query).all()


def landscape_links_to(session: Session, item_id: str) -> Sequence[LandscapeLink]:
    query = select(LandscapeLink).where(LandscapeLink.item_id == item_id).order_by(LandscapeLink.biobank_id)
    return session.scalars(query).all()


def counts(session: Session) -> dict[str, int]:
    """Biobanks, collections (sub-collections too) and networks, counted in the database."""
    return {
        "biobanks": session.scalar(select(func.count()).select_from(Biobank)) or 0,
        "collections": session.scalar(select(func.count()).select_from(Collection)) or 0,
        "networks": session.scalar(select(func.count()).select_from(Network)) or 0,
    }
