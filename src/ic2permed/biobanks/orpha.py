"""Orphanet (ORPHA) codes for rare diseases: one normal form, checked for format.

We ship no Orphanet nomenclature (none is bundled yet), so a code is shown as written; the format check
keeps typos such as ``ORPHA:abc`` out of the catalogue.
"""

from __future__ import annotations

import re

_ORPHA = re.compile(r"^\s*(?:ORPHA|ORPHANET|ORDO)\s*[:_ ]?\s*(\d{1,7})\s*$", re.IGNORECASE)


def is_orpha(code: str) -> bool:
    return _ORPHA.match(code) is not None


def normalise(code: str) -> str | None:
    """``orpha 558`` / ``Orphanet_558`` / ``ORPHA:558`` → ``ORPHA:558``; None when not an ORPHA code."""
    match = _ORPHA.match(code)
    return f"ORPHA:{int(match.group(1))}" if match else None
