"""Search text analysis shared by every domain: one analyser for English and Chinese.

Chinese is folded from Traditional to Simplified (OpenCC ``t2s``) and segmented with jieba's search mode;
English is lower-cased and Snowball-stemmed; identifiers (``GB/T 37864-2019``, ``2016/679``) and acronyms
(``GDPR``) also become exact tokens, so they match as written.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
from collections.abc import Iterable
from functools import cache

import opencc
import snowballstemmer

with warnings.catch_warnings():  # jieba 0.42 still imports pkg_resources
    warnings.simplefilter("ignore")
    import jieba

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the their this to was "
    "were with which within".split()
)
ZH_STOPWORDS = frozenset("的 和 与 及 或 在 对 于 等 中 为 了 是 之 关于 有关".split())


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@cache
def _jieba_ready() -> bool:
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return True


def fold(text: str) -> str:
    """NFKC, lower case, Traditional → Simplified."""
    normal = unicodedata.normalize("NFKC", text).lower()
    return str(_converter().convert(normal)) if _HAN.search(normal) else normal


def compact(identifier: str) -> str:
    """An identifier with separators removed: ``GB/T 37864-2019`` → ``gbt378642019``."""
    return re.sub(r"[^0-9a-z\u3400-\u9fff]", "", fold(identifier))


def words(text: str) -> list[str]:
    """Search tokens of free text: Chinese words and English stems, in order, with repeats."""
    folded = fold(text)
    tokens: list[str] = []
    stem = _stemmer().stemWord
    position = 0
    for match in _HAN.finditer(folded):
        tokens.extend(_latin(folded[position : match.start()], stem))
        tokens.extend(_chinese(match.group()))
        position = match.end()
    tokens.extend(_latin(folded[position:], stem))
    return tokens


def _latin(text: str, stem: object) -> list[str]:
    found = []
    for word in _WORD.findall(text):
        if word in STOPWORDS:
            continue
        found.append(stem(word.replace("'", "")) if not word[0].isdigit() else word)  # type: ignore[operator]
    return found


def _chinese(run: str) -> list[str]:
    _jieba_ready()
    pieces = [w for w in jieba.cut_for_search(run) if w.strip() and w not in ZH_STOPWORDS]
    return pieces or [run]


def identifier_tokens(identifiers: Iterable[str]) -> list[str]:
    """Exact tokens for identifiers: the whole compact form and, when it ends in a year, without it."""
    tokens: list[str] = []
    for identifier in identifiers:
        if not identifier:
            continue
        whole = compact(identifier)
        if not whole:
            continue
        tokens.append("id:" + whole)
        without_year = re.sub(r"[-:](19|20)\d\d$", "", fold(identifier).strip())
        if without_year != fold(identifier).strip():
            tokens.append("id:" + compact(without_year))
        tokens.extend("num:" + n.replace("/", "") for n in _numbers(fold(identifier)))
    return tokens


def _numbers(text: str) -> list[str]:
    """Document numbers (``2016/679``, ``37864``) but not bare years, which match too much."""
    return [n for n in re.findall(r"\d+/\d+|\d{4,}", text) if not re.fullmatch(r"(19|20)\d\d", n)]


def query_tokens(query: str) -> list[str]:
    """Tokens of a user query: words plus the identifier and acronym forms a user may have typed."""
    tokens = words(query)
    folded = fold(query).strip()
    if folded:
        tokens.append("id:" + compact(folded))
        tokens.extend("num:" + n.replace("/", "") for n in _numbers(folded))
        tokens.extend("acr:" + w for w in _WORD.findall(folded) if len(w) >= 2)
    seen: dict[str, None] = {}
    for token in tokens:
        seen.setdefault(token, None)
    return list(seen)
