"""How the access domain plugs into the platform (navigation, routers, CLI)."""

from __future__ import annotations

from ic2permed.access import api, cli
from ic2permed.core.domain_spec import DomainSpec

SPEC = DomainSpec(
    name="access",
    api=api.router,
    cli=cli.requests_app,
    cli_name="requests",
    more_cli=(("compliance", cli.compliance_app),),
)
