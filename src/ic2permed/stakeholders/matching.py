"""Matching free-text issuers and juristic persons to registry organisations, and ranking organisation search.

Only two automatic rules, both conservative: an exact (folded) name, or the organisation's acronym as a whole
word. Everything they propose still waits for a curator's confirmation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from ic2permed.core import text

_SPLIT = re.compile(r"\s*(?:[()（）;；,，、/]|\bformer\b|原)\s*")
_JOINERS = (" and ", " with ")
EXACT, ACRONYM = "exact_name", "acronym"


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def name_zh(self) -> str: ...
    @property
    def acronym(self) -> str: ...


_STATE = re.compile(r"^(?:the |中华人民共和国)| of the people's republic of china$")


def _norm(value: str) -> str:
    """Folded, single-spaced, without the state prefix/suffix that official names carry and texts often drop."""
    folded = re.sub(r"\s+", " ", text.fold(value)).strip(" .-–")
    return _STATE.sub("", folded).strip()


def parts(value: str) -> list[str]:
    """The whole text and its pieces split at brackets and separators."""
    pieces = [_norm(value), *(_norm(p) for p in _SPLIT.split(value))]
    return [p for p in dict.fromkeys(pieces) if p]


def candidates(value: str, organisations: Iterable[Named]) -> list[tuple[str, str]]:
    """(organisation id, rule) proposals for one issuer text; exact names first."""
    if not value.strip():
        return []
    pieces = set(parts(value))
    exact: list[tuple[str, str]] = []
    by_acronym: list[tuple[str, str]] = []
    for org in organisations:
        names = {_norm(n) for n in (org.name_en, org.name_zh) if n}
        if any(_names_piece(name, piece) for name in names for piece in pieces):
            exact.append((org.id, EXACT))
        elif (
            org.acronym and len(org.acronym) >= 2 and re.search(rf"(?<![\w-]){re.escape(org.acronym)}(?![\w-])", value)
        ):
            by_acronym.append((org.id, ACRONYM))
    return exact + by_acronym


def _names_piece(name: str, piece: str) -> bool:
    """The piece is the name, or the name joined to another body by 'and'/'with' ("MOST and nine others")."""
    if piece == name:
        return True
    return any(piece.startswith(name + j) or piece.endswith(j + name) for j in _JOINERS)


def score(wanted: str, words: set[str], *fields: str) -> int:
    """How well an organisation matches a folded query: acronym 100, name substring 50, then shared words."""
    name_en, name_zh, acronym = ((*fields, "", "", ""))[:3]
    if acronym and wanted == text.fold(acronym):
        return 100
    if any(wanted in text.fold(f) for f in (name_en, name_zh, acronym) if f):
        return 50
    if not words:
        return 0
    have = set(text.words(" ".join(fields)))
    shared = len(words & have)
    return shared * 10 if shared == len(words) else 0
