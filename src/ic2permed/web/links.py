"""Links between domains' pages, composed here so that no domain imports another's pages (or web)."""

from __future__ import annotations

from urllib.parse import quote


def organisation_url(organisation_id: str) -> str:
    """The stakeholder registry page of an organisation, for landscape issuers and biobank juristic persons."""
    return f"/stakeholders/organisations/{quote(organisation_id, safe='')}"
