"""The membership optimiser against brute force on small instances, and its infeasibility explanations."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from fractions import Fraction

import pytest

from ic2permed.experts.assignment import ExpertIn, GroupIn, Rules, fit, propose

REGIONS = ("EU", "Europe (non-EU)", "China", "International")
SECTORS = ("academia", "industry", "healthcare")
THEMES = ("a", "b", "c", "d")


def satisfies(
    experts: Sequence[ExpertIn], groups: Sequence[GroupIn], rules: Rules, members: dict[str, set[str]]
) -> bool:
    """Every constraint, checked directly in integers on one assignment."""
    by_id = {e.id: e for e in experts}
    for group in groups:
        chosen = [by_id[m] for m in members[group.id]]
        size = len(chosen)
        if not group.min_size <= size <= group.max_size:
            return False
        europe = sum(1 for e in chosen if e.region in ("EU", "Europe (non-EU)"))
        china = sum(1 for e in chosen if e.region == "China")
        share = rules.min_region_share
        if europe < share * size or china < share * size:
            return False
        if len({e.sector for e in chosen}) < rules.min_sectors:
            return False
        if group.chair is not None and group.chair not in members[group.id]:
            return False
    return all(sum(e.id in members[g.id] for g in groups) <= e.max_groups for e in experts)


def brute_force(experts: Sequence[ExpertIn], groups: Sequence[GroupIn], rules: Rules) -> int | None:
    best: int | None = None
    pairs = [(e, g) for e in experts for g in groups]
    for bits in itertools.product((0, 1), repeat=len(pairs)):
        members: dict[str, set[str]] = {g.id: set() for g in groups}
        for bit, (e, g) in zip(bits, pairs, strict=True):
            if bit:
                members[g.id].add(e.id)
        if satisfies(experts, groups, rules, members):
            value = sum(fit(e, g) for bit, (e, g) in zip(bits, pairs, strict=True) if bit)
            best = value if best is None else max(best, value)
    return best


def random_instance(seed: int) -> tuple[list[ExpertIn], list[GroupIn], Rules]:
    rng = random.Random(seed)
    experts = [
        ExpertIn(
            id=f"E{i}",
            region=rng.choice(REGIONS),
            sector=rng.choice(SECTORS),
            themes=frozenset(rng.sample(THEMES, rng.randint(0, 3))),
            max_groups=rng.randint(0, 2),
        )
        for i in range(rng.randint(4, 6))
    ]
    groups = []
    for j in range(2):
        low = rng.randint(0, 3)
        chair = rng.choice([None, None, rng.choice(experts).id])
        groups.append(GroupIn(f"G{j}", low, low + rng.randint(0, 2), frozenset(rng.sample(THEMES, 2)), chair))
    share = rng.choice([Fraction(0), Fraction(1, 3), Fraction(2, 5)])
    return experts, groups, Rules(min_region_share=share, min_sectors=rng.randint(0, 2))


@pytest.mark.parametrize("seed", range(40))
def test_optimal_like_brute_force(seed: int) -> None:
    experts, groups, rules = random_instance(seed)
    expected = brute_force(experts, groups, rules)
    proposal = propose(experts, groups, rules)
    if expected is None:
        assert proposal.status == "infeasible"
        assert proposal.reasons
        return
    assert proposal.status == "optimal"
    assert proposal.objective == expected
    members = {g: set(m) for g, m in proposal.groups.items()}
    assert satisfies(experts, groups, rules, members)
    assert sum(fit(e, g) for g in groups for e in experts if e.id in members[g.id]) == expected


def test_brute_force_finds_both_outcomes_across_the_seeds() -> None:
    """The random instances above exercise both feasible and infeasible cases (else the test proves little)."""
    outcomes = [brute_force(*random_instance(seed)) is None for seed in range(40)]
    assert 5 <= sum(outcomes) <= 35


def expert(i: str, region: str, sector: str = "academia", themes: str = "a", max_groups: int = 1) -> ExpertIn:
    return ExpertIn(i, region, sector, frozenset(themes.split(";")), max_groups)


def test_region_share_on_the_boundary() -> None:
    # 2 of 5 = 40 % exactly satisfies a 0.4 share; the International expert counts towards size only
    experts = [
        expert("E1", "EU", "academia"),
        expert("E2", "EU", "industry"),
        expert("C1", "China", "academia"),
        expert("C2", "China", "healthcare"),
        expert("I1", "International", "industry"),
    ]
    group = GroupIn("G", 5, 5, frozenset({"a"}))
    proposal = propose(experts, [group])
    assert proposal.status == "optimal"
    assert sorted(proposal.groups["G"]) == ["C1", "C2", "E1", "E2", "I1"]
    assert propose(experts, [group], Rules(min_region_share=Fraction(1, 2))).status == "infeasible"


def test_infeasible_region_names_the_group_and_only_the_relaxations_that_work() -> None:
    experts = [expert("E1", "EU", "academia"), expert("E2", "EU", "industry"), expert("C1", "China", "academia")]
    groups = [GroupIn("G1", 3, 3, frozenset({"a"}))]
    proposal = propose(experts, groups, Rules(min_region_share=Fraction(2, 5), min_sectors=2))
    assert proposal.status == "infeasible"
    # one Chinese expert of three is 33 % < 40 %: dropping the region rule or the size bounds (a group of 2) helps
    assert [r.split(":")[0] for r in proposal.reasons] == ["size", "region"]
    assert "G1" in proposal.reasons[1]


def test_infeasible_availability_and_chair() -> None:
    # one Chinese expert chairs both groups but may join only one
    experts = [
        expert("C1", "China", "academia", max_groups=1),
        expert("E1", "EU", "industry", max_groups=2),
    ]
    groups = [GroupIn("G1", 2, 2, frozenset({"a"}), "C1"), GroupIn("G2", 2, 2, frozenset({"a"}), "C1")]
    proposal = propose(experts, groups, Rules(Fraction(2, 5), 2))
    kinds = sorted(r.split(":")[0] + "@" + ("G1" if "G1" in r else "G2") for r in proposal.reasons)
    # relaxing G1's chair alone still leaves G1 without a Chinese member (C1 is busy in G2), so only
    # relaxing availability for one group restores feasibility
    assert proposal.status == "infeasible"
    assert kinds == ["availability@G1", "availability@G2"]


def test_infeasible_sectors() -> None:
    experts = [expert("E1", "EU", "academia"), expert("C1", "China", "academia")]
    proposal = propose(experts, [GroupIn("G1", 2, 2, frozenset({"a"}))], Rules(Fraction(2, 5), 2))
    assert proposal.reasons == ["sectors: group G1 cannot draw members from at least 2 distinct sectors"]


def test_chair_is_kept_even_when_a_better_fit_exists() -> None:
    experts = [
        expert("E1", "EU", "academia", themes="z"),
        expert("E2", "EU", "industry", themes="a;b"),
        expert("C1", "China", "healthcare", themes="a;b"),
    ]
    proposal = propose(experts, [GroupIn("G1", 2, 2, frozenset({"a", "b"}), "E1")], Rules(Fraction(2, 5), 2))
    assert proposal.status == "optimal"
    assert sorted(proposal.groups["G1"]) == ["C1", "E1"]
    assert proposal.objective == 2


def test_violations_of_an_edited_membership() -> None:
    from ic2permed.experts.assignment import violations

    experts = [expert("E1", "EU", "academia"), expert("E2", "EU", "industry"), expert("C1", "China", "academia")]
    group = GroupIn("G1", 2, 3, frozenset({"a"}), "C1")
    assert violations(experts, [group], Rules(), {"G1": ["C1", "E2"]}) == []
    found = violations(experts, [group], Rules(), {"G1": ["E1", "E2"]})
    assert found == [
        "region: group G1 has 0 of 2 members from China",
        "chair: group G1 lacks its chair C1",
    ]


def test_nothing_to_choose_from_is_answered_not_crashed() -> None:
    """No experts, or no groups, leave the solver with no variable: the answer says so instead of failing."""
    group = GroupIn("G1", 2, 4, frozenset({"wg-1"}))
    assert propose([], [group]).reasons == ["size: group G1 needs at least 2 members and no expert is given"]
    assert propose([], [GroupIn("G0", 0, 4, frozenset())]).as_dict() == {
        "status": "optimal",
        "objective": 0,
        "groups": {"G0": []},
    }
    assert propose([], []).as_dict() == {"status": "optimal", "objective": 0, "groups": {}}
