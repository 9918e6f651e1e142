"""Rank EU–China pairs of programmes and infrastructures that could work together, with reasons.

A pair scores for the topics both sides cover (Jaccard over topic themes) and for complementarity: in a
shared topic, one side holds a standard or law the other side's landscape lacks. Reasons are built from
those facts, never from a canned sentence.
"""

from __future__ import annotations

from collections import defaultdict

from ic2permed.core.vocab import themes
from ic2permed.landscape.schemas import ItemRead, Opportunity

PARTNER_KINDS = ("programme", "infrastructure")
RULE_KINDS = ("standard", "law")
KIND_EN = {"standard": "a standard", "law": "a law or regulation"}
KIND_ZH = {"standard": "标准", "law": "法律法规"}
SIDE_EN = {"eu": "the EU side", "cn": "the Chinese side"}
SIDE_ZH = {"eu": "欧方", "cn": "中方"}


def _topics(item: ItemRead) -> set[str]:
    return {t for t in item.themes if themes.is_theme(t) and themes.theme(t).kind == themes.TOPIC}


def _coverage(items: list[ItemRead]) -> dict[tuple[str, str], dict[str, list[ItemRead]]]:
    """(side, topic) → kind → items of that kind in force on that side."""
    cover: dict[tuple[str, str], dict[str, list[ItemRead]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        if item.side in ("eu", "cn") and item.kind in RULE_KINDS and item.status == "in_force":
            for topic in _topics(item):
                cover[(item.side, topic)][item.kind].append(item)
    return cover


def rank_opportunities(items: list[ItemRead], theme: str | None = None, limit: int = 50) -> list[Opportunity]:
    partners = [i for i in items if i.kind in PARTNER_KINDS and i.status in ("in_force", "planned")]
    eu_side = [i for i in partners if i.side == "eu"]
    cn_side = [i for i in partners if i.side == "cn"]
    cover = _coverage(items)
    found = []
    for eu in eu_side:
        eu_topics = _topics(eu)
        for cn in cn_side:
            cn_topics = _topics(cn)
            shared = sorted(eu_topics & cn_topics)
            if not shared or (theme and theme not in shared and theme not in (set(eu.themes) & set(cn.themes))):
                continue
            jaccard = len(shared) / len(eu_topics | cn_topics)
            complements = _complements(shared, cover)
            score = round(jaccard + 0.15 * min(len(complements), 3) + (0.05 if eu.kind == cn.kind else 0), 4)
            reason_en, reason_zh = _reasons(eu, cn, shared, complements)
            found.append(
                Opportunity(eu=eu, cn=cn, score=score, shared_themes=shared, reason_en=reason_en, reason_zh=reason_zh)
            )
    found.sort(key=lambda o: (-o.score, o.eu.id, o.cn.id))
    return found[:limit]


def _complements(
    shared: list[str], cover: dict[tuple[str, str], dict[str, list[ItemRead]]]
) -> list[tuple[str, str, str, ItemRead]]:
    """(topic, kind, side that has it, example) where only one side has that kind of rule."""
    found = []
    for topic in shared:
        for kind in RULE_KINDS:
            eu_has, cn_has = cover[("eu", topic)].get(kind, []), cover[("cn", topic)].get(kind, [])
            if eu_has and not cn_has:
                found.append((topic, kind, "eu", eu_has[0]))
            elif cn_has and not eu_has:
                found.append((topic, kind, "cn", cn_has[0]))
    return found


def _reasons(
    eu: ItemRead, cn: ItemRead, shared: list[str], complements: list[tuple[str, str, str, ItemRead]]
) -> tuple[str, str]:
    names_en = ", ".join(themes.theme(t).term.label_en.lower() for t in shared[:3])
    names_zh = "、".join(themes.theme(t).term.label_zh for t in shared[:3])
    verb = {"programme": "fund", "infrastructure": "serve"}.get(eu.kind, "work on")
    en = [f"both {verb if eu.kind == cn.kind else 'work on'} {names_en}"]
    zh = [f"双方均涉及{names_zh}"]
    for topic, kind, side, example in complements[:2]:
        other = "cn" if side == "eu" else "eu"
        label_en = themes.theme(topic).term.label_en.lower()
        label_zh = themes.theme(topic).term.label_zh
        ref = example.identifier or (example.acronyms[0] if example.acronyms else example.title_en)
        en.append(f"{SIDE_EN[side]} has {KIND_EN[kind]} on {label_en} ({ref}) that {SIDE_EN[other]} lacks")
        zh.append(f"{SIDE_ZH[side]}在{label_zh}方面有{KIND_ZH[kind]}（{ref}），{SIDE_ZH[other]}尚缺")
    timing = _timing(eu, cn)
    if timing:
        en.append(timing[0])
        zh.append(timing[1])
    sentence = "; ".join(en)
    return sentence[:1].upper() + sentence[1:] + ".", "；".join(zh) + "。"


def _timing(eu: ItemRead, cn: ItemRead) -> tuple[str, str] | None:
    ends = [(i, i.end_date) for i in (eu, cn) if i.end_date]
    if ends:
        item, end = min(ends, key=lambda pair: pair[1])
        who_en = SIDE_EN[item.side]
        return f"{who_en}'s current phase ends {end:%Y}", f"{SIDE_ZH[item.side]}当前阶段于{end:%Y}年结束"
    return None
