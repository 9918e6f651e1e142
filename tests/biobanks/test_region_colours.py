"""One colour per region on every chart, whatever order the regions come in."""

from __future__ import annotations

from ic2permed.biobanks import charts
from ic2permed.core.vocab import regions


def _fills(svg: bytes) -> list[str]:
    """The region colours in the order the bars are drawn."""
    text = svg.decode("utf-8").lower()
    found = [c for c in (regions.REGION_COLOURS["EU"], regions.REGION_COLOURS["China"]) if f"fill: {c}" in text]
    return sorted(found, key=lambda c: text.index(f"fill: {c}"))


def test_a_region_keeps_its_colour_in_either_order() -> None:
    for order in (["EU", "China"], ["China", "EU"]):
        svg = charts.bars("t", order, [5, 3], "n", colours=[regions.REGION_COLOURS[r] for r in order])
        assert _fills(svg) == [regions.REGION_COLOURS[r] for r in order]  # each bar in its region's colour
    stacked = charts.stacked_bars("t", ["SERUM"], {"中国": [2], "欧盟": [3]}, "n", colours=["#a3320b", "#0b4f8a"])
    assert len(_fills(stacked)) == 2
    assert regions.REGION_COLOURS["EU"] != regions.REGION_COLOURS["China"]
