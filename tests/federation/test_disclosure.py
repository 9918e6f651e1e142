"""The disclosure rules, table by table (pure functions, no node)."""

from __future__ import annotations

import pytest

from ic2permed.federation.disclosure import (
    EXACT,
    IMPRECISE,
    ROUNDED,
    Protection,
    budget_left,
    cap_granularity,
    describe,
    disclose_count,
    disclose_strata,
    listable,
    round_to,
)

DEFAULT = Protection()
OFF = Protection(threshold=0, rounding=1)
NOISY = Protection(threshold=10, rounding=10, noise_epsilon=0.2, secret="s")


@pytest.mark.parametrize(
    ("true", "protection", "shown", "precision"),
    [
        (0, DEFAULT, 0, IMPRECISE),
        (1, DEFAULT, 10, IMPRECISE),
        (9, DEFAULT, 10, IMPRECISE),
        (10, DEFAULT, 10, ROUNDED),
        (14, DEFAULT, 10, ROUNDED),
        (15, DEFAULT, 20, ROUNDED),
        (1234, DEFAULT, 1230, ROUNDED),
        (3, OFF, 3, EXACT),
        (0, OFF, 0, EXACT),
        (7, Protection(threshold=5, rounding=1), 7, IMPRECISE),
        (3, Protection(threshold=5, rounding=1), 5, IMPRECISE),
        (12, Protection(threshold=0, rounding=5), 10, ROUNDED),
    ],
)
def test_threshold_and_rounding(true: int, protection: Protection, shown: int, precision: str) -> None:
    answer = disclose_count(true, protection, "someone", "individuals")
    assert (answer.count, answer.precision, answer.exists) == (shown, precision, true > 0)


@pytest.mark.parametrize(("value", "step", "rounded"), [(14, 10, 10), (15, 10, 20), (0, 10, 0), (7, 1, 7), (22, 5, 20)])
def test_round_to(value: int, step: int, rounded: int) -> None:
    assert round_to(value, step) == rounded


def test_noise_is_fixed_per_requester_and_answer() -> None:
    first = [disclose_count(n, NOISY, "alice", "individuals").count for n in range(10, 400, 7)]
    again = [disclose_count(n, NOISY, "alice", "individuals").count for n in range(10, 400, 7)]
    other = [disclose_count(n, NOISY, "bob", "individuals").count for n in range(10, 400, 7)]
    assert first == again
    assert first != other
    assert all(c % 10 == 0 and c >= 10 for c in first)
    assert disclose_count(50, NOISY, "alice").precision == IMPRECISE


def test_noise_does_not_reveal_small_counts_or_zero() -> None:
    assert disclose_count(0, NOISY, "alice").count == 0
    assert {disclose_count(3, NOISY, f"user{i}").count for i in range(50)} <= {10, 20, 30, 40}


def test_strata_are_protected_one_by_one() -> None:
    strata = disclose_strata({"female": 47, "male": 3, "unknown": 0}, DEFAULT, "alice", "individuals:sex")
    assert {k: v.count for k, v in strata.items()} == {"female": 50, "male": 10}


@pytest.mark.parametrize(
    ("requested", "ceiling", "granted"),
    [
        ("record", "count", "count"),
        ("count", "count", "count"),
        ("boolean", "record", "boolean"),
        ("record", "record", "record"),
        ("count", "boolean", "boolean"),
        ("nonsense", "count", "boolean"),
    ],
)
def test_granularity_ceiling(requested: str, ceiling: str, granted: str) -> None:
    assert cap_granularity(requested, ceiling) == granted


@pytest.mark.parametrize(
    ("donors", "protection", "listed"), [(0, OFF, False), (1, OFF, True), (9, DEFAULT, False), (10, DEFAULT, True)]
)
def test_filtering_terms_are_listed_from_the_threshold(donors: int, protection: Protection, listed: bool) -> None:
    assert listable(donors, protection) is listed


@pytest.mark.parametrize(
    ("used", "protection", "left"),
    [
        (0, DEFAULT, 500),
        (499, DEFAULT, 1),
        (600, DEFAULT, 0),
        (10, OFF, None),
        (0, Protection(budget_per_day=0), None),
        (2, Protection(budget_per_day=3), 1),
    ],
)
def test_budgets(used: int, protection: Protection, left: int | None) -> None:
    assert budget_left(used, protection) == left


def test_what_was_done_is_declared() -> None:
    assert describe(OFF)["countPrecision"] == EXACT
    declared = describe(DEFAULT)
    assert declared["countPrecision"] == ROUNDED and declared["countThreshold"] == 10
    assert "500 queries a day" in str(declared["description"])
    assert describe(NOISY)["countPrecision"] == IMPRECISE
