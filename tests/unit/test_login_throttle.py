"""The login throttle's policy, table by table, with a fake clock."""

from __future__ import annotations

from ic2permed.core.accounts.throttle import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    PAIR_LIMIT,
    WINDOW_SECONDS,
    LoginThrottle,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_failures_lock_the_pair_only() -> None:
    throttle = LoginThrottle(Clock())
    for _ in range(PAIR_LIMIT):
        assert throttle.retry_after("ann", "10.0.0.1") == 0
        throttle.failed("ann", "10.0.0.1")
    assert throttle.retry_after("ann", "10.0.0.1") > 0
    assert throttle.retry_after("ANN", "10.0.0.1") > 0  # names are case-insensitive here
    assert throttle.retry_after("ann", "10.0.0.2") == 0  # the real user elsewhere is not locked out
    assert throttle.retry_after("bob", "10.0.0.1") == 0


def test_the_lock_ends_after_the_window_and_success_clears_the_pair() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock)
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


def test_spraying_many_accounts_from_one_address_locks_the_address() -> None:
    throttle = LoginThrottle(Clock())
    for n in range(ADDRESS_LIMIT):
        throttle.failed(f"user{n}", "10.0.0.9")
    assert throttle.retry_after("someone-else", "10.0.0.9") > 0
    assert throttle.retry_after("someone-else", "10.0.0.8") == 0


def test_a_distributed_attack_locks_the_account_but_not_for_its_known_browser() -> None:
    throttle = LoginThrottle(Clock())
    for n in range(ACCOUNT_LIMIT):
        throttle.failed("ann", f"10.1.{n // 250}.{n % 250}")
    assert throttle.retry_after("ann", "192.0.2.1") > 0
    assert throttle.retry_after("ann", "192.0.2.1", known_device=True) == 0
