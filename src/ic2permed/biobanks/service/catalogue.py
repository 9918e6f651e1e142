"""Reading the catalogue: pages, discovery (faceted bilingual search), comparison, statistics, checks.

Reading is public; nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy.orm import Session

from ic2permed.biobanks import bundle, checks, repository, search
from ic2permed.biobanks.codes import (
    SIZE_BUCKETS,
    country_label,
    disease_label,
    duo_label,
    miabis_label,
    region_label,
)
from ic2permed.biobanks.criteria import is_query, query_from_params
from ic2permed.biobanks.index import doc_for
from ic2permed.biobanks.models import Biobank, Collection, Network
from ic2permed.biobanks.schemas import (
    BiobankDetail,
    BiobankRead,
    CollectionHit,
    CollectionRead,
    CountRecordRead,
    Facet,
    FacetValue,
    NetworkDetail,
    NetworkRead,
    Problem,
    SearchQuery,
    SearchResult,
    StatsRead,
)
from ic2permed.core.accounts import repository as accounts
from ic2permed.core.audit import service as audit
from ic2permed.core.errors import NotFound
from ic2permed.core.i18n import N_, gettext, pick
from ic2permed.core.vocab import icd10

FACET_LABELS = {
    "region": N_("Region"),
    "country": N_("Country"),
    "material": N_("Material type"),
    "disease": N_("Disease (ICD-10)"),
    "collection_type": N_("Collection type"),
    "data_category": N_("Data categories"),
    "access": N_("Access conditions (DUO)"),
    "quality_mark": N_("Quality mark"),
    "network": N_("Network"),
    "commercial_use": N_("Commercial use allowed"),
    "service": N_("Services offered"),
    "size": N_("Size (samples)"),
}
VALUE_LABELS = {
    "yes": N_("yes"),
    "no": N_("no"),
    "unknown": N_("unknown"),
    "lt1k": N_("fewer than 1,000"),
    "1k-10k": N_("1,000 to 10,000"),
    "10k-100k": N_("10,000 to 100,000"),
    "100k-1m": N_("100,000 to 1 million"),
    "gte1m": N_("1 million or more"),
}
SIZE_ORDER = [code for code, _, _ in SIZE_BUCKETS] + ["unknown"]


def biobank_row(session: Session, biobank_id: str) -> Biobank:
    found = session.get(Biobank, biobank_id)
    if found is None:
        raise NotFound(f"No biobank with id {biobank_id!r}.")
    return found


def collection_row(session: Session, collection_id: str) -> Collection:
    found = session.get(Collection, collection_id)
    if found is None:
        raise NotFound(f"No collection with id {collection_id!r}.")
    return found


def detail_of(session: Session, biobank: Biobank, collections: Sequence[Collection] | None = None) -> BiobankDetail:
    owned = collections if collections is not None else repository.collections_of(session, biobank.id)
    detail = BiobankDetail.model_validate(BiobankRead.model_validate(biobank).model_dump())
    detail.collections = [CollectionRead.model_validate(c) for c in owned]
    return detail


def get_biobank(session: Session, biobank_id: str) -> BiobankDetail:
    biobank = biobank_row(session, biobank_id)
    detail = detail_of(session, biobank)
    users = [accounts.by_id(session, uid) for uid in repository.manager_ids(session, biobank_id)]
    detail.managers = sorted(u.username for u in users if u is not None)
    return detail


def list_biobanks(session: Session) -> list[BiobankRead]:
    return [BiobankRead.model_validate(b) for b in repository.all_biobanks(session)]


def get_collection(session: Session, collection_id: str) -> CollectionRead:
    return CollectionRead.model_validate(collection_row(session, collection_id))


def sub_collections(session: Session, collection_id: str) -> list[CollectionRead]:
    owner = collection_row(session, collection_id)
    return [
        CollectionRead.model_validate(c)
        for c in repository.collections_of(session, owner.biobank_id)
        if c.parent_id == collection_id
    ]


def list_networks(session: Session) -> list[NetworkRead]:
    return [NetworkRead.model_validate(n) for n in repository.all_networks(session)]


def get_network(session: Session, network_id: str) -> NetworkDetail:
    network = session.get(Network, network_id)
    if network is None:
        raise NotFound(f"No network with id {network_id!r}.")
    detail = NetworkDetail.model_validate(NetworkRead.model_validate(network).model_dump())
    detail.biobanks = [b for b in list_biobanks(session) if network_id in b.networks]
    return detail


def count_history(session: Session, entity_type: str, entity_id: str) -> list[CountRecordRead]:
    return [CountRecordRead.model_validate(r) for r in repository.count_history(session, entity_type, entity_id)]


def change_history(session: Session, entity_type: str, entity_id: str) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in audit.history(session, entity_type, entity_id)]


def describe(criteria: str, locale: str, networks: Mapping[str, Network] | None = None) -> list[tuple[str, str]]:
    """Criteria in words, for people: [(facet label, "value; value (all)"), …]."""
    if not is_query(criteria):
        return [(gettext(locale, N_("Search criteria")), criteria)] if criteria else []
    query, _ = query_from_params(parse_qs(criteria))
    found: list[tuple[str, str]] = []
    if query.q:
        found.append((gettext(locale, N_("Words")), query.q))
    for facet in search.FACETS:
        values = query.filters.get(facet, [])
        if values:
            text = "; ".join(_facet_label(facet, v, locale, networks or {}) for v in values)
            if query.modes.get(facet) == "all" and len(values) > 1:
                text += " (" + gettext(locale, N_("all of them")) + ")"
            found.append((gettext(locale, FACET_LABELS[facet]), text))
    return found


def _facet_label(facet: str, value: str, locale: str, networks: Mapping[str, Network]) -> str:
    if facet == "region":
        return region_label(value, locale)
    if facet == "country":
        return country_label(value, locale)
    if facet == "material":
        return miabis_label("material_types", value, locale)
    if facet == "collection_type":
        return miabis_label("collection_types", value, locale)
    if facet == "data_category":
        return miabis_label("data_categories", value, locale)
    if facet == "disease":
        return f"{value} — {disease_label(value, locale)}"
    if facet == "access":
        return duo_label(value, locale)
    if facet == "network" and value in networks:
        found = networks[value]
        return pick(locale, found.name_en, found.name_zh)
    if value in VALUE_LABELS:
        return gettext(locale, VALUE_LABELS[value])
    return value


def _disease_order(value: str) -> tuple[int, str]:
    chapters = icd10.chapters()
    return (chapters.index(value), "") if value in chapters else (len(chapters), value)


def search_collections(session: Session, query: SearchQuery, locale: str = "en") -> SearchResult:
    biobanks = repository.biobanks_by_id(session)
    collections = repository.all_collections(session)
    by_id = {c.id: c for c in collections}
    docs = [doc_for(c, biobanks[c.biobank_id]) for c in collections]
    matched, counts = search.run(docs, query.q, query.filters, query.modes)
    networks = {n.id: n for n in repository.all_networks(session)}
    hits: dict[str, CollectionHit] = {}
    for doc, score in matched:
        collection = by_id[doc.id]
        biobank = biobanks[collection.biobank_id]
        parent = by_id.get(collection.parent_id) if collection.parent_id else None
        hits[doc.id] = CollectionHit(
            collection=CollectionRead.model_validate(collection),
            biobank_id=biobank.id,
            biobank_name_en=biobank.name_en,
            biobank_name_zh=biobank.name_zh,
            country=biobank.country,
            region=biobank.region,
            score=score,
            parent_name=pick(locale, parent.name_en, parent.name_zh) if parent else None,
        )
    top: list[CollectionHit] = []
    for doc, _ in matched:
        hit = hits[doc.id]
        parent_hit = hits.get(doc.parent_id) if doc.parent_id else None
        if parent_hit is not None:
            parent_hit.children.append(hit)
        else:
            top.append(hit)
    facets = []
    for facet in search.FACETS:
        chosen = query.filters.get(facet, [])
        values = [
            FacetValue(
                value=value,
                label=_facet_label(facet, value, locale, networks),
                count=count,
                selected=value in chosen,
            )
            for value, count in counts[facet].items()
        ]
        values += [
            FacetValue(value=v, label=_facet_label(facet, v, locale, networks), count=0, selected=True)
            for v in chosen
            if v not in counts[facet]
        ]
        if facet == "disease":
            values.sort(key=lambda fv: _disease_order(fv.value))
        elif facet == "size":
            values.sort(key=lambda fv: SIZE_ORDER.index(fv.value) if fv.value in SIZE_ORDER else len(SIZE_ORDER))
        else:
            values.sort(key=lambda fv: (-fv.count, fv.label))
        facets.append(
            Facet(
                name=facet,
                label=gettext(locale, FACET_LABELS[facet]),
                mode=query.modes.get(facet, "any"),
                values=values,
            )
        )
    return SearchResult(query=query, total=len(matched), hits=top, facets=facets)


def flat_hits(result: SearchResult) -> list[CollectionHit]:
    found: list[CollectionHit] = []

    def walk(items: Sequence[CollectionHit]) -> None:
        for hit in items:
            found.append(hit)
            walk(hit.children)

    walk(result.hits)
    return found


def compare(session: Session, collection_ids: Sequence[str]) -> list[tuple[CollectionRead, BiobankRead]]:
    found = repository.collections_by_ids(session, list(dict.fromkeys(collection_ids)))
    if not found:
        raise NotFound("None of the chosen collections exists.")
    biobanks = repository.biobanks_by_id(session)
    return [(CollectionRead.model_validate(c), BiobankRead.model_validate(biobanks[c.biobank_id])) for c in found]


def statistics(session: Session) -> StatsRead:
    """Totals, samples by material × region (a collection counts under each material it holds),
    collections by ICD-10 chapter."""
    biobanks = repository.biobanks_by_id(session)
    collections = repository.all_collections(session)
    by_region: dict[str, Counter[str]] = {}
    for biobank in biobanks.values():
        row = by_region.setdefault(biobank.region, Counter())
        row["biobanks"] += 1
        row["donors"] += biobank.donors or 0
        row["samples"] += biobank.samples or 0
    material_region: dict[str, Counter[str]] = {}
    chapters: Counter[str] = Counter()
    for collection in collections:
        region = biobanks[collection.biobank_id].region
        if collection.parent_id is None:
            for material in collection.material_types:
                material_region.setdefault(material, Counter())[region] += collection.samples or 0
        for chapter in {c for c in (_chapter(d) for d in collection.diseases) if c}:
            chapters[chapter] += 1
    return StatsRead(
        biobanks=len(biobanks),
        collections=len(collections),
        donors=sum(b.donors or 0 for b in biobanks.values()),
        samples=sum(b.samples or 0 for b in biobanks.values()),
        by_region={k: dict(v) for k, v in sorted(by_region.items())},
        samples_by_material_region={k: dict(v) for k, v in sorted(material_region.items())},
        collections_by_chapter=dict(sorted(chapters.items(), key=lambda kv: _disease_order(kv[0]))),
    )


def _chapter(code: str) -> str | None:
    try:
        return icd10.chapter_of(code)
    except (icd10.InvalidCode, ValueError):
        return None


def steward_check(session: Session, this_year: int | None = None) -> list[Problem]:
    year = this_year or datetime.now(UTC).year
    collections = [
        CollectionRead.model_validate(c)
        for c in repository.all_collections(session)
        if c.id != c.biobank_id + bundle.WHOLE_SUFFIX  # same facts as its biobank: reported once
    ]
    return checks.check(list_biobanks(session), collections, year)


def counts(session: Session) -> dict[str, int]:
    """Biobanks, collections and networks in the directory: what the home page's card says."""
    return repository.counts(session)
