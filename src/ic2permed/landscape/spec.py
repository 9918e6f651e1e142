"""How the landscape domain plugs into the platform (navigation, routers, CLI, bundled data)."""

from __future__ import annotations

from ic2permed.core.domain_spec import DomainSpec, NavEntry
from ic2permed.core.i18n import N_
from ic2permed.landscape import api, bundle, cli, pages

SPEC = DomainSpec(
    name="landscape",
    nav=(NavEntry(N_("Landscape"), "/landscape"),),
    api=api.router,
    pages=pages.router,
    cli=cli.app,
    load_bundled=bundle.load_bundled,
    templates=("ic2permed.landscape",),
)
