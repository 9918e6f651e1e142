"""Requesters over real HTTP: unsigned, signed by a trusted hub, tampered, stale, unknown; borders."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from ic2permed.core.errors import Unauthorized
from ic2permed.federation import signing
from ic2permed.federation.disclosure import Protection
from ic2permed.federation.signing import TrustedHub, load_trusted_hubs
from tests.federation.node_helpers import HUB_SECRET, QUESTION, body, build_handmade, live_node

EU_HUB = TrustedHub("hub-eu", HUB_SECRET, "EU")
CN_HUB = TrustedHub("hub-cn", "cn-" + HUB_SECRET, "CN")
HUBS = {EU_HUB.id: EU_HUB, CN_HUB.id: CN_HUB}


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_handmade(tmp_path_factory.mktemp("signing"))


def post(
    base: str, entry: str, payload: dict[str, Any], hub: TrustedHub | None = None, user: str = "u-1", **tamper: Any
) -> httpx.Response:
    raw = json.dumps(payload).encode()
    path = httpx.URL(f"{base}/{entry}").path
    headers = {"Content-Type": "application/json"}
    if hub is not None:
        headers |= signing.sign(hub.id, hub.secret, "POST", path, raw, user, now=tamper.get("now"))
    if "body" in tamper:
        raw = json.dumps(tamper["body"]).encode()
    return httpx.post(f"{base}/{entry}", content=raw, headers=headers, timeout=10)


def test_the_headline_question_over_http(handmade: Path) -> None:
    with live_node(handmade) as base:
        answer = post(base, "individuals", body(QUESTION)).json()
        assert answer["responseSummary"] == {"exists": True, "numTotalResults": 5}
        assert httpx.get(f"{base}/info").json()["response"]["info"]["countPrecision"] == "exact"


def test_signed_tampered_stale_and_unknown(handmade: Path) -> None:
    with live_node(handmade, protection=Protection(), trusted_hubs=HUBS, allow_records=True) as base:
        assert post(base, "individuals", body([]), EU_HUB).status_code == 200
        assert post(base, "individuals", body([])).status_code == 200  # unsigned: anonymous
        tampered = post(base, "individuals", body([]), EU_HUB, body=body([{"id": "NCIT:C16576"}]))
        assert tampered.status_code == 401 and tampered.json()["error"]["errorCode"] == 401
        stale = post(base, "individuals", body([]), EU_HUB, now=time.time() - 3600)
        assert stale.status_code == 401 and "stale" in stale.json()["error"]["errorMessage"]
        stranger = post(base, "individuals", body([]), TrustedHub("hub-x", HUB_SECRET))
        assert stranger.status_code == 401
        forged = post(base, "individuals", body([]), TrustedHub(EU_HUB.id, "guess"))
        assert forged.status_code == 401


def test_budgets_and_noise_follow_the_pseudonymous_user(handmade: Path) -> None:
    with live_node(handmade, protection=Protection(budget_per_day=2), trusted_hubs=HUBS) as base:
        for _ in range(2):
            assert post(base, "individuals", body([]), EU_HUB, user="alice").status_code == 200
        assert post(base, "individuals", body([]), EU_HUB, user="alice").status_code == 429
        assert post(base, "individuals", body([]), EU_HUB, user="bob").status_code == 200
        assert post(base, "individuals", body([])).status_code == 200  # the anonymous client's own budget


@pytest.mark.parametrize(
    ("node", "hub", "granted"),
    [
        ("EU", EU_HUB, "record"),
        ("EU", CN_HUB, "count"),
        ("CN", EU_HUB, "count"),
        ("CN", CN_HUB, "record"),
        ("CN", None, "count"),
    ],
)
def test_record_level_never_crosses_a_border(handmade: Path, node: str, hub: TrustedHub | None, granted: str) -> None:
    with live_node(handmade, jurisdiction=node, trusted_hubs=HUBS, allow_records=True) as base:
        answer = post(base, "individuals", body([], "record"), hub).json()
        assert answer["meta"]["returnedGranularity"] == granted
        single = httpx.get(f"{base}/individuals/D01", timeout=10)
        assert single.status_code == 403


def test_no_records_unless_the_node_allows_them(handmade: Path) -> None:
    with live_node(handmade, trusted_hubs=HUBS) as base:
        answer = post(base, "individuals", body([], "record"), EU_HUB).json()
        assert answer["meta"]["returnedGranularity"] == "count"


def test_verify_without_headers_is_anonymous() -> None:
    assert signing.verify(HUBS, {}, "POST", "/api/individuals", b"") is None
    headers = signing.sign(EU_HUB.id, EU_HUB.secret, "POST", "/api/individuals", b"{}", "u", now=1000)
    assert signing.verify(HUBS, headers, "POST", "/api/individuals", b"{}", now=1100) is not None
    with pytest.raises(Unauthorized):
        signing.verify(HUBS, headers, "GET", "/api/individuals", b"{}", now=1100)
    with pytest.raises(Unauthorized):
        signing.verify(HUBS, headers, "POST", "/api/biosamples", b"{}", now=1100)


def test_trusted_hubs_file(tmp_path: Path) -> None:
    path = tmp_path / "hubs.json"
    path.write_text(json.dumps({"hubs": [{"id": "h", "secret": "s" * 32, "jurisdiction": "cn"}]}), encoding="utf-8")
    assert load_trusted_hubs(path) == {"h": TrustedHub("h", "s" * 32, "CN")}
    path.write_text(json.dumps([{"id": "h"}]), encoding="utf-8")
    with pytest.raises(Exception, match="secret"):
        load_trusted_hubs(path)
