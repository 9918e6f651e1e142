"""How the access domain plugs into the platform (navigation, routers, CLI)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ic2permed.access import api, cli, pages, service
from ic2permed.core.domain_spec import DomainSpec, Figure, HomeCard, NavEntry
from ic2permed.core.i18n import N_


def figures(session: Session) -> tuple[Figure, ...]:
    return (Figure(service.counts(session)["requests"], N_("%(n)s access requests submitted")),)


SPEC = DomainSpec(
    name="access",
    nav=(NavEntry(N_("Access requests"), "/requests"),),
    api=api.router,
    pages=pages.router,
    templates=("ic2permed.access",),
    cli=cli.requests_app,
    cli_name="requests",
    more_cli=(("compliance", cli.compliance_app),),
    home=(
        HomeCard(
            N_("Access requests"),
            "/requests",
            N_(
                "Requests for samples and data, negotiated with each biobank, with the legal steps "
                "(GDPR, China's Human Genetic Resources rules, PIPL) checked on the way."
            ),
            figures,
        ),
    ),
)
