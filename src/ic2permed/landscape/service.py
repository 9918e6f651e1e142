"""Landscape use cases: search, read, curate, compare, find opportunities, load the bundle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ic2permed.core import bundles
from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditEntryRead
from ic2permed.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from ic2permed.core.permissions import Actor, Permission
from ic2permed.landscape import applicability, exchange, repository
from ic2permed.landscape.compare import compare_theme
from ic2permed.landscape.models import LandscapeItem, LandscapeRelation
from ic2permed.landscape.opportunities import rank_opportunities
from ic2permed.landscape.schemas import (
    Comparison,
    FacetValue,
    GoverningItem,
    ItemCreate,
    ItemFields,
    ItemRead,
    ItemUpdate,
    Opportunity,
    RelationRead,
    SearchQuery,
    SearchResult,
)

ENTITY = "landscape_item"
FIELDS = tuple(ItemFields.model_fields)


def _read(item: LandscapeItem) -> ItemRead:
    return ItemRead.model_validate(item)


def _values(item: LandscapeItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in FIELDS}


def _jsonable(fields: ItemFields) -> dict[str, Any]:
    data: dict[str, Any] = fields.model_dump(mode="json", include=set(FIELDS))
    return data


def _apply(item: LandscapeItem, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name in ("in_force_date", "end_date") and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(item, name, value)


def search(session: Session, query: SearchQuery, with_facets: bool = True) -> SearchResult:
    facets: dict[str, list[FacetValue]] = {}
    if with_facets:
        ids, total, counts = repository.search_with_facets(session, query)
        facets = {name: [FacetValue(value=v, count=n) for v, n in rows] for name, rows in counts.items()}
    else:
        ids, total = repository.ranked_ids(session, query)
    items = [_read(i) for i in repository.by_ids(session, ids)]
    return SearchResult(items=items, total=total, offset=query.offset, limit=query.limit, facets=facets)


def export_items(session: Session, query: SearchQuery) -> list[ItemRead]:
    """Every item matching the query (ranked when there is text), without paging."""
    unpaged = query.model_copy(update={"offset": 0, "limit": 100_000})
    ids, _total = repository.ranked_ids(session, unpaged, limit=100_000)
    return [_read(i) for i in repository.by_ids(session, ids)]


def get_item(session: Session, item_id: str) -> ItemRead:
    item = repository.get(session, item_id)
    if item is None:
        raise NotFound(f"No landscape item {item_id!r}.")
    return _read(item)


def items_by_ids(session: Session, ids: list[str]) -> list[ItemRead]:
    return [_read(i) for i in repository.by_ids(session, ids)]


def all_items(session: Session, include_withdrawn: bool = False) -> list[ItemRead]:
    return [_read(i) for i in repository.all_items(session, include_withdrawn)]


def governing(session: Session, country: str, themes: set[str], province: str = "") -> list[GoverningItem]:
    """The live laws and standards that govern work on `themes` in `country`: laws first, nearest scope first."""
    found = []
    for item in repository.all_items(session, False):
        read = _read(item)
        why = applicability.applies(read, country, themes, province)
        if why is not None:
            found.append(GoverningItem(item=read, scope=why.scope, themes=list(why.themes)))
    nearest = ("country", "china", "eu", "eea", "international")
    found.sort(key=lambda g: (g.item.kind != "law", nearest.index(g.scope), -(g.item.year or 0), g.item.id))
    return found


def item_relations(session: Session, item_id: str) -> list[RelationRead]:
    return [RelationRead.model_validate(r) for r in repository.relations(session, [item_id])]


def history(session: Session, item_id: str) -> list[AuditEntryRead]:
    return audit.history(session, ENTITY, item_id)


def exists(session: Session, item_id: str) -> bool:
    return repository.get(session, item_id) is not None


def create_item(session: Session, actor: Actor, data: ItemCreate) -> ItemRead:
    item = _create(session, actor, data)
    session.commit()
    return _read(item)


def update_item(session: Session, actor: Actor, item_id: str, changes: ItemUpdate) -> ItemRead:
    item = _update(session, actor, item_id, changes)
    session.commit()
    return _read(item)


def import_file(session: Session, actor: Actor, filename: str, content: bytes) -> exchange.ImportReport:
    """All rows or none: every row is checked first; any error stops the import with a row report."""
    actor.require(Permission.CURATE_LANDSCAPE)
    parsed = exchange.parse_import(filename, content)
    report = exchange.ImportReport()
    try:
        for data in parsed:
            if exists(session, data.id):
                _update(session, actor, data.id, ItemUpdate.model_validate(data.model_dump(exclude={"id"})))
                report.updated += 1
            else:
                _create(session, actor, data)
                report.created += 1
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def _create(session: Session, actor: Actor, data: ItemCreate) -> LandscapeItem:
    actor.require(Permission.CURATE_LANDSCAPE)
    if repository.get(session, data.id) is not None:
        raise Conflict("Item exists", [FieldError("id", f"{data.id!r} already exists")])
    item = LandscapeItem(id=data.id, origin="curator", curated_fields=list(FIELDS))
    _apply(item, _jsonable(data))
    session.add(item)
    session.flush()
    repository.reindex(session, item)
    audit.record(session, actor, "landscape.create", ENTITY, item.id, None, _jsonable(data))
    return item


def _update(session: Session, actor: Actor, item_id: str, changes: ItemUpdate) -> LandscapeItem:
    actor.require(Permission.CURATE_LANDSCAPE)
    item = repository.get(session, item_id)
    if item is None:
        raise NotFound(f"No landscape item {item_id!r}.")
    before = ItemFields.model_validate(_values(item))
    merged = before.model_dump() | changes.model_dump(exclude_unset=True)
    try:
        after = ItemFields.model_validate(merged)
    except ValidationError as exc:
        raise ValidationFailed("Invalid item", _field_errors(exc)) from None
    old, new = _jsonable(before), _jsonable(after)
    changed = [name for name in FIELDS if old[name] != new[name]]
    if not changed:
        return item
    _apply(item, {name: new[name] for name in changed})
    item.curated_fields = sorted(set(item.curated_fields) | set(changed))
    repository.reindex(session, item)
    audit.record(
        session,
        actor,
        "landscape.update",
        ENTITY,
        item.id,
        {n: old[n] for n in changed},
        {n: new[n] for n in changed},
    )
    return item


def _field_errors(exc: ValidationError, row: int | None = None) -> list[FieldError]:
    errors = []
    for err in exc.errors():
        field_name = ".".join(str(p) for p in err["loc"]) or "item"
        errors.append(FieldError(field_name, str(err["msg"]).removeprefix("Value error, "), row))
    return errors


def compare(session: Session, theme: str) -> Comparison:
    items = [_read(i) for i in repository.all_items(session, include_withdrawn=False) if theme in i.themes]
    links = [RelationRead.model_validate(r) for r in repository.relations(session, [i.id for i in items])]
    return compare_theme(theme, items, links)


def opportunities(session: Session, theme: str | None = None, limit: int = 50) -> list[Opportunity]:
    items = all_items(session)
    return rank_opportunities(items, theme=theme, limit=limit)


@dataclass
class LoadReport:
    added: int = 0
    updated: int = 0
    kept_curated: int = 0
    withdrawn: int = 0
    relations: int = 0
    errors: list[FieldError] = field(default_factory=list)


def load_bundle(
    session: Session,
    actor: Actor,
    items: list[dict[str, Any]],
    relations: list[dict[str, Any]],
    mark: tuple[str, str] | None = None,
) -> LoadReport:
    """Merge the bundled dataset: curators' edits win field by field; items that left are withdrawn.

    `mark` is the bundle's (name, checksum), recorded as loaded in the same transaction.
    """
    actor.require(Permission.CURATE_LANDSCAPE)
    report = LoadReport()
    parsed: list[ItemCreate] = []
    for row_number, row in enumerate(items, start=1):
        try:
            parsed.append(ItemCreate.model_validate(row))
        except ValidationError as exc:
            report.errors.extend(_field_errors(exc, row_number))
    if report.errors:
        raise ValidationFailed("The bundled landscape data is invalid", report.errors)
    seen = set()
    for data in parsed:
        seen.add(data.id)
        fresh = _jsonable(data)
        item = repository.get(session, data.id)
        if item is None:
            item = LandscapeItem(id=data.id, origin="bundle", curated_fields=[])
            _apply(item, fresh)
            item.bundle_values = fresh
            session.add(item)
            session.flush()
            repository.reindex(session, item)
            audit.record(session, actor, "landscape.bundle_add", ENTITY, item.id, None, fresh)
            report.added += 1
            continue
        current = _jsonable(ItemFields.model_validate(_values(item)))
        take = {n: fresh[n] for n in FIELDS if n not in item.curated_fields and current[n] != fresh[n]}
        report.kept_curated += sum(1 for n in item.curated_fields if current.get(n) != fresh.get(n))
        if take or item.withdrawn:
            _apply(item, take)
            item.withdrawn = False
            repository.reindex(session, item)
            audit.record(
                session,
                actor,
                "landscape.bundle_update",
                ENTITY,
                item.id,
                {n: current[n] for n in take},
                take,
            )
            report.updated += 1
        item.bundle_values = fresh
    for item in repository.all_items(session):
        if item.origin == "bundle" and item.id not in seen and not item.withdrawn:
            item.withdrawn = True
            repository.touch(session)
            audit.record(
                session,
                actor,
                "landscape.withdraw",
                ENTITY,
                item.id,
                {"withdrawn": False},
                {"withdrawn": True},
            )
            report.withdrawn += 1
    report.relations = _load_relations(session, relations, seen)
    if mark is not None:
        bundles.mark_loaded(session, *mark)
    session.commit()
    return report


def bundle_is_loaded(session: Session, name: str, checksum: str) -> bool:
    return bundles.loaded_checksum(session, name) == checksum


def _load_relations(session: Session, rows: list[dict[str, Any]], known: set[str]) -> int:
    """Bundled relations are replaced wholesale; curators' relations are kept."""
    for relation in repository.relations(session):
        if relation.origin == "bundle":
            session.delete(relation)
    session.flush()
    count = 0
    for row in rows:
        if row["source"] in known and row["target"] in known:
            session.add(
                LandscapeRelation(
                    source_id=row["source"],
                    target_id=row["target"],
                    type=row["type"],
                    basis=row.get("basis", ""),
                    sources=row.get("sources", []),
                    verified=bool(row.get("verified")),
                    origin="bundle",
                )
            )
            count += 1
    return count


def counts(session: Session) -> dict[str, int]:
    """Items in the landscape (not withdrawn), in all and per region: what the home page's card says."""
    by_region = repository.counts_by_region(session)
    return {"items": sum(by_region.values()), **{f"region:{k}": v for k, v in by_region.items()}}
