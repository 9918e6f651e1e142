"""Find a font that renders Chinese, for everything we generate (charts, PDFs).

Debian's ``fonts-noto-cjk`` (installed by .ci/run; ``apt-get install fonts-noto-cjk`` elsewhere) ships a
TrueType collection; we pick its Simplified Chinese face. Without it, generated files would show empty
boxes, so callers warn instead of failing silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


@dataclass(frozen=True)
class CjkFont:
    path: Path
    index: int
    family: str


def _family(font: TTFont) -> str:
    name = font["name"].getDebugName(1)
    return str(name or "")


@cache
def cjk_font() -> CjkFont | None:
    for candidate in CANDIDATES:
        path = Path(candidate)
        if not path.exists():
            continue
        if path.suffix.lower() == ".ttc":
            faces = TTCollection(str(path), lazy=True).fonts
            families = [_family(face) for face in faces]
            for index, family in enumerate(families):
                if family.endswith(" SC"):
                    return CjkFont(path, index, family)
            return CjkFont(path, 0, families[0] if families else "CJK")
        return CjkFont(path, 0, _family(TTFont(str(path), lazy=True)))
    return None
