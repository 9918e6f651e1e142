"""Stakeholder use cases: the registry, its relations and engagement log, the network analysis, the matching
of landscape issuers and biobank juristic persons to organisations, exports and the all-or-nothing import."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ic2permed.biobanks import service as biobanks
from ic2permed.biobanks.schemas import BiobankRead, BiobankUpdate
from ic2permed.core import bundles, text
from ic2permed.core.audit import service as audit
from ic2permed.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from ic2permed.core.permissions import Actor, Permission
from ic2permed.landscape import service as landscape
from ic2permed.landscape.schemas import ItemRead, ItemUpdate
from ic2permed.stakeholders import graph, matching, picture, repository
from ic2permed.stakeholders.models import Engagement, Organisation, Relation
from ic2permed.stakeholders.schemas import (
    Analysis,
    BridgeSuggestion,
    Broker,
    CutPointRead,
    EngagementCreate,
    EngagementRead,
    MatchCandidate,
    MatchDecision,
    Network,
    NodeMeasures,
    OrganisationCreate,
    OrganisationFields,
    OrganisationQuery,
    OrganisationRead,
    PathStep,
    RelationFields,
    RelationRead,
)

ENTITY = "stakeholder_organisation"
ORG_FIELDS = tuple(OrganisationFields.model_fields)


def _read(org: Organisation) -> OrganisationRead:
    return OrganisationRead.model_validate(org)


def _relation(rel: Relation) -> RelationRead:
    return RelationRead(
        id=rel.id,
        source=rel.source_id,
        target=rel.target_id,
        type=rel.type,
        start_year=rel.start_year,
        end_year=rel.end_year,
        basis=rel.basis,
        sources=rel.sources,
        verified=rel.verified,
    )


def _field_errors(exc: ValidationError, row: int | None = None) -> list[FieldError]:
    return [
        FieldError(".".join(str(p) for p in e["loc"]) or "__root__", e["msg"].removeprefix("Value error, "), row)
        for e in exc.errors()
    ]


# --- reading -----------------------------------------------------------------------------------------------------


def get_organisation(session: Session, organisation_id: str) -> OrganisationRead:
    org = repository.get(session, organisation_id)
    if org is None:
        raise NotFound(f"No organisation {organisation_id!r}.")
    return _read(org)


def all_organisations(session: Session) -> list[OrganisationRead]:
    return [_read(o) for o in repository.all_organisations(session)]


def all_relations(session: Session) -> list[RelationRead]:
    return [_relation(r) for r in repository.all_relations(session)]


def network(session: Session) -> Network:
    return Network(organisations=all_organisations(session), relations=all_relations(session))


def relations_of(session: Session, organisation_id: str) -> list[RelationRead]:
    get_organisation(session, organisation_id)
    return [_relation(r) for r in repository.relations_of(session, organisation_id)]


def children_of(session: Session, organisation_id: str) -> list[OrganisationRead]:
    return [_read(o) for o in repository.children_of(session, organisation_id)]


def search(session: Session, query: OrganisationQuery) -> list[OrganisationRead]:
    """Organisations matching the words (English stems or jieba-segmented Chinese), names or acronym; best first."""
    wanted = text.fold(query.q).strip()
    words = set(text.words(query.q))
    scored: list[tuple[int, str, OrganisationRead]] = []
    for org in all_organisations(session):
        if query.region and org.region not in query.region:
            continue
        if query.type and org.type not in query.type:
            continue
        if not wanted:
            scored.append((0, org.name_en, org))
            continue
        score = matching.score(wanted, words, org.name_en, org.name_zh, org.acronym, org.pm_role_en, org.pm_role_zh)
        if score:
            scored.append((-score, org.name_en, org))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [org for _s, _n, org in scored[: query.limit]]


def landscape_items_of(session: Session, organisation_id: str) -> list[ItemRead]:
    return [i for i in landscape.all_items(session) if i.organisation_id == organisation_id]


def biobanks_of(session: Session, organisation_id: str) -> list[BiobankRead]:
    return [b for b in biobanks.list_biobanks(session) if b.organisation_id == organisation_id]


def engagements(session: Session, organisation_id: str | None = None) -> list[EngagementRead]:
    rows = [EngagementRead.model_validate(e) for e in repository.engagements(session)]
    return [e for e in rows if organisation_id is None or organisation_id in e.organisation_ids]


def names(session: Session) -> dict[str, OrganisationRead]:
    return {o.id: o for o in all_organisations(session)}


# --- curating ----------------------------------------------------------------------------------------------------


def _check_refs(session: Session, ids: Sequence[tuple[str, str]], row: int | None = None) -> None:
    missing = [
        FieldError(name, f"no organisation {value!r}", row)
        for name, value in ids
        if repository.get(session, value) is None
    ]
    if missing:
        raise ValidationFailed("Unknown organisation", missing)


def create_organisation(session: Session, actor: Actor, data: OrganisationCreate) -> OrganisationRead:
    actor.require(Permission.CURATE_STAKEHOLDERS)
    org = _add_organisation(session, actor, data)
    session.commit()
    return _read(org)


def _add_organisation(session: Session, actor: Actor, data: OrganisationCreate, row: int | None = None) -> Organisation:
    if repository.get(session, data.id) is not None:
        raise Conflict("Organisation exists", [FieldError("id", f"{data.id!r} already exists", row)])
    if data.parent_id:
        _check_refs(session, [("parent_id", data.parent_id)], row)
    values = data.model_dump(mode="json", include=set(ORG_FIELDS))
    org = Organisation(id=data.id, origin="curator", **values)
    session.add(org)
    session.flush()
    audit.record(session, actor, "stakeholders.create", ENTITY, org.id, None, values)
    return org


def add_relation(session: Session, actor: Actor, data: RelationFields) -> RelationRead:
    actor.require(Permission.CURATE_STAKEHOLDERS)
    rel = _add_relation(session, actor, data)
    session.commit()
    return _relation(rel)


def _add_relation(session: Session, actor: Actor, data: RelationFields, row: int | None = None) -> Relation:
    _check_refs(session, [("source", data.source), ("target", data.target)], row)
    if repository.find_relation(session, data.source, data.target, data.type.value) is not None:
        raise Conflict("Relation exists", [FieldError("type", "this relation is already recorded", row)])
    values = data.model_dump(mode="json")
    rel = Relation(
        source_id=data.source,
        target_id=data.target,
        type=data.type.value,
        start_year=data.start_year,
        end_year=data.end_year,
        basis=data.basis,
        sources=values["sources"],
        verified=data.verified,
        origin="curator",
    )
    session.add(rel)
    session.flush()
    audit.record(session, actor, "stakeholders.relation_add", "stakeholder_relation", rel.id, None, values)
    return rel


def log_engagement(session: Session, actor: Actor, data: EngagementCreate) -> EngagementRead:
    actor.require(Permission.CURATE_STAKEHOLDERS)
    _check_refs(session, [(f"organisation_ids.{i}", o) for i, o in enumerate(data.organisation_ids)])
    values = data.model_dump(mode="json")
    row = Engagement(
        kind=data.kind.value,
        date=data.date,
        title=data.title,
        organisation_ids=data.organisation_ids,
        outcome=data.outcome,
        follow_up=data.follow_up,
        sources=values["sources"],
        created_by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "stakeholders.engagement", "stakeholder_engagement", row.id, None, values)
    session.commit()
    return EngagementRead.model_validate(row)


# --- analysis ----------------------------------------------------------------------------------------------------


def _graph_parts(session: Session, year: int | None) -> tuple[list[graph.Node], list[graph.Edge], list[int]]:
    nodes = [
        graph.Node(o.id, o.name_en, o.name_zh, o.region, tuple(o.themes), o.type)
        for o in repository.all_organisations(session)
    ]
    rels = repository.all_relations(session)
    edges, undated = [], []
    for rel in rels:
        edge = graph.Edge(rel.source_id, rel.target_id, rel.type, rel.start_year, rel.end_year)
        if year is None or edge.active_in(year):
            edges.append(edge)
            if not edge.dated:
                undated.append(rel.id)
    return nodes, edges, undated


def undirected_graph(session: Session, year: int | None = None) -> Any:
    nodes, edges, _undated = _graph_parts(session, year)
    return graph.undirected(nodes, edges)


def brokers(session: Session, top: int = 10, year: int | None = None) -> list[Broker]:
    """The CLI contract: subset betweenness Europe side → China, undirected, normalised; best first."""
    g = undirected_graph(session, year)
    scores = graph.brokerage(g)
    shares = graph.cross_share(g)
    ranked = sorted(scores, key=lambda n: (-scores[n], n))[:top]
    return [
        Broker(
            id=n,
            name_en=g.nodes[n]["node"].name_en,
            name_zh=g.nodes[n]["node"].name_zh,
            region=g.nodes[n]["region"],
            score=scores[n],
            cross_share=shares[n],
        )
        for n in ranked
    ]


def analyse(session: Session, year: int | None = None, top: int = 10, suggestions: int = 15) -> Analysis:
    nodes, edges, undated = _graph_parts(session, year)
    g = graph.undirected(nodes, edges)
    m = graph.measures(g)
    bridges, points = graph.critical(g)
    rows = [
        NodeMeasures(
            id=n.id,
            name_en=n.name_en,
            name_zh=n.name_zh,
            region=n.region,
            type=n.type,
            degree=m.degree[n.id],
            betweenness=m.betweenness[n.id],
            pagerank=m.pagerank.get(n.id, 0.0),
            constraint=m.constraint[n.id],
            effective_size=m.effective_size[n.id],
            brokerage=m.brokerage[n.id],
            cross_share=m.cross_share[n.id],
            community=m.community[n.id],
        )
        for n in nodes
    ]
    ranked = sorted(rows, key=lambda r: (-r.brokerage, r.id))[:top]
    return Analysis(
        year=year,
        organisations=len(nodes),
        relations=len(edges),
        undated_relations=undated,
        nodes=rows,
        communities=[sorted(c) for c in graph.communities(g)],
        brokers=[
            Broker(
                id=r.id,
                name_en=r.name_en,
                name_zh=r.name_zh,
                region=r.region,
                score=r.brokerage,
                cross_share=r.cross_share,
            )
            for r in ranked
            if r.brokerage > 0
        ],
        bridges=[CutPointRead(ids=list(c.nodes), pairs_lost=c.pairs_lost) for c in bridges],
        articulation_points=[CutPointRead(ids=list(c.nodes), pairs_lost=c.pairs_lost) for c in points],
        suggestions=[
            BridgeSuggestion(
                europe=s.europe,
                china=s.china,
                score=s.score,
                shared_themes=list(s.shared_themes),
                shared_neighbours=list(s.shared_neighbours),
            )
            for s in graph.suggest_bridges(g, suggestions)
        ],
    )


def path_to_hub(session: Session, start: str, hub: str, year: int | None = None) -> list[PathStep] | None:
    get_organisation(session, start)
    get_organisation(session, hub)
    steps = graph.path_to(undirected_graph(session, year), start, hub)
    return None if steps is None else [PathStep(source=s.source, target=s.target, types=list(s.types)) for s in steps]


def growth(session: Session, years: Sequence[int]) -> graph.Growth:
    nodes, edges, _undated = _graph_parts(session, None)
    return graph.growth(nodes, edges, years)


def dated_years(session: Session) -> list[int]:
    years = {y for r in repository.all_relations(session) for y in (r.start_year, r.end_year) if y is not None}
    return list(range(min(years), max(years) + 1)) if years else []


def ego_ids(session: Session, centre: str, year: int | None = None) -> list[str]:
    get_organisation(session, centre)
    return sorted(graph.ego(undirected_graph(session, year), centre).nodes)


# --- matching landscape issuers and biobank juristic persons ------------------------------------------------------


def match_candidates(session: Session) -> list[MatchCandidate]:
    """Records without an organisation whose issuer text names one exactly or by acronym; a curator confirms."""
    orgs = all_organisations(session)
    found: list[MatchCandidate] = []
    for item in landscape.all_items(session):
        if item.organisation_id:
            continue
        for org_id, rule in matching.candidates(item.issuing_body, orgs):
            found.append(
                MatchCandidate(
                    kind="landscape",
                    record_id=item.id,
                    record_title=item.title_en,
                    record_title_zh=item.title_zh or "",
                    text=item.issuing_body,
                    organisation_id=org_id,
                    rule=rule,
                )
            )
    for bank in biobanks.list_biobanks(session):
        if bank.organisation_id or not bank.juristic_person:
            continue
        for org_id, rule in matching.candidates(bank.juristic_person, orgs):
            found.append(
                MatchCandidate(
                    kind="biobank",
                    record_id=bank.id,
                    record_title=bank.name_en,
                    record_title_zh=bank.name_zh or "",
                    text=bank.juristic_person,
                    organisation_id=org_id,
                    rule=rule,
                )
            )
    return found


def confirm_match(session: Session, actor: Actor, decision: MatchDecision) -> None:
    """Link (or unlink, with no organisation) a landscape item or biobank; the owning domain records and commits."""
    actor.require(Permission.CURATE_STAKEHOLDERS)
    if decision.organisation_id is not None:
        get_organisation(session, decision.organisation_id)
    if decision.kind == "landscape":
        landscape.update_item(session, actor, decision.record_id, ItemUpdate(organisation_id=decision.organisation_id))
    else:
        biobanks.update_biobank(
            session, actor, decision.record_id, BiobankUpdate(organisation_id=decision.organisation_id)
        )


# --- bundle and import -------------------------------------------------------------------------------------------


def load_bundle(
    session: Session,
    actor: Actor,
    organisations: list[dict[str, Any]],
    relations: list[dict[str, Any]],
    engagements: list[dict[str, Any]] | None = None,
) -> tuple[int, int]:
    """Insert or refresh the bundled organisations and relations (curator-made rows are left alone). The caller
    commits together with the bundle checksum."""
    for raw in organisations:
        data = OrganisationCreate.model_validate(raw)
        values = data.model_dump(mode="json", include=set(ORG_FIELDS))
        org = repository.get(session, data.id)
        if org is None:
            session.add(Organisation(id=data.id, origin="bundle", **values))
            audit.record(session, actor, "stakeholders.bundle_add", ENTITY, data.id, None, values)
        elif org.origin == "bundle":
            for name, value in values.items():
                setattr(org, name, value)
    session.flush()
    known = {(r.source_id, r.target_id, r.type): r for r in repository.all_relations(session)}
    for raw in relations:
        rel = RelationFields.model_validate(raw)
        values = rel.model_dump(mode="json")
        row = known.get((rel.source, rel.target, rel.type.value))
        if row is None:
            row = Relation(source_id=rel.source, target_id=rel.target, type=rel.type.value, origin="bundle")
            session.add(row)
        if row.origin == "bundle":
            row.start_year, row.end_year, row.basis = rel.start_year, rel.end_year, rel.basis
            row.sources, row.verified = values["sources"], rel.verified
    session.flush()
    logged = {(e.date, e.title) for e in repository.engagements(session)}
    for raw in engagements or []:
        entry = EngagementCreate.model_validate(raw)
        if (entry.date, entry.title) not in logged:
            session.add(Engagement(**entry.model_dump(mode="json") | {"date": entry.date, "created_by": "bundle"}))
    session.flush()
    return len(organisations), len(relations)


def install_bundle(
    session: Session,
    actor: Actor,
    contents: tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]],
    name: str,
    checksum: str,
) -> tuple[tuple[int, int], int]:
    """Load the bundle with its checksum in one commit, then apply the shipped, curator-reviewed links (each owning
    domain commits its own record's change)."""
    organisations, relations, links, engagements = contents
    counts = load_bundle(session, actor, organisations, relations, engagements)
    bundles.mark_loaded(session, name, checksum)
    session.commit()
    return counts, apply_reviewed_links(session, actor, links)


def import_rows(
    session: Session,
    actor: Actor,
    organisations: list[tuple[int, dict[str, Any]]],
    relations: list[tuple[int, dict[str, Any]]],
) -> tuple[int, int]:
    """All-or-nothing import: every row is checked, every error reported with its row; nothing is written
    unless all rows pass."""
    actor.require(Permission.CURATE_STAKEHOLDERS)
    errors: list[FieldError] = []
    added = 0
    try:
        for row, raw in organisations:
            try:
                _add_organisation(session, actor, OrganisationCreate.model_validate(raw), row)
                added += 1
            except ValidationError as exc:
                errors.extend(_field_errors(exc, row))
            except (Conflict, ValidationFailed) as exc:
                errors.extend(exc.errors)
        session.flush()
        linked = 0
        for row, raw in relations:
            try:
                _add_relation(session, actor, RelationFields.model_validate(raw), row)
                linked += 1
            except ValidationError as exc:
                errors.extend(_field_errors(exc, row))
            except (Conflict, ValidationFailed) as exc:
                errors.extend(exc.errors)
        if errors:
            raise ValidationFailed(f"Import refused: {len(errors)} problem(s), nothing was saved", errors)
    except Exception:
        session.rollback()
        raise
    session.commit()
    return added, linked


# --- the picture ---------------------------------------------------------------------------------------------------


def organisation_href(organisation_id: str) -> str:
    return f"/stakeholders/organisations/{organisation_id}"


def network_picture(
    session: Session, labels: picture.Labels, locale: str, centre: str | None = None, year: int | None = None
) -> str:
    """The whole network (or one organisation's ego network) as SVG, sized by brokerage in the whole network."""
    g = undirected_graph(session, year)
    scores = graph.brokerage(g)
    if centre is not None:
        get_organisation(session, centre)
        g = graph.ego(g, centre)
    # Short English labels: the acronym where the organisation has a compact one.
    acronyms = {o.id: o.acronym for o in repository.all_organisations(session) if 0 < len(o.acronym) <= 16}

    def name(node: str) -> str:
        org: graph.Node = g.nodes[node]["node"]
        if locale == "zh_Hans" and org.name_zh:
            return org.name_zh if len(org.name_zh) <= 12 else acronyms.get(node) or org.name_zh
        return acronyms.get(node) or org.name_en

    return picture.render(g, scores, labels, name, organisation_href, centre)


def apply_reviewed_links(session: Session, actor: Actor, links: list[dict[str, Any]]) -> int:
    """Set the organisation of landscape items and biobanks from the shipped curator review, only where a record
    has none yet (a curator's later choice wins). Each owning domain records the change in its own audit trail."""
    items = {i.id: i for i in landscape.all_items(session)}
    banks = {b.id: b for b in biobanks.list_biobanks(session)}
    known = set(names(session))
    applied = 0
    for link in links:
        org_id = link["organisation_id"]
        if org_id not in known:
            continue
        if link["kind"] == "landscape" and link["record_id"] in items and not items[link["record_id"]].organisation_id:
            landscape.update_item(session, actor, link["record_id"], ItemUpdate(organisation_id=org_id))
            applied += 1
        elif link["kind"] == "biobank" and link["record_id"] in banks and not banks[link["record_id"]].organisation_id:
            biobanks.update_biobank(session, actor, link["record_id"], BiobankUpdate(organisation_id=org_id))
            applied += 1
    return applied


def unlinked_records(session: Session) -> list[MatchCandidate]:
    """Landscape items and biobanks with no organisation yet, for a curator to link by hand from the registry."""
    rows = [
        MatchCandidate(
            kind="landscape",
            record_id=i.id,
            record_title=i.title_en,
            record_title_zh=i.title_zh or "",
            text=i.issuing_body,
            organisation_id="",
            rule="manual",
        )
        for i in landscape.all_items(session)
        if not i.organisation_id
    ]
    rows += [
        MatchCandidate(
            kind="biobank",
            record_id=b.id,
            record_title=b.name_en,
            record_title_zh=b.name_zh or "",
            text=b.juristic_person,
            organisation_id="",
            rule="manual",
        )
        for b in biobanks.list_biobanks(session)
        if not b.organisation_id
    ]
    return rows


def counts(session: Session) -> dict[str, int]:
    """Organisations and relations in the registry: what the home page's card says."""
    return repository.counts(session)
