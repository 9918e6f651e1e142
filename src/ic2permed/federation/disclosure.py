"""What a node may disclose: granularity ceilings, count threshold, rounding, noise and budgets.

Pure functions over plain values, applied once per answer by the node and table-tested. Vocabulary
follows Beacon v2 (granularity boolean/count/record; ``countPrecision`` exact/imprecise/rounded).

Noise is seeded by the requester and the *answered set* (its true size and the normalised query's
entry type), not by the query's spelling: the same question asked again, or rewritten to select the same
donors (``F31`` vs ``F30-F39``), gets the identical answer, so averaging repeats or rewrites learns nothing.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

GRANULARITIES = ("boolean", "count", "record")
EXACT, IMPRECISE, ROUNDED = "exact", "imprecise", "rounded"


@dataclass(frozen=True)
class Protection:
    """A node's disclosure settings (defaults: threshold 10, rounding 10, 500 queries a day)."""

    threshold: int = 10
    rounding: int = 10
    noise_epsilon: float = 0.0
    budget_per_day: int = 500
    secret: str = "node"

    @property
    def exact(self) -> bool:
        return self.threshold <= 0 and self.rounding <= 1 and self.noise_epsilon <= 0

    @property
    def budgets_on(self) -> bool:
        return not self.exact and self.budget_per_day > 0


@dataclass(frozen=True)
class Disclosed:
    """One count as it may leave the node, and what was done to it."""

    count: int
    exists: bool
    precision: str
    adjustments: tuple[str, ...] = field(default_factory=tuple)


def cap_granularity(requested: str, ceiling: str) -> str:
    """The finer of the two is refused: return the coarser granularity."""
    order = {g: i for i, g in enumerate(GRANULARITIES)}
    asked = requested if requested in order else "boolean"
    return asked if order[asked] <= order[ceiling] else ceiling


def laplace(seed: bytes, scale: float) -> float:
    """A Laplace draw fixed by `seed` (inverse CDF over a hash-derived uniform in (-0.5, 0.5))."""
    digest = hashlib.sha256(seed).digest()
    u = (int.from_bytes(digest[:8], "big") + 0.5) / 2**64 - 0.5
    return -scale * math.copysign(1.0, u) * math.log(1 - 2 * abs(u))


def noise_seed(protection: Protection, requester: str, entry: str, true_count: int) -> bytes:
    return f"{protection.secret}\x1f{requester}\x1f{entry}\x1f{true_count}".encode()


def round_to(value: int, step: int) -> int:
    """Nearest multiple of `step`, halves rounding up (15 → 20 with step 10)."""
    if step <= 1:
        return value
    return math.floor(value / step + 0.5) * step


def disclose_count(true_count: int, protection: Protection, requester: str = "", entry: str = "") -> Disclosed:
    """Apply noise, threshold and rounding, in that order; zero stays zero (nothing to hide)."""
    if true_count <= 0:
        return Disclosed(0, False, EXACT if protection.exact else IMPRECISE)
    if protection.exact:
        return Disclosed(true_count, True, EXACT)
    value = true_count
    notes: list[str] = []
    if protection.noise_epsilon > 0:
        seed = noise_seed(protection, requester, entry, true_count)
        value = max(1, round(true_count + laplace(seed, 1.0 / protection.noise_epsilon)))
        notes.append(f"Laplace noise (epsilon {protection.noise_epsilon:g})")
    if protection.threshold > 0 and value < protection.threshold:
        notes.append(f"counts below {protection.threshold} are reported as {protection.threshold}")
        return Disclosed(protection.threshold, True, IMPRECISE, tuple(notes))
    if protection.rounding > 1:
        value = max(round_to(value, protection.rounding), protection.threshold)
        notes.append(f"rounded to the nearest multiple of {protection.rounding}")
        return Disclosed(value, True, ROUNDED if protection.noise_epsilon <= 0 else IMPRECISE, tuple(notes))
    return Disclosed(value, True, IMPRECISE, tuple(notes))


def disclose_strata(
    strata: dict[str, int], protection: Protection, requester: str = "", entry: str = ""
) -> dict[str, Disclosed]:
    """Each stratum under the same protection as a total (its own seed, so strata don't share noise)."""
    return {
        name: disclose_count(count, protection, requester, f"{entry}/{name}")
        for name, count in sorted(strata.items())
        if count > 0
    }


def listable(donors: int, protection: Protection) -> bool:
    """A filtering term is listed only when enough donors hold it that listing it reveals no one."""
    return donors > 0 and donors >= protection.threshold


def budget_left(used_today: int, protection: Protection) -> int | None:
    """Queries left today for a requester (None when budgets are off)."""
    if not protection.budgets_on:
        return None
    return max(protection.budget_per_day - used_today, 0)


def describe(protection: Protection) -> dict[str, object]:
    """The privacy declaration a node puts in its `info` sections."""
    if protection.exact:
        return {"countPrecision": EXACT, "description": "Exact counts (no threshold, no rounding)."}
    parts = []
    if protection.threshold > 0:
        parts.append(f"counts between 1 and {protection.threshold - 1} are reported as {protection.threshold}")
    if protection.rounding > 1:
        parts.append(f"other counts are rounded to the nearest multiple of {protection.rounding}")
    if protection.noise_epsilon > 0:
        parts.append(f"Laplace noise with epsilon {protection.noise_epsilon:g} is added first, fixed per requester")
    if protection.budgets_on:
        parts.append(f"each requester may ask {protection.budget_per_day} queries a day")
    return {
        "countPrecision": IMPRECISE if protection.noise_epsilon > 0 else ROUNDED,
        "countThreshold": protection.threshold,
        "countRounding": protection.rounding,
        "noiseEpsilon": protection.noise_epsilon,
        "budgetPerDay": protection.budget_per_day if protection.budgets_on else None,
        "description": "; ".join(parts).capitalize() + ".",
    }
