"""Network analysis of the stakeholder registry: who bridges the European and Chinese sides, where a bridge is missing.

Pure functions over plain node/edge records, so every measure can be tested on small graphs worked out by hand.
The analysis graph is undirected and simple (several relations between two organisations make one tie carrying all
their types); exports keep the directed multigraph.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

from ic2permed.core.vocab.regions import CHINA, EU, EUROPE_NON_EU


def nx_module() -> Any:
    """networkx, imported on first use: every `ic2permed` command starts about a second faster without it."""
    import networkx

    return networkx


EUROPE_SIDE = frozenset({EU, EUROPE_NON_EU})
CHINA_SIDE = frozenset({CHINA})


@dataclass(frozen=True)
class Node:
    id: str
    name_en: str
    name_zh: str
    region: str
    themes: tuple[str, ...] = ()
    type: str = ""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: str
    start_year: int | None = None
    end_year: int | None = None

    @property
    def dated(self) -> bool:
        return self.start_year is not None or self.end_year is not None

    def active_in(self, year: int) -> bool:
        """Undated relations count in every year (callers flag them)."""
        if self.start_year is not None and self.start_year > year:
            return False
        return not (self.end_year is not None and self.end_year < year)


def side(region: str) -> str | None:
    if region in EUROPE_SIDE:
        return "europe"
    if region in CHINA_SIDE:
        return "china"
    return None


def as_of(edges: Iterable[Edge], year: int | None) -> tuple[list[Edge], list[Edge]]:
    """The relations standing in `year` (all when None), and among them the undated ones to flag."""
    kept = [e for e in edges if year is None or e.active_in(year)]
    return kept, [e for e in kept if not e.dated]


def undirected(nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.Graph:
    graph = nx_module().Graph()
    for node in nodes:
        graph.add_node(node.id, node=node, region=node.region)
    for edge in edges:
        if edge.source == edge.target or edge.source not in graph or edge.target not in graph:
            continue
        if graph.has_edge(edge.source, edge.target):
            graph.edges[edge.source, edge.target]["types"].add(edge.type)
        else:
            graph.add_edge(edge.source, edge.target, types={edge.type})
    return graph


def directed(nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.MultiDiGraph:
    graph = nx_module().MultiDiGraph()
    for node in nodes:
        graph.add_node(
            node.id,
            label=node.name_en,
            name_zh=node.name_zh,
            region=node.region,
            type=node.type,
            themes=";".join(node.themes),
        )
    for edge in edges:
        if edge.source in graph and edge.target in graph:
            graph.add_edge(
                edge.source,
                edge.target,
                type=edge.type,
                start_year=edge.start_year if edge.start_year is not None else "",
                end_year=edge.end_year if edge.end_year is not None else "",
            )
    return graph


def europe_ids(graph: nx.Graph) -> list[str]:
    return sorted(n for n, data in graph.nodes(data=True) if data["region"] in EUROPE_SIDE)


def china_ids(graph: nx.Graph) -> list[str]:
    return sorted(n for n, data in graph.nodes(data=True) if data["region"] in CHINA_SIDE)


def brokerage(graph: nx.Graph) -> dict[str, float]:
    """Subset betweenness from the Europe side to the China side (networkx, normalised): the share of EU–China
    shortest paths that run through each organisation."""
    scores = nx_module().betweenness_centrality_subset(graph, europe_ids(graph), china_ids(graph), normalized=True)
    return {node: float(value) for node, value in scores.items()}


def cross_share(graph: nx.Graph) -> dict[str, float]:
    """Of all connected EU–China pairs, the fraction whose shortest paths pass through each organisation
    (path counts split evenly when there are several shortest paths)."""
    europe, china = europe_ids(graph), china_ids(graph)
    raw = nx_module().betweenness_centrality_subset(graph, europe, china, normalized=False)
    connected = sum(1 for e in europe for c in china if e != c and nx_module().has_path(graph, e, c))
    if connected == 0:
        return dict.fromkeys(graph.nodes, 0.0)
    # networkx halves undirected subset counts; double back to whole pairs.
    return {node: 2.0 * float(value) / connected for node, value in raw.items()}


@dataclass(frozen=True)
class Measures:
    degree: dict[str, int]
    betweenness: dict[str, float]
    pagerank: dict[str, float]
    constraint: dict[str, float | None]
    effective_size: dict[str, float | None]
    brokerage: dict[str, float]
    cross_share: dict[str, float]
    community: dict[str, int]


def _finite(value: float) -> float | None:
    return None if value != value else float(value)  # NaN (isolates) → None


def communities(graph: nx.Graph) -> list[set[str]]:
    """Louvain with seed 0 (reproducible), largest first, ties by the smallest member id."""
    found = nx_module().community.louvain_communities(graph, seed=0) if graph.number_of_edges() else []
    found = [set(c) for c in found]
    covered = set().union(*found) if found else set()
    found.extend({n} for n in graph.nodes if n not in covered)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def measures(graph: nx.Graph) -> Measures:
    membership = {n: i for i, group in enumerate(communities(graph)) for n in group}
    if not graph.number_of_edges():  # no tie at all (an empty registry, or a year before any): nothing to broker
        isolated: dict[str, float | None] = {n: None for n in graph.nodes}
        return Measures(
            degree={n: 0 for n in graph.nodes},
            betweenness={n: 0.0 for n in graph.nodes},
            pagerank={n: 1 / len(graph) for n in graph.nodes} if len(graph) else {},
            constraint=isolated,
            effective_size=dict(isolated),
            brokerage=brokerage(graph),
            cross_share=cross_share(graph),
            community=membership,
        )
    return Measures(
        degree={n: int(d) for n, d in graph.degree()},
        betweenness={n: float(v) for n, v in nx_module().betweenness_centrality(graph, normalized=True).items()},
        pagerank={n: float(v) for n, v in nx_module().pagerank(graph).items()} if len(graph) else {},
        constraint={n: _finite(v) for n, v in nx_module().constraint(graph).items()},
        effective_size={n: _finite(v) for n, v in nx_module().effective_size(graph).items()},
        brokerage=brokerage(graph),
        cross_share=cross_share(graph),
        community=membership,
    )


def _connected_cross_pairs(graph: nx.Graph) -> int:
    count = 0
    for component in nx_module().connected_components(graph):
        regions = [graph.nodes[n]["region"] for n in component]
        count += sum(1 for r in regions if r in EUROPE_SIDE) * sum(1 for r in regions if r in CHINA_SIDE)
    return count


@dataclass(frozen=True)
class CutPoint:
    """An organisation or tie whose loss disconnects `pairs_lost` EU–China pairs."""

    nodes: tuple[str, ...]
    pairs_lost: int


def critical(graph: nx.Graph) -> tuple[list[CutPoint], list[CutPoint]]:
    """Bridges and articulation points that cut EU–China paths, most pairs lost first."""
    before = _connected_cross_pairs(graph)
    bridges: list[CutPoint] = []
    for u, v in nx_module().bridges(graph):
        trial = graph.copy()
        trial.remove_edge(u, v)
        lost = before - _connected_cross_pairs(trial)
        if lost:
            bridges.append(CutPoint(tuple(sorted((u, v))), lost))
    points: list[CutPoint] = []
    for node in nx_module().articulation_points(graph):
        trial = graph.copy()
        trial.remove_node(node)
        # Pairs involving the removed organisation itself do not count as "cut through" it.
        own = _own_cross_pairs(graph, node)
        lost = before - own - _connected_cross_pairs(trial)
        if lost:
            points.append(CutPoint((node,), lost))
    order = lambda c: (-c.pairs_lost, c.nodes)  # noqa: E731
    return sorted(bridges, key=order), sorted(points, key=order)


def _own_cross_pairs(graph: nx.Graph, node: str) -> int:
    region = graph.nodes[node]["region"]
    component = nx_module().node_connected_component(graph, node)
    if region in EUROPE_SIDE:
        return sum(1 for n in component if graph.nodes[n]["region"] in CHINA_SIDE)
    if region in CHINA_SIDE:
        return sum(1 for n in component if graph.nodes[n]["region"] in EUROPE_SIDE)
    return 0


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    types: tuple[str, ...]


def path_to(graph: nx.Graph, start: str, hub: str) -> list[Step] | None:
    """A shortest path from `start` to `hub` with the relation types on each tie; None when unreachable."""
    if start not in graph or hub not in graph or not nx_module().has_path(graph, start, hub):
        return None
    nodes = nx_module().shortest_path(graph, start, hub)
    return [Step(a, b, tuple(sorted(graph.edges[a, b]["types"]))) for a, b in itertools.pairwise(nodes)]


@dataclass(frozen=True)
class Suggestion:
    europe: str
    china: str
    score: float
    shared_themes: tuple[str, ...]
    shared_neighbours: tuple[str, ...]


def suggest_bridges(graph: nx.Graph, limit: int = 20) -> list[Suggestion]:
    """EU-side/China pairs without a direct tie, ranked by shared neighbours (weight 2 each) plus shared themes
    (1 each); a pair needs at least one of either. Ties broken by ids so the order is stable."""
    found: list[Suggestion] = []
    for e in europe_ids(graph):
        e_themes = set(graph.nodes[e]["node"].themes)
        e_neigh = set(graph.adj[e])
        for c in china_ids(graph):
            if graph.has_edge(e, c):
                continue
            themes = tuple(sorted(e_themes & set(graph.nodes[c]["node"].themes)))
            neighbours = tuple(sorted(e_neigh & set(graph.adj[c])))
            if not themes and not neighbours:
                continue
            found.append(Suggestion(e, c, 2.0 * len(neighbours) + len(themes), themes, neighbours))
    found.sort(key=lambda s: (-s.score, s.europe, s.china))
    return found[:limit]


def ego(graph: nx.Graph, centre: str, radius: int = 1) -> nx.Graph:
    if centre not in graph:
        return nx_module().Graph()
    return nx_module().ego_graph(graph, centre, radius=radius)


@dataclass
class Growth:
    """Per year: organisations tied across the EU–China divide and the number of cross-side ties."""

    years: list[int] = field(default_factory=list)
    cross_ties: list[int] = field(default_factory=list)
    undated_cross_ties: int = 0


def growth(nodes: Sequence[Node], edges: Sequence[Edge], years: Iterable[int]) -> Growth:
    region = {n.id: n.region for n in nodes}

    def crosses(e: Edge) -> bool:
        sides = {side(region.get(e.source, "")), side(region.get(e.target, ""))}
        return sides == {"europe", "china"}

    result = Growth()
    for year in years:
        kept, _undated = as_of(edges, year)
        pairs = {frozenset((e.source, e.target)) for e in kept if crosses(e)}
        result.years.append(year)
        result.cross_ties.append(len(pairs))
    result.undated_cross_ties = len({frozenset((e.source, e.target)) for e in edges if crosses(e) and not e.dated})
    return result
