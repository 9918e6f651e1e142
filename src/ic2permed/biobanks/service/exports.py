"""The catalogue, or what a search finds, as JSON, CSV, XLSX and FHIR R4 (MIABIS on FHIR)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ic2permed.biobanks import csvio, repository
from ic2permed.biobanks.models import Collection
from ic2permed.biobanks.schemas import (
    BiobankDetail,
    SearchQuery,
)
from ic2permed.biobanks.service.catalogue import detail_of, flat_hits, list_networks, search_collections


def export_view(session: Session, query: SearchQuery | None = None) -> list[BiobankDetail]:
    """The whole catalogue, or the biobanks and collections a search finds (with their parents)."""
    biobanks = repository.all_biobanks(session)
    collections = repository.all_collections(session)
    if query is not None and not query.is_empty():
        result = search_collections(session, query)
        wanted = {hit.collection.id for hit in flat_hits(result)}
        by_id = {c.id: c for c in collections}
        for cid in list(wanted):
            parent = by_id[cid].parent_id
            while parent:
                wanted.add(parent)
                parent = by_id[parent].parent_id
        collections = [c for c in collections if c.id in wanted]
        owners = {c.biobank_id for c in collections}
        biobanks = [b for b in biobanks if b.id in owners]
    grouped: dict[str, list[Collection]] = {}
    for collection in collections:
        grouped.setdefault(collection.biobank_id, []).append(collection)
    return [detail_of(session, b, grouped.get(b.id, [])) for b in biobanks]


def export_json(session: Session, query: SearchQuery | None = None) -> list[dict[str, Any]]:
    return [b.model_dump(mode="json") for b in export_view(session, query)]


def export_csv(session: Session, query: SearchQuery | None = None) -> str:
    return csvio.write(export_view(session, query))


def export_xlsx(session: Session, query: SearchQuery | None = None, locale: str = "en") -> bytes:
    return csvio.write_xlsx(export_view(session, query), locale)


def export_fhir(session: Session, query: SearchQuery | None = None) -> dict[str, Any]:
    from ic2permed.biobanks import fhir  # fhirclient models are slow to import; only this export needs them

    view = export_view(session, query)
    return fhir.build(view, list_networks(session))
