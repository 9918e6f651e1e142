"""How the biobanks domain plugs into the platform (navigation, routers, CLI, bundled data)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from ic2permed.biobanks import api, bundle, cli, pages, service
from ic2permed.core.database import Database
from ic2permed.core.domain_spec import DomainSpec, Figure, HomeCard, NavEntry
from ic2permed.core.i18n import N_

log = logging.getLogger(__name__)


def load_bundled(database: Database) -> None:
    """Load the bundled catalogue once per version (checksum in ``data_bundles``)."""
    try:
        raw = bundle.bundle_bytes()
    except FileNotFoundError:
        log.warning("No bundled biobank dataset in this build")
        return
    with database.session() as session:
        if service.load_bundle(session, raw):
            log.info("Loaded the bundled biobank directory")
        if service.load_landscape_links(session, service.links_bytes()):
            log.info("Linked the bundled directory entries to their landscape items")


def figures(session: Session) -> tuple[Figure, ...]:
    counts = service.counts(session)
    return (
        Figure(counts["biobanks"], N_("%(n)s biobanks")),
        Figure(counts["collections"], N_("%(n)s collections")),
        Figure(counts["networks"], N_("%(n)s networks")),
    )


SPEC = DomainSpec(
    name="biobanks",
    nav=(NavEntry(N_("Biobanks"), "/biobanks"),),
    api=api.router,
    pages=pages.router,
    cli=cli.app,
    cli_name="biobanks",
    load_bundled=load_bundled,
    templates=("ic2permed.biobanks",),
    home=(
        HomeCard(
            N_("Biobanks"),
            "/biobanks",
            N_("A MIABIS catalogue of European and Chinese biobanks and their collections."),
            figures,
        ),
    ),
)
