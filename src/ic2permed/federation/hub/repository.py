from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ic2permed.federation.hub.models import FederatedQueryLog, FederationNode, NodeProcess, SavedQuery


def nodes(session: Session, enabled_only: bool = False) -> list[FederationNode]:
    query = select(FederationNode).order_by(FederationNode.region, FederationNode.id)
    if enabled_only:
        query = query.where(FederationNode.enabled.is_(True))
    return list(session.scalars(query))


def enabled_targets(session: Session) -> list[tuple[str, str, str, str, str | None, str | None]]:
    """What a fan-out needs of each enabled node, as plain rows: asked on every federated query, so it
    skips building ORM objects (a third of the cost on the hub's hot path)."""
    n = FederationNode
    query = (
        select(n.id, n.name, n.base_url, n.region, n.biobank_id, n.signing_secret)
        .where(n.enabled.is_(True))
        .order_by(n.region, n.id)
    )
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def node(session: Session, node_id: str) -> FederationNode | None:
    return session.get(FederationNode, node_id)


def processes(session: Session) -> dict[str, NodeProcess]:
    return {p.node_id: p for p in session.scalars(select(NodeProcess))}


def process(session: Session, node_id: str) -> NodeProcess | None:
    return session.get(NodeProcess, node_id)


def saved(session: Session, query_id: str) -> SavedQuery | None:
    return session.get(SavedQuery, query_id)


def saved_by(session: Session, owner_id: int) -> list[SavedQuery]:
    return list(session.scalars(select(SavedQuery).where(SavedQuery.owner_id == owner_id).order_by(SavedQuery.name)))


def recent_log(session: Session, limit: int = 50) -> list[FederatedQueryLog]:
    return list(session.scalars(select(FederatedQueryLog).order_by(FederatedQueryLog.id.desc()).limit(limit)))
