"""The Locator's criteria (BMI, weight, height, smoking, fasting): from the form, the API and the CLI to
Beacon filters, answered by a real node over HTTP with counts checked against the node's own rows."""

from __future__ import annotations

import html
import json
from pathlib import Path

import duckdb
import httpx
import pytest

from ic2permed.core.vocab import locator
from ic2permed.federation.hub import beacon_request, params
from ic2permed.federation.hub.fanout import Caller, Target, fan_out
from ic2permed.federation.hub.schemas import Criteria, Status
from ic2permed.federation.node.synth import synthesise
from tests.clirunner import InProcessCli
from tests.federation.node_helpers import live_node

pytestmark = pytest.mark.anyio


def test_every_criterion_names_its_beacon_filter_and_sources() -> None:
    keys = [c.key for c in locator.criteria()]
    assert keys == ["bmi", "body_weight", "body_height", "smoking_status", "fasting_status"]
    sources = locator.raw()["sources"]
    for criterion in locator.criteria():
        assert criterion.beacon_id.startswith("LOINC:") and criterion.label_zh != criterion.label_en
        assert criterion.sources and all(key in sources and sources[key]["url"] for key in criterion.sources)
    assert locator.criterion("fasting_status").scope == "biosample"
    assert locator.matching_ids("LOINC:35925-4") >= {"LOINC:39156-5", "LOINC:35925-4"}
    weight = locator.criterion("body_weight")
    assert locator.to_unit(weight, 70500, "g") == pytest.approx(70.5)
    assert locator.to_unit(weight, 70, "stone") is None
    assert "SNOMED:449868002" in locator.matching_values("LOINC:72166-2", "LOINC:LA20356-4")


def test_ranges_and_choices_become_beacon_filters_in_the_criterion_unit() -> None:
    question = Criteria(bmi_min=30, body_weight_max=95.5, body_height_min=160, smoking_status="never")
    question = question.model_copy(update={"fasting_status": "fasting"})
    found = beacon_request.filters(question)
    assert found == [
        {"id": "LOINC:39156-5", "operator": ">=", "value": "30", "scope": "individual"},
        {"id": "LOINC:29463-7", "operator": "<=", "value": "95.5", "scope": "individual"},
        {"id": "LOINC:8302-2", "operator": ">=", "value": "160", "scope": "individual"},
        {"id": "LOINC:72166-2", "operator": "=", "value": "LOINC:LA18978-9", "scope": "individual"},
        {"id": "LOINC:49541-6", "operator": "=", "value": "HL7V2-0916:F", "scope": "biosample"},
    ]
    again = params.criteria_from({k: [v] for k, v in (p.split("=") for p in params.query_string(question).split("&"))})
    assert again == question


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bmi_min": 31, "bmi_max": 30}, "bmi_min is above bmi_max"),
        ({"body_weight_min": 900}, "Body weight must be between 0.2 and 650 kg"),
        ({"smoking_status": "sometimes"}, "'sometimes' is not a smoking status option"),
        ({"fasting_status": "HL7V2-0916:X"}, "is not a fasting status at sampling option"),
    ],
)
def test_bad_locator_criteria_name_the_problem(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Criteria.model_validate(data)


async def test_the_chinese_page_explains_a_bad_range_and_keeps_what_was_typed(client: httpx.AsyncClient) -> None:
    query = {"bmi_min": "35", "bmi_max": "30", "smoking_status": "former", "body_weight_min": "abc"}
    page = await client.get("/federated-search", params=query, headers={"Accept-Language": "zh-Hans"})
    assert page.status_code == 422
    text = html.unescape(page.text)
    assert "体重 (千克) 从: 请输入数字，例如 27.5" in text
    assert 'name="bmi_min" type="number"' in text and 'value="35"' in text and 'value="30"' in text
    assert 'value="former" selected' in text
    assert "吸烟状况" in text and "既往吸烟者" in text and "采样时空腹状态" in text
    ranged = await client.get("/federated-search", params={"bmi_min": "35", "bmi_max": "30"})
    assert "Body-mass index: the lower bound is above the upper bound" in html.unescape(ranged.text)
    outside = await client.get(
        "/federated-search", params={"body_height_max": "400"}, headers={"Accept-Language": "zh-Hans"}
    )
    assert "请输入 20 至 280 厘米 之间的数值" in html.unescape(outside.text)


async def test_the_api_refuses_a_bad_choice_with_problem_json(client: httpx.AsyncClient) -> None:
    answer = await client.post("/api/v1/federation/query", json={"smoking_status": "sometimes"})
    assert answer.status_code == 422
    assert "smoking_status" in answer.text


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(sql).fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


async def test_a_real_node_answers_the_locator_criteria_as_its_rows_say(tmp_path: Path) -> None:
    db = tmp_path / "cn.duckdb"
    synthesise(db, 1500, "cn", seed=11)
    obese_never = _count(
        db,
        "SELECT count(DISTINCT b.individual_pk) FROM measures b JOIN measures s USING (individual_pk)"
        " WHERE b.assay = 'LOINC:39156-5' AND b.value BETWEEN 28 AND 40"
        " AND s.assay = 'LOINC:72166-2' AND s.value_term = 'LOINC:LA18978-9'",
    )
    fasting = _count(db, "SELECT count(DISTINCT individual_pk) FROM measurements WHERE value_term = 'HL7V2-0916:F'")
    smokers = _count(
        db,
        "SELECT count(DISTINCT individual_pk) FROM measures WHERE value_term IN ('LOINC:LA18976-3', 'LOINC:LA18977-1')",
    )
    assert 0 < obese_never < 1500 and 0 < fasting < 1500 and 0 < smokers < 1500
    with live_node(db) as url:
        target = [Target("cn-synth", "CN synthetic", url, "China")]
        asked = Criteria(bmi_min=28, bmi_max=40, smoking_status="never")
        answers = [a async for a in fan_out(target, asked, Caller("hub", "u1"), timeout=10)]
        assert answers[0].status is Status.OK, answers[0].reason
        assert answers[0].count == obese_never
        by_sample = [a async for a in fan_out(target, Criteria(fasting_status="fasting"), Caller("hub", "u1"), 10)]
        assert by_sample[0].count == fasting
        anyone = [a async for a in fan_out(target, Criteria(smoking_status="current"), Caller("hub", "u1"), 10)]
        assert anyone[0].count == smokers  # "current smoker (any)" covers the daily and the occasional


def test_the_cli_takes_the_locator_options_and_names_the_wrong_one(cli: InProcessCli) -> None:
    done = cli("query", "--bmi-min", "40", "--bmi-max", "30")
    assert done.code == 2 and done.stderr.strip() == "error: --bmi-min is above --bmi-max"
    done = cli("query", "--smoking", "sometimes")
    assert done.code == 2 and "--smoking" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_the_cli_counts_at_a_real_node(cli: InProcessCli, tmp_path: Path) -> None:
    db = tmp_path / "eu.duckdb"
    synthesise(db, 800, "eu", seed=5)
    expected = _count(
        db, "SELECT count(DISTINCT individual_pk) FROM measures WHERE assay = 'LOINC:29463-7' AND value >= 90"
    )
    with live_node(db) as url:
        assert cli("nodes", "add", "eu-synth", url, "--region", "EU").code == 0
        done = cli("query", "--weight-min", "90", "--json")
    assert done.code == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["answers"][0]["count"] == expected > 0
