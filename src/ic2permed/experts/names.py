"""Pinyin for Chinese names, so an expert can be found by 张伟, "Zhang Wei" or "zhangwei"."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import lazy_pinyin

_HAN = re.compile(r"[\u3400-\u9fff]")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def fold(text: str) -> str:
    """Lower case without accents or tone marks ("Lǐ Xiǎo" → "li xiao")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def pinyin(name_zh: str) -> str:
    """The toneless pinyin of the Han characters, spaced and run together: "zhang wei zhangwei"."""
    bare = _BRACKETED.sub("", name_zh)  # "林晓澜（演示）": the demo marker is not part of the name
    syllables = [s for s in lazy_pinyin("".join(_HAN.findall(bare))) if s.strip()]
    if not syllables:
        return ""
    return f"{' '.join(syllables)} {''.join(syllables)}"


def search_key(*texts: str) -> str:
    return " ".join(fold(t) for t in texts if t)
