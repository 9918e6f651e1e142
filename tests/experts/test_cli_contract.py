"""`ic2permed delphi analyse` and `ic2permed wg propose` as outside checks run them: real processes, no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")}
    # a database that cannot be reached and a var dir that must stay absent: these commands need neither
    environment["IC2PERMED_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    environment["IC2PERMED_VAR_DIR"] = str(cwd / "var")
    result = subprocess.run(
        [sys.executable, "-m", "ic2permed", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert not (cwd / "var").exists()
    return result


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


VOTES = [
    "expert_id,region,sector,statement_id,rating",
    "e1,EU,academia,S1,5",
    "e2,EU,industry,S1,4",
    "e3,Europe (non-EU),academia,S1,4",
    "c1,China,academia,S1,2",
    "c2,China,healthcare,S1,1",
    "c3,China,academia,S1,3",
    "e1,EU,academia,S2,5",
    "c1,China,academia,S2,4",
]


def test_analyse_json_contract(tmp_path: Path) -> None:
    votes = write(tmp_path / "votes.csv", VOTES)
    previous = write(tmp_path / "prev.csv", [*VOTES[:1], "e1,EU,academia,S1,5", "c1,China,academia,S1,5"])
    result = run(
        ["delphi", "analyse", str(votes), "--scale", "likert5", "--rule", "cvi", "--previous", str(previous), "--json"],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"statements", "kendall_w"} and data["kendall_w"] is None
    s1, s2 = data["statements"]
    keys = {"id", "n", "mean", "sd", "median", "iqr", "agreement_pct", "disagreement_pct", "cvi", "decision"}
    assert set(s1) == keys | {"stability", "diverges", "by_region", "by_sector"}
    # S1 by hand: 5,4,4,2,1,3 → mean 19/6, median 3.5, agreement 3/6 = 50 %, CVI 0.5 → exclude
    assert (s1["id"], s1["n"], s1["median"], s1["agreement_pct"], s1["cvi"], s1["decision"]) == (
        "S1",
        6,
        3.5,
        50.0,
        0.5,
        "exclude",
    )
    assert s1["mean"] == pytest.approx(19 / 6)
    # quartiles of 1,2,3,4,4,5: h = 1.25 → 2.25; h = 3.75 → 4 → IQR 1.75
    assert s1["iqr"] == pytest.approx(1.75)
    assert s1["stability"] is False  # 100 % → 50 %
    assert s1["diverges"] is True  # Europe 3/3 include, China 0/3 exclude
    assert set(s1["by_region"]) == {"EU", "China"}
    assert s1["by_region"]["EU"]["n"] == 3 and s1["by_region"]["China"]["decision"] == "exclude"
    assert set(s1["by_region"]["EU"]) == keys - {"id"}
    assert set(s1["by_sector"]) == {"academia", "industry", "healthcare"}
    assert s2["sd"] is not None and s2["stability"] is None  # S2 not in the previous round


def test_analyse_ranking_gives_kendall_w(tmp_path: Path) -> None:
    rows = ["expert_id,region,sector,statement_id,rating"]
    for expert, ranks in {"A": (1, 2, 3), "B": (1, 3, 2), "C": (2, 1, 3)}.items():
        rows += [f"{expert},China,academia,s{i + 1},{r}" for i, r in enumerate(ranks)]
    result = run(["delphi", "analyse", str(write(tmp_path / "r.csv", rows)), "--scale", "rank", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["kendall_w"] == pytest.approx(96 / 216)
    incomplete = write(tmp_path / "i.csv", rows[:-1])
    result = run(["delphi", "analyse", str(incomplete), "--scale", "rank", "--json"], tmp_path)
    assert result.returncode == 2
    assert "incomplete ranking" in result.stderr and "column statement_id" in result.stderr


@pytest.mark.parametrize(
    ("lines", "scale", "rule", "expected"),
    [
        ([*VOTES[:3], "e3,EU,academia,S1,6"], "likert5", "cvi", "row 4, column rating"),
        (
            ["expert_id,region,sector,rating", "e1,EU,a,3"],
            "likert5",
            "cvi",
            "row 1, column statement_id: missing column",
        ),
        ([*VOTES[:2], "e2,Mars,academia,S1,4"], "likert5", "cvi", "row 3, column region"),
        ([*VOTES[:2], "e1,EU,academia,S1,4"], "likert5", "cvi", "row 3, column statement_id"),
        ([*VOTES[:2], "e2,EU,academia,S1,four"], "nine", "iqr", "row 3, column rating"),
        (VOTES, "nine", "cvi", "rule cvi applies to the likert5 scale"),
        (VOTES, "likert5", "comet", "rule comet applies to the nine scale"),
    ],
)
def test_analyse_bad_input_exits_2_with_one_line(
    tmp_path: Path, lines: list[str], scale: str, rule: str, expected: str
) -> None:
    votes = write(tmp_path / "votes.csv", lines)
    result = run(["delphi", "analyse", str(votes), "--scale", scale, "--rule", rule, "--json"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr


EXPERTS = [
    "expert_id,region,sector,themes,max_groups",
    "E1,EU,academia,a;b,1",
    "E2,China,industry,a,2",
    "E3,China,academia,b;c,1",
    "E4,EU,healthcare,c,2",
    "E5,International,policy,a;c,1",
]
GROUPS = ["group_id,min_size,max_size,themes,chair", "G1,2,3,a;b,E1", "G2,2,3,c,"]


def test_propose_optimal(tmp_path: Path) -> None:
    experts, groups = write(tmp_path / "e.csv", EXPERTS), write(tmp_path / "g.csv", GROUPS)
    result = run(["wg", "propose", "--experts", str(experts), "--groups", str(groups), "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # by hand: G1 {E1 (2 themes), E2 (1)}, G2 {E3 (1), E4 (1)} = 5; adding E5 anywhere breaks the 40 % balance
    assert data == {"status": "optimal", "objective": 5, "groups": {"G1": ["E1", "E2"], "G2": ["E3", "E4"]}}


def test_propose_without_a_chair_column(tmp_path: Path) -> None:
    experts = write(tmp_path / "e.csv", EXPERTS)
    groups = write(tmp_path / "g.csv", ["group_id,min_size,max_size,themes", "G1,2,3,a;b"])
    result = run(["wg", "propose", "--experts", str(experts), "--groups", str(groups), "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    # E1 (a, b: 2) with E2 (a: 1) — one European, one Chinese, two sectors
    assert json.loads(result.stdout) == {"status": "optimal", "objective": 3, "groups": {"G1": ["E1", "E2"]}}


def test_propose_infeasible_exits_1_with_reasons(tmp_path: Path) -> None:
    experts, groups = (
        write(tmp_path / "e.csv", EXPERTS[:4]),
        write(tmp_path / "g.csv", ["group_id,min_size,max_size,themes,chair", "G1,3,3,a,"]),
    )
    result = run(
        ["wg", "propose", "--experts", str(experts), "--groups", str(groups), "--min-region-share", "0.4", "--json"],
        tmp_path,
    )
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["status"] == "infeasible"
    # three of E1 (EU), E2, E3 (China): one side has 1 of 3 = 33 % < 40 %; a group of 2 or no share rule would do
    assert [r.split(":")[0] for r in data["reasons"]] == ["size", "region"]
    assert all("G1" in r for r in data["reasons"])


@pytest.mark.parametrize(
    ("experts", "groups", "extra", "expected"),
    [
        (EXPERTS, [GROUPS[0], "G1,2,3,a,E9"], [], "row 2, column chair: unknown expert 'E9'"),
        ([EXPERTS[0], "E1,EU,academia,a,many"], [GROUPS[0], "G1,1,2,a,"], [], "row 2, column max_groups"),
        (["expert_id,region,sector,max_groups", "E1,EU,a,1"], GROUPS, [], "row 1, column themes: missing column"),
        (EXPERTS, [GROUPS[0], "G1,3,2,a,"], [], "row 2, column max_size"),
        (EXPERTS, GROUPS, ["--min-region-share", "0.6"], "--min-region-share: 0.6 is outside 0–0.5"),
    ],
)
def test_propose_bad_input_exits_2(
    tmp_path: Path, experts: list[str], groups: list[str], extra: list[str], expected: str
) -> None:
    e, g = write(tmp_path / "e.csv", experts), write(tmp_path / "g.csv", groups)
    result = run(["wg", "propose", "--experts", str(e), "--groups", str(g), *extra, "--json"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected in result.stderr
