"""A patient attacker that uses only the public Beacon API: the bisection attacks of issue 15.

It knows nothing but what a Beacon client can send (filters, count granularity) and what comes back
(``exists``, ``numTotalResults``). It spreads its queries over its identities and stops at the daily
budget of each (or when a node says 429). Its claims are then checked against the truth by the tests.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ic2permed.federation.node.store import SEX_FEMALE, SEX_MALE, write_new

Ask = Callable[[int, list[dict[str, Any]]], tuple[bool, int] | None]  # identity, filters → (exists, count)
TARGET = [{"id": "ICD10:C22.0"}, {"id": SEX_FEMALE}]  # liver cancer, women: the small cell
ROUNDING = [{"id": "ICD10:C18.7"}, {"id": SEX_FEMALE}]  # a cell of 41 that shows as 40
DAY = timedelta(days=1)


@dataclass
class Truth:
    target_dates: list[date]  # diagnosis dates of the C22.0 women diagnosed before 2010
    rounding_count: int


def _unusual_day(rng: random.Random, start: int, end: int, taken: set[date]) -> date:
    """A day inside a year (never 1 January or 31 December), not used before."""
    while True:
        day = date(rng.randint(start, end), rng.randint(1, 12), rng.randint(2, 27))
        if day not in taken:
            taken.add(day)
            return day


def build_node(path: Path, seed: int, targets: int = 8) -> Truth:
    """A node whose small cells the attacker goes after, among background donors."""
    rng = random.Random(seed)
    taken: set[date] = set()
    donors: list[tuple[str, str, date, int]] = []  # sex, code, diagnosis date, age at diagnosis
    target_dates = [_unusual_day(rng, 2003, 2009, taken) for _ in range(targets)]
    donors += [(SEX_FEMALE, "C22.0", d, rng.randint(45, 75)) for d in target_dates]
    donors += [(SEX_FEMALE, "C22.0", _unusual_day(rng, 2012, 2020, taken), rng.randint(45, 75)) for _ in range(6)]
    donors += [(SEX_FEMALE, "C18.7", _unusual_day(rng, 2001, 2019, taken), rng.randint(40, 80)) for _ in range(41)]
    for _ in range(300):
        sex = rng.choice([SEX_FEMALE, SEX_MALE])
        code = rng.choice(["E11.9", "I10", "J45.9", "C50.9", "C22.0"])
        code = "C22.1" if code == "C22.0" and sex == SEX_FEMALE else code  # keep the target cell as designed
        donors.append((sex, code, _unusual_day(rng, 1995, 2022, taken), rng.randint(20, 90)))
    rng.shuffle(donors)
    with write_new(path) as con:
        for pk, (sex, code, diagnosed, age) in enumerate(donors):
            con.execute("INSERT INTO individuals VALUES (?, ?, ?, NULL, NULL, NULL, NULL, NULL)", [pk, f"d{pk}", sex])
            con.execute("INSERT INTO diseases VALUES (?, ?, ?, ?, ?)", [pk, code, code[:3], age, diagnosed])
            con.execute(
                "INSERT INTO biosamples VALUES (?, ?, ?, 'SERUM', NULL, ?, ?, -80, NULL)",
                [pk, f"s{pk}", pk, diagnosed, age],
            )
        con.execute("INSERT INTO node_meta VALUES ('name', ?)", [f"Attacked node {seed}"])
    return Truth(sorted(target_dates), 41)


@dataclass
class Adversary:
    """Bisection attacks over the public API, within a daily budget per identity."""

    ask_as: Ask
    identities: int = 1
    budget_per_identity: int = 500
    used: list[int] = field(default_factory=list)
    refused: bool = False

    def __post_init__(self) -> None:
        self.used = [0] * self.identities

    @property
    def queries(self) -> int:
        return sum(self.used)

    def ask(self, filters: list[dict[str, Any]]) -> tuple[bool, int] | None:
        """One query from the identity with the most budget left; None once every budget is spent."""
        who = min(range(self.identities), key=lambda i: self.used[i])
        if self.refused or self.used[who] >= self.budget_per_identity:
            return None
        self.used[who] += 1
        answer = self.ask_as(who, filters)
        if answer is None:
            self.refused = True
        return answer

    def between(self, base: list[dict[str, Any]], start: date, end: date) -> tuple[bool, int] | None:
        """Donors of `base` diagnosed in [start, end)."""
        window = [
            {"id": "diagnosisDate", "operator": ">=", "value": start.isoformat()},
            {"id": "diagnosisDate", "operator": "<", "value": end.isoformat()},
        ]
        return self.ask([*base, *window])

    def existence_bisection(self, base: list[dict[str, Any]], start: date, end: date) -> list[date]:
        """Every day in [start, end) on which someone in `base` was diagnosed, by halving "anyone here?"."""
        found: list[date] = []
        stack = [(start, end)]
        while stack:
            lo, hi = stack.pop()
            answer = self.between(base, lo, hi)
            if answer is None:
                break
            if not answer[0]:
                continue
            if hi - lo <= DAY:
                found.append(lo)
                continue
            middle = lo + (hi - lo) // 2
            stack += [(middle, hi), (lo, middle)]
        return sorted(found)

    def small_cell(self, base: list[dict[str, Any]], before: date) -> tuple[int, list[date]]:
        """The issue's first attack: how many, and when, in a cell the node shows as "10"."""
        dates = self.existence_bisection(base, date(1990, 1, 1), before)
        return len(dates), dates

    def rounding_boundary(self, base: list[dict[str, Any]], start: date, end: date) -> int | None:
        """The issue's second attack: turn a rounded count into an exact one.

        Find the first day on which the cumulative count's shown value reaches the base's shown value;
        there the true cumulative count is exactly the rounding boundary (one donor a day); the donors
        after it form a small tail, enumerated by existence bisection."""
        total = self.between(base, start, end)
        if total is None or total[1] < 10:
            return None
        shown, step = total[1], 10
        boundary = shown - step // 2  # the true count at which the shown value becomes `shown`
        lo, hi = start, end
        while hi - lo > DAY:
            middle = lo + (hi - lo) // 2
            answer = self.between(base, start, middle)
            if answer is None:
                return None
            if answer[1] >= shown:
                hi = middle
            else:
                lo = middle
        tail = self.existence_bisection(base, hi, end)
        return boundary + len(tail)

    def repeats_differ(self, base: list[dict[str, Any]]) -> bool:
        """The averaging attack: does asking again, from another identity or in other words, give a
        different answer to average? (Noise drawn per requester or per spelling would.)"""
        spellings = [base, [*base, *base], list(reversed(base))]
        answers = {self.ask(spelling) for spelling in spellings for _ in range(self.identities)}
        return len(answers) > 1
