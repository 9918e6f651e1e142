"""The login throttle's policy, table by table, with a fake clock, counted in memory and in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ic2permed.core.accounts.models import LoginFailure
from ic2permed.core.accounts.throttle import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    PAIR_LIMIT,
    WINDOW_SECONDS,
    DatabaseFailures,
    FailureStore,
    LoginThrottle,
    MemoryFailures,
)
from ic2permed.core.database import Database


@pytest.fixture(params=["memory", "database"])
def store(request: pytest.FixtureRequest, sqlite_database: Database) -> FailureStore:
    return MemoryFailures() if request.param == "memory" else DatabaseFailures(sqlite_database)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_failures_lock_the_pair_only(store: FailureStore) -> None:
    throttle = LoginThrottle(Clock(), store)
    for _ in range(PAIR_LIMIT):
        assert throttle.retry_after("ann", "10.0.0.1") == 0
        throttle.failed("ann", "10.0.0.1")
    assert throttle.retry_after("ann", "10.0.0.1") > 0
    assert throttle.retry_after("ANN", "10.0.0.1") > 0  # names are case-insensitive here
    assert throttle.retry_after("ann", "10.0.0.2") == 0  # the real user elsewhere is not locked out
    assert throttle.retry_after("bob", "10.0.0.1") == 0


def test_the_lock_ends_after_the_window_and_success_clears_the_pair(store: FailureStore) -> None:
    clock = Clock()
    throttle = LoginThrottle(clock, store)
    for _ in range(PAIR_LIMIT):
        throttle.failed("ann", "10.0.0.1")
    assert 0 < throttle.retry_after("ann", "10.0.0.1") <= WINDOW_SECONDS + 1
    clock.now += WINDOW_SECONDS + 1
    assert throttle.retry_after("ann", "10.0.0.1") == 0
    for _ in range(PAIR_LIMIT - 1):
        throttle.failed("ann", "10.0.0.1")
    throttle.succeeded("ann", "10.0.0.1")
    throttle.failed("ann", "10.0.0.1")
    assert throttle.retry_after("ann", "10.0.0.1") == 0


def test_spraying_many_accounts_from_one_address_locks_the_address(store: FailureStore) -> None:
    throttle = LoginThrottle(Clock(), store)
    for n in range(ADDRESS_LIMIT):
        throttle.failed(f"user{n}", "10.0.0.9")
    assert throttle.retry_after("someone-else", "10.0.0.9") > 0
    assert throttle.retry_after("someone-else", "10.0.0.8") == 0


def test_a_distributed_attack_locks_the_account_but_not_for_its_known_browser(store: FailureStore) -> None:
    throttle = LoginThrottle(Clock(), store)
    for n in range(ACCOUNT_LIMIT):
        throttle.failed("ann", f"10.1.{n // 250}.{n % 250}")
    assert throttle.retry_after("ann", "192.0.2.1") > 0
    assert throttle.retry_after("ann", "192.0.2.1", known_device=True) == 0


def test_the_database_keeps_one_window_and_no_names(sqlite_database: Database) -> None:
    clock = Clock()
    throttle = LoginThrottle(clock, DatabaseFailures(sqlite_database))
    throttle.failed("ann-fictional", "10.0.0.1")
    clock.now += WINDOW_SECONDS + 1
    throttle.failed("bob-fictional", "10.0.0.2")
    with sqlite_database.session() as session:
        keys = list(session.scalars(select(LoginFailure.key)))
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 3  # ann's rows were pruned
    assert not any("bob" in key or "10.0.0.2" in key for key in keys)  # hashed, not in clear
