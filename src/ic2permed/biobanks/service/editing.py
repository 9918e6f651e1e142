"""Edits by curators and biobank managers: who may edit, field changes with their audit entries and
counts history, managers. Each public use case commits once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from ic2permed.biobanks import repository
from ic2permed.biobanks.index import tokens_for
from ic2permed.biobanks.models import Biobank, BiobankManager, Collection, CountRecord
from ic2permed.biobanks.records import Cleaner, clean_biobank, clean_collection
from ic2permed.biobanks.schemas import (
    BiobankDetail,
    BiobankRead,
    BiobankUpdate,
    CollectionRead,
    CollectionUpdate,
)
from ic2permed.biobanks.service.catalogue import biobank_row, collection_row, get_biobank, list_biobanks
from ic2permed.core.accounts import repository as accounts
from ic2permed.core.audit import service as audit
from ic2permed.core.database import utcnow
from ic2permed.core.errors import FieldError, Forbidden, NotFound, ValidationFailed
from ic2permed.core.permissions import Actor, Permission

SNAPSHOT_SKIP = {"search_tokens", "updated_at", "origin", "edited", "position"}


def can_edit(session: Session, actor: Actor, biobank_id: str) -> bool:
    if actor.can(Permission.CURATE_BIOBANKS):
        return True
    if actor.id is None or not actor.can(Permission.MANAGE_OWN_BIOBANK):
        return False
    return biobank_id in repository.managed_by(session, actor.id)


def require_edit(session: Session, actor: Actor, biobank_id: str) -> None:
    if can_edit(session, actor, biobank_id):
        return
    if not actor.can(Permission.CURATE_BIOBANKS):
        actor.require(Permission.MANAGE_OWN_BIOBANK)
    raise Forbidden(f"You do not manage biobank {biobank_id!r}.")


def managed_biobank_ids(session: Session, actor: Actor) -> set[str]:
    """The biobanks `actor` is a named manager of (curators' general edit right is not representation)."""
    return repository.managed_by(session, actor.id) if actor.id is not None else set()


def manager_user_ids(session: Session, biobank_id: str) -> list[int]:
    """Users who represent `biobank_id` (its named managers), e.g. to notify of an access request."""
    return list(repository.manager_ids(session, biobank_id))


def managed_biobanks(session: Session, actor: Actor) -> list[BiobankRead]:
    if actor.can(Permission.CURATE_BIOBANKS):
        return list_biobanks(session)
    if actor.id is None:
        return []
    own = repository.managed_by(session, actor.id)
    return [b for b in list_biobanks(session) if b.id in own]


def snapshot(row: Biobank | Collection) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in SNAPSHOT_SKIP}


def record_counts(session: Session, actor: Actor, kind: str, row: Biobank | Collection) -> None:
    session.add(
        CountRecord(
            entity_type=kind,
            entity_id=row.id,
            donors=row.donors,
            samples=row.samples,
            count_year=row.count_year,
            recorded_by=actor.username,
        )
    )


def apply_changes(
    session: Session, actor: Actor, kind: str, row: Biobank | Collection, values: Mapping[str, Any]
) -> bool:
    """Set changed fields; record counts history when a count moved. True when anything changed."""
    before = snapshot(row)
    changed = {k: v for k, v in values.items() if before.get(k, object()) != v}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(row, key, value)
    row.edited = True
    row.updated_at = utcnow()
    if {"donors", "samples", "count_year"} & changed.keys():
        record_counts(session, actor, kind, row)
    entity = "biobank" if kind == "biobank" else "biobank_collection"
    audit.record(session, actor, f"{entity}.update", entity, row.id, before, snapshot(row))
    return True


def retokenise(session: Session, biobank: Biobank) -> None:
    for collection in repository.collections_of(session, biobank.id):
        collection.search_tokens = tokens_for(collection, biobank)


def _validated(data: dict[str, Any], strict_fields: set[str], clean: Any, current: dict[str, Any]) -> dict[str, Any]:
    merged = {**current, **data}
    cleaner = Cleaner(strict=True)
    values = clean(merged, cleaner)
    errors = [e for e in cleaner.errors if e.field.split(".")[0] in strict_fields]
    if errors:
        raise ValidationFailed("Invalid values", errors)
    return {k: values[k] for k in strict_fields if k in values}


def update_biobank(session: Session, actor: Actor, biobank_id: str, data: BiobankUpdate) -> BiobankDetail:
    require_edit(session, actor, biobank_id)
    biobank = biobank_row(session, biobank_id)
    given = data.model_dump(exclude_unset=True)
    values = _validated(given, set(given), clean_biobank, snapshot(biobank))
    if apply_changes(session, actor, "biobank", biobank, values):
        retokenise(session, biobank)
    session.commit()
    return get_biobank(session, biobank_id)


def update_collection(session: Session, actor: Actor, collection_id: str, data: CollectionUpdate) -> CollectionRead:
    collection = collection_row(session, collection_id)
    require_edit(session, actor, collection.biobank_id)
    given = data.model_dump(exclude_unset=True)
    values = _validated(given, set(given), clean_collection, snapshot(collection))
    if apply_changes(session, actor, "collection", collection, values):
        collection.search_tokens = tokens_for(collection, biobank_row(session, collection.biobank_id))
    session.commit()
    return CollectionRead.model_validate(collection)


def assign_manager(session: Session, actor: Actor, biobank_id: str, username: str) -> list[str]:
    actor.require(Permission.CURATE_BIOBANKS)
    biobank_row(session, biobank_id)
    user = accounts.by_username(session, username)
    if user is None:
        raise NotFound(f"No user {username!r}.", [FieldError("username", "unknown user")])
    if session.get(BiobankManager, (biobank_id, user.id)) is None:
        session.add(BiobankManager(biobank_id=biobank_id, user_id=user.id))
        audit.record(session, actor, "biobank_manager.assign", "biobank", biobank_id, None, {"manager": username})
    session.commit()
    return get_biobank(session, biobank_id).managers


def remove_manager(session: Session, actor: Actor, biobank_id: str, username: str) -> list[str]:
    actor.require(Permission.CURATE_BIOBANKS)
    user = accounts.by_username(session, username)
    link = session.get(BiobankManager, (biobank_id, user.id)) if user else None
    if link is None:
        raise NotFound(f"{username!r} does not manage {biobank_id!r}.")
    session.delete(link)
    audit.record(session, actor, "biobank_manager.remove", "biobank", biobank_id, {"manager": username}, None)
    session.commit()
    return get_biobank(session, biobank_id).managers
