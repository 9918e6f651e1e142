"""The curator review behind `src/ic2permed/stakeholders/data/links.json` (2026-11-30).

Runs the matching step (exact name, then acronym) over the bundled landscape items and biobanks, keeps for each
record the organisation named first in its issuer text, and applies the decisions below, taken by reading each
proposal. Run with the package installed: `.venv/bin/python research/stakeholders/review_links.py`.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from ic2permed.bootstrap import ensure_ready
from ic2permed.core.config import Settings
from ic2permed.stakeholders import service

OUT = Path(__file__).resolve().parents[2] / "src" / "ic2permed" / "stakeholders" / "data" / "links.json"

# Proposals refused on review: the acronym or name belongs to a co-approver, a funder or another body.
REJECT = {
    ("cn-national-clinical-research-centers", "cn-cmc"),  # CMC = Central Military Commission there
    ("cn-nccrc-measures-2017", "cn-cmc"),
    ("cn-cngb", "cn-miit"),  # one of the approving ministries, not the operator
    ("uk-biobank", "gb-mrc"),  # funders, not the juristic person
    ("uk-biobank", "gb-wellcome"),
    ("int-human-cell-atlas", "gb-wellcome"),
    ("int-ihcc", "int-ga4gh"),
    ("cn-zjch-biobank", "cn-cas"),  # the hospital is not a CAS body
    ("cn-chongqing-biobank", "cn-cas"),
    ("eu-1mg-trust-framework", "eu-b1mg"),
    ("eu-1mg", "eu-ec"),  # the signatories are the member states
    ("cn-st-ethics-review-measures-2023", "cn-cas"),
    ("cn-sh-human-phenome-project", "cn-fudan"),  # led by the Shanghai government
    ("cn-health-st-innovation-opinions-2016", "cn-most"),  # led by the former NHFPC (not in the registry)
    ("cn-hgr-interim-measures-1998", "cn-most"),  # issued by the General Office of the State Council
    ("cn-emr-application-spec-2017", "cn-natcm"),  # led by the former NHFPC
}
# The right organisation when no rule found it (the issuer text spells the name differently).
OVERRIDE = {("landscape", "cn-ngdc-cncb"): "cn-big-cncb"}


def main() -> None:
    database = ensure_ready(Settings(var_dir=Path(tempfile.mkdtemp()), load_bundled_data=True))
    with database.session() as session:
        candidates = service.match_candidates(session)
        names = service.names(session)
    best: dict[tuple[str, str], tuple[int, str, str, str]] = {}
    for c in candidates:
        if (c.record_id, c.organisation_id) in REJECT:
            continue
        org = names[c.organisation_id]
        plain = re.sub(r" of the People's Republic of China$", "", org.name_en)
        spots = [c.text.lower().find(x.lower()) for x in (org.name_en, plain, org.name_zh, org.acronym) if x]
        first = min((s for s in spots if s >= 0), default=10**6)
        key = (c.kind, c.record_id)
        if key not in best or first < best[key][0]:
            best[key] = (first, c.organisation_id, c.text, c.rule)
    # Records linked by an earlier review are no longer proposed (the bundle applied them): keep those decisions.
    earlier = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else []
    links = [link for link in earlier if (link["kind"], link["record_id"]) not in best]
    for (kind, record), (_pos, org_id, text, rule) in sorted(best.items()):
        chosen = OVERRIDE.get((kind, record), org_id)
        links.append({"kind": kind, "record_id": record, "organisation_id": chosen, "text": text,
                      "rule": "curator" if chosen != org_id else rule})
    links.sort(key=lambda link: (link["kind"], link["record_id"]))
    OUT.write_text(json.dumps(links, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(len(links), "reviewed links")


if __name__ == "__main__":
    main()
