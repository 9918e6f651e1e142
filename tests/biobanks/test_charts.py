"""Charts render Chinese with a real CJK face: no missing-glyph boxes in SVG or PNG."""

from __future__ import annotations

import warnings

import pytest

from ic2permed.biobanks import charts
from ic2permed.core.fonts import cjk_font


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font installed (fonts-noto-cjk)")
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_chinese_labels_have_glyphs(fmt: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = charts.stacked_bars(
            "按地区统计的样本", ["血清", "全血"], {"欧盟": [1200, 0], "中国": [4000, 900]}, "样本", fmt
        )
    assert not [w for w in caught if "missing from font" in str(w.message)]
    assert data.startswith(b"<?xml" if fmt == "svg" else b"\x89PNG")
    assert charts.font_family()[0].startswith("Noto Sans CJK")
