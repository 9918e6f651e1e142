"""The CSV files of the command-line contract (votes, experts, groups), read strictly.

Every problem is a :class:`FieldError` naming the row (the line in the file; the header is row 1) and the
column, so a coordinator can open the file in a spreadsheet and go straight to the cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.vocab.regions import REGION_CODES
from ic2permed.experts.assignment import ExpertIn, GroupIn
from ic2permed.experts.delphi import BOUNDS, RANK, Vote

VOTE_COLUMNS = ("expert_id", "region", "sector", "statement_id", "rating")
EXPERT_COLUMNS = ("expert_id", "region", "sector", "themes", "max_groups")
GROUP_COLUMNS = ("group_id", "min_size", "max_size", "themes", "chair")

_REGIONS_FOLDED = {code.casefold(): code for code in REGION_CODES}


def _bad(row: int, column: str, message: str) -> ValidationFailed:
    return ValidationFailed("Bad input", [FieldError(column, message, row=row)])


def _rows(text: str, columns: Sequence[str], optional: Sequence[str] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, cells) for each non-blank data row; the header must name every required column."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        raise _bad(1, columns[0], "the file is empty (expected a header: " + ",".join(columns) + ")")
    names = [h.strip().lower() for h in header]
    for column in columns:
        if column not in names and column not in optional:
            raise _bad(1, column, "missing column")
    index = {c: names.index(c) for c in columns if c in names}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = dict.fromkeys(columns, "")
        row.update({c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()})
        yield number, row


def _required(row: int, cells: dict[str, str], column: str) -> str:
    value = cells[column]
    if not value:
        raise _bad(row, column, "missing value")
    return value


def _region(row: int, value: str) -> str:
    try:
        return _REGIONS_FOLDED[value.casefold()]
    except KeyError:
        allowed = ", ".join(sorted(REGION_CODES))
        raise _bad(row, "region", f"unknown region {value!r} (expected one of {allowed})") from None


def _integer(row: int, column: str, value: str, low: int = 0) -> int:
    try:
        number = int(value)
    except ValueError:
        raise _bad(row, column, f"{value!r} is not a whole number") from None
    if number < low:
        raise _bad(row, column, f"{number} is below {low}")
    return number


def _number(row: int, column: str, value: str) -> Fraction:
    try:
        decimal = Decimal(value)
    except InvalidOperation:
        raise _bad(row, column, f"{value!r} is not a number") from None
    if not decimal.is_finite() or abs(decimal) > 10**6:
        raise _bad(row, column, f"{value!r} is not a usable number")
    return Fraction(decimal)


def _themes(value: str) -> frozenset[str]:
    return frozenset(t.strip() for t in value.split(";") if t.strip())


def read_votes(text: str, scale: str) -> list[Vote]:
    """Votes ``expert_id,region,sector,statement_id,rating``; one vote per expert and statement, on the scale."""
    votes: list[Vote] = []
    seen: dict[tuple[str, str], int] = {}
    region_of: dict[str, tuple[str, int]] = {}
    for row, cells in _rows(text, VOTE_COLUMNS):
        expert = _required(row, cells, "expert_id")
        region = _region(row, _required(row, cells, "region"))
        sector = _required(row, cells, "sector")
        statement = _required(row, cells, "statement_id")
        rating = _number(row, "rating", _required(row, cells, "rating"))
        if scale in BOUNDS:
            low, high = BOUNDS[scale]
            if rating.denominator != 1:
                raise _bad(
                    row, "rating", f"{cells['rating']} is not a whole number on the {scale} scale ({low}–{high})"
                )
            if not low <= rating <= high:
                raise _bad(row, "rating", f"{cells['rating']} is off the {scale} scale ({low}–{high})")
        elif rating < 1:
            raise _bad(row, "rating", f"rank {cells['rating']} is below 1")
        if (expert, statement) in seen:
            raise _bad(
                row, "statement_id", f"second vote of {expert} on {statement} (first on row {seen[expert, statement]})"
            )
        seen[expert, statement] = row
        if expert in region_of and region_of[expert][0] != region:
            raise _bad(row, "region", f"{expert} is {region_of[expert][0]} on row {region_of[expert][1]}")
        region_of.setdefault(expert, (region, row))
        votes.append(Vote(expert, region, sector, statement, rating))
    if not votes:
        raise _bad(2, "rating", "no votes in the file")
    if scale == RANK:
        _check_rankings(votes, seen)
    return votes


def _check_rankings(votes: list[Vote], rows: dict[tuple[str, str], int]) -> None:
    """Every expert ranks every statement, with ranks from 1 to the number of statements."""
    statements = list(dict.fromkeys(v.statement_id for v in votes))
    count = len(statements)
    for vote in votes:
        if vote.rating > count:
            row = rows[vote.expert_id, vote.statement_id]
            raise _bad(row, "rating", f"rank {vote.rating} is off the scale (1–{count}, one per statement)")
    ranked: dict[str, set[str]] = {}
    for vote in votes:
        ranked.setdefault(vote.expert_id, set()).add(vote.statement_id)
    for expert, done in ranked.items():
        missing = [s for s in statements if s not in done]
        if missing:
            first_row = min(r for (e, _), r in rows.items() if e == expert)
            raise _bad(first_row, "statement_id", f"incomplete ranking: {expert} did not rank {', '.join(missing)}")


def read_experts(text: str) -> list[ExpertIn]:
    experts: list[ExpertIn] = []
    seen: dict[str, int] = {}
    for row, cells in _rows(text, EXPERT_COLUMNS):
        expert = _required(row, cells, "expert_id")
        if expert in seen:
            raise _bad(row, "expert_id", f"{expert} is listed twice (first on row {seen[expert]})")
        seen[expert] = row
        experts.append(
            ExpertIn(
                id=expert,
                region=_region(row, _required(row, cells, "region")),
                sector=_required(row, cells, "sector"),
                themes=_themes(cells["themes"]),
                max_groups=_integer(row, "max_groups", _required(row, cells, "max_groups")),
            )
        )
    if not experts:
        raise _bad(2, "expert_id", "no experts in the file")
    return experts


def read_groups(text: str, experts: Sequence[ExpertIn]) -> list[GroupIn]:
    known = {e.id for e in experts}
    groups: list[GroupIn] = []
    seen: dict[str, int] = {}
    for row, cells in _rows(text, GROUP_COLUMNS, optional=("chair",)):
        group = _required(row, cells, "group_id")
        if group in seen:
            raise _bad(row, "group_id", f"{group} is listed twice (first on row {seen[group]})")
        seen[group] = row
        low = _integer(row, "min_size", _required(row, cells, "min_size"))
        high = _integer(row, "max_size", _required(row, cells, "max_size"))
        if high < low:
            raise _bad(row, "max_size", f"{high} is below min_size {low}")
        chair = cells["chair"] or None
        if chair is not None and chair not in known:
            raise _bad(row, "chair", f"unknown expert {chair!r} (not in the experts file)")
        groups.append(GroupIn(id=group, min_size=low, max_size=high, themes=_themes(cells["themes"]), chair=chair))
    if not groups:
        raise _bad(2, "group_id", "no groups in the file")
    return groups


def parse_share(value: str) -> Fraction:
    """A minimum regional share between 0 and 0.5 (both sides cannot have more than half each)."""
    try:
        share = Fraction(Decimal(value.strip()))
    except (InvalidOperation, ValueError, OverflowError):
        raise ValidationFailed("Bad input", [FieldError("--min-region-share", f"{value!r} is not a number")]) from None
    if not 0 <= share <= Fraction(1, 2):
        raise ValidationFailed(
            "Bad input", [FieldError("--min-region-share", f"{value} is outside 0–0.5 (each side's minimum share)")]
        )
    return share
