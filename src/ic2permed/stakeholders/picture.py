"""The network picture as plain SVG: region colours shared with the other charts, circles sized by EU–China
brokerage, every organisation a link, a title tooltip on each, so it works with no JavaScript at all."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from ic2permed.core.vocab.regions import REGION_COLOURS, REGIONS
from ic2permed.stakeholders.graph import nx_module

WIDTH, HEIGHT, MARGIN = 960, 620, 60


@dataclass(frozen=True)
class Labels:
    """Texts drawn in the picture, already translated by the caller."""

    title: str
    legend_size: str
    empty: str
    region: Mapping[str, str]
    relation: Mapping[str, str] = field(default_factory=dict)  # relation type code -> label


def _scale(
    pos: dict[str, tuple[float, float]], box: tuple[float, float, float, float]
) -> dict[str, tuple[float, float]]:
    """Fit layout coordinates into (left, top, width, height); a flat axis stays centred."""
    left, top, width, height = box
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    low_x, high_x = min(min(xs), -1.0), max(max(xs), 1.0)
    low_y, high_y = min(min(ys), -1.0), max(max(ys), 1.0)
    return {
        n: (left + (x - low_x) / (high_x - low_x) * width, top + (y - low_y) / (high_y - low_y) * height)
        for n, (x, y) in pos.items()
    }


def _positions(graph: nx.Graph, centre: str | None) -> dict[str, tuple[float, float]]:
    if len(graph) == 0:
        return {}
    width = WIDTH - 2 * MARGIN - 200  # the legend keeps the right-hand 200 px
    if centre is not None and centre in graph:
        # Ego view: the centre in the middle, its contacts on a circle ordered by id (stable).
        others = sorted(n for n in graph if n != centre)
        pos = {centre: (0.0, 0.0)}
        for i, node in enumerate(others):
            angle = 2 * math.pi * i / len(others)
            pos[node] = (math.cos(angle), math.sin(angle))
        return _scale(pos, (MARGIN, MARGIN, width, HEIGHT - 2 * MARGIN))
    # The largest component gets the drawing area; the other components line up below it, largest first.
    components = sorted((sorted(c) for c in nx_module().connected_components(graph)), key=lambda c: (-len(c), c[0]))
    big, small = components[0], components[1:]
    rows = min(3, math.ceil(sum(len(c) for c in small) / 24)) if small else 0
    area_height = HEIGHT - 2 * MARGIN - rows * 24
    placed: dict[str, tuple[float, float]] = {}
    if big:
        core = graph.subgraph(big)
        raw = nx_module().spring_layout(core, seed=0, k=1.8 / math.sqrt(max(len(core), 1)), iterations=200)
        placed = _scale({n: (float(x), float(y)) for n, (x, y) in raw.items()}, (MARGIN, MARGIN, width, area_height))
    flat = [n for c in small for n in c]
    per_row = max(1, math.ceil(len(flat) / rows)) if rows else 1
    step = width / max(per_row, 1)
    for i, node in enumerate(flat):
        row, col = divmod(i, per_row)
        placed[node] = (MARGIN + step * (col + 0.5), HEIGHT - MARGIN - (rows - 1 - row) * 24)
    return placed


def render(
    graph: nx.Graph,
    scores: Mapping[str, float],
    labels: Labels,
    name: Callable[[str], str],
    href: Callable[[str], str],
    centre: str | None = None,
) -> str:
    """An SVG document of `graph` (already cut to an ego network when `centre` is given)."""
    pos = _positions(graph, centre)
    peak = max(scores.values(), default=0.0) or 1.0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(labels.title)}" class="network" font-family="sans-serif" font-size="11">',
        f"<title>{escape(labels.title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    if not pos:
        out.append(f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">{escape(labels.empty)}</text></svg>')
        return "".join(out)
    out.append('<g stroke="#9aa4ae" stroke-width="1" stroke-opacity="0.7">')
    for a, b, data in sorted(graph.edges(data=True)):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        kinds = ", ".join(sorted(labels.relation.get(t, t) for t in data.get("types", ())))
        out.append(
            f'<line data-a="{escape(a)}" data-b="{escape(b)}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
            f"<title>{escape(name(a))} – {escape(name(b))}: {escape(kinds)}</title></line>"
        )
    out.append("</g>")
    # Largest brokers last, so they are drawn on top.
    for node in sorted(graph.nodes, key=lambda n: (scores.get(n, 0.0), n)):
        x, y = pos[node]
        score = scores.get(node, 0.0)
        radius = 5 + 20 * math.sqrt(score / peak)
        colour = REGION_COLOURS.get(graph.nodes[node].get("region", ""), "#4a5560")
        ring = ' stroke="#1b1f24" stroke-width="3"' if node == centre else ' stroke="#ffffff" stroke-width="1"'
        text = name(node)
        short = text if len(text) <= 22 else text[:21] + "…"
        # The whole network labels only its brokers and hubs (the rest have a tooltip); an ego network labels all.
        labelled = centre is not None or score > 0 or graph.degree(node) >= 4
        out.append(
            f'<a href="{escape(href(node))}" class="node" data-id="{escape(node)}">'
            f"<title>{escape(text)} · {escape(labels.region.get(graph.nodes[node].get('region', ''), ''))}"
            f" · {score:.3f}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}"{ring}/>'
            + (
                f'<text x="{x + radius + 3:.1f}" y="{y + 4:.1f}" fill="#1b1f24">{escape(short)}</text>'
                if labelled
                else ""
            )
            + "</a>"
        )
    legend_x = WIDTH - 190
    out.append(f'<g class="legend" transform="translate({legend_x},{MARGIN})">')
    for i, term in enumerate(REGIONS):
        out.append(
            f'<circle cx="8" cy="{i * 22}" r="7" fill="{REGION_COLOURS[term.code]}"/>'
            f'<text x="22" y="{i * 22 + 4}">{escape(labels.region.get(term.code, term.code))}</text>'
        )
    out.append(f'<text x="0" y="{len(REGIONS) * 22 + 10}" font-style="italic">{escape(labels.legend_size)}</text></g>')
    out.append("</svg>")
    return "".join(out)


def growth_bars(years: list[int], counts: list[int], title: str, undated_note: str) -> str:
    """Cross-side ties standing in each year as plain SVG bars (undated ties are in every bar; the note says so)."""
    width, height, left, bottom = 960, 220, 40, 30
    peak = max(counts, default=0) or 1
    step = (width - left - 10) / max(len(years), 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="growth" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="10"><title>{escape(title)}</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for i, (year, count) in enumerate(zip(years, counts, strict=True)):
        bar = (height - bottom - 20) * count / peak
        x = left + i * step
        out.append(
            f'<rect x="{x + 1:.1f}" y="{height - bottom - bar:.1f}" width="{max(step - 2, 1):.1f}" height="{bar:.1f}" '
            f'fill="{REGION_COLOURS["EU"]}"><title>{year}: {count}</title></rect>'
        )
        if len(years) <= 30 or i % 5 == 0:
            out.append(f'<text x="{x + step / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle">{year}</text>')
    out.append(f'<text x="{left}" y="14">{escape(title)} · {escape(undated_note)}</text></svg>')
    return "".join(out)
