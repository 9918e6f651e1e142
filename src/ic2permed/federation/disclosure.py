"""What a node may disclose: granularity ceilings, small counts, rounding, noise, coarse filters, budgets.

Pure functions over plain values, applied once per answer by the node and table-tested. Vocabulary
follows Beacon v2 (granularity boolean/count/record; ``countPrecision`` exact/imprecise/rounded).

The rules answer the attacks of issue 15 (docs/privacy.md says why each is there):

- **Small counts are indistinguishable from zero.** A set of 1 to ``threshold - 1`` donors answers
  ``exists: false`` and count 0, exactly like an empty set, so "is anyone here?" cannot be bisected down
  to single donors. (Showing them as ``threshold`` told 0 from 1-9 and was the attack's lever.)
- **Noise is fixed by the answered set.** Laplace noise is drawn from a hash of the node's secret, the
  entry type and a fingerprint of the donors the query selects (not the requester, not the spelling):
  the same set always gets the same answer, from any identity, so repeats, rewrites and many identities
  average nothing away, and rounding boundaries move from set to set instead of sitting at known counts.
- **Coarse filters for count-level requesters.** Dates compare by year and ages by five-year band unless a
  node relaxes it, so a bisection on ``diagnosisDate`` cannot get below a year.
- **The label hides nothing.** Every count of a protected node carries the same ``countPrecision`` and the
  same list of adjustments, whatever its size.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date

GRANULARITIES = ("boolean", "count", "record")
EXACT, IMPRECISE, ROUNDED = "exact", "imprecise", "rounded"
SMALL_AS_ZERO, SMALL_AS_THRESHOLD = "zero", "threshold"
DATE_UNITS = ("day", "month", "year")


@dataclass(frozen=True)
class Protection:
    """A node's disclosure settings. Defaults: threshold 10, rounding 10, Laplace noise (epsilon 0.5)
    fixed per answered set, counts below the threshold answered as zero, dates by year, ages in five-year
    bands, 500 queries a day per requester."""

    threshold: int = 10
    rounding: int = 10
    noise_epsilon: float = 0.5
    budget_per_day: int = 500
    secret: str = "node"
    small_counts: str = SMALL_AS_ZERO
    date_unit: str = "year"
    age_band: int = 5

    @classmethod
    def legacy(cls) -> Protection:
        """The rules before issue 15 (1-9 shown as 10, zero as zero, rounding to 10, exact dates and ages):
        kept so the suite can show its attacks succeed against them."""
        return cls(noise_epsilon=0.0, small_counts=SMALL_AS_THRESHOLD, date_unit="day", age_band=1)

    @property
    def exact(self) -> bool:
        return self.threshold <= 0 and self.rounding <= 1 and self.noise_epsilon <= 0

    @property
    def budgets_on(self) -> bool:
        return not self.exact and self.budget_per_day > 0

    @property
    def precision(self) -> str:
        """The one label every count of this node carries (it must not vary with the count)."""
        if self.exact:
            return EXACT
        return IMPRECISE if self.noise_epsilon > 0 or self.small_counts == SMALL_AS_THRESHOLD else ROUNDED

    @property
    def coarse(self) -> Coarsening | None:
        """How filters are coarsened for requesters below record level (None: not at all)."""
        if self.exact or (self.date_unit == "day" and self.age_band <= 1):
            return None
        return Coarsening(self.date_unit, self.age_band)


@dataclass(frozen=True)
class Coarsening:
    """Filter values snapped to whole periods: a date to its year (or month), an age to its band."""

    date_unit: str = "year"
    age_band: int = 5

    def date_period(self, value: date) -> tuple[date, date]:
        """[start, end) of the period holding `value`."""
        if self.date_unit == "year":
            return date(value.year, 1, 1), date(value.year + 1, 1, 1)
        if self.date_unit == "month":
            start = date(value.year, value.month, 1)
            return start, date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return value, date.fromordinal(value.toordinal() + 1)

    def age_period(self, value: float) -> tuple[float, float]:
        band = max(self.age_band, 1)
        low = math.floor(value / band) * band
        return float(low), float(low + band)


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


def noise_seed(protection: Protection, entry: str, answered_set: int, true_count: int) -> bytes:
    """Seeded by the answered set only: a requester or a rewording cannot draw fresh noise.

    `answered_set` fingerprints the selected rows (XOR of their hashes); 0 means unknown, and then the
    true count stands in for it."""
    key = answered_set if answered_set else true_count
    return f"{protection.secret}\x1f{entry}\x1f{key}".encode()


def round_to(value: int, step: int) -> int:
    """Nearest multiple of `step`, halves rounding up (15 → 20 with step 10)."""
    if step <= 1:
        return value
    return math.floor(value / step + 0.5) * step


def adjustments(protection: Protection) -> tuple[str, ...]:
    """What is done to every count of the node: the same list whatever the count, so it tells nothing."""
    if protection.exact:
        return ()
    notes = []
    if protection.noise_epsilon > 0:
        notes.append(f"Laplace noise (epsilon {protection.noise_epsilon:g}) fixed by the answered set")
    if protection.threshold > 0:
        shown = "0" if protection.small_counts == SMALL_AS_ZERO else str(protection.threshold)
        notes.append(f"counts below {protection.threshold} are reported as {shown}")
    if protection.rounding > 1:
        notes.append(f"rounded to the nearest multiple of {protection.rounding}")
    return tuple(notes)


def disclose_count(true_count: int, protection: Protection, answered_set: int = 0, entry: str = "") -> Disclosed:
    """Noise, then the small-count rule, then rounding; the label and notes are the node's, not the count's."""
    if protection.exact:
        return Disclosed(max(true_count, 0), true_count > 0, EXACT)
    label, notes = protection.precision, adjustments(protection)
    hidden = Disclosed(0, False, label, notes)
    if true_count <= 0:
        return hidden
    value = true_count
    if protection.noise_epsilon > 0:
        seed = noise_seed(protection, entry, answered_set, true_count)
        value = round(true_count + laplace(seed, 1.0 / protection.noise_epsilon))
    if protection.small_counts == SMALL_AS_THRESHOLD:
        if value < protection.threshold:
            return Disclosed(protection.threshold, True, label, notes)
    elif true_count < protection.threshold or value < protection.threshold:
        return hidden
    shown = max(round_to(value, protection.rounding), protection.threshold, 1)
    return Disclosed(shown, True, label, notes)


def disclose_strata(
    strata: dict[str, tuple[int, int]], protection: Protection, entry: str = ""
) -> dict[str, Disclosed]:
    """Each stratum (count, answered-set fingerprint) under the same rules as a total: a stratum is a set
    of donors like any other, so it gets the answer that set gets however it is asked."""
    return {
        name: disclose_count(count, protection, answered_set, entry)
        for name, (count, answered_set) in sorted(strata.items())
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
    parts = list(adjustments(protection))
    coarse = protection.coarse
    if coarse is not None:
        parts.append(
            f"dates are compared by {coarse.date_unit} and ages in bands of {coarse.age_band} years"
            " for requesters without record-level access"
        )
    if protection.budgets_on:
        parts.append(f"each requester may ask {protection.budget_per_day} queries a day")
    return {
        "countPrecision": protection.precision,
        "countThreshold": protection.threshold,
        "countRounding": protection.rounding,
        "noiseEpsilon": protection.noise_epsilon,
        "smallCounts": protection.small_counts,
        "dateGranularity": coarse.date_unit if coarse else "day",
        "ageBand": coarse.age_band if coarse else 1,
        "budgetPerDay": protection.budget_per_day if protection.budgets_on else None,
        "description": "; ".join(parts).capitalize() + ".",
    }
