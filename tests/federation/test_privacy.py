"""Named attacks against a protected node, budgets, the query log, and hidden filtering terms.

Every attack below recovers the suppressed count from an exact node (the control), and fails against
the same data under the default protection (threshold 10 with smaller counts answered as zero,
rounding 10, noise fixed by the answered set), and without its noise. tests/federation/test_adversary.py
runs the issue-15 bisection attacks end to end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ic2permed.federation.disclosure import Protection
from tests.federation.node_helpers import EXACT, body, build_handmade, node_client

DEFAULT = Protection(noise_epsilon=0.0)  # the new rules without noise
NEW_DEFAULT = Protection(secret="node-secret")
NOISY = Protection(threshold=10, rounding=10, noise_epsilon=0.5, secret="node-secret")


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_handmade(tmp_path_factory.mktemp("privacy"))


@pytest.fixture(scope="module", params=["default", "noisy"])
def protected(request: pytest.FixtureRequest, handmade: Path) -> Iterator[TestClient]:
    with node_client(handmade, protection=NEW_DEFAULT if request.param == "default" else NOISY) as c:
        yield c


@pytest.fixture(scope="module")
def exact(handmade: Path) -> Iterator[TestClient]:
    with node_client(handmade, protection=EXACT) as c:
        yield c


def ask(client: TestClient, filters: list[Any], **query: Any) -> dict[str, Any]:
    response = client.post("/api/individuals", json=body(filters, **query))
    assert response.status_code == 200, response.text
    return dict(response.json())


def n(client: TestClient, filters: list[Any]) -> int:
    return int(ask(client, filters)["responseSummary"]["numTotalResults"])


BIPOLAR = [{"id": "ICD10:F31"}]  # 2 donors: suppressed


def test_attack_repeats(exact: TestClient, protected: TestClient) -> None:
    assert n(exact, BIPOLAR) == 2
    answers = {n(protected, BIPOLAR) for _ in range(25)}
    assert len(answers) == 1  # nothing to average
    assert answers != {2}


def test_attack_a_versus_a_and_not_b(exact: TestClient, protected: TestClient) -> None:
    a = [{"id": "MIABIS:SERUM"}]
    a_not_b = [*a, {"id": "age", "operator": "!", "value": "45"}]  # B: the one donor sampled at 45
    assert n(exact, a) - n(exact, a_not_b) == 1  # control: exact counts give the donor away
    assert n(protected, a) - n(protected, a_not_b) != 1


def test_attack_overlapping_rewrites(exact: TestClient, protected: TestClient) -> None:
    # F30-F39 and chapter V select the same 3 donors; F31 two of them: the difference is the one F32 donor.
    assert (n(exact, [{"id": "ICD10:F30-F39"}]) - n(exact, BIPOLAR), n(exact, [{"id": "ICD10:V"}])) == (1, 3)
    block, chapter = n(protected, [{"id": "ICD10:F30-F39"}]), n(protected, [{"id": "ICD10:V"}])
    assert block == chapter  # the same set gets the same answer, however it is spelt
    assert block - n(protected, BIPOLAR) != 1


def test_attack_summing_strata_against_the_total(exact: TestClient, protected: TestClient) -> None:
    def strata(client: TestClient) -> tuple[int, dict[str, int]]:
        answer = ask(client, [{"id": "ICD10:E10-E14"}], requestParameters={"stratify": ["sex"]})
        by_sex = {k: v["count"] for k, v in answer["info"]["strata"]["sex"].items()}
        return answer["responseSummary"]["numTotalResults"], by_sex

    total, by_sex = strata(exact)
    assert total - by_sex["NCIT:C16576"] - by_sex["NCIT:C20197"] == 1  # control: the one donor of unknown sex
    total, by_sex = strata(protected)
    assert total - by_sex["NCIT:C16576"] - by_sex["NCIT:C20197"] != 1


def test_counts_are_declared(protected: TestClient) -> None:
    info = ask(protected, BIPOLAR)["info"]
    assert info["countPrecision"] == "imprecise"
    assert info["privacy"]["countThreshold"] == 10
    assert protected.get("/api/info").json()["response"]["info"]["countPrecision"] in ("rounded", "imprecise")


def test_filtering_terms_hide_rare_terms(exact: TestClient, protected: TestClient) -> None:
    def ids(client: TestClient) -> set[str]:
        return {t["id"] for t in client.get("/api/filtering_terms").json()["response"]["filteringTerms"]}

    assert {"ICD10:F31", "ICD10:F31.81", "MIABIS:FECES", "ICD10:IV", "age"} <= ids(exact)
    shown = ids(protected)
    assert {"NCIT:C16576", "MIABIS:SERUM", "ICD10:IV", "ICD10:E10-E14", "age", "samplingDate"} <= shown
    assert not {"ICD10:F31", "ICD10:F31.81", "MIABIS:FECES", "ICD10:E11.900X001", "NCIT:C1799"} & shown


def test_budget_per_requester(handmade: Path) -> None:
    with node_client(handmade, protection=Protection(budget_per_day=3)) as client:
        for left in (2, 1, 0):
            assert ask(client, [])["info"]["budgetLeftToday"] == left
        refused = client.post("/api/individuals", json=body([]))
        assert refused.status_code == 429
        assert refused.json()["error"]["errorCode"] == 429
        assert client.get("/api/info").status_code == 200  # framework endpoints are free
    with node_client(handmade, protection=EXACT) as client:
        assert "budgetLeftToday" not in ask(client, [])["info"]


def test_query_log_records_who_when_what_and_the_answer(handmade: Path) -> None:
    with node_client(handmade, protection=DEFAULT) as client:
        ask(client, [{"id": "NCIT:C16576"}, {"id": "ICD10:F3181"}])
        log = client.app.state.holder.node.log  # type: ignore[attr-defined]
        entries = log.entries()
    assert len(entries) == 1
    entry = entries[0]
    assert entry["requester"] == "anon:testclient"
    assert entry["query"] == "icd10~F31.81&sex=NCIT:C16576"
    assert entry["answer"] == {"count": 0, "precision": "rounded"}  # one donor: indistinguishable from none
    assert entry["at"].startswith("20")
