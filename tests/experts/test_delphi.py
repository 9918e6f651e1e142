"""Delphi statistics against values worked out by hand (in the comments), and the rules on their boundaries."""

from __future__ import annotations

import math
import random
import statistics
from fractions import Fraction

import numpy as np
import pytest

from ic2permed.core.errors import ValidationFailed
from ic2permed.experts import delphi
from ic2permed.experts.delphi import Vote


def votes(statement: str, ratings: list[int], region: str = "EU", sector: str = "academia") -> list[Vote]:
    return [Vote(f"{statement}-{region}-{i}", region, sector, statement, Fraction(r)) for i, r in enumerate(ratings)]


def test_figures_worked_by_hand() -> None:
    # ratings 1,2,4,5: mean 3; squared deviations 4+1+1+4 = 10, sample variance 10/3, SD √(10/3) = 1.825741858…
    # quartiles by linear interpolation: h = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1) = 1.75; h = 2.25 → 4 + 0.25·1 = 4.25
    # IQR 2.5, median (2 + 4)/2 = 3; agreement (4–5) 2 of 4 = 50 %, disagreement (1–2) 50 %, CVI 0.5
    f = delphi.figures([Fraction(r) for r in (5, 1, 4, 2)], "likert5", "cvi")
    assert f.n == 4
    assert f.mean == 3.0
    assert f.sd == pytest.approx(1.8257418583505538, abs=1e-12)
    assert (f.median, f.q1, f.q3, f.iqr) == (3.0, 1.75, 4.25, 2.5)
    assert (f.agreement_pct, f.disagreement_pct, f.cvi, f.decision) == (50.0, 50.0, 0.5, "exclude")


def test_single_rating_has_no_sd_and_nine_point_has_no_cvi() -> None:
    one = delphi.figures([Fraction(4)], "likert5", "iqr")
    assert (one.sd, one.median, one.iqr) == (None, 4.0, 0.0)
    # 9-point: 7,8,9,2 → agreement (7–9) 3/4 = 75 %, disagreement (1–3) 1/4 = 25 %, no CVI
    nine = delphi.figures([Fraction(r) for r in (7, 8, 9, 2)], "nine", "comet")
    assert (nine.agreement_pct, nine.disagreement_pct, nine.cvi) == (75.0, 25.0, None)
    assert nine.decision == "none"  # 75 % ≥ 70 % but 25 % low is not < 15 %


@pytest.mark.parametrize(
    ("agree", "n", "decision"),
    [
        (4, 5, "include"),  # 80 % > 79 %
        (79, 100, "revise"),  # exactly 79 %: not above it
        (80, 100, "include"),
        (7, 10, "revise"),  # exactly 70 %: revise (0.7 in floating point is not the point)
        (69, 100, "exclude"),
        (0, 3, "exclude"),
    ],
)
def test_cvi_boundaries(agree: int, n: int, decision: str) -> None:
    ratings = [Fraction(5)] * agree + [Fraction(3)] * (n - agree)
    assert delphi.figures(ratings, "likert5", "cvi").decision == decision


@pytest.mark.parametrize(
    ("high", "low", "middle", "decision"),
    [
        (14, 2, 4, "in"),  # 70 % high, 10 % low
        (14, 3, 3, "none"),  # 15 % low is not < 15 %
        (7, 0, 3, "in"),  # 70 % exactly
        (6, 0, 4, "none"),  # 60 %
        (2, 14, 4, "out"),  # mirror image
        (3, 14, 3, "none"),
    ],
)
def test_comet_boundaries(high: int, low: int, middle: int, decision: str) -> None:
    ratings = [Fraction(8)] * high + [Fraction(2)] * low + [Fraction(5)] * middle
    assert delphi.figures(ratings, "nine", "comet").decision == decision


@pytest.mark.parametrize(
    ("scale", "ratings", "decision"),
    [
        ("likert5", [3, 4, 4, 5, 5], "in"),  # median 4, q1 4, q3 5 → IQR 1
        ("likert5", [3, 3, 4, 5, 5], "none"),  # median 4, IQR 5 − 3 = 2
        ("likert5", [3, 4], "none"),  # median 3.5 is below 4
        ("likert5", [1, 2, 2, 3], "out"),  # median 2, q1 1.75, q3 2.25 → IQR 0.5
        ("nine", [7, 7, 8, 9, 9], "in"),  # median 8, IQR 9 − 7 = 2
        ("nine", [6, 7, 7, 9, 9], "in"),  # median 7, q1 7, q3 9 → IQR 2: on both boundaries
        ("nine", [6, 6, 7, 9, 9], "none"),  # median 7, IQR 9 − 6 = 3
        ("nine", [1, 2, 3, 3], "out"),  # median 2.5, q1 1.75, q3 3 → IQR 1.25
    ],
)
def test_iqr_rule(scale: str, ratings: list[int], decision: str) -> None:
    assert delphi.figures([Fraction(r) for r in ratings], scale, "iqr").decision == decision


def test_quantiles_match_numpy_default_on_random_ratings() -> None:
    rng = random.Random(7)
    for _ in range(300):
        ratings = [rng.randint(1, 9) for _ in range(rng.randint(1, 25))]
        f = delphi.figures([Fraction(r) for r in ratings], "nine", "iqr")
        q1, median, q3 = np.percentile(ratings, [25, 50, 75])
        assert f.median == pytest.approx(median)
        assert f.iqr == pytest.approx(q3 - q1)
        assert f.mean == pytest.approx(statistics.fmean(ratings))
        assert f.sd == (pytest.approx(statistics.stdev(ratings)) if len(ratings) > 1 else None)


def test_kendall_w_without_ties() -> None:
    # raters A: 1,2,3  B: 1,3,2  C: 2,1,3 → rank sums 4, 6, 8; mean 6; S = 4 + 0 + 4 = 8
    # W = 12·8 / (3²·(3³ − 3)) = 96 / 216 = 0.444…
    rankings = {
        "A": {"s1": Fraction(1), "s2": Fraction(2), "s3": Fraction(3)},
        "B": {"s1": Fraction(1), "s2": Fraction(3), "s3": Fraction(2)},
        "C": {"s1": Fraction(2), "s2": Fraction(1), "s3": Fraction(3)},
    }
    assert delphi.kendall_w(rankings, ["s1", "s2", "s3"]) == pytest.approx(96 / 216)


def test_kendall_w_tie_corrected_on_midranks() -> None:
    # A ranks s1 and s2 joint first → mid-ranks 1.5, 1.5, 3; its ties add 2³ − 2 = 6
    # rank sums 3.5, 5.5, 9; S = 6.25 + 0.25 + 9 = 15.5; W = 12·15.5 / (9·24 − 3·6) = 186 / 198
    rankings = {
        "A": {"s1": Fraction(1), "s2": Fraction(1), "s3": Fraction(3)},
        "B": {"s1": Fraction(1), "s2": Fraction(2), "s3": Fraction(3)},
        "C": {"s1": Fraction(1), "s2": Fraction(2), "s3": Fraction(3)},
    }
    assert delphi.kendall_w(rankings, ["s1", "s2", "s3"]) == pytest.approx(186 / 198)


def test_kendall_w_perfect_agreement_is_one_and_incomplete_ranking_is_refused() -> None:
    same = {r: {"a": Fraction(1), "b": Fraction(2), "c": Fraction(3), "d": Fraction(4)} for r in "PQRS"}
    assert delphi.kendall_w(same, ["a", "b", "c", "d"]) == pytest.approx(1.0)
    with pytest.raises(ValidationFailed, match="Incomplete"):
        delphi.kendall_w({"P": {"a": Fraction(1)}, "Q": {"a": Fraction(1), "b": Fraction(2)}}, ["a", "b"])


def test_stability_compares_agreement_points_exactly() -> None:
    before = delphi.analyse(votes("s", [5, 5, 5, 1, 1]), "likert5", "cvi")  # 60 %
    moved_10 = votes("s", [5] * 14 + [1] * 6)  # 70 %: moved 10 points → stable
    moved_15 = votes("s", [5, 5, 5, 1])  # 75 %: moved exactly 15 → not stable
    prev = votes("s", [5, 5, 5, 1, 1])
    assert before.statements[0].stability is None
    assert delphi.analyse(moved_10, "likert5", "cvi", prev).statements[0].stability is True
    assert delphi.analyse(moved_15, "likert5", "cvi", prev).statements[0].stability is False
    # a statement new in this round has nothing to be stable against
    assert delphi.analyse(votes("new", [5]), "likert5", "cvi", prev).statements[0].stability is None


def test_divergence_between_europe_and_china() -> None:
    europe = votes("s", [5, 5, 5, 5, 5], "EU") + votes("s", [], "Europe (non-EU)")
    # both include (100 % and 80 %), but agreement differs by exactly 20 points → diverges
    china = votes("s", [5, 5, 5, 5, 3], "China")
    result = delphi.analyse(europe + china, "likert5", "cvi").statements[0]
    assert result.by_region["EU"].decision == result.by_region["China"].decision == "include"
    assert result.diverges is True
    # 100 % vs 83.3 %: same decision, 16.7 points apart → does not diverge
    china6 = votes("s", [5, 5, 5, 5, 5, 3], "China")
    assert delphi.analyse(europe + china6, "likert5", "cvi").statements[0].diverges is False
    # different decisions, but only two Chinese ratings → not called
    china2 = votes("s", [1, 1], "China")
    assert delphi.analyse(europe + china2, "likert5", "cvi").statements[0].diverges is False
    # non-EU Europe counts on the Europe side; International on neither
    mixed = votes("s", [5], "Europe (non-EU)") + votes("s", [1], "International") + votes("s", [5], "EU")
    split = delphi.analyse(mixed, "likert5", "cvi").statements[0].by_region
    assert (split["EU"].n, split["China"].n) == (2, 0)


def test_split_by_sector() -> None:
    result = delphi.analyse(
        votes("s", [5, 4, 1], sector="industry") + votes("s", [2, 2], sector="healthcare"), "likert5", "cvi"
    ).statements[0]
    assert set(result.by_sector) == {"industry", "healthcare"}
    assert result.by_sector["industry"].agreement_pct == pytest.approx(200 / 3)
    assert result.by_sector["healthcare"].disagreement_pct == 100.0


@pytest.mark.parametrize(("scale", "rule"), [("nine", "cvi"), ("likert5", "comet"), ("rank", "iqr"), ("nine", None)])
def test_undefined_scale_rule_pairs_are_refused(scale: str, rule: str | None) -> None:
    with pytest.raises(ValidationFailed):
        delphi.check_scale_rule(scale, rule)


def test_sd_is_finite_for_identical_ratings() -> None:
    f = delphi.figures([Fraction(3)] * 4, "likert5", "iqr")
    assert f.sd == 0.0 and math.isfinite(f.sd)
