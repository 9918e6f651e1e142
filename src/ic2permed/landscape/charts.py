"""Server-rendered charts: theme × region coverage heatmap and a timeline (SVG for pages, PNG for PDF)."""

from __future__ import annotations

import io
from collections import Counter
from functools import cache

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ic2permed.core.fonts import cjk_font
from ic2permed.core.i18n import N_, gettext
from ic2permed.core.vocab import regions, themes
from ic2permed.landscape.schemas import ItemRead

REGION_ORDER = ("EU", "Europe (non-EU)", "China", "International")
COLOURS = regions.REGION_COLOURS


@cache
def _font_family() -> list[str]:
    font = cjk_font()
    families = ["DejaVu Sans"]
    if font is not None:
        font_manager.fontManager.addfont(str(font.path))
        name = font_manager.FontProperties(fname=str(font.path)).get_name()
        families = [name, "DejaVu Sans"]
    return families


def _figure(width: float, height: float) -> Figure:
    matplotlib.rcParams["font.family"] = _font_family()
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return Figure(figsize=(width, height), dpi=100)


def _save(fig: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, bbox_inches="tight", metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def heatmap(items: list[ItemRead], locale: str, fmt: str = "svg", title: str = "") -> bytes:
    """Number of items per topic theme (rows) and region (columns)."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in items:
        for code in item.themes:
            if themes.is_theme(code) and themes.theme(code).kind == themes.TOPIC:
                counts[(code, item.region)] += 1
    topics = [t.code for t in themes.of_kind(themes.TOPIC) if any(counts[(t.code, r)] for r in REGION_ORDER)]
    fig = _figure(7.5, 0.38 * max(len(topics), 3) + 1.6)
    ax = fig.subplots()
    grid = [[counts[(t, r)] for r in REGION_ORDER] for t in topics] or [[0] * len(REGION_ORDER)]
    ax.imshow(grid, cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(REGION_ORDER)), [regions.region(r).label(locale) for r in REGION_ORDER])
    ax.set_yticks(range(len(topics)), [themes.theme(t).label(locale) for t in topics])
    peak = max((max(row) for row in grid), default=0)
    for y, row in enumerate(grid):
        for x, value in enumerate(row):
            ax.text(
                x,
                y,
                str(value),
                ha="center",
                va="center",
                color="white" if peak and value > peak * 0.55 else "#1b1f24",
                fontsize=9,
            )
    ax.xaxis.tick_top()
    if title:
        ax.set_title(title, pad=28)
    return _save(fig, fmt)


def timeline(items: list[ItemRead], locale: str, fmt: str = "svg", title: str = "") -> bytes:
    """Items per year and region, stacked, so waves of regulation on each side stand out."""
    years = sorted({i.year for i in items if i.year})
    fig = _figure(7.5, 3.2)
    ax = fig.subplots()
    if years:
        span = list(range(min(years), max(years) + 1))
        bottom = [0] * len(span)
        for region in REGION_ORDER:
            per_year = Counter(i.year for i in items if i.region == region and i.year)
            values = [per_year.get(y, 0) for y in span]
            if any(values):
                ax.bar(
                    span,
                    values,
                    bottom=bottom,
                    color=COLOURS[region],
                    label=regions.region(region).label(locale),
                )
                bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.legend(frameon=False, fontsize=8)
        step = max(1, len(span) // 10)
        ax.set_xticks(span[::step], [str(y) for y in span[::step]])
        ax.set_xlim(min(span) - 0.7, max(span) + 0.7)
    ax.set_xlabel(gettext(locale, N_("Year")))
    ax.set_ylabel(gettext(locale, N_("Number of items")))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title)
    return _save(fig, fmt)
