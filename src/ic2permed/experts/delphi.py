"""Delphi round statistics and consensus decisions, pure and exact.

Every threshold a rule compares is compared on integers (``100 * k > 79 * n`` rather than ``k / n > 0.79``)
so that a statement sitting exactly on a boundary gets the decision the rule's wording gives it. Medians and
quartiles are computed on fractions with numpy's default linear interpolation, so the IQR rule is exact too.

Scales: ``likert5`` (1–5, as IC2PerMed's own Delphi used), ``nine`` (1–9, as COMET studies use) and ``rank``
(each expert ranks every statement; 1 = first). Rules: ``cvi`` (5-point only), ``comet`` (9-point only) and
``iqr`` (both rating scales). Rankings take no rule: they are summarised by Kendall's W.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.vocab.regions import CHINA, EU, EUROPE_NON_EU

LIKERT5 = "likert5"
NINE = "nine"
RANK = "rank"
SCALES = (LIKERT5, NINE, RANK)

CVI = "cvi"
COMET = "comet"
IQR = "iqr"
RULES = (CVI, COMET, IQR)
RULE_SCALES: dict[str, tuple[str, ...]] = {CVI: (LIKERT5,), COMET: (NINE,), IQR: (LIKERT5, NINE)}

# The rating bounds and the agree/disagree bands of each rating scale.
BOUNDS: dict[str, tuple[int, int]] = {LIKERT5: (1, 5), NINE: (1, 9)}
AGREE: dict[str, tuple[int, int]] = {LIKERT5: (4, 5), NINE: (7, 9)}
DISAGREE: dict[str, tuple[int, int]] = {LIKERT5: (1, 2), NINE: (1, 3)}

EUROPE_SIDE = "EU"  # the key under which Europe (EU and non-EU) is reported
CHINA_SIDE = "China"
SIDES = (EUROPE_SIDE, CHINA_SIDE)

STABILITY_POINTS = 15  # agreement moved by less than this many points since the previous round
DIVERGENCE_POINTS = 20  # the two sides' agreement differs by at least this many points
DIVERGENCE_MIN_N = 3  # each side needs this many ratings before a divergence is called
SUBGROUP_MIN_N = 3  # subgroup figures are shown to experts only from this many ratings

DECISIONS: dict[str, tuple[str, ...]] = {CVI: ("include", "revise", "exclude"), COMET: ("in", "out", "none")}
DECISIONS[IQR] = DECISIONS[COMET]


def side_of(region: str) -> str | None:
    """The side of the EU–China balance a region counts towards (``International`` counts towards none)."""
    if region in (EU, EUROPE_NON_EU):
        return EUROPE_SIDE
    if region == CHINA:
        return CHINA_SIDE
    return None


def check_scale_rule(scale: str, rule: str | None) -> None:
    """Refuse a scale/rule pair the rules do not define (CVI is 5-point, COMET 9-point, rankings take none)."""
    if scale not in SCALES:
        raise ValidationFailed("Unknown scale", [FieldError("scale", f"{scale!r} is not one of {', '.join(SCALES)}")])
    if scale == RANK:
        if rule is not None:
            raise ValidationFailed(
                "Rule does not apply", [FieldError("rule", f"a ranking takes no consensus rule (got {rule!r})")]
            )
        return
    if rule is None:
        raise ValidationFailed("Rule missing", [FieldError("rule", f"scale {scale} needs one of {', '.join(RULES)}")])
    if rule not in RULES:
        raise ValidationFailed("Unknown rule", [FieldError("rule", f"{rule!r} is not one of {', '.join(RULES)}")])
    if scale not in RULE_SCALES[rule]:
        allowed = " or ".join(RULE_SCALES[rule])
        raise ValidationFailed(
            "Rule does not apply", [FieldError("rule", f"rule {rule} applies to the {allowed} scale, not {scale}")]
        )


@dataclass(frozen=True)
class Vote:
    expert_id: str
    region: str
    sector: str
    statement_id: str
    rating: Fraction


@dataclass(frozen=True)
class Figures:
    """One statement's figures over one set of ratings (everyone, one side, one sector)."""

    n: int
    mean: float | None
    sd: float | None
    median: float | None
    iqr: float | None
    agree: int | None  # how many rated in the agreement band (None for rankings)
    disagree: int | None
    agreement_pct: float | None
    disagreement_pct: float | None
    cvi: float | None
    decision: str | None
    q1: float | None = None
    q3: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mean": self.mean,
            "sd": self.sd,
            "median": self.median,
            "iqr": self.iqr,
            "agreement_pct": self.agreement_pct,
            "disagreement_pct": self.disagreement_pct,
            "cvi": self.cvi,
            "decision": self.decision,
        }


@dataclass(frozen=True)
class StatementResult:
    id: str
    overall: Figures
    stability: bool | None
    diverges: bool
    by_region: dict[str, Figures]
    by_sector: dict[str, Figures]
    distribution: dict[int, int]  # rating → how many gave it (rating scales only)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.overall.as_dict(),
            "stability": self.stability,
            "diverges": self.diverges,
            "by_region": {k: v.as_dict() for k, v in self.by_region.items()},
            "by_sector": {k: v.as_dict() for k, v in self.by_sector.items()},
        }


@dataclass(frozen=True)
class Analysis:
    scale: str
    rule: str | None
    statements: list[StatementResult]
    kendall_w: float | None

    def as_dict(self) -> dict[str, Any]:
        return {"statements": [s.as_dict() for s in self.statements], "kendall_w": self.kendall_w}

    def statement(self, statement_id: str) -> StatementResult | None:
        return next((s for s in self.statements if s.id == statement_id), None)


def quantile(ordered: Sequence[Fraction], p: Fraction) -> Fraction:
    """numpy's default (linear) quantile of sorted values, exactly: x[lo] + (h − lo)(x[lo+1] − x[lo]), h = (n−1)p."""
    h = (len(ordered) - 1) * p
    lo = math.floor(h)
    if lo + 1 >= len(ordered):
        return ordered[lo]
    return ordered[lo] + (h - lo) * (ordered[lo + 1] - ordered[lo])


def _count(ratings: Iterable[Fraction], band: tuple[int, int]) -> int:
    return sum(1 for r in ratings if band[0] <= r <= band[1])


def decide(scale: str, rule: str | None, n: int, agree: int, disagree: int, median: Fraction, iqr: Fraction) -> str:
    """The decision of ``rule`` for n ratings of which ``agree`` are in the agreement band, on integers."""
    if rule == CVI:
        if 100 * agree > 79 * n:
            return "include"
        if 100 * agree >= 70 * n:
            return "revise"
        return "exclude"
    if rule == COMET:
        if 100 * agree >= 70 * n and 100 * disagree < 15 * n:
            return "in"
        if 100 * disagree >= 70 * n and 100 * agree < 15 * n:
            return "out"
        return "none"
    if rule == IQR:
        high, spread = (4, 1) if scale == LIKERT5 else (7, 2)
        low = BOUNDS[scale][1] + 1 - high
        if median >= high and iqr <= spread:
            return "in"
        if median <= low and iqr <= spread:
            return "out"
        return "none"
    raise ValueError(f"no decision for rule {rule!r}")


def figures(ratings: Sequence[Fraction], scale: str, rule: str | None) -> Figures:
    """n, mean, sample SD, median, IQR, agreement, disagreement, CVI and decision for one set of ratings."""
    n = len(ratings)
    if n == 0:
        return Figures(0, None, None, None, None, None, None, None, None, None, None)
    ordered = sorted(ratings)
    total = sum(ordered, Fraction(0))
    mean = total / n
    sd = math.sqrt(float(sum(((r - mean) ** 2 for r in ordered), Fraction(0)) / (n - 1))) if n >= 2 else None
    median = quantile(ordered, Fraction(1, 2))
    q1, q3 = quantile(ordered, Fraction(1, 4)), quantile(ordered, Fraction(3, 4))
    iqr = q3 - q1
    if scale == RANK:
        return Figures(
            n, float(mean), sd, float(median), float(iqr), None, None, None, None, None, None, float(q1), float(q3)
        )
    agree = _count(ordered, AGREE[scale])
    disagree = _count(ordered, DISAGREE[scale])
    cvi = agree / n if scale == LIKERT5 else None
    decision = decide(scale, rule, n, agree, disagree, median, iqr) if rule is not None else None
    return Figures(
        n=n,
        mean=float(mean),
        sd=sd,
        median=float(median),
        iqr=float(iqr),
        agree=agree,
        disagree=disagree,
        agreement_pct=100 * agree / n,
        disagreement_pct=100 * disagree / n,
        cvi=cvi,
        decision=decision,
        q1=float(q1),
        q3=float(q3),
    )


def is_stable(now: Figures, before: Figures | None) -> bool | None:
    """Agreement moved by less than 15 points since the previous round (None without a comparable round)."""
    if before is None or now.agree is None or before.agree is None or now.n == 0 or before.n == 0:
        return None
    # |100·k1/n1 − 100·k0/n0| < 15  ⇔  |100·(k1·n0 − k0·n1)| < 15·n0·n1
    return abs(100 * (now.agree * before.n - before.agree * now.n)) < STABILITY_POINTS * now.n * before.n


def diverges(europe: Figures, china: Figures) -> bool:
    """The two sides reach different decisions, or their agreement differs by ≥ 20 points (n ≥ 3 on each side)."""
    if europe.n < DIVERGENCE_MIN_N or china.n < DIVERGENCE_MIN_N:
        return False
    if europe.decision != china.decision:
        return True
    if europe.agree is None or china.agree is None:
        return False
    gap = abs(100 * (europe.agree * china.n - china.agree * europe.n))
    return gap >= DIVERGENCE_POINTS * europe.n * china.n


def midranks(values: Mapping[str, Fraction]) -> tuple[dict[str, Fraction], int]:
    """Each key's mid-rank among the values (ties share the mean of their positions) and Σ(t³ − t) over ties."""
    counts: dict[Fraction, int] = defaultdict(int)
    for v in values.values():
        counts[v] += 1
    below = 0
    rank_of: dict[Fraction, Fraction] = {}
    ties = 0
    for v in sorted(counts):
        t = counts[v]
        rank_of[v] = below + Fraction(t + 1, 2)
        ties += t**3 - t
        below += t
    return {k: rank_of[v] for k, v in values.items()}, ties


def kendall_w(rankings: Mapping[str, Mapping[str, Fraction]], items: Sequence[str]) -> float | None:
    """Kendall's W = 12S / (m²(n³ − n) − mΣT) on mid-ranks, tie-corrected; every ranking must be complete."""
    m, n = len(rankings), len(items)
    if m == 0 or n < 2:
        return None
    sums: dict[str, Fraction] = dict.fromkeys(items, Fraction(0))
    total_ties = 0
    for expert, ranking in rankings.items():
        missing = [i for i in items if i not in ranking]
        if missing:
            raise ValidationFailed(
                "Incomplete ranking",
                [FieldError("statement_id", f"expert {expert} did not rank {', '.join(missing)}")],
            )
        ranks, ties = midranks({i: ranking[i] for i in items})
        total_ties += ties
        for item, rank in ranks.items():
            sums[item] += rank
    mean = Fraction(m * (n + 1), 2)
    s = sum(((r - mean) ** 2 for r in sums.values()), Fraction(0))
    denominator = m * m * (n**3 - n) - m * total_ties
    if denominator == 0:
        return None
    return float(12 * s / denominator)


def analyse(votes: Sequence[Vote], scale: str, rule: str | None, previous: Sequence[Vote] | None = None) -> Analysis:
    """Per-statement figures (overall, by side, by sector), stability against ``previous``, Kendall's W."""
    check_scale_rule(scale, rule)
    before = analyse(previous, scale, rule) if previous is not None else None
    order: list[str] = []
    by_statement: dict[str, list[Vote]] = defaultdict(list)
    for vote in votes:
        if vote.statement_id not in by_statement:
            order.append(vote.statement_id)
        by_statement[vote.statement_id].append(vote)
    results: list[StatementResult] = []
    for statement_id in order:
        group = by_statement[statement_id]
        overall = figures([v.rating for v in group], scale, rule)
        by_region = {
            side: figures([v.rating for v in group if side_of(v.region) == side], scale, rule) for side in SIDES
        }
        sectors = sorted({v.sector for v in group})
        by_sector = {s: figures([v.rating for v in group if v.sector == s], scale, rule) for s in sectors}
        previous_result = before.statement(statement_id) if before is not None else None
        distribution: dict[int, int] = {}
        if scale in BOUNDS:
            low, high = BOUNDS[scale]
            distribution = {r: sum(1 for v in group if v.rating == r) for r in range(low, high + 1)}
        results.append(
            StatementResult(
                id=statement_id,
                overall=overall,
                stability=is_stable(overall, previous_result.overall if previous_result else None),
                diverges=diverges(by_region[EUROPE_SIDE], by_region[CHINA_SIDE]),
                by_region=by_region,
                by_sector=by_sector,
                distribution=distribution,
            )
        )
    w: float | None = None
    if scale == RANK:
        rankings: dict[str, dict[str, Fraction]] = defaultdict(dict)
        for vote in votes:
            rankings[vote.expert_id][vote.statement_id] = vote.rating
        w = kendall_w(rankings, order)
    return Analysis(scale=scale, rule=rule, statements=results, kendall_w=w)
