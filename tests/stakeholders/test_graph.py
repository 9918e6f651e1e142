"""Network measures on small graphs whose answers were worked out by hand (see each test's comment)."""

from __future__ import annotations

import networkx as nx
import pytest

from ic2permed.stakeholders import graph
from ic2permed.stakeholders.graph import Edge, Node

# E1 (EU) ─ B (International) ─ C1 (China);  E2 (Europe non-EU) ─ B;  E2 ─ C2 (China)
NODES = [
    Node("e1", "E1", "欧一", "EU", ("genomics",)),
    Node("e2", "E2", "欧二", "Europe (non-EU)", ("cancer",)),
    Node("b", "B", "桥", "International"),
    Node("c1", "C1", "中一", "China", ("genomics", "cancer")),
    Node("c2", "C2", "中二", "China", ("genomics",)),
]
EDGES = [
    Edge("e1", "b", "member_of", start_year=2010),
    Edge("e2", "b", "member_of", start_year=2015, end_year=2018),
    Edge("b", "c1", "partners_with"),
    Edge("e2", "c2", "signed_mou_with", start_year=2020),
]


def tree() -> nx.Graph:
    return graph.undirected(NODES, EDGES)


def test_brokerage_is_subset_betweenness_from_the_europe_side_to_china() -> None:
    # EU-side→China pairs: e1–c1 via b; e2–c1 via b; e1–c2 via b and e2; e2–c2 direct.
    # Raw counts b = 3, e2 = 1; normalised by (n-1)(n-2) = 12.
    scores = graph.brokerage(tree())
    assert scores["b"] == pytest.approx(3 / 12)
    assert scores["e2"] == pytest.approx(1 / 12)
    assert scores["e1"] == scores["c1"] == scores["c2"] == 0


def test_cross_share_is_the_fraction_of_connected_pairs_running_through_each() -> None:
    shares = graph.cross_share(tree())
    assert shares["b"] == pytest.approx(3 / 4)
    assert shares["e2"] == pytest.approx(1 / 4)


def test_international_bodies_are_neither_side() -> None:
    g = tree()
    assert graph.europe_ids(g) == ["e1", "e2"]
    assert graph.china_ids(g) == ["c1", "c2"]


def test_bridges_and_articulation_points_that_cut_eu_china_paths() -> None:
    # Every tie of a tree is a bridge and each loses 2 of the 4 connected EU–China pairs.
    # Removing b leaves only e2–c2 (3 lost); removing e2 loses e1–c2 (its own pairs do not count).
    bridges, points = graph.critical(tree())
    assert [(b.nodes, b.pairs_lost) for b in bridges] == [
        (("b", "c1"), 2),
        (("b", "e1"), 2),
        (("b", "e2"), 2),
        (("c2", "e2"), 2),
    ]
    assert [(p.nodes, p.pairs_lost) for p in points] == [(("b",), 3), (("e2",), 1)]


def test_only_cuts_that_separate_the_two_sides_are_reported() -> None:
    # A leaf international body hangs on a bridge, but losing it separates no EU–China pair;
    # a leaf EU member does count: it would lose its two China partners.
    nodes = [*NODES, Node("i", "I", "国际", "International"), Node("e3", "E3", "欧三", "EU")]
    g = graph.undirected(nodes, [*EDGES, Edge("i", "e1", "partners_with"), Edge("e3", "e1", "partners_with")])
    bridges, points = graph.critical(g)
    cut = {b.nodes: b.pairs_lost for b in bridges}
    assert ("e1", "i") not in cut
    assert cut[("e1", "e3")] == 2
    assert ("e1",) in [p.nodes for p in points]


def test_degree_constraint_and_effective_size() -> None:
    m = graph.measures(tree())
    assert m.degree == {"e1": 1, "e2": 2, "b": 3, "c1": 1, "c2": 1}
    # b: three unconnected contacts, p = 1/3 each → constraint 3 × (1/3)² = 1/3; effective size 3.
    assert m.constraint["b"] == pytest.approx(1 / 3)
    assert m.effective_size["b"] == pytest.approx(3)
    assert m.constraint["e1"] == pytest.approx(1)
    assert m.effective_size["e2"] == pytest.approx(2)


def test_triangle_constraint_and_effective_size() -> None:
    # Each contact is also tied to the other: (1/2 + 1/2·1/2)² × 2 = 9/8; effective size 2 − 2·1/2 = 1.
    nodes = [Node(x, x, x, "EU") for x in "xyz"]
    g = graph.undirected(nodes, [Edge("x", "y", "partners_with"), Edge("y", "z", "funds"), Edge("z", "x", "funds")])
    m = graph.measures(g)
    assert m.constraint["x"] == pytest.approx(9 / 8)
    assert m.effective_size["x"] == pytest.approx(1)


def test_pagerank_of_a_path_of_three() -> None:
    # a = 0.05 + 0.85·b/2, b = 0.05 + 0.85·2a  →  b = 0.135 / 0.2775, a = c = (1 − b)/2.
    nodes = [Node(x, x, x, "EU") for x in "abc"]
    g = graph.undirected(nodes, [Edge("a", "b", "funds"), Edge("b", "c", "funds")])
    pr = graph.measures(g).pagerank
    assert pr["b"] == pytest.approx(0.135 / 0.2775, rel=1e-4)
    assert pr["a"] == pytest.approx((1 - 0.135 / 0.2775) / 2, rel=1e-4)


def test_louvain_finds_two_triangles_and_is_reproducible() -> None:
    nodes = [Node(x, x, x, "EU") for x in "abcdef"]
    ties = ["ab", "bc", "ca", "de", "ef", "fd", "cd"]
    g = graph.undirected(nodes, [Edge(t[0], t[1], "partners_with") for t in ties])
    assert graph.communities(g) == [{"a", "b", "c"}, {"d", "e", "f"}]
    assert graph.communities(g) == graph.communities(g)


def test_isolated_organisations_form_their_own_community() -> None:
    g = graph.undirected([*NODES, Node("lone", "L", "孤", "China")], EDGES)
    assert {"lone"} in graph.communities(g)
    assert graph.measures(g).constraint["lone"] is None


def test_shortest_path_to_a_hub_carries_the_relation_types() -> None:
    steps = graph.path_to(tree(), "e1", "c2")
    assert steps is not None
    assert [(s.source, s.target, s.types) for s in steps] == [
        ("e1", "b", ("member_of",)),
        ("b", "e2", ("member_of",)),
        ("e2", "c2", ("signed_mou_with",)),
    ]
    lonely = graph.undirected([*NODES, Node("lone", "L", "孤", "China")], EDGES)
    assert graph.path_to(lonely, "e1", "lone") is None


def test_several_relations_between_two_organisations_make_one_tie_with_all_types() -> None:
    g = graph.undirected(NODES, [*EDGES, Edge("b", "c1", "funds")])
    assert g.edges["b", "c1"]["types"] == {"funds", "partners_with"}


def test_suggested_bridges_rank_shared_neighbours_then_themes() -> None:
    # e1–c1: share b (2) + genomics (1) = 3;  e2–c1: share b (2) + cancer (1) = 3;  e1–c2: genomics = 1.
    # e2–c2 are already tied; ties in score are ordered by ids.
    found = graph.suggest_bridges(tree())
    assert [(s.europe, s.china, s.score) for s in found] == [("e1", "c1", 3.0), ("e2", "c1", 3.0), ("e1", "c2", 1.0)]
    assert found[0].shared_neighbours == ("b",)
    assert found[0].shared_themes == ("genomics",)


def test_the_network_as_of_a_year_counts_undated_relations_and_flags_them() -> None:
    kept, undated = graph.as_of(EDGES, 2016)
    assert [(e.source, e.target) for e in kept] == [("e1", "b"), ("e2", "b"), ("b", "c1")]
    assert [(e.source, e.target) for e in undated] == [("b", "c1")]
    kept, _ = graph.as_of(EDGES, 2019)  # e2–b ended in 2018, e2–c2 starts 2020
    assert [(e.source, e.target) for e in kept] == [("e1", "b"), ("b", "c1")]
    kept, _ = graph.as_of(EDGES, 2005)
    assert [(e.source, e.target) for e in kept] == [("b", "c1")]


def test_growth_counts_cross_side_ties_per_year() -> None:
    result = graph.growth(NODES, EDGES, [2015, 2021])
    assert result.cross_ties == [0, 1]  # only e2–c2 (from 2020) joins the two sides directly
    assert result.undated_cross_ties == 0


def test_ego_network() -> None:
    assert sorted(graph.ego(tree(), "e2").nodes) == ["b", "c2", "e2"]
    assert len(graph.ego(tree(), "missing")) == 0


def test_growth_bars_draw_one_bar_per_year() -> None:
    from ic2permed.stakeholders import picture

    svg = picture.growth_bars([2019, 2020, 2021], [0, 1, 3], "Ties", "2 undated")
    assert svg.count("<rect x=") == 3 and "<title>2021: 3</title>" in svg and "2 undated" in svg


def test_measures_of_a_network_without_ties() -> None:
    """An empty registry (or a year before any tie) is answered, not an error from the matrix code."""
    empty = graph.measures(nx.Graph())
    assert empty.degree == {} and empty.constraint == {} and empty.pagerank == {}
    lonely = nx.Graph()
    lonely.add_node("eu-a", region="EU")
    lonely.add_node("cn-b", region="China")
    alone = graph.measures(lonely)
    assert alone.degree == {"eu-a": 0, "cn-b": 0} and alone.constraint == {"eu-a": None, "cn-b": None}
