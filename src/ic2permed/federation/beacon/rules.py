"""What a Beacon v2 response must look like, written here from the v2.0 framework specification.

`node verify` runs on a biobank's own machine, where the official schema files are not installed, so the
verifier carries its own rules: one JSON Schema per response kind, self-contained (no `$ref` leaves this
module). They say what the official response schemas say, no more and no less; the tests alter valid
responses in many ways and require these rules to reject every alteration the official schemas reject.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

STRING: dict[str, Any] = {"type": "string"}
OBJECT: dict[str, Any] = {"type": "object"}
STRINGS: dict[str, Any] = {"type": "array", "items": STRING}

DEFS: dict[str, Any] = {
    "granularity": {"type": "string", "enum": ["boolean", "count", "record"]},
    "curie": {"type": "string", "pattern": r"^\w[^:]+:.+$"},
    "ontologyTerm": {
        "type": "object",
        "properties": {"id": {"$ref": "#/$defs/curie"}, "label": STRING},
        "required": ["id"],
    },
    "schemasPerEntity": {
        "type": "array",
        "items": {"type": "object", "properties": {"entityType": STRING, "schema": STRING}},
    },
    "nonNegative": {"type": "integer", "minimum": 0},
    "handovers": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"handoverType": {"$ref": "#/$defs/ontologyTerm"}, "note": STRING, "url": STRING},
            "required": ["handoverType", "url"],
        },
    },
    "informationalMeta": {
        "type": "object",
        "properties": {
            "apiVersion": STRING,
            "beaconId": STRING,
            "returnedSchemas": {"$ref": "#/$defs/schemasPerEntity"},
        },
        "required": ["beaconId", "apiVersion", "returnedSchemas"],
    },
    "responseMeta": {
        "type": "object",
        "properties": {
            "apiVersion": STRING,
            "beaconId": STRING,
            "returnedSchemas": {"$ref": "#/$defs/schemasPerEntity"},
            "returnedGranularity": {"$ref": "#/$defs/granularity"},
            "testMode": {"type": "boolean"},
            "receivedRequestSummary": {"$ref": "#/$defs/receivedRequestSummary"},
        },
        "required": ["beaconId", "apiVersion", "returnedSchemas", "returnedGranularity", "receivedRequestSummary"],
    },
    "receivedRequestSummary": {
        "type": "object",
        "properties": {
            "apiVersion": STRING,
            "filters": STRINGS,
            "includeResultsetResponses": {"type": "string", "enum": ["ALL", "HIT", "MISS", "NONE"]},
            "pagination": {
                "type": "object",
                "properties": {
                    "currentPage": STRING,
                    "nextPage": STRING,
                    "previousPage": STRING,
                    "limit": {"$ref": "#/$defs/nonNegative"},
                    "skip": {"$ref": "#/$defs/nonNegative"},
                },
            },
            "requestParameters": {"type": "object", "additionalProperties": OBJECT},
            "requestedGranularity": {"$ref": "#/$defs/granularity"},
            "requestedSchemas": {"$ref": "#/$defs/schemasPerEntity"},
            "testMode": {"type": "boolean"},
        },
        "required": ["apiVersion", "requestedSchemas", "pagination", "requestedGranularity"],
    },
    "summary": {
        "type": "object",
        "properties": {"exists": {"type": "boolean"}, "numTotalResults": {"$ref": "#/$defs/nonNegative"}},
        "required": ["exists"],
    },
    "schemaReference": {
        "type": "object",
        "properties": {
            "id": STRING,
            "name": STRING,
            "description": STRING,
            "referenceToSchemaDefinition": STRING,
            "schemaVersion": STRING,
        },
        "required": ["id", "name", "referenceToSchemaDefinition"],
    },
    "entryType": {
        "type": "object",
        "properties": {
            "$schema": STRING,
            "id": STRING,
            "name": STRING,
            "description": STRING,
            "partOfSpecification": STRING,
            "defaultSchema": {"$ref": "#/$defs/schemaReference"},
            "additionallySupportedSchemas": {"type": "array", "items": {"$ref": "#/$defs/schemaReference"}},
            "aCollectionOf": {
                "type": "array",
                "items": {"type": "object", "properties": {"id": STRING, "name": STRING}, "required": ["id", "name"]},
            },
            "nonFilteredQueriesAllowed": {"type": "boolean"},
            "ontologyTermForThisType": {"$ref": "#/$defs/ontologyTerm"},
        },
        "required": ["id", "name", "partOfSpecification", "defaultSchema"],
    },
    # The entry-types response does not say its map must be an object; the configuration does.
    "entryTypes": {"additionalProperties": {"$ref": "#/$defs/entryType"}, "minProperties": 1},
}


def _informational(response: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"meta": {"$ref": "#/$defs/informationalMeta"}, "response": response},
        "required": ["meta", "response"],
    }


def _answer(response: dict[str, Any] | None, summary: dict[str, Any]) -> dict[str, Any]:
    properties = {
        "meta": {"$ref": "#/$defs/responseMeta"},
        "responseSummary": summary,
        "info": OBJECT,
        "beaconHandovers": {"$ref": "#/$defs/handovers"},
    }
    if response is None:
        return {"type": "object", "properties": properties, "required": ["meta", "responseSummary"]}
    return {
        "type": "object",
        "properties": {**properties, "response": response},
        "required": ["meta", "responseSummary", "response"],
    }


_ORGANIZATION = {
    "type": "object",
    "properties": {
        "id": STRING,
        "name": STRING,
        "description": STRING,
        "address": STRING,
        "welcomeUrl": STRING,
        "contactUrl": STRING,
        "logoUrl": STRING,
        "info": OBJECT,
    },
    "required": ["id", "name"],
}
_INFO = _informational(
    {
        "type": "object",
        "properties": {
            "id": STRING,
            "name": STRING,
            "apiVersion": STRING,
            "environment": {"type": "string", "enum": ["prod", "test", "dev", "staging"]},
            "organization": _ORGANIZATION,
            "description": STRING,
            "version": STRING,
            "welcomeUrl": STRING,
            "alternativeUrl": STRING,
            "createDateTime": STRING,
            "updateDateTime": STRING,
            "info": OBJECT,
        },
        "required": ["id", "name", "apiVersion", "environment", "organization"],
    }
)
_SERVICE_INFO = {
    "type": "object",
    "properties": {
        "id": STRING,
        "name": STRING,
        "type": {
            "type": "object",
            "properties": {"group": STRING, "artifact": STRING, "version": STRING},
            "required": ["group", "artifact", "version"],
        },
        "description": STRING,
        "organization": {"type": "object", "properties": {"name": STRING, "url": STRING}, "required": ["name", "url"]},
        "contactUrl": STRING,
        "documentationUrl": STRING,
        "createdAt": STRING,
        "updatedAt": STRING,
        "environment": STRING,
        "version": STRING,
    },
    "required": ["id", "name", "type", "organization", "version"],
}
_CONFIGURATION = _informational(
    {
        "type": "object",
        "properties": {
            "$schema": STRING,
            "maturityAttributes": {
                "type": "object",
                "properties": {"productionStatus": {"type": "string", "enum": ["DEV", "TEST", "PROD"]}},
            },
            "securityAttributes": {
                "type": "object",
                "properties": {
                    "defaultGranularity": {"$ref": "#/$defs/granularity"},
                    "securityLevels": {"type": "array", "items": {"enum": ["PUBLIC", "REGISTERED", "CONTROLLED"]}},
                },
            },
            "entryTypes": {"type": "object", "$ref": "#/$defs/entryTypes"},
        },
        "required": ["$schema", "maturityAttributes", "entryTypes"],
    }
)
_MAP = _informational(
    {
        "type": "object",
        "properties": {
            "$schema": STRING,
            "endpointSets": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "entryType": STRING,
                        "rootUrl": STRING,
                        "singleEntryUrl": STRING,
                        "openAPIEndpointsDefinition": STRING,
                        "endpoints": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "properties": {"url": STRING, "returnedEntryType": STRING},
                                "required": ["url", "returnedEntryType"],
                            },
                        },
                    },
                    "required": ["entryType", "rootUrl"],
                },
            },
        },
        "required": ["$schema", "endpointSets"],
    }
)
_ENTRY_TYPES = _informational(
    {"type": "object", "properties": {"entryTypes": {"$ref": "#/$defs/entryTypes"}}, "required": ["entryTypes"]}
)
_FILTERING_TERMS = _informational(
    {
        "type": "object",
        "properties": {
            "filteringTerms": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "type": STRING,
                        "id": STRING,
                        "label": STRING,
                        "scopes": STRINGS,
                        "values": {"type": "array", "items": STRING, "minItems": 1},
                    },
                    "required": ["type", "id"],
                },
            },
            "resources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": STRING,
                        "name": STRING,
                        "url": STRING,
                        "version": STRING,
                        "nameSpacePrefix": STRING,
                        "iriPrefix": STRING,
                    },
                    "required": ["id"],
                },
            },
        },
    }
)
_RESULT_SET = {
    "type": "object",
    "properties": {
        "id": STRING,
        "setType": STRING,
        "exists": {"type": "boolean"},
        "resultsCount": {"type": "integer"},
        "results": {"type": "array", "items": OBJECT},
        "resultsHandovers": {"$ref": "#/$defs/handovers"},
        "info": OBJECT,
    },
    "required": ["id", "setType", "exists", "resultsCount", "results"],
}
_COUNT_SUMMARY = {
    "type": "object",
    "properties": {"exists": {"type": "boolean"}, "numTotalResults": {"$ref": "#/$defs/nonNegative"}},
    "required": ["exists", "numTotalResults"],
}

RULES: dict[str, dict[str, Any]] = {
    "info": _INFO,
    "service-info": _SERVICE_INFO,
    "configuration": _CONFIGURATION,
    "map": _MAP,
    "entry_types": _ENTRY_TYPES,
    "filtering_terms": _FILTERING_TERMS,
    "boolean": _answer(None, {"type": "object", "properties": {"exists": {"type": "boolean"}}, "required": ["exists"]}),
    "count": _answer(None, _COUNT_SUMMARY),
    "resultsets": _answer(
        {
            "type": "object",
            "properties": {"$schema": STRING, "resultSets": {"type": "array", "items": _RESULT_SET}},
            "required": ["resultSets"],
        },
        {"$ref": "#/$defs/summary"},
    ),
    "collections": _answer(
        {
            "type": "object",
            "properties": {"collections": {"type": "array", "items": OBJECT}},
            "required": ["collections"],
        },
        {"$ref": "#/$defs/summary"},
    ),
    "error": {
        "type": "object",
        "properties": {
            "meta": {"$ref": "#/$defs/responseMeta"},
            "error": {
                "type": "object",
                "properties": {"errorCode": {"type": "integer"}, "errorMessage": STRING},
                "required": ["errorCode"],
            },
        },
        "required": ["meta", "error"],
    },
}
KINDS = tuple(RULES)


@cache
def validator(kind: str) -> Draft202012Validator:
    """The compiled rules for one kind of response (one per kind, reused)."""
    return Draft202012Validator({**RULES[kind], "$defs": DEFS})


def problems(kind: str, document: Any, limit: int = 5) -> list[str]:
    """Human-readable breaches of the rules for a `kind` of response (empty when it conforms)."""
    found = []
    for error in validator(kind).iter_errors(document):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        found.append(f"{where}: {error.message[:200]}")
        if len(found) >= limit:
            break
    return found
