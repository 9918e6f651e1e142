"""The official Beacon v2 JSON schemas at ``../shared/beacon-v2``, for tests only (never read at run time).

The schemas point at ``https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/main/...``; there is no
network here, so every such URL is served from the same path under `root`. A clone without ``../shared``
skips the tests that need it (one line says why); CI (``CI=true``) requires them.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from ic2permed.federation.beacon.wire import SCHEMA_PREFIX

RESPONSES = "framework/json/responses/"
RESPONSE_SCHEMAS = {
    "info": RESPONSES + "beaconInfoResponse.json",
    "service-info": RESPONSES + "ga4gh-service-info-1-0-0-schema.json",
    "configuration": RESPONSES + "beaconConfigurationResponse.json",
    "map": RESPONSES + "beaconMapResponse.json",
    "entry_types": RESPONSES + "beaconEntryTypesResponse.json",
    "filtering_terms": RESPONSES + "beaconFilteringTermsResponse.json",
    "boolean": RESPONSES + "beaconBooleanResponse.json",
    "count": RESPONSES + "beaconCountResponse.json",
    "resultsets": RESPONSES + "beaconResultsetsResponse.json",
    "collections": RESPONSES + "beaconCollectionsResponse.json",
    "error": RESPONSES + "beaconErrorResponse.json",
}
MODEL_SCHEMAS = {
    "individuals": "models/json/beacon-v2-default-model/individuals/defaultSchema.json",
    "biosamples": "models/json/beacon-v2-default-model/biosamples/defaultSchema.json",
    "datasets": "models/json/beacon-v2-default-model/datasets/defaultSchema.json",
    "cohorts": "models/json/beacon-v2-default-model/cohorts/defaultSchema.json",
}


SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()
SCHEMAS = SHARED / "beacon-v2"
RI_TOOLS = SHARED / "data" / "beacon-examples" / "ri-tools-test"


def require(path: Path) -> Path:
    """`path` from ``../shared``; the test skips (one line) when it is absent, and fails under ``CI=true``."""
    if not path.exists():
        message = f"needs ../shared material, absent here: {path}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must run these tests)")
        pytest.skip(message)
    return path


def _load(path: Path) -> Resource[Any] | None:
    try:
        contents = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(contents, dict):
        return None
    return Resource.from_contents(contents, default_specification=DRAFT202012)


@cache
def registry(root: Path) -> Registry[Any]:
    """Every JSON file under `root`, registered under its remote URL.

    The default model refers to ``models/…/common/info.json``, which the model folder does not ship; such
    a missing model ``common`` file resolves to the framework's file of the same name.
    """

    def retrieve(uri: str) -> Resource[Any]:
        if uri.startswith(SCHEMA_PREFIX):
            relative = uri[len(SCHEMA_PREFIX) :]
            name = relative.rsplit("/", 1)[-1]
            candidates = [root / relative]
            if relative.startswith("models/") and "/common/" in relative:
                candidates.append(root / "framework" / "json" / "common" / name)
            for candidate in candidates:
                resource = _load(candidate)
                if resource is not None:
                    return resource
        raise NoSuchResource(ref=uri)  # type: ignore[call-arg]

    resources: list[tuple[str, Resource[Any]]] = []
    for path in sorted(root.rglob("*.json")):
        resource = _load(path)
        if resource is not None:
            resources.append((SCHEMA_PREFIX + path.relative_to(root).as_posix(), resource))
    return Registry(retrieve=retrieve).with_resources(resources)  # type: ignore[call-arg]


@cache
def validator(root: Path, relative: str) -> Draft202012Validator:
    url = SCHEMA_PREFIX + relative
    return Draft202012Validator({"$ref": url}, registry=registry(root))


def problems(root: Path, relative: str, document: Any, limit: int = 5) -> list[str]:
    """Human-readable schema violations of `document` (empty when it conforms)."""
    found = []
    for error in validator(root, relative).iter_errors(document):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        found.append(f"{where}: {error.message[:200]}")
        if len(found) >= limit:
            break
    return found
