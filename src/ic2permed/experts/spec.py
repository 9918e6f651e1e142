"""How the experts domain plugs into the platform (navigation, routers, CLI, bundled and demo data)."""

from __future__ import annotations

from ic2permed.core.domain_spec import DomainSpec, NavEntry
from ic2permed.core.i18n import N_
from ic2permed.experts import api, bundle, cli, pages

SPEC = DomainSpec(
    name="experts",
    nav=(NavEntry(N_("Experts"), "/experts"), NavEntry(N_("Working groups"), "/working-groups")),
    api=api.router,
    pages=pages.router,
    cli=cli.app,
    more_cli=(("delphi", cli.delphi_app), ("wg", cli.wg_app)),
    load_bundled=bundle.load_bundled,
    start_demo=bundle.start_demo,
    templates=("ic2permed.experts",),
)
