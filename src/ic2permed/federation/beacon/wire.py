"""Beacon v2 response documents: the only place where the node speaks camelCase.

Each builder returns a plain dict shaped like one official response schema (named in its docstring);
the tests validate them against the official schemas; at run time `beacon.rules` checks responses.
"""

from __future__ import annotations

from typing import Any

API_VERSION = "v2.0.0"
SCHEMA_PREFIX = "https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/"

ENTRY_TYPES: dict[str, dict[str, str]] = {
    "individuals": {
        "id": "individual",
        "name": "Individual",
        "schema": "beacon-individual-v2.0.0",
        "ontology": "NCIT:C25190",
        "label": "Person",
        "path": "models/json/beacon-v2-default-model/individuals",
    },
    "biosamples": {
        "id": "biosample",
        "name": "Biosample",
        "schema": "beacon-biosample-v2.0.0",
        "ontology": "NCIT:C70699",
        "label": "Biospecimen",
        "path": "models/json/beacon-v2-default-model/biosamples",
    },
    "datasets": {
        "id": "dataset",
        "name": "Dataset",
        "schema": "beacon-dataset-v2.0.0",
        "ontology": "NCIT:C47824",
        "label": "Data set",
        "path": "models/json/beacon-v2-default-model/datasets",
    },
    "cohorts": {
        "id": "cohort",
        "name": "Cohort",
        "schema": "beacon-cohort-v2.0.0",
        "ontology": "NCIT:C61512",
        "label": "Cohort",
        "path": "models/json/beacon-v2-default-model/cohorts",
    },
}

# Cross-entry paths this node serves: (entry, related entry) as in the default model's endpoints.json.
RELATED = (
    ("individuals", "biosamples"),
    ("datasets", "individuals"),
    ("datasets", "biosamples"),
    ("cohorts", "individuals"),
)


def schemas_for(entry: str) -> list[dict[str, str]]:
    spec = ENTRY_TYPES[entry]
    return [{"entityType": spec["id"], "schema": spec["schema"]}]


def received_summary(
    filters: list[Any], granularity: str, skip: int, limit: int, entry: str, include: str = "HIT"
) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION,
        "requestedSchemas": schemas_for(entry) if entry in ENTRY_TYPES else [],
        "filters": [f if isinstance(f, str) else str(f.get("id", "")) for f in filters],
        "requestedGranularity": granularity,
        "pagination": {"skip": skip, "limit": limit},
        "includeResultsetResponses": include,
        "testMode": False,
    }


def response_meta(beacon_id: str, entry: str, granularity: str, summary: dict[str, Any]) -> dict[str, Any]:
    """``responses/sections/beaconResponseMeta.json``."""
    return {
        "beaconId": beacon_id,
        "apiVersion": API_VERSION,
        "returnedGranularity": granularity,
        "returnedSchemas": schemas_for(entry) if entry in ENTRY_TYPES else [],
        "receivedRequestSummary": summary,
        "testMode": False,
    }


def informational_meta(beacon_id: str) -> dict[str, Any]:
    """``responses/sections/beaconInformationalResponseMeta.json``."""
    return {"beaconId": beacon_id, "apiVersion": API_VERSION, "returnedSchemas": []}


def boolean_response(meta: dict[str, Any], exists: bool, info: dict[str, Any]) -> dict[str, Any]:
    """``responses/beaconBooleanResponse.json``."""
    return {"meta": meta, "responseSummary": {"exists": exists}, "info": info}


def count_response(meta: dict[str, Any], exists: bool, count: int, info: dict[str, Any]) -> dict[str, Any]:
    """``responses/beaconCountResponse.json``."""
    return {"meta": meta, "responseSummary": {"exists": exists, "numTotalResults": count}, "info": info}


def resultsets_response(
    meta: dict[str, Any], set_id: str, total: int, results: list[dict[str, Any]], info: dict[str, Any]
) -> dict[str, Any]:
    """``responses/beaconResultsetsResponse.json`` with one result set (the node's records)."""
    return {
        "meta": meta,
        "responseSummary": {"exists": total > 0, "numTotalResults": total},
        "response": {
            "resultSets": [
                {
                    "id": set_id,
                    "setType": "dataset",
                    "exists": total > 0,
                    "resultsCount": total,
                    "results": results,
                }
            ]
        },
        "info": info,
    }


def collections_response(meta: dict[str, Any], collections: list[dict[str, Any]], total: int) -> dict[str, Any]:
    """``responses/beaconCollectionsResponse.json``."""
    return {
        "meta": meta,
        "responseSummary": {"exists": total > 0, "numTotalResults": total},
        "response": {"collections": collections},
    }


def error_response(beacon_id: str, status: int, message: str, summary: dict[str, Any]) -> dict[str, Any]:
    """``responses/beaconErrorResponse.json``."""
    return {
        "meta": response_meta(beacon_id, "", "boolean", summary),
        "error": {"errorCode": status, "errorMessage": message},
    }


def info_response(beacon_id: str, name: str, description: str, info: dict[str, Any]) -> dict[str, Any]:
    """``responses/beaconInfoResponse.json``."""
    return {
        "meta": informational_meta(beacon_id),
        "response": {
            "id": beacon_id,
            "name": name,
            "apiVersion": API_VERSION,
            "environment": "prod",
            "description": description,
            "version": API_VERSION,
            "organization": {"id": beacon_id.split(".")[0] or beacon_id, "name": name},
            "info": info,
        },
    }


def service_info(beacon_id: str, name: str, description: str) -> dict[str, Any]:
    """``responses/ga4gh-service-info-1-0-0-schema.json``."""
    return {
        "id": beacon_id,
        "name": name,
        "type": {"group": "org.ga4gh", "artifact": "beacon", "version": API_VERSION},
        "description": description,
        "organization": {"name": name, "url": "https://www.ic2permed.eu/"},
        "version": API_VERSION,
        "environment": "prod",
    }


def _entry_definitions() -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    for spec in ENTRY_TYPES.values():
        definitions[spec["id"]] = {
            "id": spec["id"],
            "name": spec["name"],
            "ontologyTermForThisType": {"id": spec["ontology"], "label": spec["label"]},
            "partOfSpecification": "Beacon v2.0.0",
            "defaultSchema": {
                "id": spec["schema"],
                "name": f"Default schema for {spec['name'].lower()}s",
                "referenceToSchemaDefinition": f"{SCHEMA_PREFIX}{spec['path']}/defaultSchema.json",
                "schemaVersion": API_VERSION,
            },
            "nonFilteredQueriesAllowed": True,
        }
    return definitions


def configuration_response(beacon_id: str, ceiling: str) -> dict[str, Any]:
    """``responses/beaconConfigurationResponse.json``."""
    return {
        "meta": informational_meta(beacon_id),
        "response": {
            "$schema": f"{SCHEMA_PREFIX}framework/json/configuration/beaconConfigurationSchema.json",
            "maturityAttributes": {"productionStatus": "PROD"},
            "securityAttributes": {"defaultGranularity": "boolean", "securityLevels": ["PUBLIC", "CONTROLLED"]},
            "entryTypes": _entry_definitions(),
            "info": {"maxGranularityForAnonymous": "count", "maxGranularity": ceiling},
        },
    }


def entry_types_response(beacon_id: str) -> dict[str, Any]:
    """``responses/beaconEntryTypesResponse.json``."""
    return {"meta": informational_meta(beacon_id), "response": {"entryTypes": _entry_definitions()}}


def map_response(beacon_id: str, base_url: str) -> dict[str, Any]:
    """``responses/beaconMapResponse.json``."""
    sets: dict[str, Any] = {}
    for entry, spec in ENTRY_TYPES.items():
        related = {
            f"{entry}_{other}": {
                "returnedEntryType": ENTRY_TYPES[other]["id"],
                "url": f"{base_url}/{entry}/{{id}}/{other}",
            }
            for e, other in RELATED
            if e == entry
        }
        sets[spec["id"]] = {
            "entryType": spec["id"],
            "rootUrl": f"{base_url}/{entry}",
            "singleEntryUrl": f"{base_url}/{entry}/{{id}}",
            "openAPIEndpointsDefinition": f"{SCHEMA_PREFIX}{spec['path']}/endpoints.json",
            "endpoints": related,
        }
    return {
        "meta": informational_meta(beacon_id),
        "response": {
            "$schema": f"{SCHEMA_PREFIX}framework/json/configuration/beaconMapSchema.json",
            "endpointSets": sets,
        },
    }


def filtering_terms_response(
    beacon_id: str, terms: list[dict[str, Any]], resources: list[dict[str, Any]]
) -> dict[str, Any]:
    """``responses/beaconFilteringTermsResponse.json``."""
    return {
        "meta": informational_meta(beacon_id),
        "response": {"filteringTerms": terms, "resources": resources},
    }
