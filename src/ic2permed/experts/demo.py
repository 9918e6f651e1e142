"""Fictional experts for `ic2permed demo` (never a production start): reproducible from a seed.

Names are built from invented syllables and carry a "(demo)" / "（演示）" suffix, so nobody can take them for
real people; organisations are invented too.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ic2permed.core.vocab import themes
from ic2permed.core.vocab.regions import CHINA, EU, EUROPE_NON_EU, INTERNATIONAL
from ic2permed.experts.delphi import CHINA_SIDE, EUROPE_SIDE
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


# Working-group life for the demo: a closed and an open Delphi study, meetings and action items ----------------
# The content is invented demo material (titles carry "(demo)"); only the group codes and their Action Plan
# priorities come from the IC2PerMed Roadmap vocabulary.

DELPHI_GROUP = "wg-5"  # Adopting Big Data and ICT solutions
OPEN_GROUP = "wg-1"  # Improving empowered and responsible citizens
MEETINGS_GROUP = DELPHI_GROUP
CLOSED_STUDY_TITLE = ("Sharing data across borders (demo)", "跨境数据共享（演示）")
OPEN_STUDY_TITLE = ("Citizens and personalised medicine (demo)", "公民与个性化医学（演示）")


@dataclass(frozen=True)
class DemoStatement:
    text_en: str
    text_zh: str
    priority: str
    agree: tuple[tuple[float, float], tuple[float, float]]  # (Europe, China) share agreeing in rounds 1 and 2


CLOSED_STATEMENTS = (
    DemoStatement(
        "Joint EU–China personalised-medicine projects agree one data-access agreement template before any data "
        "are collected.",
        "欧中个性化医学联合项目在采集任何数据之前，应商定统一的数据访问协议模板。",
        "Data Exchange",
        ((0.8, 0.75), (0.9, 0.9)),
    ),
    DemoStatement(
        "Clinical and omics data shared in joint projects are described with the same minimum metadata set.",
        "联合项目共享的临床与组学数据应采用同一套最小元数据集进行描述。",
        "Standards",
        ((0.85, 0.8), (0.9, 0.9)),
    ),
    DemoStatement(
        "Federated analysis, where data stay at their source and only aggregate results travel, is the default "
        "for cross-border studies.",
        "联邦分析（数据留在原处，仅汇总结果跨境传输）应成为跨境研究的默认方式。",
        "Privacy, security, and trust",
        ((0.7, 0.9), (0.9, 0.9)),
    ),
    DemoStatement(
        "Pseudonymised individual-level data may move between partner institutions for approved research once "
        "ethics committees on both sides have agreed.",
        "经双方伦理委员会同意后，假名化的个体层面数据可在合作机构之间转移，用于已获批准的研究。",
        "Data Exchange",
        ((0.75, 0.3), (0.8, 0.25)),
    ),
    DemoStatement(
        "A joint EU–China board reviews every request to share data between partner institutions.",
        "应设立欧中联合委员会，审查合作机构之间的每一项数据共享申请。",
        "Privacy, security, and trust",
        ((0.6, 0.7), (0.7, 0.75)),
    ),
    DemoStatement(
        "Patients can see online which cross-border projects use their data.",
        "患者应能在线查看哪些跨境项目使用了其数据。",
        "Privacy, security, and trust",
        ((0.65, 0.55), (0.75, 0.7)),
    ),
    DemoStatement(
        "Each partner country keeps a public register of the data standards its hospitals support.",
        "各合作国家应公开登记其医院所支持的数据标准。",
        "Standards",
        ((0.5, 0.45), (0.45, 0.4)),
    ),
)

OPEN_STATEMENTS = (
    (
        "Health-literacy material on genomic testing is written with patients and tested in both languages.",
        "关于基因检测的健康素养材料应与患者共同编写，并以两种语言进行测试。",
        "Health Literacy",
    ),
    (
        "Citizens are told in plain words how their samples and data serve personalised-medicine research.",
        "应以通俗易懂的语言告知公民，其样本和数据如何服务于个性化医学研究。",
        "Public Trust",
    ),
    (
        "Ethical, legal and social questions are part of every joint project's plan from the start.",
        "伦理、法律与社会问题应从一开始就纳入每个联合项目的计划。",
        "ELSI",
    ),
    (
        "Citizen panels in Europe and China comment on the research questions of joint projects.",
        "欧洲和中国的公民小组应对联合项目的研究问题提出意见。",
        "Research",
    ),
)


@dataclass(frozen=True)
class DemoMeeting:
    days_ago: int
    title: str
    minutes: str
    actions: tuple[tuple[str, int, bool], ...]  # description, due in days from today (negative: past), done


MEETINGS = (
    DemoMeeting(
        70,
        "Kick-off meeting (demo) · 启动会议（演示）",
        "Demo minutes. The chair and co-chair welcomed the members and agreed to work through a two-round Delphi "
        "study on cross-border data sharing.\n"
        "演示纪要：主席和联合主席欢迎各位成员，并商定通过两轮德尔菲研究讨论跨境数据共享问题。",
        (("Draft the Delphi statements (demo) · 起草德尔菲陈述（演示）", -50, True),),
    ),
    DemoMeeting(
        20,
        "Delphi results review (demo) · 德尔菲结果评审（演示）",
        "Demo minutes. The group reviewed round 2: three statements reached consensus; Europe and China disagree on "
        "moving pseudonymised individual-level data.\n"
        "演示纪要：小组评审了第二轮结果：三项陈述达成共识；欧洲与中国在假名化个体数据转移问题上存在分歧。",
        (
            (
                "Summarise the divergent statement for the steering board (demo) · 为指导委员会总结分歧陈述（演示）",
                -5,
                False,
            ),
            (
                "Prepare a revised statement on the joint review board (demo) · 修订联合审查委员会相关陈述（演示）",
                14,
                False,
            ),
        ),
    ),
)


def demo_ratings(
    rng: random.Random, voters: Sequence[tuple[int, str | None]], agree: Sequence[tuple[float, float]]
) -> dict[int, dict[str, int]]:
    """Ratings on the 5-point scale, statement codes S1…: on each side exactly round(share × n) voters agree (4 or
    5), the rest do not (1–3); `International` voters follow the mean of the two shares. Same seed, same votes."""
    ballots: dict[int, dict[str, int]] = {expert_id: {} for expert_id, _ in voters}
    for number, (europe, china) in enumerate(agree, start=1):
        for side, share in ((EUROPE_SIDE, europe), (CHINA_SIDE, china), (None, (europe + china) / 2)):
            ids = [expert_id for expert_id, s in voters if s == side]
            agreeing = set(rng.sample(ids, round(share * len(ids))))
            for expert_id in ids:
                high = expert_id in agreeing
                ballots[expert_id][f"S{number}"] = rng.choice((4, 5, 5) if high else (1, 2, 3, 3))
    return ballots
