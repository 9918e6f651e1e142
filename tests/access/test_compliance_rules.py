"""The compliance rules, combination by combination, against expectations written by hand (not snapshots).

Each expected set below was written from the law (docs/compliance.md), not copied from the engine's output.
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, timedelta

import pytest

from ic2permed.access import compliance
from ic2permed.access.compliance import Transfer
from ic2permed.core.errors import ValidationFailed
from ic2permed.core.vocab.jurisdictions import CODES, jurisdiction_of
from ic2permed.landscape import bundle

TODAY = date(2026, 11, 30)

# Building blocks (step ids from docs/compliance.md).
E = frozenset({"ethics_provider", "ethics_recipient"})
M = E | {"material_transfer_agreement"}
D = E | {"data_transfer_agreement"}
IMP = frozenset({"import_rules_recipient"})
CN_IMP = frozenset({"cn_special_articles_import"})
ADEQ = frozenset({"eu_gdpr_adequacy"})
SCC = frozenset({"eu_gdpr_scc", "eu_gdpr_tia"})
UK = frozenset({"gb_idta", "gb_transfer_risk_assessment"})
CHS = frozenset({"ch_fadp_safeguards"})
HGR_MAT = frozenset(
    {
        "cn_hgr_international_cooperation_approval",
        "cn_hgr_material_export_certificate",
        "cn_special_articles_export",
    }
)
HGR_DATA = frozenset({"cn_hgr_international_cooperation_approval", "cn_hgr_information_filing"})
PIPL_SC = frozenset({"cn_pipl_separate_consent", "cn_pipl_impact_assessment", "cn_pipl_standard_contract"})
PIPL_ART38 = frozenset({"cn_pipl_separate_consent", "cn_pipl_impact_assessment", "cn_pipl_transfer_mechanism"})
PIPL_SA = frozenset({"cn_pipl_separate_consent", "cn_pipl_impact_assessment", "cn_cac_security_assessment"})
NOTHING: frozenset[str] = frozenset()

# (provider, recipient) -> (material only, anonymous data only, identifiable data only), on 2026-11-30,
# research, 1000 subjects, genetic data, provider not a CIIO.
EXPECTED: dict[tuple[str, str], tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    ("EU", "EU"): (M, D, D),
    ("EU", "GB"): (M | IMP, D, D | ADEQ),
    ("EU", "CH"): (M | IMP, D, D | ADEQ),
    ("EU", "CN"): (M | CN_IMP, D, D | SCC),
    ("EU", "HK"): (M | IMP, D, D | SCC),
    ("EU", "MO"): (M | IMP, D, D | SCC),
    ("EU", "OTHER"): (M | IMP, D, D | SCC),
    ("GB", "EU"): (M | IMP, D, D),
    ("GB", "GB"): (M, D, D),
    ("GB", "CH"): (M | IMP, D, D),
    ("GB", "CN"): (M | CN_IMP, D, D | UK),
    ("GB", "HK"): (M | IMP, D, D | UK),
    ("GB", "MO"): (M | IMP, D, D | UK),
    ("GB", "OTHER"): (M | IMP, D, D | UK),
    ("CH", "EU"): (M | IMP, D, D),
    ("CH", "GB"): (M | IMP, D, D),
    ("CH", "CH"): (M, D, D),
    ("CH", "CN"): (M | CN_IMP, D, D | CHS),
    ("CH", "HK"): (M | IMP, D, D | CHS),
    ("CH", "MO"): (M | IMP, D, D | CHS),
    ("CH", "OTHER"): (M | IMP, D, D | CHS),
    ("CN", "EU"): (M | IMP | HGR_MAT, D | HGR_DATA, D | HGR_DATA | PIPL_SC),
    ("CN", "GB"): (M | IMP | HGR_MAT, D | HGR_DATA, D | HGR_DATA | PIPL_SC),
    ("CN", "CH"): (M | IMP | HGR_MAT, D | HGR_DATA, D | HGR_DATA | PIPL_SC),
    ("CN", "CN"): (M, D, D),
    ("CN", "HK"): (M | IMP | HGR_MAT, D | HGR_DATA, D | HGR_DATA | PIPL_SC),
    ("CN", "MO"): (M | IMP | HGR_MAT, D | HGR_DATA, D | HGR_DATA | PIPL_SC),
    ("CN", "OTHER"): (M | IMP | HGR_MAT, D | HGR_DATA, D | HGR_DATA | PIPL_SC),
    ("HK", "EU"): (M | IMP, D, D),
    ("HK", "GB"): (M | IMP, D, D),
    ("HK", "CH"): (M | IMP, D, D),
    ("HK", "CN"): (M | CN_IMP, D, D),
    ("HK", "HK"): (M, D, D),
    ("HK", "MO"): (M | IMP, D, D),
    ("HK", "OTHER"): (M | IMP, D, D),
    ("MO", "EU"): (M | IMP, D, D),
    ("MO", "GB"): (M | IMP, D, D),
    ("MO", "CH"): (M | IMP, D, D),
    ("MO", "CN"): (M | CN_IMP, D, D),
    ("MO", "HK"): (M | IMP, D, D),
    ("MO", "MO"): (M, D, D),
    ("MO", "OTHER"): (M | IMP, D, D),
    ("OTHER", "EU"): (M | IMP, D, D),
    ("OTHER", "GB"): (M | IMP, D, D),
    ("OTHER", "CH"): (M | IMP, D, D),
    ("OTHER", "CN"): (M | CN_IMP, D, D),
    ("OTHER", "HK"): (M | IMP, D, D),
    ("OTHER", "MO"): (M | IMP, D, D),
    ("OTHER", "OTHER"): (M, D, D),
}


def ask(
    provider: str,
    recipient: str,
    moves: set[str],
    identifiability: str = "identifiable",
    on: date = TODAY,
    **extra: object,
) -> list[compliance.Step]:
    transfer = Transfer(
        provider=provider, recipient=recipient, moves=frozenset(moves), identifiability=identifiability, on=on
    )
    if extra:
        transfer = dataclasses.replace(transfer, **extra)  # type: ignore[arg-type]
    return compliance.rules().steps_for(transfer)


def ids(steps: list[compliance.Step]) -> set[str]:
    return {s.id for s in steps}


def by_id(steps: list[compliance.Step]) -> dict[str, compliance.Step]:
    return {s.id: s for s in steps}


def test_the_table_covers_every_pair_of_jurisdictions() -> None:
    assert set(EXPECTED) == set(itertools.product(CODES, CODES))


@pytest.mark.parametrize(("provider", "recipient"), sorted(EXPECTED))
@pytest.mark.parametrize("identifiability", ["identifiable", "pseudonymised", "anonymous"])
def test_every_combination(provider: str, recipient: str, identifiability: str) -> None:
    material, anonymous, personal = EXPECTED[(provider, recipient)]
    data = anonymous if identifiability == "anonymous" else personal
    # Material is governed whatever the identifiability of the data that may travel with it.
    assert ids(ask(provider, recipient, {"material"}, identifiability)) == material
    assert ids(ask(provider, recipient, {"data"}, identifiability)) == data
    assert ids(ask(provider, recipient, {"material", "data"}, identifiability)) == material | data


def test_pseudonymised_data_are_personal_data_but_anonymous_data_are_not() -> None:
    assert ids(ask("EU", "CN", {"data"}, "pseudonymised")) >= {"eu_gdpr_scc"}  # GDPR Art. 4(5)
    assert ids(ask("CN", "EU", {"data"}, "pseudonymised")) >= {"cn_pipl_separate_consent"}  # PIPL Art. 73
    assert not ids(ask("EU", "CN", {"data"}, "anonymous")) & SCC
    assert not ids(ask("CN", "EU", {"data"}, "anonymous")) & PIPL_SC
    # HGR: genetic information needs its filing whatever the identifiability.
    assert "cn_hgr_information_filing" in ids(ask("CN", "EU", {"data"}, "anonymous"))


def test_clinical_data_are_not_human_genetic_resources_information() -> None:
    steps = ids(ask("CN", "EU", {"data"}, data_kind="clinical"))
    assert steps == D | PIPL_SC
    assert ids(ask("CN", "EU", {"data"}, "anonymous", data_kind="clinical")) == D


def test_hgr_authority_is_most_before_order_777_and_nhc_from_1_may_2024() -> None:
    before = by_id(ask("CN", "EU", {"material"}, on=date(2024, 4, 30)))
    after = by_id(ask("CN", "EU", {"material"}, on=date(2024, 5, 1)))
    for step in ("cn_hgr_international_cooperation_approval", "cn_hgr_material_export_certificate"):
        assert before[step].authority == "MOST"
        assert after[step].authority == "NHC"
        assert "cn-hgr-order-777" in after[step].citations
        assert "cn-hgr-order-777" not in before[step].citations
    assert by_id(ask("CN", "EU", {"data"}, on=date(2020, 1, 1)))["cn_hgr_information_filing"].authority == "MOST"


def test_hgr_implementing_rules_are_cited_from_1_july_2023() -> None:
    before = by_id(ask("CN", "EU", {"data"}, on=date(2023, 6, 30)))["cn_hgr_information_filing"]
    after = by_id(ask("CN", "EU", {"data"}, on=date(2023, 7, 1)))["cn_hgr_information_filing"]
    assert "cn-hgr-implementing-rules" not in before.citations
    assert "cn-hgr-implementing-rules" in after.citations


def test_clinical_trial_without_material_is_filed_not_approved() -> None:
    data_only = ids(ask("CN", "EU", {"data"}, purpose="clinical-trial"))
    assert "cn_hgr_international_trial_filing" in data_only
    assert "cn_hgr_international_cooperation_approval" not in data_only
    with_material = ids(ask("CN", "EU", {"material", "data"}, purpose="clinical-trial"))
    assert "cn_hgr_international_cooperation_approval" in with_material
    assert "cn_hgr_international_trial_filing" not in with_material


@pytest.mark.parametrize(
    ("on", "subjects", "ciio", "expected"),
    [
        # Before PIPL: only a CIIO had an export step (Cybersecurity Law Art. 37).
        (date(2021, 10, 31), 1000, False, NOTHING),
        (date(2021, 10, 31), 1000, True, {"cn_cac_security_assessment"}),
        # PIPL in force, no implementing measures yet.
        (
            date(2021, 11, 1),
            1000,
            False,
            PIPL_ART38,
        ),
        (
            date(2021, 11, 1),
            50000,
            True,
            PIPL_SA,
        ),
        # Security-assessment measures from 1 Sep 2022: 10,000 people's sensitive information.
        (
            date(2022, 9, 1),
            9999,
            False,
            PIPL_ART38,
        ),
        (
            date(2022, 9, 1),
            10000,
            False,
            PIPL_SA,
        ),
        # Standard contract measures from 1 June 2023.
        (date(2023, 6, 1), 9999, False, PIPL_SC),
        (
            date(2023, 6, 1),
            10000,
            False,
            PIPL_SA,
        ),
        # Cross-border data-flow provisions from 22 March 2024.
        (date(2024, 3, 22), 1, False, PIPL_SC),
        (
            date(2024, 3, 22),
            10000,
            False,
            PIPL_SA,
        ),
        (
            date(2024, 3, 22),
            1,
            True,
            PIPL_SA,
        ),
    ],
)
def test_pipl_outbound_routes_follow_the_law_as_it_moved(
    on: date, subjects: int, ciio: bool, expected: frozenset[str] | set[str]
) -> None:
    steps = ids(ask("CN", "EU", {"data"}, on=on, subjects=subjects, ciio=ciio, data_kind="clinical"))
    pipl = {s for s in steps if s.startswith(("cn_pipl", "cn_cac"))}
    assert pipl == set(expected)


def test_standard_contract_route_cites_the_2024_provisions_from_22_march_2024() -> None:
    before = by_id(ask("CN", "EU", {"data"}, on=date(2024, 3, 21)))["cn_pipl_standard_contract"]
    after = by_id(ask("CN", "EU", {"data"}, on=date(2024, 3, 22)))["cn_pipl_standard_contract"]
    assert before.authority == after.authority == "PROVINCIAL_CAC"
    assert "cn-cross-border-data-flow-provisions" not in before.citations
    assert "cn-cross-border-data-flow-provisions" in after.citations


def test_gdpr_transfer_impact_assessment_arrives_with_the_2021_clauses() -> None:
    assert ids(ask("EU", "CN", {"data"}, on=date(2021, 6, 26))) & SCC == {"eu_gdpr_scc"}
    assert ids(ask("EU", "CN", {"data"}, on=date(2021, 6, 27))) & SCC == SCC
    assert "eu-scc-2021-914" in by_id(ask("EU", "CN", {"data"}))["eu_gdpr_scc"].citations


def test_uk_adequacy_and_uk_swiss_tools_start_on_their_own_dates() -> None:
    assert "eu_gdpr_adequacy" not in ids(ask("EU", "GB", {"data"}, on=date(2021, 6, 27)))
    assert "eu_gdpr_adequacy" in ids(ask("EU", "GB", {"data"}, on=date(2021, 6, 28)))
    assert not ids(ask("GB", "CN", {"data"}, on=date(2022, 3, 20))) & UK
    assert ids(ask("GB", "CN", {"data"}, on=date(2022, 3, 21))) & UK == UK
    assert "ch_fadp_safeguards" not in ids(ask("CH", "CN", {"data"}, on=date(2023, 8, 31)))
    assert "ch_fadp_safeguards" in ids(ask("CH", "CN", {"data"}, on=date(2023, 9, 1)))


def test_special_articles_cite_the_revised_quarantine_law_from_2025() -> None:
    before = by_id(ask("EU", "CN", {"material"}, on=date(2024, 12, 31)))["cn_special_articles_import"]
    after = by_id(ask("EU", "CN", {"material"}, on=date(2025, 1, 1)))["cn_special_articles_import"]
    assert before.authority == after.authority == "GACC"
    assert "cn-frontier-health-quarantine-law" not in before.citations
    assert "cn-frontier-health-quarantine-law" in after.citations


def test_chinese_ethics_rules_change_on_18_february_2023() -> None:
    before = by_id(ask("CN", "EU", {"data"}, on=date(2023, 2, 17)))["ethics_provider"]
    after = by_id(ask("CN", "EU", {"data"}, on=date(2023, 2, 18)))["ethics_provider"]
    assert "cn-ethics-review-measures-2016" in before.citations
    assert "cn-ethics-review-measures-2023" in after.citations
    assert after.authority == "ETHICS_CN" and after.actor == "PROVIDER"


def test_a_date_before_the_first_rule_is_refused_not_answered_empty() -> None:
    with pytest.raises(ValidationFailed) as caught:
        ask("EU", "CN", {"data"}, on=date(2019, 6, 30))
    assert caught.value.errors[0].field == "on"
    assert ask("EU", "CN", {"data"}, on=date(2019, 7, 1))


def _boundary_dates() -> list[date]:
    days = {compliance.rules().covers_from, TODAY}
    for rule in compliance.rules().rules:
        days.add(rule.valid_from)
        days.add(rule.valid_from - timedelta(days=1))
        if rule.valid_to:
            days.add(rule.valid_to)
            days.add(rule.valid_to + timedelta(days=1))
    return sorted(d for d in days if d >= compliance.rules().covers_from)


def test_no_two_rules_ever_decide_the_same_step() -> None:
    """Every combination of every input at every date where a rule starts or stops: one rule per step at most."""
    ruleset = compliance.rules()
    asked = 0
    for on in _boundary_dates():
        for provider, recipient in itertools.product(CODES, CODES):
            for moves in ({"material"}, {"data"}, {"material", "data"}):
                for ident, kind, purpose, subjects, ciio, important in itertools.product(
                    compliance.IDENTIFIABILITY,
                    compliance.DATA_KINDS,
                    compliance.PURPOSES,
                    (1, 9999, 10000),
                    (False, True),
                    (False, True),
                ):
                    t = Transfer(
                        provider, recipient, frozenset(moves), on, kind, ident, subjects, ciio, purpose, important
                    )
                    chosen = [r.step for r in ruleset.matching(t)]
                    assert len(chosen) == len(set(chosen)), (t, chosen)
                    asked += 1
    assert asked > 10_000


def test_every_cited_landscape_item_exists() -> None:
    items, _relations, _checksum = bundle.contents()
    known = {row["id"] for row in items}
    missing = compliance.rules().cited_ids() - known
    assert not missing, f"rules cite items the landscape bundle lacks: {sorted(missing)}"


def test_a_rule_citing_an_unknown_item_would_be_caught() -> None:
    raw = compliance.raw_rules()
    raw["rules"][0]["citations"] = ["no-such-item"]
    items, _relations, _checksum = bundle.contents()
    assert compliance.parse_rules(raw).cited_ids() - {row["id"] for row in items} == {"no-such-item"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"when": {"provder": ["EU"]}}, "unknown condition"),
        ({"when": {"provider": ["XX"]}}, "unknown jurisdiction"),
        ({"authority": "NOBODY"}, "unknown authority"),
        ({"step": "no_such_step"}, "unknown step"),
        ({"valid_from": "2018-01-01"}, "before covers_from"),
        ({"valid_to": "2019-01-01"}, "valid_to is before valid_from"),
    ],
)
def test_a_broken_rules_file_fails_to_load(change: dict[str, object], message: str) -> None:
    raw = compliance.raw_rules()
    raw["rules"][0].update(change)
    with pytest.raises(ValueError, match=message):
        compliance.parse_rules(raw)


def test_every_rule_is_dated_and_has_a_legal_basis() -> None:
    for rule in compliance.rules().rules:
        assert rule.valid_from >= compliance.rules().covers_from
        assert len(rule.legal_basis) > 20, rule.id
        assert rule.authority in compliance.AUTHORITIES


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("FR", "EU"),
        ("de", "EU"),
        ("NO", "EU"),
        ("IS", "EU"),
        ("LI", "EU"),
        ("GB", "GB"),
        ("CH", "CH"),
        ("CN", "CN"),
        ("HK", "HK"),
        ("MO", "MO"),
        ("TW", "OTHER"),
        ("US", "OTHER"),
        ("", "OTHER"),
        (None, "OTHER"),
    ],
)
def test_jurisdiction_of_a_country(country: str | None, expected: str) -> None:
    assert jurisdiction_of(country) == expected
