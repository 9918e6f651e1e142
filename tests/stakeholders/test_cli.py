"""`ic2permed stakeholders …` as outside checks run it: real processes, JSON on stdout, one line per error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

pytestmark = pytest.mark.slow

EUROPE = {"EU", "Europe (non-EU)"}


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")}
    environment.update({"IC2PERMED_LOAD_BUNDLED_DATA": "false", "IC2PERMED_VAR_DIR": str(cwd / "var")})
    return subprocess.run(
        [sys.executable, "-m", "ic2permed", "stakeholders", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
    )


def test_export_and_brokers_contract(tmp_path: Path) -> None:
    loaded = run(["load-bundle"], tmp_path)
    assert loaded.returncode == 0, loaded.stderr

    exported = run(["export", "--format", "json"], tmp_path)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert set(data) == {"organisations", "relations"}
    for org in data["organisations"]:
        assert {"id", "name_en", "name_zh", "acronym", "type", "region", "country", "sources", "verified"} <= set(org)
    for rel in data["relations"]:
        assert {"source", "target", "type", "sources"} <= set(rel)

    ranked = run(["brokers", "--top", "5", "--json"], tmp_path)
    assert ranked.returncode == 0, ranked.stderr
    brokers = json.loads(ranked.stdout)["brokers"]
    assert len(brokers) == 5
    assert all(set(b) == {"id", "name_en", "name_zh", "region", "score"} for b in brokers)
    scores = [b["score"] for b in brokers]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0

    # The same figures recomputed from the export with networkx, as an outside check would.
    g = nx.Graph()
    g.add_nodes_from(o["id"] for o in data["organisations"])
    g.add_edges_from((r["source"], r["target"]) for r in data["relations"])
    region = {o["id"]: o["region"] for o in data["organisations"]}
    expected = nx.betweenness_centrality_subset(
        g,
        [n for n in g if region[n] in EUROPE],
        [n for n in g if region[n] == "China"],
        normalized=True,
    )
    for broker in brokers:
        assert broker["score"] == pytest.approx(expected[broker["id"]])
    best = max(expected.values())
    assert brokers[0]["score"] == pytest.approx(best)


def test_graphml_export_opens_in_networkx(tmp_path: Path) -> None:
    assert run(["load-bundle"], tmp_path).returncode == 0
    out = tmp_path / "net.graphml"
    done = run(["export", "--format", "graphml", "-o", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    g = nx.read_graphml(out)
    assert g.number_of_nodes() >= 20 and g.number_of_edges() >= 20


def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    wrong = run(["export", "--format", "pdf"], tmp_path)
    assert wrong.returncode != 0
    assert "--format" in wrong.stderr

    bad = tmp_path / "orgs.csv"
    bad.write_text("id,name_en,type,region\nxx-ok-org,Fine,funder,EU\nBad Id,Broken,alien,Mars\n", encoding="utf-8")
    refused = run(["import", "--organisations", str(bad)], tmp_path)
    assert refused.returncode == 1
    assert "row 3" in refused.stderr and "nothing was saved" in refused.stderr
    listed = json.loads(run(["export", "--format", "json"], tmp_path).stdout)
    assert "xx-ok-org" not in {o["id"] for o in listed["organisations"]}
