"""The platform's one theme vocabulary: IC2PerMed Roadmap pillars and working groups, ICPerMed Action
Plan perspectives and topic tags, plus the reviewed bilingual glossary.

Roadmap structure: ``data/roadmap.json`` (sourced; see its ``sources``). Topic tags: ``data/topics.json``
(our own list; each tag names the working groups it feeds).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from ic2permed.core.vocab.terms import Term

PILLAR = "pillar"
WORKING_GROUP = "working_group"
PERSPECTIVE = "perspective"
TOPIC = "topic"


@dataclass(frozen=True)
class Theme:
    term: Term
    kind: str
    working_groups: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.term.code

    def label(self, locale: str) -> str:
        return self.term.label(locale)


def _load(name: str) -> Any:
    return json.loads((files("ic2permed.core.vocab") / "data" / name).read_text(encoding="utf-8"))


@cache
def roadmap() -> dict[str, Any]:
    data: dict[str, Any] = _load("roadmap.json")
    return data


@cache
def themes() -> dict[str, Theme]:
    road = roadmap()
    found: dict[str, Theme] = {}
    for pillar in road["pillars"]:
        term = Term(pillar["code"], pillar["name_en"], pillar["name_zh"])
        found[term.code] = Theme(term, PILLAR, tuple(pillar["working_groups"]))
    for group in road["working_groups"]:
        term = Term(group["code"], group["name_en"], group["name_zh"], parent=group["pillar"])
        found[term.code] = Theme(term, WORKING_GROUP, (group["code"],))
    for perspective in road["icpermed_perspectives"]:
        term = Term(perspective["code"], perspective["name_en"], perspective["name_zh"])
        groups = tuple(g["code"] for g in road["working_groups"] if term.code in g["icpermed_perspectives"])
        found[term.code] = Theme(term, PERSPECTIVE, groups)
    for topic in _load("topics.json"):
        term = Term(topic["code"], topic["label_en"], topic["label_zh"])
        found[term.code] = Theme(term, TOPIC, tuple(topic["wg"]))
    return found


def theme(code: str) -> Theme:
    try:
        return themes()[code]
    except KeyError:
        raise KeyError(f"unknown theme {code!r}") from None


def is_theme(code: str) -> bool:
    return code in themes()


def of_kind(kind: str) -> list[Theme]:
    return [t for t in themes().values() if t.kind == kind]


def working_groups_of(codes: list[str]) -> list[str]:
    """The roadmap working groups a set of theme codes feeds, in roadmap order."""
    groups = {g for code in codes if code in themes() for g in themes()[code].working_groups}
    return [t.code for t in of_kind(WORKING_GROUP) if t.code in groups]


@cache
def glossary() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = _load("glossary.json")
    return rows
