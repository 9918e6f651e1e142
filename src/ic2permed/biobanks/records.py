"""Clean raw records (bundled JSON, CSV rows, API input) into column values, naming every bad field.

Strict mode (imports, edits) refuses unknown codes; lenient mode (the bundled dataset) keeps them as
written, so the steward check can report them instead of losing them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from ic2permed.biobanks.codes import (
    BadCode,
    country_code,
    disease_code,
    duo_code,
    known_disease_code,
    miabis_code,
    region_code,
)
from ic2permed.core.bounds import MAX_COUNT
from ic2permed.core.errors import FieldError
from ic2permed.core.exports import read_sources_cell
from ic2permed.core.vocab import regions

LIST_FIELDS = ("collection_types", "material_types", "data_categories")
_SLUG = re.compile(r"[^a-z0-9]+")
_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


def slug(value: str) -> str:
    return _SLUG.sub("-", value.lower()).strip("-")[:100] or "item"


def as_list(value: Any) -> list[str]:
    """JSON lists pass through; CSV cells are split on ``;`` or ``|``."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in re.split(r"[;|]", str(value)) if part.strip()]


def as_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("not a whole number")
    if isinstance(value, int):
        return value
    cleaned = str(value).replace(",", "").replace("_", "").strip()
    number = float(cleaned)
    if number != int(number):
        raise ValueError("not a whole number")
    return int(number)


def as_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in {"true", "yes", "1", "y"}:
        return True
    if lowered in {"false", "no", "0", "n"}:
        return False
    raise ValueError("use yes or no")


class Cleaner:
    """Collects field errors while converting one record."""

    def __init__(self, strict: bool, row: int | None = None) -> None:
        self.strict = strict
        self.row = row
        self.errors: list[FieldError] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message, self.row))

    def codes(self, field: str, values: list[str], convert: Callable[[str], str]) -> list[str]:
        cleaned: list[str] = []
        for value in values:
            try:
                code = convert(value)
            except BadCode as exc:
                if self.strict:
                    self.fail(field, str(exc))
                    continue
                code = value.strip()
            if code not in cleaned:
                cleaned.append(code)
        return cleaned

    def number(self, field: str, value: Any) -> int | None:
        try:
            number = as_int(value)
        except (TypeError, ValueError, OverflowError):
            self.fail(field, f"{str(value)[:40]!r} is not a whole number")
            return None
        if number is not None and number < 0:
            self.fail(field, "must not be negative")
            return None
        if number is not None and number > MAX_COUNT:
            self.fail(field, f"must be at most {MAX_COUNT:,}")
            return None
        return number

    def flag(self, field: str, value: Any) -> bool | None:
        try:
            return as_bool(value)
        except ValueError:
            self.fail(field, f"{value!r}: use yes or no")
            return None


def _text(raw: dict[str, Any], key: str, limit: int | None = None) -> str:
    value = raw.get(key)
    cleaned = "" if value is None else str(value).strip()
    return cleaned[:limit] if limit else cleaned


def is_web_url(value: str) -> bool:
    """Only http(s) links are shown as links, so a stored value can never run script in a page."""
    return _WEB_URL.match(value) is not None


def _sources(raw: dict[str, Any], cleaner: Cleaner) -> list[dict[str, Any]]:
    found = raw.get("sources") or []
    if isinstance(found, str):
        try:
            found = read_sources_cell(found)
        except ValueError:  # JSON that is not a list of sources (json.JSONDecodeError is a ValueError)
            cleaner.fail("sources", "not a JSON list of sources with url and title")
            return []
    sources = []
    for source in found:
        if not isinstance(source, dict) or not source.get("url"):
            continue
        if not is_web_url(str(source["url"])):
            cleaner.fail("sources", f"{source['url']!r} is not an http(s) address")
            continue
        sources.append({k: str(source.get(k) or "") for k in ("url", "title", "accessed", "quote")})
    return sources


def _web_fields(values: dict[str, Any], cleaner: Cleaner) -> None:
    if values.get("url") and not is_web_url(values["url"]):
        cleaner.fail("url", f"{values['url']!r} is not an http(s) address")
        values["url"] = ""
    email = values.get("contact_email")
    if email and not _EMAIL.match(email):
        cleaner.fail("contact_email", f"{email!r} is not an e-mail address")
        values["contact_email"] = ""


def clean_biobank(raw: dict[str, Any], cleaner: Cleaner) -> dict[str, Any]:
    """Column values of a biobank; ``id`` and ``name_en`` are required."""
    values: dict[str, Any] = {}
    for key, limit in (("id", 128), ("name_en", 300)):
        values[key] = _text(raw, key, limit)
        if not values[key]:
            cleaner.fail(key, "is required")
    for key, limit in (
        ("name_zh", 300),
        ("name_zh_status", 32),
        ("acronym", 64),
        ("city", 120),
        ("province", 120),
        ("juristic_person", 300),
        ("url", 500),
        ("contact_email", 200),
    ):
        values[key] = _text(raw, key, limit)
    values["description_en"] = _text(raw, "description_en")
    values["description_zh"] = _text(raw, "description_zh")
    _web_fields(values, cleaner)
    for key in ("organisation_id", "federation_node"):
        values[key] = _text(raw, key, 128) or None
    country = _text(raw, "country")
    try:
        values["country"] = country_code(country)
    except BadCode as exc:
        cleaner.fail("country", str(exc) if country else "is required")
        values["country"] = country[:2].upper()
    region = _text(raw, "region")
    try:
        values["region"] = region_code(region) if region else regions.region_of_country(values["country"])
    except BadCode as exc:
        if cleaner.strict:
            cleaner.fail("region", str(exc))
        values["region"] = regions.region_of_country(values["country"])
    _shared_lists(raw, cleaner, values)
    values["quality_marks"] = as_list(raw.get("quality_marks"))
    values["networks"] = [n if isinstance(n, str) else str(n.get("id") or "") for n in _networks(raw)]
    values["services"] = as_list(raw.get("services"))
    values["donors"] = cleaner.number("donors", raw.get("donors"))
    values["samples"] = cleaner.number("samples", raw.get("samples"))
    values["count_year"] = cleaner.number("count_year", raw.get("count_year"))
    values["sources"] = _sources(raw, cleaner)
    values["verified"] = bool(cleaner.flag("verified", raw.get("verified")))
    values["ciio"] = bool(cleaner.flag("ciio", raw.get("ciio")))
    return values


def _networks(raw: dict[str, Any]) -> list[Any]:
    found = raw.get("networks")
    if isinstance(found, list):
        return [slug(n) if isinstance(n, str) else n for n in found]
    return [slug(n) for n in as_list(found)]


def _shared_lists(raw: dict[str, Any], cleaner: Cleaner, values: dict[str, Any]) -> None:
    for key in LIST_FIELDS:
        values[key] = cleaner.codes(key, as_list(raw.get(key)), partial(miabis_code, key))
    convert = known_disease_code if cleaner.strict else disease_code
    values["diseases"] = cleaner.codes("diseases", as_list(raw.get("diseases")), convert)


def clean_collection(raw: dict[str, Any], cleaner: Cleaner) -> dict[str, Any]:
    """Column values of a collection; ``id``, ``biobank_id`` and ``name_en`` are required."""
    values: dict[str, Any] = {}
    for key, limit in (("id", 160), ("biobank_id", 128), ("name_en", 300)):
        values[key] = _text(raw, key, limit)
        if not values[key]:
            cleaner.fail(key, "is required")
    values["parent_id"] = _text(raw, "parent_id", 160) or None
    values["name_zh"] = _text(raw, "name_zh", 300)
    values["description_en"] = _text(raw, "description_en")
    values["description_zh"] = _text(raw, "description_zh")
    _shared_lists(raw, cleaner, values)
    values["sex"] = cleaner.codes("sex", as_list(raw.get("sex")), lambda v: miabis_code("sex", v))
    values["storage_temperatures"] = cleaner.codes(
        "storage_temperatures",
        as_list(raw.get("storage_temperatures")),
        lambda v: miabis_code("storage_temperatures", v),
    )
    values["access_conditions"] = cleaner.codes("access_conditions", as_list(raw.get("access_conditions")), duo_code)
    for key in ("age_low", "age_high", "donors", "samples", "count_year"):
        values[key] = cleaner.number(key, raw.get(key))
    if values["age_low"] is not None and values["age_high"] is not None and values["age_low"] > values["age_high"]:
        cleaner.fail("age_low", "is above age_high")
    values["commercial_use"] = cleaner.flag("commercial_use", raw.get("commercial_use"))
    values["facts"] = _facts(raw.get("facts"), cleaner)
    values["sources"] = _sources(raw, cleaner)
    values["verified"] = bool(cleaner.flag("verified", raw.get("verified")))
    return values


def _facts(raw: Any, cleaner: Cleaner) -> list[dict[str, Any]]:
    """Aggregate cells (sex × age band × material × disease → donors, samples), codes checked like lists."""
    facts: list[dict[str, Any]] = []
    for row in raw if isinstance(raw, list) else []:
        if not isinstance(row, dict):
            continue
        fact: dict[str, Any] = {"age_band": str(row.get("age_band") or "")[:32] or None}
        for key, convert in (
            ("sex", partial(miabis_code, "sex")),
            ("material_type", partial(miabis_code, "material_types")),
            ("disease", known_disease_code if cleaner.strict else disease_code),
        ):
            value = row.get(key)
            found = cleaner.codes(f"facts.{key}", [str(value)], convert) if value else []
            fact[key] = found[0] if found else None
        for key in ("donors", "samples"):
            fact[key] = cleaner.number(f"facts.{key}", row.get(key))
        facts.append(fact)
    return facts
