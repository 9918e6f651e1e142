"""Synthetic nodes: reproducible by seed, plausible shape, written through the one write door."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ic2permed.core.errors import ValidationFailed
from ic2permed.federation.node.store import NodeStore
from ic2permed.federation.node.synth import synthesise


def fingerprint(db: Path) -> list[tuple[object, ...]]:
    store = NodeStore(db)
    try:
        return store.fetchall(
            "SELECT (SELECT count(*) FROM individuals), (SELECT count(*) FROM biosamples),"
            " (SELECT sum(hash(id, sex, ethnicity)) FROM individuals),"
            " (SELECT sum(hash(individual_pk, material, sampling_date, age)) FROM biosamples),"
            " (SELECT sum(hash(individual_pk, code, age_at_diagnosis)) FROM diseases)"
        )
    finally:
        store.close()


def test_same_seed_same_node(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.duckdb", tmp_path / "b.duckdb", tmp_path / "c.duckdb"
    synthesise(a, 2000, "eu", seed=7)
    synthesise(b, 2000, "eu", seed=7)
    synthesise(c, 2000, "eu", seed=8)
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(c)


def test_profiles_differ_where_regions_do(tmp_path: Path) -> None:
    eu, cn = tmp_path / "eu.duckdb", tmp_path / "cn.duckdb"
    summary = synthesise(eu, 3000, "eu", seed=1)
    synthesise(cn, 3000, "cn", seed=1)
    assert summary.donors == 3000 and summary.samples > 3000
    con_eu, con_cn = duckdb.connect(str(eu), read_only=True), duckdb.connect(str(cn), read_only=True)
    hep_b = "SELECT count(*) FROM diseases WHERE code = 'B18.1'"
    assert con_cn.execute(hep_b).fetchone()[0] > 5 * con_eu.execute(hep_b).fetchone()[0]  # type: ignore[index]
    extension = "SELECT count(*) FROM diseases WHERE code LIKE 'E11.900X%'"
    assert con_cn.execute(extension).fetchone()[0] > 0  # type: ignore[index]
    ages = con_eu.execute("SELECT min(age), max(age) FROM biosamples").fetchone()
    assert ages is not None and ages[0] >= 18 and ages[1] <= 100
    women_with_prostate = "SELECT count(*) FROM diseases d JOIN individuals i ON i.pk = d.individual_pk"
    women_with_prostate += " WHERE d.code = 'C61' AND i.sex = 'NCIT:C16576'"
    assert con_eu.execute(women_with_prostate).fetchone()[0] == 0  # type: ignore[index]
    con_eu.close()
    con_cn.close()


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed):
        synthesise(tmp_path / "x.duckdb", 10, "mars")
    with pytest.raises(ValidationFailed):
        synthesise(tmp_path / "x.duckdb", 0, "eu")
    assert not (tmp_path / "x.duckdb").exists()


def test_a_served_file_is_replaced_atomically(tmp_path: Path) -> None:
    db = tmp_path / "node.duckdb"
    synthesise(db, 500, "eu", seed=1)
    reader = NodeStore(db)
    before = reader.scalar("SELECT count(*) FROM individuals")
    synthesise(db, 800, "eu", seed=2)  # the open read-only handle keeps answering from the old file
    assert reader.scalar("SELECT count(*) FROM individuals") == before == 500
    reader.close()
    assert NodeStore(db).scalar("SELECT count(*) FROM individuals") == 800
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
