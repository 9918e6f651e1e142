"""The catalogue as a FHIR R4 ``collection`` Bundle following the MIABIS on FHIR profiles.

Resources are built with the ``miabis-on-fhir`` package (1.4.0; BBMRI-cz/miabis-on-fhir, profiles under
``https://fhir.bbmri-eric.eu/StructureDefinition/``), then given stable ``urn:uuid`` identities so the
bundle is self-contained. Only institutional contacts are exported: the package's personal-name slots
stay empty. Unverified items carry a ``meta.tag`` saying so.

Chinese names travel with the English ones through FHIR's translation extension on ``name``
(http://hl7.org/fhir/StructureDefinition/translation: sub-extensions ``lang`` and ``content``; FHIR
Extensions Pack 5.2.0, https://hl7.org/fhir/extensions/StructureDefinition-translation.html, looked up
2026-11-30). The package stamps every identifier with BBMRI-ERIC's system; our ids are the platform's own
(a Chinese biobank is no BBMRI-ERIC record), so they carry :data:`IDENTIFIER_SYSTEM` unless the id is a
BBMRI-ERIC Directory id (``bbmri-eric:ID:…``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import miabis_model as mof
from fhirclient.models.bundle import Bundle, BundleEntry
from fhirclient.models.coding import Coding
from fhirclient.models.contactpoint import ContactPoint
from fhirclient.models.extension import Extension
from fhirclient.models.fhirabstractresource import FHIRAbstractResource
from fhirclient.models.fhirreference import FHIRReference
from fhirclient.models.organization import OrganizationContact
from miabis_model.util.config import FHIRConfig

from ic2permed.biobanks import orpha
from ic2permed.biobanks.schemas import BiobankDetail, CollectionRead, NetworkRead
from ic2permed.core.vocab import icd10, miabis

NAMESPACE = uuid.UUID("6f1c52f4-8f0e-4c55-9d2c-3c1b1f0d1a42")
VERIFICATION_SYSTEM = "urn:ic2permed:verification"
IDENTIFIER_SYSTEM = "urn:ic2permed:id"
BBMRI_SYSTEM = "http://www.bbmri-eric.eu/"
BBMRI_ID_PREFIX = "bbmri-eric:ID:"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
CHINESE = "zh-Hans"
# WHOLE_BLOOD has no collection sample type in the Directory→MIABIS on FHIR table; the package maps the
# detailed type WholeBlood to Blood (miabis_model.util.constants), so we do the same.
_EXTRA_MATERIAL = {"WHOLE_BLOOD": "Blood"}
_SEX = {"MALE": "MALE", "FEMALE": "FEMALE", "UNDIFFERENTIAL": "OTHER"}
_STORAGE = {t.value: t for t in mof.StorageTemperature}


def _uid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def material_code(code: str) -> str | None:
    found = miabis.fhir_code("material_types", code)
    return found["code"] if found else _EXTRA_MATERIAL.get(code)


def _design(codes: Sequence[str]) -> list[str]:
    found = [miabis.fhir_code("collection_types", c) for c in codes]
    return sorted({f["code"] for f in found if f})


def _storage(codes: Sequence[str]) -> list[mof.StorageTemperature]:
    found = [miabis.fhir_code("storage_temperatures", c) for c in codes]
    return [_STORAGE[f["code"]] for f in found if f and f["code"] in _STORAGE]


def _diagnoses(codes: Sequence[str]) -> list[str]:
    """WHO ICD-10 items only (the package checks them); extensions fall back to their listed parent."""
    listed: list[str] = []
    for code in codes:
        if orpha.is_orpha(code):
            continue
        try:
            item = icd10.who_item(code)
        except icd10.InvalidCode:
            continue
        if item and item not in listed:
            listed.append(item)
    return listed


def _contact(email: str) -> list[OrganizationContact] | None:
    if not email:
        return None
    contact = OrganizationContact()
    point = ContactPoint()
    point.system = "email"
    point.value = email
    contact.telecom = [point]
    return [contact]


def _tag(resource: Any, verified: bool) -> None:
    if verified:
        return
    tag = Coding()
    tag.system = VERIFICATION_SYSTEM
    tag.code = "unverified"
    tag.display = "Not confirmed by a retrieved source"
    resource.meta.tag = [tag]


def identifier_system(value: str) -> str:
    """BBMRI-ERIC's system only for a BBMRI-ERIC Directory id; the platform's own for every other id."""
    return BBMRI_SYSTEM if value.startswith(BBMRI_ID_PREFIX) else IDENTIFIER_SYSTEM


def translated(name_zh: str) -> dict[str, Any]:
    """The ``_name`` element carrying the Chinese name beside the English ``name``."""
    content = [{"url": "lang", "valueCode": CHINESE}, {"url": "content", "valueString": name_zh}]
    return {"extension": [{"url": TRANSLATION, "extension": content}]}


class _Builder:
    def __init__(self) -> None:
        self.entries: list[BundleEntry] = []
        self.chinese: dict[str, str] = {}  # resource id → Chinese name

    def add(self, resource: FHIRAbstractResource, key: str, name_zh: str = "") -> str:
        resource.id = key
        for identifier in getattr(resource, "identifier", None) or []:
            if identifier.system == BBMRI_SYSTEM:
                identifier.system = identifier_system(str(identifier.value or ""))
        if name_zh:
            self.chinese[key] = name_zh
        entry = BundleEntry()
        full_url = f"urn:uuid:{key}"
        entry.fullUrl = full_url
        entry.resource = resource
        self.entries.append(entry)
        return full_url


def build(biobanks: Sequence[BiobankDetail], networks: Sequence[NetworkRead]) -> dict[str, Any]:
    """A validated R4 Bundle (``as_json`` checks required fields and types)."""
    builder = _Builder()
    biobank_refs: dict[str, str] = {}
    for biobank in biobanks:
        biobank_refs[biobank.id] = _biobank(builder, biobank)
    for network in networks:
        members = [biobank_refs[b.id] for b in biobanks if network.id in b.networks]
        if members:
            _network(builder, network, members, biobanks)
    bundle = Bundle()
    bundle.type = "collection"
    bundle.entry = builder.entries
    result: dict[str, Any] = bundle.as_json()
    for entry in result.get("entry", []):  # fhirclient cannot set a primitive's extension (`_name`)
        resource = entry["resource"]
        if resource.get("id") in builder.chinese and "name" in resource:
            resource["_name"] = translated(builder.chinese[resource["id"]])
    return result


def _biobank(builder: _Builder, biobank: BiobankDetail) -> str:
    model = mof.Biobank(
        identifier=biobank.id,
        name=biobank.name_en,
        country=biobank.country,
        contact_name="",
        contact_surname="",
        contact_email=biobank.contact_email,
        juristic_person=biobank.juristic_person or biobank.name_en,
        description=biobank.description_en or None,
        alias=biobank.acronym or None,
        url=biobank.url or None,
        quality__management_standards=list(biobank.quality_marks) or None,
    )
    person_ref = builder.add(model.juristic_person.to_fhir(), _uid("juristic", biobank.id))
    resource = model.to_fhir(person_ref)
    resource.partOf.reference = person_ref
    resource.contact = _contact(biobank.contact_email)
    _tag(resource, biobank.verified)
    ref = builder.add(resource, _uid("biobank", biobank.id), biobank.name_zh)
    for collection in biobank.collections:
        _collection(builder, collection, biobank, ref)
    return ref


def _collection(builder: _Builder, collection: CollectionRead, biobank: BiobankDetail, biobank_ref: str) -> None:
    genders = sorted({_SEX.get(s, "UNKNOWN") for s in collection.sex})
    low, high = collection.age_low, collection.age_high
    model = mof.Collection(
        identifier=collection.id,
        name=collection.name_en,
        managing_biobank_id=biobank.id,
        contact_name="",
        contact_surname="",
        contact_email="",
        country=biobank.country,
        genders=[mof.Gender[g] for g in genders],
        description=collection.description_en or None,
        material_types=sorted({m for m in map(material_code, collection.material_types) if m}),
        age_range_low=low if low is not None and high is not None else None,
        age_range_high=high if low is not None and high is not None else None,
        storage_temperatures=_storage(collection.storage_temperatures),
        diagnoses=_diagnoses(collection.diseases),
        number_of_subjects=collection.donors,
        collection_design=_design(collection.collection_types) or None,
        use_and_access_conditions=["CommercialUse"] if collection.commercial_use else None,
    )
    organisation = model.collection_organization.to_fhir(biobank_ref)
    organisation.partOf.reference = biobank_ref
    _tag(organisation, collection.verified)
    org_ref = builder.add(organisation, _uid("collection-org", collection.id), collection.name_zh)
    group = model.to_fhir(org_ref, [])
    group.managingEntity.reference = org_ref
    _tag(group, collection.verified)
    builder.add(group, _uid("collection", collection.id), collection.name_zh)


def _network(builder: _Builder, network: NetworkRead, members: list[str], biobanks: Sequence[BiobankDetail]) -> None:
    country = next(b.country for b in biobanks if network.id in b.networks)
    model = mof.Network(
        identifier=network.id,
        name=network.name_en,
        contact_email="",
        country=country,
        juristic_person=network.name_en,
        url=network.url or None,
        description=network.description_en or None,
    )
    person_ref = builder.add(model._network_org.juristic_person.to_fhir(), _uid("juristic-net", network.id))
    organisation = model._network_org.to_fhir(person_ref)
    organisation.partOf.reference = person_ref
    organisation.contact = None
    _tag(organisation, network.verified)
    org_ref = builder.add(organisation, _uid("network-org", network.id), network.name_zh)
    group = model.to_fhir(org_ref)
    group.managingEntity.reference = org_ref
    group.extension = [_member(ref) for ref in members]
    _tag(group, network.verified)
    builder.add(group, _uid("network", network.id), network.name_zh)


def _member(ref: str) -> Extension:
    extension = Extension()
    extension.url = FHIRConfig.MEMBER_V5_EXTENSION
    extension.valueReference = FHIRReference()
    extension.valueReference.reference = ref
    return extension
