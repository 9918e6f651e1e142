"""Check any Beacon v2 server against the Beacon v2 response rules and report what conforms and what does not.

Read-only and unauthenticated: it asks what any anonymous client may ask (framework endpoints, each
entry type at boolean and count granularity by GET and POST, and two requests that must fail). The rules
travel with the package (`beacon.rules`), so a biobank can run it wherever the package is installed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from ic2permed.federation.beacon import rules

FRAMEWORK = (
    ("", "info"),
    ("/info", "info"),
    ("/service-info", "service-info"),
    ("/configuration", "configuration"),
    ("/map", "map"),
    ("/entry_types", "entry_types"),
    ("/filtering_terms", "filtering_terms"),
)
DEFAULT_ENTRIES = ("individuals", "biosamples", "datasets", "cohorts")


@dataclass
class Check:
    name: str
    method: str
    url: str
    status: int | None
    schema: str | None
    ok: bool
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    base_url: str
    checks: list[Check]

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.ok)

    @property
    def conforms(self) -> bool:
        return all(c.ok for c in self.checks)

    def as_dict(self) -> dict[str, Any]:
        return {
            "baseUrl": self.base_url,
            "conforms": self.conforms,
            "passed": self.passed,
            "failed": len(self.checks) - self.passed,
            "checks": [asdict(c) for c in self.checks],
        }


def schema_for_entry(document: Any) -> str:
    """Which response schema a model-endpoint answer claims to be, from its shape."""
    if not isinstance(document, dict):
        return "boolean"
    if "error" in document and "responseSummary" not in document:
        return "error"
    response = document.get("response")
    if isinstance(response, dict) and "collections" in response:
        return "collections"
    if isinstance(response, dict) and "resultSets" in response:
        return "resultsets"
    summary = document.get("responseSummary")
    if isinstance(summary, dict) and "numTotalResults" in summary:
        return "count"
    return "boolean"


def _check(
    client: httpx.Client,
    name: str,
    method: str,
    url: str,
    schema: str | None,
    body: dict[str, Any] | None = None,
    expect_error: bool = False,
) -> Check:
    try:
        response = client.request(method, url, json=body) if body is not None else client.request(method, url)
    except httpx.HTTPError as exc:
        return Check(name, method, url, None, schema, False, [f"request failed: {exc}"])
    try:
        document = response.json()
    except ValueError:
        return Check(name, method, url, response.status_code, schema, False, ["the answer is not JSON"])
    found: list[str] = []
    if expect_error:
        schema = "error"
        if response.status_code < 400:
            found.append(f"expected an error status, got {response.status_code}")
    elif response.status_code >= 400:
        found.append(f"HTTP {response.status_code}")
        schema = "error"
    chosen = schema or schema_for_entry(document)
    found.extend(rules.problems(chosen, document))
    return Check(name, method, url, response.status_code, chosen, not found, found)


def _entries(client: httpx.Client, base: str) -> list[str]:
    """Entry types from /map (their root URLs), falling back to the default model's four."""
    try:
        sets = client.get(base + "/map").json()["response"]["endpointSets"]
        found = [str(s["rootUrl"]).rstrip("/").rsplit("/", 1)[-1] for s in sets.values() if s.get("rootUrl")]
        return [e for e in found if e in DEFAULT_ENTRIES] or list(DEFAULT_ENTRIES)
    except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError):
        return list(DEFAULT_ENTRIES)


def verify(base_url: str, client: httpx.Client | None = None) -> Report:
    base = base_url.rstrip("/")
    own = client is None
    http = client or httpx.Client(timeout=30)
    try:
        checks = [_check(http, f"GET {path or '/'}", "GET", base + path, kind) for path, kind in FRAMEWORK]
        for entry in _entries(http, base):
            url = f"{base}/{entry}"
            checks.append(_check(http, f"GET /{entry}", "GET", url, None))
            checks.append(_check(http, f"GET /{entry} count", "GET", url + "?requestedGranularity=count", None))
            body = {"meta": {"apiVersion": "v2.0"}, "query": {"requestedGranularity": "count", "filters": []}}
            checks.append(_check(http, f"POST /{entry} count", "POST", url, None, body))
        checks.append(_check(http, "unknown endpoint", "GET", base + "/no_such_endpoint", None, expect_error=True))
        bad = {"meta": {"apiVersion": "v2.0"}, "query": {"requestedGranularity": "everything"}}
        checks.append(_check(http, "invalid granularity", "POST", base + "/individuals", None, bad, expect_error=True))
    finally:
        if own:
            http.close()
    return Report(base, checks)
