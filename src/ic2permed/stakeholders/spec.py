"""How the stakeholders domain plugs into the platform (navigation, routers, CLI, bundled data)."""

from __future__ import annotations

from ic2permed.core.domain_spec import DomainSpec, NavEntry
from ic2permed.core.i18n import N_
from ic2permed.stakeholders import api, bundle, cli, pages

SPEC = DomainSpec(
    name="stakeholders",
    nav=(NavEntry(N_("Stakeholders"), "/stakeholders"),),
    api=api.router,
    pages=pages.router,
    cli=cli.app,
    load_bundled=bundle.load_bundled,
    templates=("ic2permed.stakeholders",),
)
