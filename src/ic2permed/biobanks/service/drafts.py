"""Use cases of the cart and access-request drafts.

A researcher sets collections aside with the search that found them, then saves the cart as a draft
that keeps both; the negotiation workflow of the access domain takes drafts further.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ic2permed.biobanks import repository
from ic2permed.biobanks.criteria import keep_criteria
from ic2permed.biobanks.models import Biobank, CartItem, Collection, RequestDraft
from ic2permed.biobanks.schemas import CartItemRead, CollectionRead, DraftCreate, DraftDetail, DraftRead
from ic2permed.core.audit import service as audit
from ic2permed.core.database import utcnow
from ic2permed.core.errors import NotFound, ValidationFailed
from ic2permed.core.permissions import Actor, Permission


def _user_id(actor: Actor) -> int:
    actor.require(Permission.DRAFT_ACCESS_REQUEST)
    assert actor.id is not None  # require() refuses anonymous actors
    return actor.id


def cart(session: Session, actor: Actor) -> list[CartItemRead]:
    user_id = _user_id(actor)
    found = []
    for item in repository.cart_of(session, user_id):
        collection = session.get(Collection, item.collection_id)
        if collection is None:
            continue
        biobank = session.get(Biobank, collection.biobank_id)
        found.append(
            CartItemRead(
                collection=CollectionRead.model_validate(collection),
                biobank_name_en=biobank.name_en if biobank else "",
                biobank_name_zh=biobank.name_zh if biobank else "",
                criteria=item.criteria,
                added_at=item.added_at,
            )
        )
    return found


def cart_ids(session: Session, actor: Actor) -> set[str]:
    if not actor.can(Permission.DRAFT_ACCESS_REQUEST) or actor.id is None:
        return set()
    return {item.collection_id for item in repository.cart_of(session, actor.id)}


def add_to_cart(session: Session, actor: Actor, collection_id: str, criteria: str = "") -> list[CartItemRead]:
    user_id = _user_id(actor)
    if session.get(Collection, collection_id) is None:
        raise NotFound(f"No collection with id {collection_id!r}.")
    criteria = keep_criteria(criteria)
    if session.get(CartItem, (user_id, collection_id)) is None:
        session.add(CartItem(user_id=user_id, collection_id=collection_id, criteria=criteria))
        audit.record(session, actor, "biobank_cart.add", "biobank_collection", collection_id, None, criteria)
        session.commit()
    return cart(session, actor)


def remove_from_cart(session: Session, actor: Actor, collection_id: str) -> list[CartItemRead]:
    user_id = _user_id(actor)
    item = session.get(CartItem, (user_id, collection_id))
    if item is not None:
        session.delete(item)
        audit.record(session, actor, "biobank_cart.remove", "biobank_collection", collection_id)
        session.commit()
    return cart(session, actor)


def _read(draft: RequestDraft, owner: str) -> DraftRead:
    return DraftRead(
        id=draft.id,
        owner=owner,
        title=draft.title,
        purpose=draft.purpose,
        collection_ids=list(draft.collection_ids),
        criteria=list(draft.criteria),
        status=draft.status,
        request_id=draft.request_id,
        created_at=draft.created_at,
        updated_at=draft.updated_at,
    )


def save_draft(session: Session, actor: Actor, data: DraftCreate) -> DraftRead:
    """Turn the cart into a draft (collections and the searches that found them) and empty the cart."""
    user_id = _user_id(actor)
    items = list(repository.cart_of(session, user_id))
    if not items:
        raise ValidationFailed("The cart is empty; add collections before saving a request draft.")
    criteria = list(dict.fromkeys(i.criteria for i in items if i.criteria))
    draft = RequestDraft(
        user_id=user_id,
        title=data.title,
        purpose=data.purpose,
        collection_ids=[i.collection_id for i in items],
        criteria=criteria,
    )
    session.add(draft)
    for item in items:
        session.delete(item)
    session.flush()
    result = _read(draft, actor.username)
    audit.record(session, actor, "biobank_draft.create", "biobank_draft", draft.id, None, result.model_dump())
    session.commit()
    return result


def drafts(session: Session, actor: Actor) -> list[DraftRead]:
    user_id = _user_id(actor)
    return [_read(d, actor.username) for d in repository.drafts_of(session, user_id)]


def get_draft(session: Session, actor: Actor, draft_id: int) -> DraftDetail:
    """Only the owner sees a draft (it is theirs until the access workflow submits it)."""
    user_id = _user_id(actor)
    draft = session.get(RequestDraft, draft_id)
    if draft is None or draft.user_id != user_id:
        raise NotFound(f"No request draft {draft_id}.")
    detail = DraftDetail.model_validate(_read(draft, actor.username).model_dump())
    detail.collections = [
        CollectionRead.model_validate(c) for c in repository.collections_by_ids(session, draft.collection_ids)
    ]
    return detail


def mark_draft_submitted(session: Session, actor: Actor, draft_id: int, request_id: int) -> DraftRead:
    """The access workflow turned the owner's draft into request `request_id`: the draft says so from now on.

    Flushes without committing: the caller (the access service) commits the draft's mark with the request."""
    user_id = _user_id(actor)
    draft = session.get(RequestDraft, draft_id)
    if draft is None or draft.user_id != user_id:
        raise NotFound(f"No request draft {draft_id}.")
    before = _read(draft, actor.username).model_dump(mode="json")
    draft.status = "submitted"
    draft.request_id = request_id
    draft.updated_at = utcnow()
    session.flush()
    result = _read(draft, actor.username)
    audit.record(
        session, actor, "biobank_draft.submit", "biobank_draft", draft.id, before, result.model_dump(mode="json")
    )
    return result


def export_draft(session: Session, actor: Actor, draft_id: int) -> dict[str, Any]:
    detail = get_draft(session, actor, draft_id)
    data: dict[str, Any] = detail.model_dump(mode="json")
    data["exported_at"] = utcnow().isoformat()
    return data
