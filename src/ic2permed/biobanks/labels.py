"""Labels of coded values in the page's language, handed to templates as one object."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ic2permed.biobanks import codes
from ic2permed.core.i18n import pick
from ic2permed.core.vocab import themes


@dataclass(frozen=True)
class Labels:
    locale: str

    def material(self, code: str) -> str:
        return codes.miabis_label("material_types", code, self.locale)

    def collection_type(self, code: str) -> str:
        return codes.miabis_label("collection_types", code, self.locale)

    def data_category(self, code: str) -> str:
        return codes.miabis_label("data_categories", code, self.locale)

    def sex(self, code: str) -> str:
        return codes.miabis_label("sex", code, self.locale)

    def storage(self, code: str) -> str:
        return codes.miabis_label("storage_temperatures", code, self.locale)

    def disease(self, code: str) -> str:
        return codes.disease_label(code, self.locale)

    def duo(self, code: str) -> str:
        return codes.duo_label(code, self.locale)

    def country(self, code: str) -> str:
        return codes.country_label(code, self.locale)

    def region(self, code: str) -> str:
        return codes.region_label(code, self.locale)

    def theme(self, code: str) -> str:
        known = themes.themes().get(code)
        return known.label(self.locale) if known else code

    def title(self, item: Any) -> str:
        """A landscape item's title as a link names it: Chinese on Chinese pages when there is one."""
        return pick(self.locale, str(item.title_en), str(getattr(item, "title_zh", None) or ""))

    def name(self, item: Any) -> str:
        """Chinese name on Chinese pages when there is one; English otherwise."""
        return pick(self.locale, str(item.name_en), str(getattr(item, "name_zh", None) or ""))

    def other_name(self, item: Any) -> str:
        if self.locale == "zh_Hans":
            return str(item.name_en) if getattr(item, "name_zh", None) else ""
        return str(getattr(item, "name_zh", None) or "")

    def description(self, item: Any) -> str:
        return pick(
            self.locale, str(getattr(item, "description_en", None) or ""), getattr(item, "description_zh", None)
        )

    @staticmethod
    def number(value: int | None) -> str:
        return "—" if value is None else f"{value:,}"
