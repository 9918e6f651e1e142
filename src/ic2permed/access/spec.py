"""How the access domain plugs into the platform (navigation, routers, CLI)."""

from __future__ import annotations

from ic2permed.access import api, cli, pages
from ic2permed.core.domain_spec import DomainSpec, NavEntry
from ic2permed.core.i18n import N_

SPEC = DomainSpec(
    name="access",
    nav=(NavEntry(N_("Access requests"), "/requests"),),
    api=api.router,
    pages=pages.router,
    templates=("ic2permed.access",),
    cli=cli.requests_app,
    cli_name="requests",
    more_cli=(("compliance", cli.compliance_app),),
)
