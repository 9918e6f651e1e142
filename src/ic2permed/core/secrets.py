"""Secrets generated on first start and kept under ``var/`` so no default secret ever ships."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ic2permed.core.config import Settings


def ensure_secret_file(path: Path, nbytes: int = 48) -> str:
    """Return the secret stored at `path`, creating it (mode 0600) when absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def secret_key(settings: Settings) -> str:
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    return ensure_secret_file(settings.var_dir / "secret_key")
