"""Search as analysts use it, on the real bundle, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from ic2permed.core import text
from ic2permed.core.database import Database
from ic2permed.landscape import service
from ic2permed.landscape.schemas import SearchQuery


def top(database: Database, q: str, n: int = 5, **filters: object) -> list[str]:
    with database.session() as session:
        return [i.id for i in service.search(session, SearchQuery(q=q, limit=n, **filters)).items]


def test_traditional_is_folded_and_chinese_segmented() -> None:
    assert text.fold("個人信息保護") == "个人信息保护"
    assert "个人信息" in text.words("中華人民共和國個人信息保護法")
    assert "protect" in text.words("protecting Protection")
    assert "id:gbt37864" in text.query_tokens("GB/T 37864")


KNOWN = [
    ("GDPR", "eu-gdpr"),
    ("通用数据保护条例", "eu-gdpr"),
    ("Regulation (EU) 2016/679", "eu-gdpr"),
    ("2017/746", "eu-ivdr"),
    ("ISO 20387", "int-iso-20387"),
    ("體外診斷", "eu-ivdr"),
    ("in vitro diagnostic medical devices regulation", "eu-ivdr"),
]


def test_known_items_rank_in_the_top_three(loaded: Database) -> None:
    misses = [(q, expected, top(loaded, q, 3)) for q, expected in KNOWN if expected not in top(loaded, q, 3)]
    assert misses == []


def test_facets_filter_and_count(loaded: Database) -> None:
    with loaded.session() as session:
        everything = service.search(session, SearchQuery(q="data", limit=100))
        standards = service.search(session, SearchQuery(q="data", kind=["standard"], limit=100))
    kinds = dict((f.value, f.count) for f in everything.facets["kind"])
    assert standards.total == kinds["standard"]
    assert all(i.kind == "standard" for i in standards.items)
    assert sum(kinds.values()) == everything.total


def test_in_force_on_a_date(loaded: Database) -> None:
    from datetime import date

    with loaded.session() as session:
        old = service.search(session, SearchQuery(in_force_on=date(2000, 1, 1), region=["EU"], limit=500))
        ids = {i.id for i in old.items}
    assert "eu-dir-95-46" in ids
    assert "eu-gdpr" not in ids


def test_unknown_theme_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown theme"):
        SearchQuery(theme=["astrology"])


def test_index_follows_writes_and_patching_matches_a_rebuild(database: Database) -> None:
    from ic2permed.core.permissions import Actor
    from ic2permed.landscape import search_index
    from ic2permed.landscape.schemas import ItemCreate, ItemUpdate
    from tests.landscape.conftest import fictional_item, load_items

    load_items(database, [fictional_item(f"x-{n}", themes=["cancer"], title_en=f"Alpha {n}") for n in range(5)])
    assert top(database, "alpha")[:1]
    with database.session() as session:
        service.update_item(session, Actor.system(), "x-3", ItemUpdate(title_en="Zebra rule", themes=["ai"]))
        service.create_item(
            session, Actor.system(), ItemCreate.model_validate(fictional_item("x-new", title_en="Zebra plan"))
        )
    assert set(top(database, "zebra")) == {"x-3", "x-new"}
    assert "x-3" not in top(database, "alpha")
    with database.session() as session:
        patched = search_index.snapshot(session)
        rebuilt = search_index._build(session, patched.version)
        for q in ("zebra", "alpha", "fictional", "虚构"):
            query = SearchQuery(q=q, limit=20)
            assert sorted(search_index.ranked(patched, query)[0]) == sorted(search_index.ranked(rebuilt, query)[0])
        assert (
            search_index.facet_counts(patched, search_index.candidates(patched, SearchQuery()))["theme"]
            == search_index.facet_counts(rebuilt, search_index.candidates(rebuilt, SearchQuery()))["theme"]
        )


def test_what_applied_on_a_date_follows_new_versions_but_not_amendments(database: Database) -> None:
    from datetime import date

    from tests.landscape.conftest import fictional_item, load_items

    load_items(
        database,
        [
            fictional_item("zz-act-2010", kind="law", in_force_date="2010-01-01", status="superseded"),
            fictional_item("zz-act-2020", kind="law", in_force_date="2020-06-01"),
            fictional_item("zz-amendment-2015", kind="law", in_force_date="2015-01-01"),
            fictional_item("zz-undated-revision", kind="law", year=None),
        ],
        [
            {"source": "zz-act-2020", "target": "zz-act-2010", "type": "version_of"},
            {"source": "zz-amendment-2015", "target": "zz-act-2010", "type": "amends"},
            {"source": "zz-undated-revision", "target": "zz-amendment-2015", "type": "version_of"},
        ],
    )

    def on(day: date) -> set[str]:
        with database.session() as session:
            found = service.search(session, SearchQuery(q="", in_force_on=day, limit=100)).items
        return {i.id for i in found if i.id.startswith("zz-")}

    assert on(date(2012, 1, 1)) == {"zz-act-2010"}
    # The amendment changes the 2010 act but never ends it; the undated revision replaces nothing.
    assert on(date(2016, 1, 1)) == {"zz-act-2010", "zz-amendment-2015"}
    # From the day the new version took effect, it applies instead of the earlier one.
    assert on(date(2020, 6, 1)) == {"zz-act-2020", "zz-amendment-2015"}
    assert on(date(2020, 5, 31)) == {"zz-act-2010", "zz-amendment-2015"}
