"""How the federation domain plugs into the platform (navigation, routers, CLI, bundled data)."""

from __future__ import annotations

from ic2permed.core.i18n import N_
from ic2permed.domains import DomainSpec, NavEntry
from ic2permed.federation import pages

SPEC = DomainSpec(
    name="federation",
    nav=(NavEntry(N_("Federated search"), "/federated-search"),),
    pages=pages.router,
    templates=("ic2permed.federation",),
)
