from __future__ import annotations

from dataclasses import dataclass

from ic2permed.core.i18n import pick


@dataclass(frozen=True)
class Term:
    """One entry of a controlled list, labelled in both languages."""

    code: str
    label_en: str
    label_zh: str
    parent: str | None = None
    zh_status: str = "translation"

    def label(self, locale: str) -> str:
        return pick(locale, self.label_en, self.label_zh)
