"""Translation catalogues (en, zh_Hans) and language negotiation.

Catalogues are the Babel ``.po`` files under ``ic2permed/locale``; they are compiled in memory on first
use, so there is no build step and no generated file to keep in sync.
"""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES = ("en", "zh_Hans")
LOCALE_NAMES = {"en": "English", "zh_Hans": "简体中文"}
HTML_LANG = {"en": "en", "zh_Hans": "zh-Hans"}


def pick(locale: str, en: str | None, zh: str | None) -> str:
    """The Chinese text on Chinese pages when there is one, else the English (the one bilingual-field rule)."""
    return (zh if locale == "zh_Hans" and zh else en) or ""


def N_(message: str) -> str:
    """Mark a string for extraction where it is translated later (e.g. vocabulary labels)."""
    return message


def catalogue_path(locale: str) -> str:
    return str(files("ic2permed") / "locale" / locale / "LC_MESSAGES" / "messages.po")


@cache
def translations(locale: str) -> Translations:
    if locale not in LOCALES:
        locale = "en"
    with open(catalogue_path(locale), "rb") as handle:
        catalog = read_po(handle, locale=locale.replace("_", "-") if locale != "zh_Hans" else "zh_Hans")
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer)


def gettext(locale: str, message: str) -> str:
    return translations(locale).gettext(message)


def normalise(tag: str | None) -> str | None:
    """Map a language tag (``zh-CN``, ``zh_Hans``, ``en-GB`` …) to a supported locale, or None."""
    if not tag:
        return None
    lowered = tag.strip().replace("_", "-").lower()
    if lowered.startswith("zh"):
        return "zh_Hans"
    if lowered.startswith("en"):
        return "en"
    return None


def negotiate(accept_language: str | None, default: str = "en") -> str:
    """Pick the supported locale the browser prefers most (RFC 9110 quality values)."""
    if not accept_language:
        return default
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        pieces = part.strip().split(";")
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        locale = normalise(pieces[0])
        if locale and quality > 0:
            ranked.append((-quality, position, locale))
    return sorted(ranked)[0][2] if ranked else default
