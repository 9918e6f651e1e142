"""Links between domains' pages, composed here so that no domain imports another's pages (or web).

Two kinds: URL helpers every template may call (`organisation_url`), and finders (`FINDERS`) a page asks
through `core.http.related` when the link needs another domain's records (a landscape item's directory
entries; a biobank's federated nodes). Each finder reads only the other domain's service.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from sqlalchemy.orm import Session

from ic2permed.biobanks import service as biobanks
from ic2permed.core.http.related import BIOBANK_NODES, DIRECTORY_ENTRIES, Finder, RelatedLink
from ic2permed.federation.hub import service as federation


def organisation_url(organisation_id: str) -> str:
    """The stakeholder registry page of an organisation, for landscape issuers and biobank juristic persons."""
    return f"/stakeholders/organisations/{quote(organisation_id, safe='')}"


def biobank_url(biobank_id: str) -> str:
    return f"/biobanks/biobank/{quote(biobank_id, safe='')}"


def scoped_search_url(node_id: str) -> str:
    """The federated search asking one node only (everyone it holds, until the user adds criteria)."""
    return "/federated-search?" + urlencode({"node": node_id})


def directory_entries(session: Session, item_id: str) -> list[RelatedLink]:
    return [
        RelatedLink(biobank_url(e.id), e.name_en, e.name_zh, note=e.basis, note_zh=e.basis_zh)
        for e in biobanks.entries_for_item(session, item_id)
    ]


def biobank_nodes(session: Session, biobank_id: str) -> list[RelatedLink]:
    return [
        RelatedLink(scoped_search_url(n.id), n.name, n.name_zh, synthetic=n.synthetic, note=n.id)
        for n in federation.nodes_for_biobank(session, biobank_id)
    ]


FINDERS: dict[str, Finder] = {DIRECTORY_ENTRIES: directory_entries, BIOBANK_NODES: biobank_nodes}
