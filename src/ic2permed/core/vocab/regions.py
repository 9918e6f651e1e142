"""The four platform regions and ISO 3166-1 countries (names from CLDR via Babel), plus China's provinces."""

from __future__ import annotations

from functools import cache

from babel import Locale

from ic2permed.core.vocab.terms import Term

EU = "EU"
EUROPE_NON_EU = "Europe (non-EU)"
CHINA = "China"
INTERNATIONAL = "International"

REGIONS: tuple[Term, ...] = (
    Term(EU, "European Union", "欧盟"),
    Term(EUROPE_NON_EU, "Europe (non-EU)", "欧洲（非欧盟）"),
    Term(CHINA, "China", "中国"),
    Term(INTERNATIONAL, "International", "国际"),
)
REGION_CODES = frozenset(t.code for t in REGIONS)
# One colour per region on every chart, so EU and China never swap between pages.
COLOURS = {EU: "#0b4f8a", EUROPE_NON_EU: "#5b8fc7", CHINA: "#a3320b", INTERNATIONAL: "#1d6b35"}

# EU member states since 1 February 2020 (source: european-union.europa.eu, "EU countries").
EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
EUROPE_NON_EU_COUNTRIES = frozenset(
    [
        "AL",
        "AD",
        "AM",
        "BA",
        "BY",
        "CH",
        "FO",
        "GB",
        "GE",
        "GI",
        "IS",
        "LI",
        "MC",
        "MD",
        "ME",
        "MK",
        "NO",
        "RS",
        "RU",
        "SM",
        "TR",
        "UA",
        "VA",
        "XK",
    ]
)
CHINA_COUNTRIES = frozenset({"CN", "HK", "MO", "TW"})


def region(code: str) -> Term:
    for term in REGIONS:
        if term.code == code:
            return term
    raise KeyError(code)


def region_of_country(country: str | None) -> str:
    """The platform region a country belongs to (used to default an item's region)."""
    if not country:
        return INTERNATIONAL
    code = country.upper()
    if code in EU_MEMBERS:
        return EU
    if code in EUROPE_NON_EU_COUNTRIES:
        return EUROPE_NON_EU
    if code in CHINA_COUNTRIES:
        return CHINA
    return INTERNATIONAL


@cache
def countries() -> dict[str, Term]:
    """ISO 3166-1 alpha-2 countries with CLDR names in English and Simplified Chinese."""
    en = Locale("en").territories
    zh = Locale.parse("zh_Hans").territories
    codes = [str(c) for c in en if isinstance(c, str) and len(c) == 2 and c.isalpha()]
    return {
        code: Term(code, str(en[code]), str(zh.get(code, en[code])), zh_status="official")
        for code in codes
        if code not in {"ZZ", "XA", "XB", "EU", "EZ", "UN", "QO"}
    }


def is_country(code: str) -> bool:
    return code.upper() in countries()


# Provincial-level divisions of the PRC, by their GB/T 2260 codes (source: National Bureau of
# Statistics administrative division codes). Chinese names are official; English are pinyin.
PROVINCES: tuple[Term, ...] = tuple(
    Term(code, en, zh, zh_status="official")
    for code, en, zh in (
        ("110000", "Beijing", "北京市"),
        ("120000", "Tianjin", "天津市"),
        ("130000", "Hebei", "河北省"),
        ("140000", "Shanxi", "山西省"),
        ("150000", "Inner Mongolia", "内蒙古自治区"),
        ("210000", "Liaoning", "辽宁省"),
        ("220000", "Jilin", "吉林省"),
        ("230000", "Heilongjiang", "黑龙江省"),
        ("310000", "Shanghai", "上海市"),
        ("320000", "Jiangsu", "江苏省"),
        ("330000", "Zhejiang", "浙江省"),
        ("340000", "Anhui", "安徽省"),
        ("350000", "Fujian", "福建省"),
        ("360000", "Jiangxi", "江西省"),
        ("370000", "Shandong", "山东省"),
        ("410000", "Henan", "河南省"),
        ("420000", "Hubei", "湖北省"),
        ("430000", "Hunan", "湖南省"),
        ("440000", "Guangdong", "广东省"),
        ("450000", "Guangxi", "广西壮族自治区"),
        ("460000", "Hainan", "海南省"),
        ("500000", "Chongqing", "重庆市"),
        ("510000", "Sichuan", "四川省"),
        ("520000", "Guizhou", "贵州省"),
        ("530000", "Yunnan", "云南省"),
        ("540000", "Tibet", "西藏自治区"),
        ("610000", "Shaanxi", "陕西省"),
        ("620000", "Gansu", "甘肃省"),
        ("630000", "Qinghai", "青海省"),
        ("640000", "Ningxia", "宁夏回族自治区"),
        ("650000", "Xinjiang", "新疆维吾尔自治区"),
        ("710000", "Taiwan", "台湾省"),
        ("810000", "Hong Kong", "香港特别行政区"),
        ("820000", "Macao", "澳门特别行政区"),
    )
)


def province(name: str) -> Term | None:
    """Find a province by code, English or Chinese name (with or without its suffix)."""
    wanted = name.strip().lower()
    for term in PROVINCES:
        short_zh = term.label_zh.rstrip("省市").removesuffix("特别行政区").removesuffix("自治区")
        if wanted in {term.code, term.label_en.lower(), term.label_zh, short_zh}:
            return term
    return None
