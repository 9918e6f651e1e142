"""How the federation domain plugs into the platform: the hub's pages, API and CLI, and the node CLI
(`ic2permed node …`; each node runs as its own Beacon v2 server)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ic2permed.core.domain_spec import DomainSpec, Figure, HomeCard, NavEntry
from ic2permed.core.i18n import N_
from ic2permed.federation import cli, demo
from ic2permed.federation.hub import api as hub_api
from ic2permed.federation.hub import beacon_network
from ic2permed.federation.hub import cli as hub_cli
from ic2permed.federation.hub import pages as hub_pages
from ic2permed.federation.hub import service as hub_service


def figures(session: Session) -> tuple[Figure, ...]:
    nodes = hub_service.list_nodes(session)
    return (Figure(sum(1 for n in nodes if n.enabled), N_("%(n)s biobank nodes answering counts")),)


SPEC = DomainSpec(
    name="federation",
    nav=(NavEntry(N_("Federated search"), "/federated-search"),),
    api=hub_api.router,
    pages=hub_pages.router,
    routers=(beacon_network.router,),
    cli=cli.app,
    cli_name="node",
    more_cli=(("nodes", hub_cli.nodes_app), ("query", hub_cli.query_app)),
    templates=("ic2permed.federation",),
    shutdown=hub_service.close_pool,
    start_demo=demo.start,
    home=(
        HomeCard(
            N_("Federated search"),
            "/federated-search",
            N_("GA4GH Beacon v2 counts from every biobank node; record-level data never leaves its biobank."),
            figures,
        ),
    ),
)
