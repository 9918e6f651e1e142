"""Balanced working-group membership as a mixed-integer programme (SciPy ``milp``, HiGHS).

Maximise the total fit (shared themes) of all memberships subject to, per group: size bounds, each of the
Europe and China sides holding at least a share of the members (``International`` experts count towards size
only), at least k distinct sectors, the fixed chair; and per expert: the maximum number of groups.

When no assignment exists, each (kind, group) constraint is relaxed alone and every relaxation that restores
feasibility is reported, so the explanation is a fact about the instance, never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from ic2permed.experts.delphi import CHINA_SIDE, EUROPE_SIDE, side_of

SIZE = "size"
REGION = "region"
SECTORS = "sectors"
AVAILABILITY = "availability"
CHAIR = "chair"
KINDS = (SIZE, REGION, SECTORS, AVAILABILITY, CHAIR)

DEFAULT_SHARE = Fraction(2, 5)
DEFAULT_MIN_SECTORS = 2


@dataclass(frozen=True)
class ExpertIn:
    id: str
    region: str
    sector: str
    themes: frozenset[str]
    max_groups: int


@dataclass(frozen=True)
class GroupIn:
    id: str
    min_size: int
    max_size: int
    themes: frozenset[str]
    chair: str | None = None


@dataclass(frozen=True)
class Rules:
    min_region_share: Fraction = DEFAULT_SHARE
    min_sectors: int = DEFAULT_MIN_SECTORS


@dataclass(frozen=True)
class Proposal:
    status: Literal["optimal", "infeasible"]
    objective: int | None = None
    groups: dict[str, list[str]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        if self.status == "optimal":
            return {"status": self.status, "objective": self.objective, "groups": self.groups}
        return {"status": self.status, "reasons": self.reasons}


def fit(expert: ExpertIn, group: GroupIn) -> int:
    """How well an expert fits a group: the number of themes they share."""
    return len(expert.themes & group.themes)


Relaxed = frozenset[tuple[str, str]]


def _solve(
    experts: Sequence[ExpertIn],
    groups: Sequence[GroupIn],
    rules: Rules,
    relaxed: Relaxed = frozenset(),
    optimise: bool = True,
) -> dict[str, list[str]] | None:
    """Memberships maximising the total fit, or None when the (partly relaxed) constraints admit none."""
    n_e, n_g = len(experts), len(groups)
    sectors = sorted({e.sector for e in experts})
    n_x = n_e * n_g
    n_vars = n_x + len(sectors) * n_g

    def x(e: int, g: int) -> int:
        return e * n_g + g

    def y(s: int, g: int) -> int:
        return n_x + s * n_g + g

    cost = np.zeros(n_vars)
    if optimise:
        for e, expert in enumerate(experts):
            for g, group in enumerate(groups):
                cost[x(e, g)] = -fit(expert, group)
    lower, upper = np.zeros(n_vars), np.ones(n_vars)
    index = {e.id: i for i, e in enumerate(experts)}
    for g, group in enumerate(groups):
        if group.chair is not None and (CHAIR, group.id) not in relaxed:
            lower[x(index[group.chair], g)] = 1

    rows: list[tuple[dict[int, float], float, float]] = []
    share = rules.min_region_share
    for g, group in enumerate(groups):
        members = {x(e, g): 1.0 for e in range(n_e)}
        if (SIZE, group.id) not in relaxed:
            rows.append((members, group.min_size, group.max_size))
        if (REGION, group.id) not in relaxed and share > 0:
            for side in (EUROPE_SIDE, CHINA_SIDE):
                # q·(members on this side) − p·(all members) ≥ 0, with share = p/q: integer coefficients.
                coefficients = {
                    x(e, g): float(share.denominator * (side_of(ex.region) == side) - share.numerator)
                    for e, ex in enumerate(experts)
                }
                rows.append((coefficients, 0, np.inf))
        if (SECTORS, group.id) not in relaxed and rules.min_sectors > 0:
            for s, sector in enumerate(sectors):
                # y[s,g] may be 1 only if someone of sector s is in group g.
                linked = {y(s, g): 1.0, **{x(e, g): -1.0 for e, ex in enumerate(experts) if ex.sector == sector}}
                rows.append((linked, -np.inf, 0))
            rows.append(({y(s, g): 1.0 for s in range(len(sectors))}, rules.min_sectors, np.inf))
    for e, expert in enumerate(experts):
        counted = {x(e, g): 1.0 for g, group in enumerate(groups) if (AVAILABILITY, group.id) not in relaxed}
        if counted:
            rows.append((counted, -np.inf, expert.max_groups))

    constraints = []
    if rows:
        matrix = lil_matrix((len(rows), n_vars))
        for r, (coefficients, _, _) in enumerate(rows):
            for column, value in coefficients.items():
                matrix[r, column] = value
        constraints.append(
            LinearConstraint(matrix.tocsr(), np.array([lo for _, lo, _ in rows]), np.array([hi for _, _, hi in rows]))
        )
    result = milp(
        cost, integrality=np.ones(n_vars), bounds=Bounds(lower, upper), constraints=constraints, options={"disp": False}
    )
    if result.status == 2 or result.x is None:
        return None
    if result.status != 0:
        raise RuntimeError(f"the solver stopped without an answer: {result.message}")
    chosen = np.round(result.x).astype(int)
    return {group.id: [ex.id for e, ex in enumerate(experts) if chosen[x(e, g)] == 1] for g, group in enumerate(groups)}


def total_fit(experts: Sequence[ExpertIn], groups: Sequence[GroupIn], assignment: dict[str, list[str]]) -> int:
    by_id = {e.id: e for e in experts}
    return sum(fit(by_id[m], g) for g in groups for m in assignment.get(g.id, []))


def propose(experts: Sequence[ExpertIn], groups: Sequence[GroupIn], rules: Rules = Rules()) -> Proposal:
    """The best balanced memberships, or the list of single relaxations that would make one exist."""
    if not experts or not groups:  # no variable to choose: the solver has nothing to work on
        short = [g for g in groups if g.min_size > 0]
        if short:
            return Proposal(
                "infeasible",
                reasons=[
                    f"size: group {g.id} needs at least {g.min_size} members and no expert is given" for g in short
                ],
            )
        return Proposal("optimal", 0, {g.id: [] for g in groups})
    assignment = _solve(experts, groups, rules)
    if assignment is not None:
        return Proposal("optimal", total_fit(experts, groups, assignment), assignment)
    return Proposal("infeasible", reasons=explain(experts, groups, rules))


def _reason(kind: str, group: GroupIn, experts: Sequence[ExpertIn], rules: Rules) -> str:
    if kind == SIZE:
        return f"size: group {group.id} cannot have between {group.min_size} and {group.max_size} members"
    if kind == REGION:
        europe = sum(1 for e in experts if side_of(e.region) == EUROPE_SIDE)
        china = sum(1 for e in experts if side_of(e.region) == CHINA_SIDE)
        return (
            f"region: group {group.id} cannot have at least {float(rules.min_region_share):.0%} of its members from "
            f"each of Europe and China ({europe} European and {china} Chinese experts in all)"
        )
    if kind == SECTORS:
        return f"sectors: group {group.id} cannot draw members from at least {rules.min_sectors} distinct sectors"
    if kind == AVAILABILITY:
        return f"availability: group {group.id} can be filled only if members join more groups than their maximum"
    return f"chair: group {group.id} cannot keep {group.chair} as its chair"


def explain(experts: Sequence[ExpertIn], groups: Sequence[GroupIn], rules: Rules) -> list[str]:
    """Every (kind, group) constraint whose relaxation alone restores feasibility, in group then kind order."""
    reasons: list[str] = []
    for group in groups:
        for kind in KINDS:
            if kind == CHAIR and group.chair is None:
                continue
            if _solve(experts, groups, rules, frozenset({(kind, group.id)}), optimise=False) is not None:
                reasons.append(_reason(kind, group, experts, rules))
    if reasons:
        return reasons
    for kind in KINDS:
        every = frozenset((kind, g.id) for g in groups)
        if _solve(experts, groups, rules, every, optimise=False) is not None:
            reasons.append(f"{kind}: no single group explains it; relaxing {kind} in every group restores feasibility")
    if not reasons:
        reasons.append("combined: only relaxing several kinds of constraint together restores feasibility")
    return reasons


def violations(
    experts: Sequence[ExpertIn], groups: Sequence[GroupIn], rules: Rules, assignment: dict[str, list[str]]
) -> list[str]:
    """What an edited membership breaks, one line per (kind, group or expert), in the reasons' wording."""
    by_id = {e.id: e for e in experts}
    found: list[str] = []
    for group in groups:
        members = [by_id[m] for m in assignment.get(group.id, []) if m in by_id]
        size = len(members)
        if not group.min_size <= size <= group.max_size:
            found.append(f"size: group {group.id} has {size} members (allowed {group.min_size}–{group.max_size})")
        share = rules.min_region_share
        for side in (EUROPE_SIDE, CHINA_SIDE):
            count = sum(1 for e in members if side_of(e.region) == side)
            if count * share.denominator < share.numerator * size:
                label = "Europe" if side == EUROPE_SIDE else "China"
                found.append(f"region: group {group.id} has {count} of {size} members from {label}")
        distinct = len({e.sector for e in members})
        if distinct < rules.min_sectors:
            found.append(f"sectors: group {group.id} has {distinct} distinct sectors (needs {rules.min_sectors})")
        if group.chair is not None and group.chair not in assignment.get(group.id, []):
            found.append(f"chair: group {group.id} lacks its chair {group.chair}")
    for expert in experts:
        joined = sum(1 for g in groups if expert.id in assignment.get(g.id, []))
        if joined > expert.max_groups:
            found.append(f"availability: expert {expert.id} is in {joined} groups (at most {expert.max_groups})")
    return found
