"""Side-by-side comparison of one theme: counterparts aligned, chains of amendment, gaps called out."""

from __future__ import annotations

from collections import defaultdict

from ic2permed.landscape.schemas import Comparison, ComparisonRow, Gap, ItemRead, RelationRead

SIDES = ("eu", "cn", "intl")
CHAIN_TYPES = ("version_of", "supersedes", "amends")


def compare_theme(theme: str, items: list[ItemRead], relations: list[RelationRead]) -> Comparison:
    by_id = {i.id: i for i in items}
    aligned = _aligned_rows(by_id, relations)
    placed = {i.id for row in aligned for side in SIDES for i in getattr(row, side)}
    unaligned = ComparisonRow()
    for item in sorted(items, key=lambda i: (-(i.year or 0), i.id)):
        if item.id not in placed:
            getattr(unaligned, item.side).append(item)
    return Comparison(
        theme=theme,
        aligned=aligned,
        unaligned=unaligned,
        chains=_chains(by_id, relations),
        gaps=_gaps(items),
    )


def _aligned_rows(by_id: dict[str, ItemRead], relations: list[RelationRead]) -> list[ComparisonRow]:
    """Connected groups over counterpart links, one row each, when the group spans two sides."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    bases: dict[frozenset[str], str] = {}
    for link in relations:
        if link.type == "counterpart_of" and link.source_id in by_id and link.target_id in by_id:
            parent[find(link.source_id)] = find(link.target_id)
            bases[frozenset((link.source_id, link.target_id))] = link.basis
    groups: dict[str, list[ItemRead]] = defaultdict(list)
    for item_id in list(parent):
        groups[find(item_id)].append(by_id[item_id])
    rows = []
    for members in groups.values():
        row = ComparisonRow()
        for item in sorted(members, key=lambda i: i.id):
            getattr(row, item.side).append(item)
        ids = {m.id for m in members}
        row.basis = "; ".join(b for pair, b in bases.items() if pair <= ids and b)
        if sum(1 for side in SIDES if getattr(row, side)) >= 2:
            rows.append(row)
    return sorted(rows, key=lambda r: (r.eu[0].id if r.eu else "~", r.cn[0].id if r.cn else "~"))


def _chains(by_id: dict[str, ItemRead], relations: list[RelationRead]) -> list[list[ItemRead]]:
    """Current version first: C, which replaced or amended B, which replaced or amended A."""
    newer: dict[str, str] = {}
    for link in relations:
        if link.type in CHAIN_TYPES and link.source_id in by_id and link.target_id in by_id:
            newer[link.target_id] = link.source_id
    starts = [old for old in newer if old not in newer.values()]
    chains = []
    for start in sorted(starts):
        chain = [by_id[start]]
        seen = {start}
        while chain[-1].id in newer and newer[chain[-1].id] not in seen:
            seen.add(newer[chain[-1].id])
            chain.append(by_id[newer[chain[-1].id]])
        chains.append(chain[::-1])
    return chains


def _gaps(items: list[ItemRead]) -> list[Gap]:
    """Kinds covered by one of the EU and China sides only."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"eu": 0, "cn": 0})
    for item in items:
        if item.side in ("eu", "cn"):
            counts[item.kind][item.side] += 1
    gaps = []
    for kind, sides in sorted(counts.items()):
        if sides["eu"] and not sides["cn"]:
            gaps.append(Gap(kind=kind, present="eu", missing="cn", count=sides["eu"]))
        elif sides["cn"] and not sides["eu"]:
            gaps.append(Gap(kind=kind, present="cn", missing="eu", count=sides["cn"]))
    return gaps
