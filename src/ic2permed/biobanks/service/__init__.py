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
from ic2permed.biobanks.service.bundled import load_bundle
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
from ic2permed.biobanks.service.exports import export_csv, export_fhir, export_json
from ic2permed.biobanks.service.importing import import_csv

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
    "export_csv",
    "export_fhir",
    "export_json",
    "export_request_draft",
    "flat_hits",
    "get_biobank",
    "get_collection",
    "get_network",
    "get_request_draft",
    "import_csv",
    "is_query",
    "keep_criteria",
    "list_biobanks",
    "list_networks",
    "list_request_drafts",
    "load_bundle",
    "managed_biobank_ids",
    "managed_biobanks",
    "manager_user_ids",
    "query_from_params",
    "remove_from_cart",
    "remove_manager",
    "require_edit",
    "save_draft",
    "search_collections",
    "statistics",
    "steward_check",
    "sub_collections",
    "update_biobank",
    "update_collection",
]
