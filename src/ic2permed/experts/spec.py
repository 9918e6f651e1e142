"""How the experts domain plugs into the platform (navigation, routers, CLI, demo data)."""

from __future__ import annotations

from ic2permed.core.domain_spec import DomainSpec
from ic2permed.experts import cli

SPEC = DomainSpec(
    name="experts",
    more_cli=(("delphi", cli.delphi_app), ("wg", cli.wg_app)),
)
