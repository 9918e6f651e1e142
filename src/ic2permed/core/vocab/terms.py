from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One entry of a controlled list, labelled in both languages."""

    code: str
    label_en: str
    label_zh: str
    parent: str | None = None
    zh_status: str = "translation"

    def label(self, locale: str) -> str:
        return self.label_zh if locale == "zh_Hans" and self.label_zh else self.label_en
