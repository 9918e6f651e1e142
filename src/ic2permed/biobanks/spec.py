"""How the biobanks domain plugs into the platform (navigation, routers, CLI, bundled data)."""

from __future__ import annotations

from ic2permed.biobanks import pages
from ic2permed.core.i18n import N_
from ic2permed.domains import DomainSpec, NavEntry

SPEC = DomainSpec(
    name="biobanks",
    nav=(NavEntry(N_("Biobanks"), "/biobanks"),),
    pages=pages.router,
    templates=("ic2permed.biobanks",),
)
