"""Exports (JSON contract, GraphML and GEXF for Gephi, CSV of nodes and edges) and parsing of CSV imports."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.stakeholders import graph
from ic2permed.stakeholders.graph import nx_module
from ic2permed.stakeholders.schemas import Network, OrganisationRead, RelationRead

NODE_COLUMNS = [
    "id",
    "name_en",
    "name_zh",
    "name_zh_status",
    "acronym",
    "ror",
    "parent_id",
    "type",
    "region",
    "country",
    "website",
    "pm_role_en",
    "pm_role_zh",
    "themes",
    "verified",
    "sources",
]
EDGE_COLUMNS = ["source", "target", "type", "start_year", "end_year", "basis", "verified", "sources"]
MAX_IMPORT_BYTES = 5_000_000


def contract(net: Network) -> dict[str, Any]:
    """`ic2permed stakeholders export --format json`: organisations and relations, keys kept stable."""
    return {
        "organisations": [o.model_dump(mode="json") for o in net.organisations],
        "relations": [r.model_dump(mode="json", exclude={"id"}) for r in net.relations],
    }


def _multigraph(net: Network) -> nx.MultiDiGraph:
    nodes = [graph.Node(o.id, o.name_en, o.name_zh, o.region, tuple(o.themes), o.type) for o in net.organisations]
    edges = [graph.Edge(r.source, r.target, r.type, r.start_year, r.end_year) for r in net.relations]
    g = graph.directed(nodes, edges)
    for org in net.organisations:
        g.nodes[org.id].update(acronym=org.acronym, country=org.country or "", verified=org.verified)
    return g


def graphml(net: Network) -> str:
    return "\n".join(nx_module().generate_graphml(_multigraph(net))) + "\n"


def gexf(net: Network) -> str:
    return "\n".join(nx_module().generate_gexf(_multigraph(net))) + "\n"


def _csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def _safe(value: str) -> str:
    """Neutralise spreadsheet formulas in exported cells."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def node_row(org: OrganisationRead) -> dict[str, str]:
    data = org.model_dump(mode="json")
    row = {
        c: _safe(str(data[c])) if data[c] is not None else ""
        for c in NODE_COLUMNS
        if c not in ("themes", "sources", "verified")
    }
    row["themes"] = ";".join(org.themes)
    row["verified"] = "true" if org.verified else "false"
    row["sources"] = json.dumps(org.sources, ensure_ascii=False)
    return row


def edge_row(rel: RelationRead) -> dict[str, str]:
    return {
        "source": rel.source,
        "target": rel.target,
        "type": rel.type,
        "start_year": "" if rel.start_year is None else str(rel.start_year),
        "end_year": "" if rel.end_year is None else str(rel.end_year),
        "basis": _safe(rel.basis),
        "verified": "true" if rel.verified else "false",
        "sources": json.dumps(rel.sources, ensure_ascii=False),
    }


def nodes_csv(net: Network) -> str:
    return _csv(NODE_COLUMNS, [node_row(o) for o in net.organisations])


def edges_csv(net: Network) -> str:
    return _csv(EDGE_COLUMNS, [edge_row(r) for r in net.relations])


def _rows(label: str, content: bytes, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationFailed("File too large", [FieldError(label, f"at most {MAX_IMPORT_BYTES // 1_000_000} MB")])
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed("Not UTF-8", [FieldError(label, "save the file as UTF-8 CSV")]) from None
    try:
        reader = csv.DictReader(io.StringIO(decoded))
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise ValidationFailed("Missing columns", [FieldError(label, f"missing column(s): {', '.join(missing)}")])
        # Row numbers as a spreadsheet shows them: the header is row 1.
        return [(i + 2, {k: (v or "").strip() for k, v in r.items() if k}) for i, r in enumerate(reader)]
    except csv.Error as exc:
        raise ValidationFailed("Unreadable CSV", [FieldError(label, str(exc))]) from None


def _bool(value: str) -> bool | str:
    lowered = value.lower()
    if lowered in ("", "false", "0", "no"):
        return False
    if lowered in ("true", "1", "yes"):
        return True
    return value  # left for validation to reject


def _sources(value: str) -> Any:
    if not value:
        return []
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value  # left for validation to reject


def _year(value: str) -> Any:
    return None if not value else int(value) if value.lstrip("-").isdigit() else value


def parse_nodes(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    parsed = []
    for row, raw in _rows("organisations", content, ("id", "name_en", "type", "region")):
        data: dict[str, Any] = {k: v for k, v in raw.items() if k in NODE_COLUMNS and v != ""}
        data["themes"] = [t.strip() for t in raw.get("themes", "").split(";") if t.strip()]
        data["verified"] = _bool(raw.get("verified", ""))
        data["sources"] = _sources(raw.get("sources", ""))
        parsed.append((row, data))
    return parsed


def parse_edges(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    parsed = []
    for row, raw in _rows("relations", content, ("source", "target", "type")):
        data: dict[str, Any] = {k: v for k, v in raw.items() if k in EDGE_COLUMNS and v != ""}
        data["start_year"] = _year(raw.get("start_year", ""))
        data["end_year"] = _year(raw.get("end_year", ""))
        data["verified"] = _bool(raw.get("verified", ""))
        data["sources"] = _sources(raw.get("sources", ""))
        parsed.append((row, data))
    return parsed
