"""GA4GH Data Use Ontology terms (EBISPOT/DUO; commit and release in ``data/duo.json`` → ``source``).

Chinese labels and definitions are our translations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ic2permed.core.i18n import pick


@dataclass(frozen=True)
class DuoTerm:
    id: str
    shorthand: str | None
    label_en: str
    label_zh: str
    definition_en: str
    category: str | None

    def label(self, locale: str) -> str:
        return pick(locale, self.label_en, self.label_zh)


@cache
def terms() -> tuple[DuoTerm, ...]:
    data = json.loads((files("ic2permed.core.vocab") / "data" / "duo.json").read_text(encoding="utf-8"))
    return tuple(
        DuoTerm(
            id=row["id"],
            shorthand=row.get("shorthand"),
            label_en=row["label_en"],
            label_zh=row.get("label_zh") or row["label_en"],
            definition_en=row.get("definition_en", ""),
            category=row.get("category"),
        )
        for row in data["terms"]
    )


def term(code: str) -> DuoTerm:
    """Find a term by id (``DUO:0000042``) or shorthand (``GRU``)."""
    wanted = code.strip().upper()
    for row in terms():
        if row.id == wanted or (row.shorthand and row.shorthand.upper() == wanted):
            return row
    raise KeyError(f"{code!r} is not a DUO term")
