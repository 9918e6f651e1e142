"""Bioschemas / schema.org JSON-LD for biobank, collection and network pages, so FAIR tools can read them.

A collection is a Bioschemas ``Dataset`` (licence and a description made from its facts when curators
wrote none), and each kind of material it holds a Bioschemas ``Sample`` (profile 0.2-RELEASE-2018_11_10:
identifier required, url recommended, characteristics as ``additionalProperty``; the RD-Connect sample
catalogue's example in BioSchemas/specifications, Sample/examples/0.2_examples, looked up 2026-11-30)
that is ``subjectOf`` the Dataset. A biobank is an ``Organization`` that publishes a ``DataCatalog`` of
its collections; a network is an ``Organization`` whose members are biobanks.
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
SAMPLE_PROFILE = "https://bioschemas.org/profiles/Sample/0.2-RELEASE-2018_11_10"
ICD10_SET = "https://icd.who.int/browse10/2019/en"
MIABIS_MATERIALS = "https://github.com/molgenis/molgenis-emx2/tree/master/data/biobank-directory/ontologies"
"""Where the MIABIS material codes are listed (core/vocab/data/miabis.json cites the same folder)."""
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
"""The catalogue's metadata licence (biobanks/data/LICENSE.txt: CC BY 4.0); the samples themselves are not licensed."""


def _conforms(profile: str) -> dict[str, str]:
    return {"@id": profile, "@type": "CreativeWork"}


def _value(name: str, value: int | None) -> dict[str, Any] | None:
    return None if value is None else {"@type": "PropertyValue", "name": name, "value": value}


def description(item: CollectionRead, biobank: BiobankRead) -> str:
    """The curators' description, or one made from the facts we hold (never the bare name)."""
    if item.description_en:
        return item.description_en
    materials = ", ".join(miabis_label("material_types", m, "en").lower() for m in item.material_types)
    counts = [f"{n:,} {what}" for n, what in ((item.donors, "donors"), (item.samples, "samples")) if n is not None]
    diseases = "; ".join(disease_label(c, "en") for c in item.diseases[:5])
    parts = [f"{item.name_en}: a collection of {biobank.name_en} ({biobank.country or biobank.region})"]
    if materials:
        parts.append(f"holding {materials}")
    if counts:
        parts.append(f"from {' and '.join(counts)}" + (f" (counted in {item.count_year})" if item.count_year else ""))
    text = " ".join(parts) + "."
    return text + (f" Diseases: {diseases}." if diseases else "")


def samples(item: CollectionRead, url: str) -> list[dict[str, Any]]:
    """One Bioschemas Sample per material type: what a sample-finder indexes, each pointing at the collection."""
    found = []
    for code in item.material_types:
        label = miabis_label("material_types", code, "en")
        properties: list[dict[str, Any]] = [
            {
                "@type": "PropertyValue",
                "name": "Material Type",
                "value": label,
                "valueReference": {"@type": "CategoryCode", "name": label, "codeValue": code, "url": MIABIS_MATERIALS},
            },
            *(
                {
                    "@type": "PropertyValue",
                    "name": "Disease",
                    "value": disease_label(c, "en"),
                    "valueReference": {
                        "@type": "CategoryCode",
                        "name": disease_label(c, "en"),
                        "codeValue": c,
                        "url": ICD10_SET,
                    },
                }
                for c in item.diseases
                if not c.startswith("ORPHA:")
            ),
            *({"@type": "PropertyValue", "name": "Sex", "value": s.lower()} for s in item.sex),
        ]
        found.append(
            {
                "@type": "Sample",
                "@id": f"{url}#sample-{code}",
                "http://purl.org/dc/terms/conformsTo": _conforms(SAMPLE_PROFILE),
                "identifier": f"{item.id}#{code}",
                "name": f"{label} · {item.name_en}",
                "url": url,
                "additionalProperty": properties,
                "subjectOf": {"@id": url},
            }
        )
    return found


def collection(item: CollectionRead, biobank: BiobankRead, base: str) -> dict[str, Any]:
    url = f"{base}/biobanks/collection/{item.id}"
    names = [n for n in (item.name_zh,) if n]
    data: dict[str, Any] = {
        "@type": "Dataset",
        "@id": url,
        "http://purl.org/dc/terms/conformsTo": _conforms(DATASET_PROFILE),
        "identifier": item.id,
        "name": item.name_en,
        "alternateName": names,
        "description": description(item, biobank),
        "license": LICENSE,
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
    return {"@context": CONTEXT, "@graph": [data, *samples(item, url)]}


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
