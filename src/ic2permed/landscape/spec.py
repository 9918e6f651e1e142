"""How the landscape domain plugs into the platform (navigation, routers, CLI, bundled data)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ic2permed.core.domain_spec import DomainSpec, Figure, HomeCard, NavEntry
from ic2permed.core.i18n import N_
from ic2permed.landscape import api, bundle, cli, pages, service


def figures(session: Session) -> tuple[Figure, ...]:
    counts = service.counts(session)
    return (
        Figure(counts["items"], N_("%(n)s laws, policies, programmes and standards")),
        Figure(counts.get("region:EU", 0), N_("%(n)s of the EU")),
        Figure(counts.get("region:China", 0), N_("%(n)s of China")),
    )


SPEC = DomainSpec(
    name="landscape",
    nav=(NavEntry(N_("Landscape"), "/landscape"),),
    api=api.router,
    pages=pages.router,
    cli=cli.app,
    load_bundled=bundle.load_bundled,
    templates=("ic2permed.landscape",),
    home=(
        HomeCard(
            N_("Landscape"),
            "/landscape",
            N_("Laws, policies, programmes, standards and initiatives of the EU and China, compared theme by theme."),
            figures,
        ),
    ),
)
