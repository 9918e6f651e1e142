"""How the experts domain plugs into the platform (navigation, routers, CLI, bundled and demo data)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ic2permed.core.domain_spec import DomainSpec, Figure, HomeCard, NavEntry
from ic2permed.core.i18n import N_
from ic2permed.experts import api, bundle, cli, pages
from ic2permed.experts.service import groups, profiles


def figures(session: Session) -> tuple[Figure, ...]:
    return (
        Figure(profiles.count(session), N_("%(n)s experts")),
        Figure(groups.count(session), N_("%(n)s working groups")),
    )


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
    home=(
        HomeCard(
            N_("Experts & Working Groups"),
            "/working-groups",
            N_(
                "European and Chinese experts in the roadmap's working groups, balanced membership, "
                "and Delphi consensus rounds that build the roadmap."
            ),
            figures,
        ),
    ),
)
