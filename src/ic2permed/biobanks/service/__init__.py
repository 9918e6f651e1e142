"""Use cases of the biobank directory, one module per kind of work; this package is what other modules see.

- `catalogue`: reading, discovery (faceted bilingual search), comparison, statistics, steward checks;
- `exports`: JSON, CSV and FHIR R4 exports of the catalogue or of a search;
- `editing`: edits by curators and managers, managers themselves;
- `importing`: CSV import and bulk update, all rows or none;
- `drafts`: the researcher's cart and access-request drafts;
- `bundled`: the bundled catalogue, loaded once per version.

Reading is public; writes check permissions (curators edit anything, a biobank manager only the biobanks
assigned to them), record every change in the audit log in the same transaction, and commit once per use
case, here and nowhere else. Other domains import this package and `biobanks.schemas` only.
"""

from __future__ import annotations

from ic2permed.biobanks.criteria import canonical, is_query, keep_criteria, query_from_params
from ic2permed.biobanks.service.bundled import is_bundled, load_bundle
from ic2permed.biobanks.service.catalogue import (
    change_history,
    compare,
    count_history,
    counts,
    describe,
    flat_hits,
    get_biobank,
    get_collection,
    get_network,
    list_biobanks,
    list_networks,
    search_collections,
    statistics,
    steward_check,
    sub_collections,
)
from ic2permed.biobanks.service.drafts import (
    add_to_cart,
    cart,
    cart_ids,
    mark_draft_submitted,
    remove_from_cart,
    save_draft,
)
from ic2permed.biobanks.service.drafts import drafts as list_request_drafts
from ic2permed.biobanks.service.drafts import export_draft as export_request_draft
from ic2permed.biobanks.service.drafts import get_draft as get_request_draft
from ic2permed.biobanks.service.editing import (
    assign_manager,
    can_edit,
    managed_biobank_ids,
    managed_biobanks,
    manager_user_ids,
    remove_manager,
    require_edit,
    update_biobank,
    update_collection,
)
from ic2permed.biobanks.service.exports import export_csv, export_fhir, export_json, export_view, export_xlsx
from ic2permed.biobanks.service.importing import import_csv
from ic2permed.biobanks.service.links import (
    entries_for_item,
    governing,
    landscape_links,
    link_landscape_item,
    links_bytes,
    load_landscape_links,
    unlink_landscape_item,
)

__all__ = [
    "add_to_cart",
    "assign_manager",
    "can_edit",
    "canonical",
    "cart",
    "cart_ids",
    "change_history",
    "compare",
    "count_history",
    "counts",
    "describe",
    "entries_for_item",
    "export_csv",
    "export_fhir",
    "export_json",
    "export_request_draft",
    "export_view",
    "export_xlsx",
    "flat_hits",
    "get_biobank",
    "get_collection",
    "get_network",
    "get_request_draft",
    "governing",
    "import_csv",
    "is_bundled",
    "is_query",
    "keep_criteria",
    "landscape_links",
    "link_landscape_item",
    "links_bytes",
    "list_biobanks",
    "list_networks",
    "list_request_drafts",
    "load_bundle",
    "load_landscape_links",
    "managed_biobank_ids",
    "managed_biobanks",
    "manager_user_ids",
    "mark_draft_submitted",
    "query_from_params",
    "remove_from_cart",
    "remove_manager",
    "require_edit",
    "save_draft",
    "search_collections",
    "statistics",
    "steward_check",
    "sub_collections",
    "unlink_landscape_item",
    "update_biobank",
    "update_collection",
]
