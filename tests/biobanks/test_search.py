"""Discovery: facets in both languages, any/all, the ICD-10 hierarchy, counts and nesting."""

from __future__ import annotations

import pytest

from ic2permed.biobanks import service
from ic2permed.biobanks.search import Doc, run
from ic2permed.core.database import Database


def _ids(database: Database, locale: str = "en", **params: list[str]) -> list[str]:
    with database.session() as session:
        query, warnings = service.query_from_params(params)
        assert warnings == []
        result = service.search_collections(session, query, locale)
    return sorted(hit.collection.id for hit in service.flat_hits(result))


def test_material_within_a_chapter_in_either_language(loaded: Database) -> None:
    """The "done when" check: serum collections coded anywhere under chapter IV (endocrine)."""
    expected = ["bb-east:all", "bb-north:diabetes", "bb-north:diabetes:type1"]
    assert _ids(loaded, material=["SERUM"], disease=["IV"]) == expected
    assert _ids(loaded, "zh_Hans", material=["serum"], disease=["ICD10:IV"]) == expected
    assert _ids(loaded, "zh_Hans", q=["血清 糖尿病"]) == expected


@pytest.mark.parametrize(
    ("disease", "expected"),
    [
        ("E10-E14", ["bb-east:all", "bb-north:diabetes", "bb-north:diabetes:type1"]),
        ("E10", ["bb-north:diabetes", "bb-north:diabetes:type1"]),
        ("ICD10:E11.9", ["bb-north:diabetes"]),
        ("e119", ["bb-north:diabetes"]),
        ("II", ["bb-north:cancer"]),
        ("orpha 558", ["bb-east:all"]),
    ],
)
def test_disease_filter_follows_the_hierarchy_and_accepts_code_forms(
    loaded: Database, disease: str, expected: list[str]
) -> None:
    assert _ids(loaded, disease=[disease]) == expected


def test_any_and_all_per_facet(loaded: Database) -> None:
    assert _ids(loaded, material=["DNA", "WHOLE_BLOOD"]) == [
        "bb-east:all",
        "bb-north:cancer",
        "bb-north:diabetes",
    ]
    assert _ids(loaded, material=["SERUM", "DNA"], material_mode=["all"]) == ["bb-north:diabetes"]
    assert _ids(loaded, disease=["E10", "C50"], disease_mode=["all"]) == []


def test_counts_per_facet_value_ignore_their_own_facet(loaded: Database) -> None:
    with loaded.session() as session:
        query, _ = service.query_from_params({"material": ["TISSUE_FROZEN"]})
        result = service.search_collections(session, query)
    facets = {f.name: {v.value: v for v in f.values} for f in result.facets}
    assert result.total == 1
    assert facets["material"]["SERUM"].count == 3  # siblings stay visible with their counts
    assert facets["material"]["TISSUE_FROZEN"].selected
    assert facets["disease"]["II"].count == 1
    assert facets["region"]["EU"].count == 1 and "China" not in facets["region"]
    assert facets["commercial_use"]["yes"].label == "yes"
    with loaded.session() as session:
        everything = service.search_collections(session, service.query_from_params({})[0])
    diseases = next(f for f in everything.facets if f.name == "disease")
    assert [v.value for v in diseases.values] == ["II", "IV", "V", "IX", "ORPHA:558"]  # chapters, then rare


def test_sub_collections_nest_under_their_parent(loaded: Database) -> None:
    with loaded.session() as session:
        query, _ = service.query_from_params({"disease": ["E10"]})
        result = service.search_collections(session, query)
    assert [h.collection.id for h in result.hits] == ["bb-north:diabetes"]
    assert [c.collection.id for c in result.hits[0].children] == ["bb-north:diabetes:type1"]
    with loaded.session() as session:
        query, _ = service.query_from_params({"q": ["children"]})
        alone = service.search_collections(session, query)
    assert alone.hits[0].parent_name == "Diabetes cohort"


def test_bad_filter_values_become_warnings() -> None:
    query, warnings = service.query_from_params({"disease": ["not-a-code"], "material": ["PLUTONIUM"]})
    assert query.filters == {}
    assert sorted(warnings) == [
        "'PLUTONIUM' is not on the MIABIS list of material types",
        "'not-a-code' is not an ICD-10 or ORPHA code",
    ]


def _doc(doc_id: str, name: str, **values: set[str]) -> Doc:
    return Doc(
        id=doc_id,
        parent_id=None,
        values={k: frozenset(v) for k, v in values.items()},
        tokens=frozenset(),
        name_tokens=frozenset({name}),
        text="",
    )


@pytest.mark.parametrize(
    ("filters", "modes", "expected"),
    [
        ({}, {}, ["a", "b", "c"]),
        ({"material": ["X"]}, {}, ["a", "b"]),
        ({"material": ["X", "Y"]}, {}, ["a", "b", "c"]),
        ({"material": ["X", "Y"]}, {"material": "all"}, ["b"]),
        ({"material": ["X"], "region": ["EU"]}, {}, ["a"]),
    ],
)
def test_pure_facet_matching(filters: dict[str, list[str]], modes: dict[str, str], expected: list[str]) -> None:
    docs = [
        _doc("a", "alpha", material={"X"}, region={"EU"}),
        _doc("b", "beta", material={"X", "Y"}, region={"China"}),
        _doc("c", "gamma", material={"Y"}, region={"EU"}),
    ]
    hits, counts = run(docs, "", filters, modes)
    assert sorted(d.id for d, _ in hits) == expected
    if filters.get("region"):
        assert counts["material"]["Y"] == 1  # counted within region EU only


def test_name_hits_rank_first() -> None:
    docs = [_doc("body", "other"), _doc("name", "serum")]
    docs[0] = Doc("body", None, {}, frozenset({"serum"}), frozenset({"other"}), "")
    hits, _ = run(docs, "serum", {}, {})
    assert [d.id for d, _ in hits] == ["name", "body"]
