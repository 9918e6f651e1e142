"""Read the bundled dataset (``data/biobanks.json``, CC BY 4.0, sources per item) into clean records.

A biobank listed without collections gets one biobank-wide collection carrying its own aggregate facts,
so every biobank can be found by the collection search (the BBMRI-ERIC Directory does the same).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from ic2permed.biobanks.records import Cleaner, clean_biobank, clean_collection, is_web_url, slug

BUNDLE_NAME = "biobanks"
WHOLE_SUFFIX = ":all"


@dataclass
class BundlePlan:
    biobanks: list[dict[str, Any]] = field(default_factory=list)
    collections: list[dict[str, Any]] = field(default_factory=list)
    networks: list[dict[str, Any]] = field(default_factory=list)


def bundle_bytes() -> bytes:
    return (files("ic2permed.biobanks") / "data" / "biobanks.json").read_bytes()


def _items(data: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    if isinstance(data, dict):
        biobanks = data.get("biobanks") or data.get("items") or []
        return [b for b in biobanks if isinstance(b, dict)], list(data.get("networks") or [])
    return [b for b in data if isinstance(b, dict)], []


def plan(data: Any) -> BundlePlan:
    """Turn the raw JSON into records; lenient, so odd codes survive for the steward check."""
    raw_biobanks, raw_networks = _items(data)
    result = BundlePlan()
    networks: dict[str, dict[str, Any]] = {}
    for raw in raw_networks:
        _add_network(networks, raw)
    seen: set[str] = set()
    for raw in raw_biobanks:
        biobank = clean_biobank(raw, Cleaner(strict=False))
        if not biobank["id"] or not biobank["name_en"] or biobank["id"] in seen:
            continue
        seen.add(biobank["id"])
        for net in raw.get("networks") or []:
            _add_network(networks, net)
        result.biobanks.append(biobank)
        children = [c for c in raw.get("collections") or [] if isinstance(c, dict)]
        if children:
            _collections(result, biobank, children, None)
        else:
            result.collections.append(_whole(biobank, raw))
    result.networks = list(networks.values())
    return result


def _add_network(networks: dict[str, dict[str, Any]], raw: Any) -> None:
    if isinstance(raw, str):
        key = slug(raw)
        networks.setdefault(key, {"id": key, "name_en": raw.strip(), "verified": False, "sources": []})
        return
    if not isinstance(raw, dict):
        return
    name = str(raw.get("name_en") or raw.get("name") or raw.get("id") or "").strip()
    if not name:
        return
    key = str(raw.get("id") or slug(name))
    networks[key] = {
        "id": key,
        "name_en": name,
        "name_zh": str(raw.get("name_zh") or ""),
        "acronym": str(raw.get("acronym") or ""),
        "url": str(raw.get("url") or "") if is_web_url(str(raw.get("url") or "")) else "",
        "description_en": str(raw.get("description_en") or ""),
        "description_zh": str(raw.get("description_zh") or ""),
        "sources": [s for s in raw.get("sources") or [] if isinstance(s, dict) and is_web_url(str(s.get("url")))],
        "verified": bool(raw.get("verified")),
    }


def _collections(result: BundlePlan, biobank: dict[str, Any], raws: list[dict[str, Any]], parent: str | None) -> None:
    for number, raw in enumerate(raws, start=1):
        record = dict(raw)
        record["id"] = str(raw.get("id") or f"{biobank['id']}:{parent or 'c'}:{number}")
        record["biobank_id"] = biobank["id"]
        record["parent_id"] = raw.get("parent_id") or parent
        record.setdefault("name_en", raw.get("name") or biobank["name_en"])
        if "verified" not in raw:
            record["verified"] = biobank["verified"]
        if not raw.get("sources"):
            record["sources"] = biobank["sources"]
        cleaned = clean_collection(record, Cleaner(strict=False))
        cleaned["position"] = len(result.collections)
        result.collections.append(cleaned)
        children = raw.get("sub_collections") or raw.get("collections") or []
        if children:
            _collections(result, biobank, [c for c in children if isinstance(c, dict)], cleaned["id"])


def _whole(biobank: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    record = {
        key: raw.get(key)
        for key in (
            "collection_types",
            "material_types",
            "data_categories",
            "diseases",
            "donors",
            "samples",
            "count_year",
            "sex",
            "access_conditions",
            "storage_temperatures",
            "commercial_use",
            "age_low",
            "age_high",
        )
    }
    name_zh = biobank["name_zh"]
    record.update(
        id=biobank["id"] + WHOLE_SUFFIX,
        biobank_id=biobank["id"],
        name_en=f"{biobank['name_en']} (whole biobank)",
        name_zh=f"{name_zh}（全库）" if name_zh else "",
        description_en=biobank["description_en"],
        description_zh=biobank["description_zh"],
        sources=biobank["sources"],
        verified=biobank["verified"],
    )
    cleaned = clean_collection(record, Cleaner(strict=False))
    cleaned["position"] = 0
    return cleaned


def load_json(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"))
