"""Which laws and standards apply where (the rule behind a biobank page's "laws and standards that govern it")."""

from __future__ import annotations

from typing import Any

from ic2permed.landscape.applicability import applies, scope_in
from ic2permed.landscape.schemas import ItemRead
from tests.landscape.conftest import fictional_item


def item(item_id: str, **fields: Any) -> ItemRead:
    blank: dict[str, Any] = dict.fromkeys(
        ("legal_tier", "country", "province", "organisation_id", "identifier", "celex", "url"), None
    )
    blank |= dict.fromkeys(("in_force_date", "end_date"), None)
    blank |= {"issuing_body": "", "title_zh_status": "", "summary_en": "", "summary_zh": "", "acronyms": []}
    blank |= {"withdrawn": False, "origin": "bundle"}
    return ItemRead.model_validate({**blank, **fictional_item(item_id, **fields)})


def test_scope_follows_the_instrument_s_jurisdiction() -> None:
    eu_law = item("eu-law", kind="law", region="EU", country=None)
    assert scope_in(eu_law, "EE") == "eu" and scope_in(eu_law, "NO") == "eea" and scope_in(eu_law, "GB") is None
    mainland = item("cn-law", kind="law", region="China", country="CN")
    assert scope_in(mainland, "CN") == "china" and scope_in(mainland, "HK") is None
    provincial = item("cn-sh", kind="law", region="China", country="CN", province="Shanghai")
    assert scope_in(provincial, "CN", "Shanghai") == "country" and scope_in(provincial, "CN", "Beijing") is None
    treaty = item("int-treaty", kind="law", region="International", country=None)
    standard = item("int-iso", kind="standard", region="International", country=None)
    assert scope_in(treaty, "EE") is None and scope_in(standard, "CN") == "international"


def test_only_live_laws_and_standards_sharing_a_theme_apply() -> None:
    themes = {"biobanking", "data-protection"}
    law = item("eu-law", kind="law", region="EU", country=None, themes=["data-protection"])
    why = applies(law, "FI", themes)
    assert why is not None and why.themes == ("data-protection",)
    assert applies(item("eu-x", kind="law", region="EU", country=None, themes=["cancer"]), "FI", themes) is None
    assert applies(item("eu-p", kind="policy", region="EU", country=None, themes=["biobanking"]), "FI", themes) is None
    ended = item("eu-old", kind="law", region="EU", country=None, themes=["biobanking"], status="ended")
    assert applies(ended, "FI", themes) is None
