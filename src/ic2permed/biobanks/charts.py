"""Server-rendered charts of the statistics page: matplotlib, no pyplot state, SVG with text as paths.

Text is drawn as paths so Chinese labels show in any browser; the CJK face is Debian's Noto Sans CJK
(``fonts-noto-cjk``, found by ``core.fonts``). Each chart is also given as a table on the page,
for screen readers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ic2permed.core.fonts import cjk_font

PALETTE = ("#0b4f8a", "#a3320b", "#1d6b35", "#8a5a00", "#5b3a8a", "#4a5560")


@cache
def font_family() -> list[str]:
    """The installed CJK face (registered with matplotlib once), then matplotlib's default."""
    found = cjk_font()
    if found is None:
        return ["DejaVu Sans"]
    font_manager.fontManager.addfont(str(found.path))
    return [found.family, "DejaVu Sans"]


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(8, height), dpi=100, layout="constrained")
    return figure


def _render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "ic2permed"}):
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def stacked_bars(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    xlabel: str,
    fmt: str = "svg",
    colours: Sequence[str] | None = None,
) -> bytes:
    """Horizontal bars, one per category, stacked by series (e.g. samples by material × region).

    `colours` (one per series, or per bar when there is one series) keeps a region's colour fixed.
    """
    with matplotlib.rc_context({"font.family": font_family(), "font.size": 10}):
        figure = _figure(max(2.5, 0.38 * len(categories) + 1.4))
        axes = figure.add_subplot()
        left = [0.0] * len(categories)
        positions = list(range(len(categories)))
        for index, (name, values) in enumerate(series.items()):
            palette = colours or PALETTE
            colour: str | list[str] = palette[index % len(palette)]
            if colours and len(series) == 1:
                colour = list(colours)  # one colour per bar
            axes.barh(positions, values, left=left, label=name, color=colour)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_yticks(positions, labels=list(categories))
        axes.invert_yaxis()
        axes.set_title(title)
        axes.set_xlabel(xlabel)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        if len(series) > 1:
            axes.legend(frameon=False, loc="lower right")
        return _render(figure, fmt)


def bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    xlabel: str,
    fmt: str = "svg",
    colours: Sequence[str] | None = None,
) -> bytes:
    return stacked_bars(title, labels, {"": values}, xlabel, fmt, colours)
