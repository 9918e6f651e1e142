"""What every start loads (the roadmap's working groups) and what only `ic2permed demo` loads (fictional experts,
their memberships, Delphi studies and meetings)."""

from __future__ import annotations

import logging

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.experts.service import groups, profiles, showcase

log = logging.getLogger(__name__)


def load_bundled(database: Database) -> None:
    with database.session() as session:
        added = groups.seed_roadmap_groups(session, Actor.system())
    if added:
        log.info("Seeded %d IC2PerMed Roadmap working groups", added)


def start_demo(settings: Settings, database: Database) -> None:
    """Demo only: fictional experts and their working groups' life (memberships, Delphi, meetings); no process."""
    load_bundled(database)  # the roadmap groups the demo fills, even when bundled data is switched off
    with database.session() as session:
        added = profiles.load_demo_experts(session, Actor.system())
    if added:
        log.info("Added %d fictional demo experts", added)
    with database.session() as session:
        filled = showcase.load_demo_activity(session, Actor.system())
    if filled:
        log.info("Demo working groups: %s", ", ".join(filled))
