"""The bundled catalogue, loaded once per version; records users edited are never overwritten."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ic2permed.biobanks import bundle, repository
from ic2permed.biobanks.index import tokens_for
from ic2permed.biobanks.models import Biobank, Collection, Network
from ic2permed.biobanks.service.catalogue import biobank_row
from ic2permed.biobanks.service.editing import record_counts, snapshot
from ic2permed.core import bundles
from ic2permed.core.audit import service as audit
from ic2permed.core.database import utcnow
from ic2permed.core.permissions import Actor


def load_bundle(session: Session, raw: bytes, name: str = bundle.BUNDLE_NAME) -> bool:
    """Idempotent: does nothing when this version is loaded; never overwrites a record users edited."""
    digest = bundles.checksum(raw)
    if bundles.loaded_checksum(session, name) == digest:
        return False
    plan = bundle.plan(bundle.load_json(raw))
    actor = Actor.system()
    for values in plan.networks:
        network = session.get(Network, values["id"])
        if network is None:
            session.add(Network(**values))
        else:
            for key, value in values.items():
                setattr(network, key, value)
    biobanks: dict[str, Biobank] = {}
    for values in plan.biobanks:
        biobanks[values["id"]] = _upsert_bundled(session, actor, Biobank, "biobank", values)
    session.flush()
    for values in plan.collections:
        collection = _upsert_bundled(session, actor, Collection, "collection", values)
        if isinstance(collection, Collection) and not collection.edited:
            owner = biobanks.get(collection.biobank_id) or biobank_row(session, collection.biobank_id)
            collection.search_tokens = tokens_for(collection, owner)
        session.flush()
    withdrawn = _withdraw(session, actor, {v["id"] for v in plan.biobanks}, {v["id"] for v in plan.collections})
    bundles.mark_loaded(session, name, digest)
    audit.record(
        session,
        actor,
        "biobanks.bundle_load",
        "data_bundle",
        name,
        None,
        {
            "checksum": digest,
            "biobanks": len(plan.biobanks),
            "collections": len(plan.collections),
            "withdrawn": withdrawn,
        },
    )
    session.commit()
    return True


def _withdraw(session: Session, actor: Actor, biobank_ids: set[str], collection_ids: set[str]) -> list[str]:
    """Remove unedited bundled records a new bundle version no longer holds (one bundle per database)."""
    gone: list[str] = []
    for collection in repository.all_collections(session):
        if collection.origin == "bundle" and not collection.edited and collection.id not in collection_ids:
            audit.record(
                session,
                actor,
                "biobank_collection.withdraw",
                "biobank_collection",
                collection.id,
                snapshot(collection),
                None,
            )
            session.delete(collection)
            gone.append(collection.id)
    session.flush()
    for biobank in repository.all_biobanks(session):
        if biobank.origin != "bundle" or biobank.edited or biobank.id in biobank_ids:
            continue
        if repository.collections_of(session, biobank.id):
            continue
        audit.record(session, actor, "biobank.withdraw", "biobank", biobank.id, snapshot(biobank), None)
        session.delete(biobank)
        gone.append(biobank.id)
    return gone


def _upsert_bundled(session: Session, actor: Actor, model: Any, kind: str, values: dict[str, Any]) -> Any:
    row = session.get(model, values["id"])
    if row is not None and (row.edited or row.origin != "bundle"):
        return row
    counts = tuple(values.get(k) for k in ("donors", "samples", "count_year"))
    if row is None:
        row = model(**values, origin="bundle")
        session.add(row)
        moved = any(c is not None for c in counts)
    else:
        moved = counts != (row.donors, row.samples, row.count_year)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = utcnow()
    if moved:
        record_counts(session, actor, kind, row)
    return row


def is_bundled(session: Session, biobank_id: str) -> bool:
    """Whether the biobank came with the platform (bundled directory or demo data), so its contact address was
    not given by anyone using this installation: the access domain mails it only when an admin allows it."""
    row = session.get(Biobank, biobank_id)
    return row is not None and row.origin == "bundle"
