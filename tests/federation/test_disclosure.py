"""The disclosure rules, table by table (pure functions, no node)."""

from __future__ import annotations

from datetime import date

import pytest

from ic2permed.federation.disclosure import (
    EXACT,
    IMPRECISE,
    ROUNDED,
    Coarsening,
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
PLAIN = Protection(noise_epsilon=0.0)  # the defaults without noise: easy to tabulate
LEGACY = Protection.legacy()
OFF = Protection(threshold=0, rounding=1, noise_epsilon=0.0)
NOISY = Protection(threshold=10, rounding=10, noise_epsilon=0.2, secret="s")


@pytest.mark.parametrize(
    ("true", "protection", "shown", "precision"),
    [
        (0, PLAIN, 0, ROUNDED),
        (1, PLAIN, 0, ROUNDED),  # 1-9 are indistinguishable from none
        (9, PLAIN, 0, ROUNDED),
        (10, PLAIN, 10, ROUNDED),
        (14, PLAIN, 10, ROUNDED),
        (15, PLAIN, 20, ROUNDED),
        (1234, PLAIN, 1230, ROUNDED),
        (3, OFF, 3, EXACT),
        (0, OFF, 0, EXACT),
        (0, LEGACY, 0, IMPRECISE),
        (1, LEGACY, 10, IMPRECISE),  # the old rule: "someone is here"
        (14, LEGACY, 10, IMPRECISE),
        (7, Protection(threshold=5, rounding=1, noise_epsilon=0.0), 7, ROUNDED),
        (3, Protection(threshold=5, rounding=1, noise_epsilon=0.0), 0, ROUNDED),
        (12, Protection(threshold=0, rounding=5, noise_epsilon=0.0), 10, ROUNDED),
    ],
)
def test_threshold_and_rounding(true: int, protection: Protection, shown: int, precision: str) -> None:
    answer = disclose_count(true, protection, 1234, "individuals")
    assert (answer.count, answer.precision, answer.exists) == (shown, precision, shown > 0)


def test_the_label_and_notes_say_nothing_the_count_hides() -> None:
    answers = [disclose_count(n, protection, 99, "individuals") for protection in (DEFAULT, PLAIN) for n in range(60)]
    for protection in (DEFAULT, PLAIN):
        seen = {(a.precision, a.adjustments) for a in (disclose_count(n, protection, 99) for n in range(60))}
        assert len(seen) == 1
    assert all(a.count == 0 or a.count >= 10 for a in answers)


@pytest.mark.parametrize(("value", "step", "rounded"), [(14, 10, 10), (15, 10, 20), (0, 10, 0), (7, 1, 7), (22, 5, 20)])
def test_round_to(value: int, step: int, rounded: int) -> None:
    assert round_to(value, step) == rounded


def test_noise_is_fixed_by_the_answered_set_not_by_the_requester() -> None:
    sets = [(n, 1000 + n) for n in range(10, 400, 7)]
    first = [disclose_count(n, NOISY, fp, "individuals").count for n, fp in sets]
    again = [disclose_count(n, NOISY, fp, "individuals").count for n, fp in sets]
    other_sets = [disclose_count(n, NOISY, fp + 1, "individuals").count for n, fp in sets]
    assert first == again  # there is no requester to vary: any identity gets these answers
    assert first != other_sets  # two sets of the same size get independent noise
    assert all(c % 10 == 0 and (c >= 10 or c == 0) for c in first)
    assert disclose_count(50, NOISY, 7).precision == IMPRECISE


def test_noise_never_reveals_small_counts_or_zero() -> None:
    assert disclose_count(0, NOISY, 5).count == 0
    assert {disclose_count(n, NOISY, fp).count for n in range(1, 10) for fp in range(1, 200)} == {0}


def test_strata_are_protected_one_by_one() -> None:
    strata = disclose_strata({"female": (47, 1), "male": (3, 2), "unknown": (0, 0)}, PLAIN, "individuals")
    assert {k: v.count for k, v in strata.items()} == {"female": 50, "male": 0}


def test_coarsening_snaps_dates_and_ages_to_whole_periods() -> None:
    coarse = DEFAULT.coarse
    assert coarse is not None
    assert coarse.date_period(date(2009, 3, 15)) == (date(2009, 1, 1), date(2010, 1, 1))
    assert Coarsening("month", 5).date_period(date(2009, 12, 15)) == (date(2009, 12, 1), date(2010, 1, 1))
    assert coarse.age_period(47) == (45.0, 50.0)
    assert OFF.coarse is None and LEGACY.coarse is None


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
    assert declared["countPrecision"] == IMPRECISE and declared["countThreshold"] == 10
    assert declared["smallCounts"] == "zero" and declared["dateGranularity"] == "year"
    assert "500 queries a day" in str(declared["description"])
    assert describe(PLAIN)["countPrecision"] == ROUNDED
