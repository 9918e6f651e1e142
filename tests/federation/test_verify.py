"""`node verify`: it carries its own Beacon v2 rules, and they reject what the official schemas reject.

The verifier must work wherever the package is installed, so it never reads ``../shared``. The official
schemas (there, at test time only) are the referee: valid responses are altered in many ways and every
alteration the official schemas reject must be rejected by the verifier's own rules too.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ic2permed.cli import app
from ic2permed.federation import signing
from ic2permed.federation.beacon import rules
from ic2permed.federation.signing import TrustedHub
from ic2permed.federation.verify import verify
from tests.fakes.broken_beacon import broken_beacon
from tests.federation import official_schemas as official
from tests.federation.node_helpers import HUB_SECRET, QUESTION, body, build_handmade, live_node, node_client
from tests.federation.official_schemas import SCHEMAS

HUB = TrustedHub("hub-eu", HUB_SECRET, "EU")
EXAMPLES = "framework/json/responses/examples-fullDocuments/"
OFFICIAL_EXAMPLES = {
    "beaconBooleanResponse-example.json": "boolean",
    "beaconCollectionsResponse-MID-example.json": "collections",
    "beaconCollectionsResponse-MIN-example.json": "collections",
    "beaconConfigurationResponse-example.json": "configuration",
    "beaconCountResponse-example.json": "count",
    "beaconEntryTypesResponse-example.json": "entry_types",
    "beaconErrorResponse_example.json": "error",
    "beaconFilteringTermsResponse-example.json": "filtering_terms",
    "beaconInfo-MAX-example.json": "info",
    "beaconInfo-MIN-example.json": "info",
    "beaconMapResponse-example.json": "map",
    "beaconResultsetResponse-MIN-example.json": "resultsets",
}
# Values that break a field of each type the schemas use (string, integer ≥ 0, boolean, enum, CURIE,
# object, array, array of objects), put in place of every value and added under every known property name.
REPLACEMENTS: list[Any] = [None, "x", -1, 1.5, True, {}, [], [1], ["x"], [{}], "a:b"]
INSERTED: list[Any] = ["x", -1, [1]]


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_handmade(tmp_path_factory.mktemp("verify"))


def _signed(method: str, path: str, payload: dict[str, Any] | None) -> tuple[bytes, dict[str, str]]:
    raw = json.dumps(payload).encode() if payload is not None else b""
    headers = signing.sign(HUB.id, HUB.secret, method, path, raw, "pseudonymous-user-1")
    if payload is not None:
        headers["Content-Type"] = "application/json"
    return raw, headers


def our_answers(db: Path) -> list[tuple[str, Any]]:
    """One answer of our node for every kind of response the verifier judges."""
    with node_client(db, allow_records=True, trusted_hubs={HUB.id: HUB}) as client:
        found: list[tuple[str, Any]] = [
            (kind, client.get(path).json())
            for path, kind in [
                ("/api/info", "info"),
                ("/api/service-info", "service-info"),
                ("/api/configuration", "configuration"),
                ("/api/map", "map"),
                ("/api/entry_types", "entry_types"),
                ("/api/filtering_terms", "filtering_terms"),
                ("/api/individuals", "boolean"),
                ("/api/datasets", "collections"),
                ("/api/nowhere", "error"),
            ]
        ]
        stratified = body(QUESTION, requestParameters={"stratify": ["sex"]})
        found.append(("count", client.post("/api/individuals", json=stratified).json()))
        payload = body([{"id": "ICD10:E10-E14"}], "record", pagination={"skip": 0, "limit": 2})
        raw, headers = _signed("POST", "/api/biosamples", payload)
        found.append(("resultsets", client.post("/api/biosamples", content=raw, headers=headers).json()))
    return found


def seeds(db: Path, names: frozenset[str]) -> list[tuple[str, Any]]:
    """Our node's answers and the specification's own full-document examples that the official schemas accept."""
    examples = [
        (kind, json.loads((SCHEMAS / EXAMPLES / name).read_text(encoding="utf-8")))
        for name, kind in OFFICIAL_EXAMPLES.items()
    ]
    found = [(kind, _shrink(document, names)) for kind, document in our_answers(db) + examples]
    return [(kind, document) for kind, document in found if officially_valid(kind, document)]


def _shrink(document: Any, names: frozenset[str]) -> Any:
    """The same shapes with far fewer alterations to try: one item per list, one entry per map.

    A map (an object keyed by data, such as the entry types) keeps its named properties and one other entry.
    """
    if isinstance(document, list):
        return [_shrink(value, names) for value in document[:1]]
    if not isinstance(document, dict):
        return document
    kept: dict[str, Any] = {}
    others = 0
    for key, value in document.items():
        if key not in names:
            others += 1
            if others > 1:
                continue
        kept[key] = _shrink(value, names)
    return kept


def officially_valid(kind: str, document: Any) -> bool:
    return bool(official.validator(SCHEMAS, official.RESPONSE_SCHEMAS[kind]).is_valid(document))


def property_sets() -> list[frozenset[str]]:
    """The property names of every object the official response schemas (and what they refer to) define."""
    found: list[frozenset[str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                found.append(frozenset(node["properties"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (SCHEMAS / "framework" / "json").rglob("*.json"):
        if "example" not in str(path):
            walk(json.loads(path.read_text(encoding="utf-8")))
    return found


def _paths(document: Any, at: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    yield at, document
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _paths(value, (*at, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _paths(value, (*at, index))


def _set(document: Any, at: tuple[str | int, ...], value: Any, delete: bool = False) -> Any:
    if not at:
        return value
    changed = copy.deepcopy(document)
    parent = changed
    for step in at[:-1]:
        parent = parent[step]
    if delete:
        del parent[at[-1]]
    else:
        parent[at[-1]] = value
    return changed


def mutations(document: Any, sets: list[frozenset[str]]) -> Iterator[tuple[str, Any]]:
    """The document with one thing changed: a value removed, replaced by another type, or a field added.

    Fields are added under the names of every official object that shares a property with the object at hand.
    """
    everything = frozenset().union(*sets)
    for at, value in _paths(document):
        where = "/".join(map(str, at)) or "(root)"
        if at:
            yield f"remove {where}", _set(document, at, None, delete=True)
        for other in REPLACEMENTS:
            if other != value or type(other) is not type(value):
                yield f"{where} = {other!r}", _set(document, at, other)
        # Inside records and collections anything goes (no model schema applies), so fields are added elsewhere.
        if isinstance(value, dict) and not {"results", "collections"} & {str(step) for step in at}:
            related = frozenset().union(*(s for s in sets if s & set(value))) if value else everything
            for name in sorted(related - set(value)):
                for other in INSERTED:
                    yield f"{where}/{name} = {other!r}", _set(document, at, {**value, name: other})


def test_our_rules_reject_every_alteration_the_official_schemas_reject(handmade: Path) -> None:
    official.require(SCHEMAS)
    sets = property_sets()
    found = seeds(handmade, frozenset().union(*sets))
    assert {kind for kind, _ in found} == set(rules.KINDS), "a kind of response has no valid seed"
    tried = rejected = 0
    missed: list[str] = []
    too_strict: list[str] = []
    for kind, document in found:
        assert rules.problems(kind, document) == [], kind
        referee = official.validator(SCHEMAS, official.RESPONSE_SCHEMAS[kind])
        ours = rules.validator(kind)
        for label, changed in mutations(document, sets):
            tried += 1
            refused = not referee.is_valid(changed)
            rejected += refused
            if refused and ours.is_valid(changed):
                missed.append(f"{kind}: {label}")
            elif not refused and not ours.is_valid(changed):
                too_strict.append(f"{kind}: {label}")
    assert tried > 10_000 and rejected > 1_000, (tried, rejected)
    assert missed == [], f"{len(missed)} alterations slip through, e.g. {missed[:10]}"
    assert too_strict == [], f"{len(too_strict)} valid answers refused, e.g. {too_strict[:10]}"


def test_the_rules_are_really_checked() -> None:
    assert rules.problems("count", {"meta": {}, "responseSummary": {}})
    assert rules.problems("error", {"meta": {}, "error": {}})
    assert any("exists" in p for p in rules.problems("boolean", {"meta": {}, "responseSummary": {"exists": "yes"}}, 20))


def test_our_node_conforms_over_http(handmade: Path) -> None:
    with live_node(handmade) as base:
        report = verify(base)
    assert report.conforms, [c for c in report.checks if not c.ok]
    assert len(report.checks) == 7 + 4 * 3 + 2


def test_a_broken_beacon_is_reported() -> None:
    with TestClient(broken_beacon()) as client:
        report = verify("http://testserver/api", client)
    failed = {c.name: c for c in report.checks if not c.ok}
    assert not report.conforms
    assert {"GET /", "GET /info", "GET /configuration", "GET /filtering_terms", "GET /entry_types"} <= set(failed)
    assert "GET /service-info" not in failed
    assert any("apiVersion" in p for p in failed["GET /info"].problems)
    assert any("exists" in p or "numTotalResults" in p for p in failed["GET /individuals count"].problems)
    assert "expected an error status" in failed["unknown endpoint"].problems[0]
    assert report.as_dict()["failed"] == len(failed)


def test_the_command_prints_a_report_and_fails_on_errors(handmade: Path) -> None:
    with live_node(handmade) as base:
        done = CliRunner().invoke(app, ["node", "verify", base])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["conforms"] is True
    assert "checks pass" in done.stderr
    dead = CliRunner().invoke(app, ["node", "verify", "http://127.0.0.1:9/api"])
    assert dead.exit_code == 1 and json.loads(dead.stdout)["conforms"] is False


def test_the_installed_command_runs_from_anywhere(handmade: Path, tmp_path: Path) -> None:
    """A real process started far from the repository (no ``../shared`` beside it) verifies a live node."""
    with live_node(handmade) as base:
        done = subprocess.run(
            [sys.executable, "-m", "ic2permed", "node", "verify", base],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["conforms"] is True
