"""Fictional experts for `ic2permed demo` (never a production start): reproducible from a seed.

Names are built from invented syllables and carry a "(demo)" / "（演示）" suffix, so nobody can take them for
real people; organisations are invented too.
"""

from __future__ import annotations

import random

from ic2permed.core.vocab import themes
from ic2permed.core.vocab.regions import CHINA, EU, EUROPE_NON_EU, INTERNATIONAL
from ic2permed.experts.names import pinyin
from ic2permed.experts.schemas import SECTORS, ExpertCreate

SEED = 2026
COUNT = 132

_WEST_START = ("Al", "Bre", "Cor", "Dav", "El", "Fen", "Gal", "Hal", "Ines", "Jor", "Kal", "Lir", "Mar", "Nol", "Or")
_WEST_END = ("vena", "dric", "tessa", "ian", "mira", "wyn", "dora", "ric", "ella", "an", "isa", "o")
_WEST_FAMILY = ("Quorn", "Vellax", "Brisk", "Tamberlo", "Ostrin", "Kelvane", "Drummet", "Pallow", "Zentor", "Fiskel")
_CN_FAMILY = ("林", "陈", "周", "吴", "郑", "孙", "何", "罗", "高", "梁")
_CN_GIVEN = ("晓", "澜", "睿", "嘉", "岚", "朔", "沁", "翊", "墨", "霁", "泓", "笙")
_WEST_ORG = (
    "Institute of Imaginary Genomics",
    "Fictional University Hospital",
    "Placeholder Health Agency",
    "Example Biobank Consortium",
    "Sample Patients' Forum",
    "Mock Pharma GmbH",
)
_CN_ORG = (
    "虚构基因组研究所",
    "示例大学附属医院",
    "样例卫生健康委员会",
    "演示生物样本库联盟",
    "模拟患者协会",
    "示范医药公司",
)
_EU_COUNTRIES = ("DE", "FR", "IT", "ES", "NL", "BE", "AT", "SE", "PL", "PT", "IE", "FI", "DK", "CZ", "GR")
_NON_EU_COUNTRIES = ("GB", "CH", "NO", "IS")
_EU_LANGUAGES = {
    "DE": "de",
    "FR": "fr",
    "IT": "it",
    "ES": "es",
    "NL": "nl",
    "BE": "fr",
    "AT": "de",
    "SE": "sv",
    "PL": "pl",
    "PT": "pt",
    "FI": "fi",
    "DK": "da",
    "CZ": "cs",
    "GR": "el",
}


def demo_experts(seed: int = SEED, count: int = COUNT) -> list[ExpertCreate]:
    rng = random.Random(seed)
    groups = [t.code for t in themes.of_kind(themes.WORKING_GROUP)]
    result: list[ExpertCreate] = []
    for number in range(count):
        roll = rng.random()
        region = EU if roll < 0.42 else EUROPE_NON_EU if roll < 0.52 else CHINA if roll < 0.94 else INTERNATIONAL
        # expertise: one or two working groups and a few of the topics that feed them
        chosen_groups = rng.sample(groups, rng.choice((1, 1, 2)))
        topics = [t.code for t in themes.of_kind(themes.TOPIC) if set(t.working_groups) & set(chosen_groups)]
        expertise = chosen_groups + rng.sample(topics, min(len(topics), rng.randint(1, 3)))
        sector = rng.choices(SECTORS, weights=(34, 26, 14, 12, 7, 7))[0]
        gender = rng.choice(("female", "male", "female", "male", None))
        if region == CHINA:
            family, given = rng.choice(_CN_FAMILY), "".join(rng.sample(_CN_GIVEN, rng.choice((1, 2))))
            name_zh = f"{family}{given}（演示）"
            syllables = pinyin(name_zh).split(" ")[:-1]
            name = f"{syllables[0].title()} {''.join(syllables[1:]).title()} (demo)"
            country, languages, organisation = "CN", ["zh", "en"], rng.choice(_CN_ORG)
        else:
            name = f"{rng.choice(_WEST_START)}{rng.choice(_WEST_END)} {rng.choice(_WEST_FAMILY)} (demo)"
            name_zh = ""
            if region == EU:
                country = rng.choice(_EU_COUNTRIES)
                languages = ["en", _EU_LANGUAGES.get(country, "en")]
            elif region == EUROPE_NON_EU:
                country, languages = rng.choice(_NON_EU_COUNTRIES), ["en"]
            else:
                country, languages = rng.choice(("US", "CA", "AU", "SG")), ["en"]
            if rng.random() < 0.1:
                languages.append("zh")
            organisation = rng.choice(_WEST_ORG) + f" #{number + 1}"
        result.append(
            ExpertCreate(
                name=name,
                name_zh=name_zh,
                region=region,
                country=country,
                organisation=organisation,
                sector=sector,
                expertise=expertise,
                languages=list(dict.fromkeys(languages)),
                gender=gender,
                max_groups=rng.choice((1, 1, 2, 2, 3)),
                consent_listed=rng.random() < 0.85,
            )
        )
    return result
