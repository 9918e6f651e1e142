"""A node documents its own API offline: Swagger UI from the package on the node's OpenAPI 3.1 document."""

from __future__ import annotations

import re
from pathlib import Path

from tests.federation.node_helpers import build_handmade, node_client


def test_the_node_serves_its_api_explorer_offline(tmp_path: Path) -> None:
    with node_client(build_handmade(tmp_path)) as client:
        page = client.get("/api/docs")
        spec = client.get("/api/openapi.json").json()
        assets = {name: client.get(f"/api/docs-assets/{name}") for name in ("swagger-ui-bundle.js", "apidocs.js")}
    assert page.status_code == 200
    assert 'data-openapi-url="/api/openapi.json"' in page.text
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page.text) == []
    assert '<html lang="en">' in page.text and "<main>" in page.text and "<h1>" in page.text
    assert "cdn" not in page.text.lower()
    assert all(response.status_code == 200 for response in assets.values())
    assert spec["openapi"].startswith("3.1")
    assert "/api/individuals" in spec["paths"]
