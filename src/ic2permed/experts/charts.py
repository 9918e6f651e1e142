"""Rating distribution charts for Delphi statements (SVG for pages, PNG for the roadmap PDF)."""

from __future__ import annotations

import io
from functools import cache

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ic2permed.core.fonts import cjk_font
from ic2permed.core.i18n import N_, gettext

AGREE = "#1d6b35"
DISAGREE = "#a3320b"
NEUTRAL = "#8a8f98"


@cache
def _font_family() -> list[str]:
    font = cjk_font()
    if font is None:
        return ["DejaVu Sans"]
    font_manager.fontManager.addfont(str(font.path))
    return [font_manager.FontProperties(fname=str(font.path)).get_name(), "DejaVu Sans"]


def distribution(
    counts: dict[str, int], scale: str, locale: str, title: str = "", own: int | None = None, fmt: str = "svg"
) -> bytes:
    """Bars of how many experts gave each rating, agreement band green, disagreement red, own rating marked."""
    matplotlib.rcParams["font.family"] = _font_family()
    matplotlib.rcParams["svg.fonttype"] = "none"
    fig = Figure(figsize=(4.2, 1.9), dpi=110)
    ax = fig.add_subplot()
    ratings = sorted(counts, key=int)
    agree_from, disagree_to = (4, 2) if scale == "likert5" else (7, 3)
    colours = [AGREE if int(r) >= agree_from else DISAGREE if int(r) <= disagree_to else NEUTRAL for r in ratings]
    bars = ax.bar(ratings, [counts[r] for r in ratings], color=colours)
    if own is not None and str(own) in ratings:
        bars[ratings.index(str(own))].set_edgecolor("#111")
        bars[ratings.index(str(own))].set_linewidth(2)
    ax.set_xlabel(gettext(locale, N_("Rating")))
    ax.set_ylabel(gettext(locale, N_("Experts")))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if title:
        ax.set_title(title, fontsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, bbox_inches="tight", metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
