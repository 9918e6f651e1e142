"""Make a database ready for use: var dir, secrets, migrations and the bundled datasets."""

from __future__ import annotations

import logging

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.migrate import is_current, upgrade
from ic2permed.core.secrets import secret_key
from ic2permed.domains import all_domains

log = logging.getLogger(__name__)


def ensure_ready(settings: Settings, load_data: bool | None = None) -> Database:
    """Idempotent: cheap when everything is in place, so every CLI command may call it."""
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    secret_key(settings)
    database = Database(settings.effective_database_url)
    if not is_current(database.engine):
        log.debug("Upgrading the database schema")
        upgrade(database.engine)
    if settings.load_bundled_data if load_data is None else load_data:
        for domain in all_domains():
            if domain.load_bundled is not None:
                domain.load_bundled(database)
    return database
