"""Turn the researched landscape files into the package's bundled dataset.

    python scripts/build_landscape_bundle.py RESEARCH_DIR

Reads landscape_eu.json, landscape_cn.json, landscape_intl.json and counterparts.json; validates every
item with the platform's own schema; writes src/ic2permed/landscape/data/{items_*.json, relations.json,
SOURCES.md}. Counterpart pairs are matched to items by slug, then by identifier or acronym; a pair whose
sides cannot both be found is reported and left out, never guessed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from ic2permed.core.vocab import source_hosts
from ic2permed.landscape.schemas import ItemCreate

OUT = Path(__file__).resolve().parents[1] / "src" / "ic2permed" / "landscape" / "data"
FILES = {
    "items_eu.json": ["landscape_eu.json"],
    "items_cn.json": ["landscape_cn.json", "landscape_cn_extra.json"],
    "items_intl.json": ["landscape_intl.json"],
}


STATUS_WORDS = (
    ("in force", "in_force"),
    ("in_force", "in_force"),
    ("active", "in_force"),
    ("approved", "in_force"),
    ("published", "in_force"),
    ("final", "in_force"),
    ("in use", "in_force"),
    ("adopted", "in_force"),
    ("ongoing", "in_force"),
    ("current", "in_force"),
    ("operational", "in_force"),
    ("planned", "planned"),
    ("draft", "planned"),
    ("supersed", "superseded"),
    ("replaced", "superseded"),
    ("withdrawn", "superseded"),
    ("ended", "ended"),
    ("completed", "ended"),
    ("closed", "ended"),
)


def clean(item: dict[str, Any]) -> dict[str, Any]:
    keep = {k: v for k, v in item.items() if k in ItemCreate.model_fields}
    keep["kind"] = {"regulation": "law", "guideline": "standard"}.get(str(keep.get("kind")), keep.get("kind"))
    tier = keep.get("legal_tier")
    if tier in ("国家标准", "行业标准"):
        prefix = re.match(r"^(GB/T|GB|WS/T|YY/T)", str(keep.get("identifier") or ""))
        keep["legal_tier"] = prefix.group(1) if prefix else None
    elif tier == "其他规范性文件":
        keep["legal_tier"] = "规范性文件"
    keep["title_zh"] = keep.get("title_zh") or ""
    keep["title_zh_status"] = keep.get("title_zh_status") or "translation"
    status = str(keep.get("status") or "").lower()
    keep["status"] = next((value for word, value in STATUS_WORDS if status.startswith(word)), status)
    for source in keep.get("sources") or []:
        problem = source_hosts.problems(source["url"])
        if problem:
            raise ValueError(f"source {source['url']}: {problem}")
        source["kind"] = source_hosts.source_kind(source["url"])
    if keep.get("verified") and not any(s["kind"] in source_hosts.CONFIRMING for s in keep.get("sources") or []):
        raise ValueError("verified needs an official or reputable source")
    ItemCreate.model_validate(keep)
    return keep


def match(side: dict[str, Any], items: dict[str, dict[str, Any]]) -> str | None:
    """Slug first; then a unique document number; then the longest title contained in the description."""
    slug = side.get("suggested_slug")
    if slug in items:
        return str(slug)
    wanted = side.get("identifier_or_title", "")
    region = side.get("region")
    pool = {
        i: item
        for i, item in items.items()
        if not region or item["region"] == region or (region == "EU" and item["region"] == "Europe (non-EU)")
    }
    numbers = set(re.findall(r"\d+/\d+|\d{4,}(?:[.-]\d+)?", wanted)) - {str(y) for y in range(1990, 2031)}
    for field in ("identifier", "title_en"):
        for number in sorted(numbers, key=len, reverse=True):
            hits = [i for i, item in pool.items() if number in str(item.get(field) or "")]
            if len(hits) == 1:
                return hits[0]
    titled = [
        (len(t), i)
        for i, item in pool.items()
        for t in (item.get("title_zh") or "", item["title_en"])
        if len(t) >= 6 and t in wanted
    ]
    if titled:
        return max(titled)[1]
    for acronym_item, item in pool.items():
        if any(len(a) >= 3 and re.search(rf"\b{re.escape(a)}\b(?![-/])", wanted) for a in item.get("acronyms", [])):
            return acronym_item
    return None


def main(research: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    items: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    relations: list[dict[str, Any]] = []
    for out_name, in_names in FILES.items():
        kept = []
        rows_with_file = [
            (in_name, row)
            for in_name in in_names
            if (research / in_name).exists()
            for row in json.loads((research / in_name).read_text(encoding="utf-8"))
        ]
        for in_name, row in rows_with_file:
            try:
                cleaned = clean(row)
            except Exception as exc:  # report and leave out; never guess a fix
                problems.append(f"{in_name}:{row.get('id')}: {str(exc).splitlines()[0]}")
                continue
            if cleaned["id"] in items:
                problems.append(f"{in_name}:{cleaned['id']}: duplicate id, second copy left out")
                continue
            items[cleaned["id"]] = cleaned
            kept.append(cleaned)
            for rel in row.get("relations") or []:
                relations.append(
                    {
                        "source": cleaned["id"],
                        "target": rel["target"],
                        "type": rel["type"],
                        "basis": "",
                        "sources": cleaned["sources"][:1],
                        "verified": cleaned["verified"],
                    }
                )
        (OUT / out_name).write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for pair in json.loads((research / "counterparts.json").read_text(encoding="utf-8")):
        left, right = match(pair["left"], items), match(pair["right"], items)
        if not left or not right:
            problems.append(
                f"counterpart left out: {pair['left']['identifier_or_title'][:50]} ↔ "
                f"{pair['right']['identifier_or_title'][:50]} (unmatched)"
            )
            continue
        relations.append(
            {
                "source": left,
                "target": right,
                "type": "counterpart_of",
                "basis": pair["basis"],
                "sources": [pair["source"]] if pair.get("source") else [],
                "verified": bool(pair.get("verified")),
            }
        )
    extra = research / "counterparts_extra.json"
    if extra.exists():
        known_pairs = {frozenset((r["source"], r["target"])): r for r in relations if r["type"] == "counterpart_of"}
        for pair in json.loads(extra.read_text(encoding="utf-8")):
            if pair.get("source") not in items or pair.get("target") not in items:
                problems.append(f"extra counterpart left out: {pair.get('source')} ↔ {pair.get('target')} (unknown id)")
                continue
            key = frozenset((pair["source"], pair["target"]))
            if key in known_pairs and known_pairs[key]["verified"] and not pair.get("verified"):
                continue
            if key in known_pairs:
                relations.remove(known_pairs[key])
            relations.append(
                {
                    "source": pair["source"],
                    "target": pair["target"],
                    "type": "counterpart_of",
                    "basis": pair.get("basis", ""),
                    "sources": pair.get("sources", []),
                    "verified": bool(pair.get("verified")),
                }
            )
    relations = [r for r in relations if r["target"] in items and r["source"] in items]
    for relation in relations:
        kept_sources = []
        for source in relation["sources"]:
            problem = source_hosts.problems(source["url"])
            if problem:
                problems.append(f"relation {relation['source']} → {relation['target']}: source left out ({problem})")
                continue
            kept_sources.append({**source, "kind": source_hosts.source_kind(source["url"])})
        relation["sources"] = kept_sources
        if relation["verified"] and not any(s["kind"] in source_hosts.CONFIRMING for s in kept_sources):
            relation["verified"] = False
    (OUT / "relations.json").write_text(json.dumps(relations, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_sources(items)
    counts = {
        r: sum(1 for i in items.values() if i["region"] == r)
        for r in ("EU", "Europe (non-EU)", "China", "International")
    }
    verified = {r: sum(1 for i in items.values() if i["region"] == r and i["verified"]) for r in counts}
    print(
        f"items {counts}; verified {verified}; relations {len(relations)} "
        f"(counterparts {sum(1 for r in relations if r['type'] == 'counterpart_of')})",
        file=sys.stderr,
    )
    for problem in problems:
        print("  -", problem, file=sys.stderr)


def write_sources(items: dict[str, dict[str, Any]]) -> None:
    lines = [
        "# Sources of the bundled landscape dataset",
        "",
        "Licence: CC BY 4.0 (the compilation). Each item lists the pages it was checked against; "
        "`verified: false` marks items no retrieved source confirmed.",
        "",
    ]
    for item in sorted(items.values(), key=lambda i: i["id"]):
        flag = "" if item["verified"] else " (unverified)"
        lines.append(
            f"- **{item['id']}**{flag}: "
            + "; ".join(
                f"[{s['title']}]({s['url']}) ({s.get('kind')}; accessed {s.get('accessed', '')})"
                for s in item["sources"]
            )
        )
    (OUT / "SOURCES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
