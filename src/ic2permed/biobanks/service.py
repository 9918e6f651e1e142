"""Use cases of the biobank directory: discovery, pages, stewardship, managers, exports.

Reading the catalogue is public; writes check permissions here (curators edit anything, a biobank
manager only the biobanks assigned to them), record every change in the audit log in the same
transaction, keep the history of donor/sample counts, and commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy.orm import Session

from ic2permed.biobanks import bundle, checks, csvio, drafts, repository, search
from ic2permed.biobanks.codes import (
    SIZE_BUCKETS,
    country_label,
    disease_label,
    duo_label,
    miabis_label,
    region_label,
)

# Re-exported so other domains, which may import only this module and the schemas, read criteria as we do.
from ic2permed.biobanks.criteria import canonical as canonical
from ic2permed.biobanks.criteria import is_query as is_query
from ic2permed.biobanks.criteria import keep_criteria as keep_criteria
from ic2permed.biobanks.criteria import query_from_params as query_from_params
from ic2permed.biobanks.index import doc_for, tokens_for
from ic2permed.biobanks.models import Biobank, BiobankManager, Collection, CountRecord, Network
from ic2permed.biobanks.records import Cleaner, clean_biobank, clean_collection
from ic2permed.biobanks.schemas import (
    BiobankDetail,
    BiobankRead,
    BiobankUpdate,
    CollectionHit,
    CollectionRead,
    CollectionUpdate,
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
from ic2permed.core import bundles
from ic2permed.core.accounts import repository as accounts
from ic2permed.core.audit import service as audit
from ic2permed.core.database import utcnow
from ic2permed.core.errors import FieldError, Forbidden, NotFound, ValidationFailed
from ic2permed.core.i18n import N_, gettext
from ic2permed.core.permissions import Actor, Permission
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
SNAPSHOT_SKIP = {"search_tokens", "updated_at", "origin", "edited", "position"}

# Access-request drafts, for the access domain, which may import only this module and the schemas.
list_request_drafts = drafts.drafts
get_request_draft = drafts.get_draft
export_request_draft = drafts.export_draft


# ----- reading -------------------------------------------------------------------------------------


def _biobank(session: Session, biobank_id: str) -> Biobank:
    found = session.get(Biobank, biobank_id)
    if found is None:
        raise NotFound(f"No biobank with id {biobank_id!r}.")
    return found


def _collection(session: Session, collection_id: str) -> Collection:
    found = session.get(Collection, collection_id)
    if found is None:
        raise NotFound(f"No collection with id {collection_id!r}.")
    return found


def _detail(session: Session, biobank: Biobank, collections: Sequence[Collection] | None = None) -> BiobankDetail:
    owned = collections if collections is not None else repository.collections_of(session, biobank.id)
    detail = BiobankDetail.model_validate(BiobankRead.model_validate(biobank).model_dump())
    detail.collections = [CollectionRead.model_validate(c) for c in owned]
    return detail


def get_biobank(session: Session, biobank_id: str) -> BiobankDetail:
    biobank = _biobank(session, biobank_id)
    detail = _detail(session, biobank)
    users = [accounts.by_id(session, uid) for uid in repository.manager_ids(session, biobank_id)]
    detail.managers = sorted(u.username for u in users if u is not None)
    return detail


def list_biobanks(session: Session) -> list[BiobankRead]:
    return [BiobankRead.model_validate(b) for b in repository.all_biobanks(session)]


def get_collection(session: Session, collection_id: str) -> CollectionRead:
    return CollectionRead.model_validate(_collection(session, collection_id))


def sub_collections(session: Session, collection_id: str) -> list[CollectionRead]:
    owner = _collection(session, collection_id)
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


# ----- discovery -----------------------------------------------------------------------------------


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
        return found.name_zh if locale == "zh_Hans" and found.name_zh else found.name_en
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
            parent_name=(parent.name_zh or parent.name_en if locale == "zh_Hans" else parent.name_en)
            if parent
            else None,
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


# ----- statistics, checks, exports -----------------------------------------------------------------


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
    return [_detail(session, b, grouped.get(b.id, [])) for b in biobanks]


def export_json(session: Session, query: SearchQuery | None = None) -> list[dict[str, Any]]:
    return [b.model_dump(mode="json") for b in export_view(session, query)]


def export_csv(session: Session, query: SearchQuery | None = None) -> str:
    return csvio.write(export_view(session, query))


def export_fhir(session: Session, query: SearchQuery | None = None) -> dict[str, Any]:
    from ic2permed.biobanks import fhir  # fhirclient models are slow to import; only this export needs them

    view = export_view(session, query)
    return fhir.build(view, list_networks(session))


# ----- managers and edits --------------------------------------------------------------------------


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
    biobank = _biobank(session, biobank_id)
    given = data.model_dump(exclude_unset=True)
    values = _validated(given, set(given), clean_biobank, snapshot(biobank))
    if apply_changes(session, actor, "biobank", biobank, values):
        retokenise(session, biobank)
    session.commit()
    return get_biobank(session, biobank_id)


def update_collection(session: Session, actor: Actor, collection_id: str, data: CollectionUpdate) -> CollectionRead:
    collection = _collection(session, collection_id)
    require_edit(session, actor, collection.biobank_id)
    given = data.model_dump(exclude_unset=True)
    values = _validated(given, set(given), clean_collection, snapshot(collection))
    if apply_changes(session, actor, "collection", collection, values):
        collection.search_tokens = tokens_for(collection, _biobank(session, collection.biobank_id))
    session.commit()
    return CollectionRead.model_validate(collection)


def assign_manager(session: Session, actor: Actor, biobank_id: str, username: str) -> list[str]:
    actor.require(Permission.CURATE_BIOBANKS)
    _biobank(session, biobank_id)
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


# ----- bundled data --------------------------------------------------------------------------------


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
            owner = biobanks.get(collection.biobank_id) or _biobank(session, collection.biobank_id)
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
