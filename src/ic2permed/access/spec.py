"""How the access domain plugs into the platform (navigation, routers, CLI)."""

from __future__ import annotations

from ic2permed.access import cli
from ic2permed.domains import DomainSpec

SPEC = DomainSpec(
    name="access",
    more_cli=(("compliance", cli.compliance_app),),
)
