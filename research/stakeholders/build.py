"""Builds organisations.json and relations.json from the compact research notes below (sources retrieved with
the search tool on 2026-11-30). Run: python3 research/stakeholders/build.py; then copy to the package data."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
ACC = "2026-11-30"


def src(url: str, title: str, quote: str) -> dict[str, str]:
    return {"url": url, "title": title, "accessed": ACC, "quote": quote}


ORGS: list[dict] = []
RELS: list[dict] = []


def org(id, name_en, name_zh, type, region, country, *, acronym="", zh="translation", website="", parent=None,
        role_en="", role_zh="", themes=(), sources=(), verified=True):
    ORGS.append({
        "id": id, "name_en": name_en, "name_zh": name_zh, "name_zh_status": zh, "acronym": acronym, "ror": None,
        "parent_id": parent, "type": type, "region": region, "country": country, "website": website,
        "pm_role_en": role_en, "pm_role_zh": role_zh, "themes": list(themes), "sources": list(sources),
        "verified": bool(verified and sources),
    })


def rel(source, target, type, *, start=None, end=None, basis="", sources=(), verified=True):
    RELS.append({
        "source": source, "target": target, "type": type, "start_year": start, "end_year": end, "basis": basis,
        "sources": list(sources), "verified": bool(verified and sources),
    })


from notes import load  # noqa: E402  (the research notes, kept in their own file)

load(org, rel, src)
from notes import load_more  # noqa: E402

load_more(org, rel, src)
from notes import load_europe  # noqa: E402

load_europe(org, rel, src)
from notes import load_china  # noqa: E402

load_china(org, rel, src)
from notes import load_infrastructures  # noqa: E402

load_infrastructures(org, rel, src)
ids = [o["id"] for o in ORGS]
assert len(ids) == len(set(ids)), "duplicate organisation id"
known = set(ids)
for r in RELS:
    assert r["source"] in known and r["target"] in known, r
(HERE / "organisations.json").write_text(json.dumps(ORGS, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
(HERE / "relations.json").write_text(json.dumps(RELS, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
sides = {}
for o in ORGS:
    sides[o["region"]] = sides.get(o["region"], 0) + 1
print(len(ORGS), "organisations", sides, len(RELS), "relations")

# The package bundle: the same files plus SOURCES.md.
DATA = HERE.parents[1] / "src" / "ic2permed" / "stakeholders" / "data"
for name in ("organisations.json", "relations.json"):
    (DATA / name).write_text((HERE / name).read_text(encoding="utf-8"), encoding="utf-8")


def cite(sources: list[dict]) -> str:
    return "; ".join(f"[{s['title']}]({s['url']}) (accessed {s['accessed']})" for s in sources) or "no source retrieved"


lines = [
    "# Sources of the bundled stakeholder dataset",
    "",
    "Licence: CC BY 4.0 (the compilation). Each organisation and relation lists the pages it was checked against;",
    "`verified: false` marks entries no retrieved source fully confirms. Built by `research/stakeholders/build.py`.",
    "`links.json` is the curator review of the matching step (landscape issuers and biobank juristic persons →",
    "organisations), made by `research/stakeholders/review_links.py`; sources marked accessed 2026-11-28 were",
    "retrieved for the landscape and biobank datasets and are reused here.",
    "",
    "## Organisations",
    "",
]
lines += [f"- **{o['id']}**{'' if o['verified'] else ' (unverified)'}: {cite(o['sources'])}" for o in sorted(ORGS, key=lambda o: o["id"])]
lines += ["", "## Relations", ""]
lines += [
    f"- **{r['source']} {r['type']} {r['target']}**{'' if r['verified'] else ' (unverified)'}: {cite(r['sources'])}"
    for r in RELS
]
(DATA / "SOURCES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
