"""Compare and opportunities, on labelled fictional cases whose right answers we know."""

from __future__ import annotations

from datetime import date

from ic2permed.landscape.compare import compare_theme
from ic2permed.landscape.opportunities import rank_opportunities
from ic2permed.landscape.schemas import ItemRead, RelationRead
from tests.landscape.conftest import fictional_item


def item(item_id: str, **fields: object) -> ItemRead:
    data = fictional_item(item_id, **fields)
    data.update(
        legal_tier=None,
        country=None,
        province=None,
        issuing_body="",
        organisation_id=None,
        identifier=fields.get("identifier"),
        celex=None,
        url=None,
        in_force_date=None,
        end_date=fields.get("end_date"),
        title_zh_status="translation",
        summary_en="",
        summary_zh="",
        acronyms=[],
        withdrawn=False,
        origin="bundle",
    )
    return ItemRead.model_validate(data)


def link(a: str, b: str, kind: str = "counterpart_of", basis: str = "") -> RelationRead:
    return RelationRead(source_id=a, target_id=b, type=kind, basis=basis, sources=[], verified=True)


def test_counterparts_share_a_row_and_gaps_are_called_out() -> None:
    items = [
        item("eu-law", kind="law", themes=["data-protection"]),
        item("cn-law", kind="law", region="China", themes=["data-protection"]),
        item("int-std", kind="standard", region="International", themes=["data-protection"]),
        item("eu-std", kind="standard", themes=["data-protection"]),
        item("eu-old", kind="law", status="superseded", themes=["data-protection"]),
    ]
    result = compare_theme(
        "data-protection",
        items,
        [
            link("eu-law", "cn-law", basis="both regulate personal data"),
            link("int-std", "cn-law"),
            link("eu-law", "eu-old", "supersedes"),
        ],
    )
    assert len(result.aligned) == 1
    row = result.aligned[0]
    assert [i.id for i in row.eu] == ["eu-law"] and [i.id for i in row.cn] == ["cn-law"]
    assert [i.id for i in row.intl] == ["int-std"] and "personal data" in row.basis
    assert [i.id for i in result.unaligned.eu] == ["eu-std", "eu-old"] or {i.id for i in result.unaligned.eu} == {
        "eu-std",
        "eu-old",
    }
    assert [(g.kind, g.present, g.missing) for g in result.gaps] == [("standard", "eu", "cn")]
    assert [[i.id for i in chain] for chain in result.chains] == [["eu-law", "eu-old"]]  # current first


LABELLED = [
    item("eu-biobank-ri", kind="infrastructure", themes=["biobanking", "genomics", "quality-accreditation"]),
    item("cn-biobank-ri", kind="infrastructure", region="China", themes=["biobanking", "genomics"]),
    item("eu-cancer-fund", kind="programme", themes=["cancer", "prevention"], end_date=date(2027, 12, 31)),
    item("cn-cancer-fund", kind="programme", region="China", themes=["cancer", "prevention", "genomics"]),
    item("cn-ai-fund", kind="programme", region="China", themes=["ai", "digital-health"]),
    item("eu-std", kind="standard", themes=["biobanking"], identifier="EN 0000"),
]


def test_opportunities_rank_good_pairs_above_poor_ones_with_reasons_from_data() -> None:
    ranked = rank_opportunities(LABELLED)
    pairs = [(o.eu.id, o.cn.id) for o in ranked]
    assert pairs.index(("eu-biobank-ri", "cn-biobank-ri")) < pairs.index(("eu-biobank-ri", "cn-cancer-fund"))
    assert (
        pairs.index(("eu-cancer-fund", "cn-cancer-fund")) < pairs.index(("eu-cancer-fund", "cn-biobank-ri"))
        if ("eu-cancer-fund", "cn-biobank-ri") in pairs
        else True
    )
    assert ("eu-cancer-fund", "cn-ai-fund") not in pairs  # nothing shared, never proposed
    biobanks = next(o for o in ranked if (o.eu.id, o.cn.id) == ("eu-biobank-ri", "cn-biobank-ri"))
    assert "biobanking" in biobanks.reason_en and "EN 0000" in biobanks.reason_en
    assert "the Chinese side lacks" in biobanks.reason_en
    cancer = next(o for o in ranked if (o.eu.id, o.cn.id) == ("eu-cancer-fund", "cn-cancer-fund"))
    assert cancer.reason_en.startswith("Both fund cancer")
    assert "2027" in cancer.reason_en and "2027" in cancer.reason_zh
    assert len({o.reason_en for o in ranked}) == len(ranked)  # no canned sentence


def test_opportunities_filter_by_theme() -> None:
    only_cancer = rank_opportunities(LABELLED, theme="cancer")
    assert {(o.eu.id, o.cn.id) for o in only_cancer} == {("eu-cancer-fund", "cn-cancer-fund")}
