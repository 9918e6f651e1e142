"""Checking and labelling the coded values of a biobank or collection, in one place for every surface."""

from __future__ import annotations

from functools import cache

from ic2permed.biobanks import orpha
from ic2permed.core.vocab import duo, icd10, miabis, regions
from ic2permed.core.vocab.terms import Term

SIZE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("lt1k", 0, 1_000),
    ("1k-10k", 1_000, 10_000),
    ("10k-100k", 10_000, 100_000),
    ("100k-1m", 100_000, 1_000_000),
    ("gte1m", 1_000_000, None),
)
MIABIS_LISTS = {
    "material_types": miabis.material_types,
    "collection_types": miabis.collection_types,
    "data_categories": miabis.data_categories,
    "storage_temperatures": miabis.storage_temperatures,
    "sex": miabis.sexes,
}


class BadCode(ValueError):
    """A value that is not on its controlled list; the message names it."""


def size_bucket(samples: int | None) -> str:
    if samples is None:
        return "unknown"
    for code, low, high in SIZE_BUCKETS:
        if samples >= low and (high is None or samples < high):
            return code
    return "unknown"


@cache
def _list_codes(list_name: str) -> dict[str, Term]:
    return {term.code.upper(): term for term in MIABIS_LISTS[list_name]()}


def miabis_code(list_name: str, value: str) -> str:
    """The Directory code for a value given in any case; raises BadCode when it is not on the list."""
    term = _list_codes(list_name).get(value.strip().upper())
    if term is None:
        raise BadCode(f"{value!r} is not on the MIABIS list of {list_name.replace('_', ' ')}")
    return term.code


def miabis_label(list_name: str, code: str, locale: str) -> str:
    term = _list_codes(list_name).get(code.upper())
    return term.label(locale) if term else code


def disease_code(value: str) -> str:
    """ICD-10 in dotted form (``ICD10:`` prefix and dotless forms accepted) or ``ORPHA:n``."""
    as_orpha = orpha.normalise(value)
    if as_orpha:
        return as_orpha
    try:
        return icd10.normalise(value)
    except icd10.InvalidCode as exc:
        raise BadCode(f"{value.strip()!r} is not an ICD-10 or ORPHA code") from exc


def known_disease_code(value: str) -> str:
    """Like ``disease_code``, and the ICD-10 code must be on the WHO list or extend a listed category."""
    code = disease_code(value)
    if orpha.is_orpha(code):
        return code
    try:
        return icd10.known(code)
    except icd10.InvalidCode:
        raise BadCode(f"{value.strip()!r} is not in ICD-10") from None


def disease_label(code: str, locale: str) -> str:
    if orpha.is_orpha(code):
        return code
    try:
        return icd10.label(code, locale)
    except (icd10.InvalidCode, ValueError):
        return code


@cache
def disease_closure(code: str) -> frozenset[str]:
    """The code and everything above it, so a chapter or block filter finds codes below it."""
    if orpha.is_orpha(code):
        return frozenset({code})
    try:
        return frozenset({icd10.normalise(code), *icd10.ancestors(code)})
    except icd10.InvalidCode:
        return frozenset({code})


def duo_code(value: str) -> str:
    try:
        return duo.term(value).id
    except KeyError as exc:
        raise BadCode(f"{value!r} is not a DUO term") from exc


def duo_label(code: str, locale: str) -> str:
    try:
        term = duo.term(code)
    except KeyError:
        return code
    return f"{term.shorthand} — {term.label(locale)}" if term.shorthand else term.label(locale)


def country_code(value: str) -> str:
    code = value.strip().upper()
    if regions.is_country(code):
        return code
    for term in regions.countries().values():
        if value.strip().lower() in {term.label_en.lower(), term.label_zh}:
            return term.code
    raise BadCode(f"{value!r} is not an ISO 3166 country")


def country_label(code: str, locale: str) -> str:
    term = regions.countries().get(code.upper())
    return term.label(locale) if term else code


def region_code(value: str) -> str:
    for term in regions.REGIONS:
        if value.strip().lower() in {term.code.lower(), term.label_en.lower(), term.label_zh}:
            return term.code
    raise BadCode(f"{value!r} is not one of the regions {', '.join(sorted(regions.REGION_CODES))}")


def region_label(code: str, locale: str) -> str:
    try:
        return regions.region(code).label(locale)
    except KeyError:
        return code
