"""What an item contributes to the search index: weighted terms from every field a user may search."""

from __future__ import annotations

from collections import Counter, defaultdict

from ic2permed.core import text
from ic2permed.core.vocab import themes

WEIGHTS = {"identifier": 12.0, "acronym": 12.0, "title": 5.0, "body": 2.0, "summary": 1.0}


def item_terms(fields: dict[str, object]) -> dict[str, float]:
    """Term → weight; term frequency saturates so long summaries do not drown titles."""
    scores: defaultdict[str, float] = defaultdict(float)

    def add(tokens: list[str], weight: float) -> None:
        counts = Counter(tokens)
        for token, count in counts.items():
            scores[token[:120]] += weight * (1.0 + 0.25 * min(count - 1, 3))

    identifiers = [str(fields.get(k) or "") for k in ("identifier", "celex")]
    add(text.identifier_tokens(identifiers), WEIGHTS["identifier"])
    acronyms = [str(a) for a in fields.get("acronyms") or []]  # type: ignore[attr-defined]
    add(["acr:" + text.fold(a).replace(" ", "") for a in acronyms], WEIGHTS["acronym"])
    add([t for a in acronyms for t in text.words(a)], WEIGHTS["title"])
    add(text.words(f"{fields.get('title_en') or ''} {fields.get('title_zh') or ''}"), WEIGHTS["title"])
    theme_labels = []
    for code in fields.get("themes") or []:  # type: ignore[attr-defined]
        if themes.is_theme(str(code)):
            theme = themes.theme(str(code))
            theme_labels.append(f"{theme.term.label_en} {theme.term.label_zh}")
    add(text.words(f"{fields.get('issuing_body') or ''} {' '.join(theme_labels)}"), WEIGHTS["body"])
    add(text.words(f"{fields.get('summary_en') or ''} {fields.get('summary_zh') or ''}"), WEIGHTS["summary"])
    return dict(scores)
