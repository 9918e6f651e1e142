"""Turn stored collections into search documents; tokens are computed on write, since jieba is slow."""

from __future__ import annotations

from ic2permed.biobanks import orpha
from ic2permed.biobanks.codes import disease_label, miabis_label, size_bucket
from ic2permed.biobanks.models import Biobank, Collection
from ic2permed.biobanks.search import Doc, close_diseases
from ic2permed.core import text
from ic2permed.core.vocab import icd10

NAME_PREFIX = "n:"


def _labels(collection: Collection, locale: str) -> list[str]:
    labels = [miabis_label("material_types", code, locale) for code in collection.material_types]
    labels += [miabis_label("collection_types", code, locale) for code in collection.collection_types]
    labels += [miabis_label("data_categories", code, locale) for code in collection.data_categories]
    for code in collection.diseases:
        labels.append(disease_label(code, locale))
        if not orpha.is_orpha(code):
            labels.extend(icd10.label(above, locale) for above in _above(code))
    return labels


def _above(code: str) -> list[str]:
    """Block and chapter of a code, so "糖尿病" or "neoplasms" find the codes below them."""
    try:
        return icd10.ancestors(code)
    except (icd10.InvalidCode, ValueError):
        return []


def tokens_for(collection: Collection, biobank: Biobank) -> list[str]:
    """Search tokens of a collection in both languages; name tokens are kept apart to rank them higher."""
    names = [collection.name_en, collection.name_zh, biobank.name_en, biobank.name_zh, biobank.acronym]
    body = [
        collection.description_en,
        collection.description_zh,
        biobank.city,
        biobank.province,
        biobank.juristic_person,
        *collection.diseases,
        *_labels(collection, "en"),
        *_labels(collection, "zh_Hans"),
    ]
    name_tokens = {NAME_PREFIX + token for part in names if part for token in text.words(part)}
    body_tokens = {token for part in names + body if part for token in text.words(part)}
    return sorted(name_tokens | body_tokens)


def chinese_text(collection: Collection, biobank: Biobank) -> str:
    parts = [collection.name_zh, collection.description_zh, biobank.name_zh, *_labels(collection, "zh_Hans")]
    return text.fold(" ".join(p for p in parts if p))


def doc_for(collection: Collection, biobank: Biobank) -> Doc:
    commercial = {True: "yes", False: "no", None: "unknown"}[collection.commercial_use]
    stored = collection.search_tokens or []
    return Doc(
        id=collection.id,
        parent_id=collection.parent_id,
        values={
            "region": frozenset({biobank.region}),
            "country": frozenset({biobank.country}),
            "material": frozenset(collection.material_types),
            "collection_type": frozenset(collection.collection_types),
            "data_category": frozenset(collection.data_categories),
            "access": frozenset(collection.access_conditions),
            "quality_mark": frozenset(biobank.quality_marks),
            "network": frozenset(biobank.networks),
            "commercial_use": frozenset({commercial}),
            "service": frozenset(biobank.services),
            "size": frozenset({size_bucket(collection.samples)}),
        },
        tokens=frozenset(t for t in stored if not t.startswith(NAME_PREFIX)),
        name_tokens=frozenset(t[len(NAME_PREFIX) :] for t in stored if t.startswith(NAME_PREFIX)),
        text=chinese_text(collection, biobank),
        samples=collection.samples or 0,
        diseases_closed=close_diseases(collection.diseases),
    )
