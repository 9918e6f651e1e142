"""How the stakeholders domain plugs into the platform (navigation, routers, CLI, bundled data)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ic2permed.core.domain_spec import DomainSpec, Figure, HomeCard, NavEntry
from ic2permed.core.i18n import N_
from ic2permed.stakeholders import api, bundle, cli, pages, service


def figures(session: Session) -> tuple[Figure, ...]:
    counts = service.counts(session)
    return (
        Figure(counts["organisations"], N_("%(n)s organisations")),
        Figure(counts["relations"], N_("%(n)s relations between them")),
    )


SPEC = DomainSpec(
    name="stakeholders",
    nav=(NavEntry(N_("Stakeholders"), "/stakeholders"),),
    api=api.router,
    pages=pages.router,
    cli=cli.app,
    load_bundled=bundle.load_bundled,
    templates=("ic2permed.stakeholders",),
    home=(
        HomeCard(
            N_("Stakeholders"),
            "/stakeholders",
            N_(
                "A registry of official bodies, funders, infrastructures and networks, and the network "
                "analysis of who bridges Europe and China."
            ),
            figures,
        ),
    ),
)
