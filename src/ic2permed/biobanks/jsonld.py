"""Bioschemas / schema.org JSON-LD for biobank, collection and network pages, so FAIR tools can read them.

A collection is a Bioschemas ``Dataset``; a biobank is an ``Organization`` that publishes a
``DataCatalog`` of its collections; a network is an ``Organization`` whose members are biobanks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from ic2permed.biobanks.codes import disease_label, miabis_label
from ic2permed.biobanks.schemas import BiobankRead, CollectionRead, NetworkRead

CONTEXT = "https://schema.org"
DATASET_PROFILE = "https://bioschemas.org/profiles/Dataset/1.0-RELEASE"
DATACATALOG_PROFILE = "https://bioschemas.org/profiles/DataCatalog/0.3-RELEASE-2019_07_01"
ICD10_SET = "https://icd.who.int/browse10/2019/en"


def _conforms(profile: str) -> dict[str, str]:
    return {"@id": profile, "@type": "CreativeWork"}


def _value(name: str, value: int | None) -> dict[str, Any] | None:
    return None if value is None else {"@type": "PropertyValue", "name": name, "value": value}


def collection(item: CollectionRead, biobank: BiobankRead, base: str) -> dict[str, Any]:
    url = f"{base}/biobanks/collection/{item.id}"
    names = [n for n in (item.name_zh,) if n]
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": url,
        "http://purl.org/dc/terms/conformsTo": _conforms(DATASET_PROFILE),
        "identifier": item.id,
        "name": item.name_en,
        "alternateName": names,
        "description": item.description_en or item.name_en,
        "url": url,
        "keywords": [miabis_label("material_types", m, "en") for m in item.material_types],
        "about": [
            {
                "@type": "DefinedTerm",
                "termCode": code,
                "name": disease_label(code, "en"),
                "inDefinedTermSet": ICD10_SET,
            }
            for code in item.diseases
            if not code.startswith("ORPHA:")
        ],
        "includedInDataCatalog": {"@id": f"{base}/biobanks/biobank/{biobank.id}#catalog"},
        "provider": {
            "@type": "Organization",
            "@id": f"{base}/biobanks/biobank/{biobank.id}",
            "name": biobank.name_en,
        },
        "variableMeasured": [
            v for v in (_value("donors", item.donors), _value("samples", item.samples)) if v is not None
        ],
        "creativeWorkStatus": "verified" if item.verified else "unverified",
    }
    if item.count_year:
        data["temporalCoverage"] = str(item.count_year)
    return data


def biobank(item: BiobankRead, collections: Sequence[CollectionRead], base: str) -> dict[str, Any]:
    url = f"{base}/biobanks/biobank/{item.id}"
    organisation: dict[str, Any] = {
        "@type": "Organization",
        "@id": url,
        "identifier": item.id,
        "name": item.name_en,
        "alternateName": [n for n in (item.name_zh, item.acronym) if n],
        "description": item.description_en or item.name_en,
        "address": {"@type": "PostalAddress", "addressCountry": item.country, "addressLocality": item.city},
        "parentOrganization": {"@type": "Organization", "name": item.juristic_person} if item.juristic_person else None,
        "sameAs": item.url or None,
        "email": item.contact_email or None,
        "hasCredential": [{"@type": "EducationalOccupationalCredential", "name": m} for m in item.quality_marks],
    }
    catalog = {
        "@type": "DataCatalog",
        "@id": f"{url}#catalog",
        "http://purl.org/dc/terms/conformsTo": _conforms(DATACATALOG_PROFILE),
        "name": item.name_en,
        "description": item.description_en or item.name_en,
        "url": url,
        "keywords": sorted({m for c in collections for m in c.material_types}),
        "provider": {"@id": url},
        "dataset": [
            {"@type": "Dataset", "@id": f"{base}/biobanks/collection/{c.id}", "name": c.name_en} for c in collections
        ],
    }
    return {"@context": CONTEXT, "@graph": [_drop_empty(organisation), catalog]}


def network(item: NetworkRead, members: Sequence[BiobankRead], base: str) -> dict[str, Any]:
    url = f"{base}/biobanks/network/{item.id}"
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Organization",
            "@id": url,
            "identifier": item.id,
            "name": item.name_en,
            "alternateName": [n for n in (item.name_zh, item.acronym) if n],
            "description": item.description_en or item.name_en,
            "sameAs": item.url or None,
            "member": [
                {"@type": "Organization", "@id": f"{base}/biobanks/biobank/{b.id}", "name": b.name_en} for b in members
            ],
        }
    )


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def script(data: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` block; ``</`` is escaped so text cannot close it."""
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return Markup(f'<script type="application/ld+json">{text}</script>')
