"""China's outbound thresholds count people cumulatively per exporter (the providing biobank), from 1 January of
the previous year (2022 Security Assessment Measures Art. 4) or of the current year (2024 Cross-Border Data Flow
Provisions Art. 7-8); and "important data" always needs the CAC security assessment (DSL Art. 31)."""

from __future__ import annotations

from datetime import date

import pytest

from ic2permed.access import compliance, service
from ic2permed.access.schemas import RequestCreate, Transition
from ic2permed.core.database import Database
from tests.access.conftest import eu_to_cn_request
from tests.access.test_outbox import _people

SA, SC = "cn_cac_security_assessment", "cn_pipl_standard_contract"


def _submit(database: Database, on: date, subjects: int, **changes: object) -> tuple[int, int | None, set[str]]:
    people = _people(database)
    with database.session() as session:
        data = RequestCreate.model_validate(eu_to_cn_request(subjects=subjects, **changes))
        detail = service.submit(session, people["lea-fictional"], data, on=on)
    item = detail.collections[0]
    return detail.id, item.subjects_counted, {s.step_id for s in item.checklist}


def test_the_current_year_adds_up_the_providers_requests(database: Database, catalogue: dict[str, str]) -> None:
    day = date(2026, 6, 1)
    assert _submit(database, date(2025, 12, 31), 9000)[1] == 9000  # last year: outside the window from 2024
    first, counted, steps = _submit(database, day, 4000)
    assert counted == 4000 and SC in steps and SA not in steps
    second, counted, steps = _submit(database, day, 4000)
    assert counted == 8000 and SC in steps
    with database.session() as session:  # a declined request moves nothing: it stops counting
        service.move_request(session, _people(database)["committee-fictional"], second, Transition(target="declined"))
    assert _submit(database, day, 4000)[1] == 8000
    assert _submit(database, day, 1000, identifiability="anonymous")[1] == 1000  # anonymous data are not counted
    _, counted, steps = _submit(database, day, 2000)
    assert counted == 10000 and SA in steps and SC not in steps  # 10,000 people: the security assessment
    # Another provider's exports are its own: a request to Lyon counts nothing from Hangzhou.
    _, lyon, _ = _submit(database, day, 50, collection_ids=["bb-lyon-test:serum"], country="CN")
    assert lyon == 50
    assert first


def test_before_2024_the_window_starts_on_1_january_of_the_previous_year(
    database: Database, catalogue: dict[str, str]
) -> None:
    _submit(database, date(2022, 10, 1), 6000)
    _, counted, steps = _submit(database, date(2023, 7, 1), 6000)
    assert counted == 12000 and SA in steps
    assert compliance.rules().counted_since(date(2023, 7, 1)) == date(2022, 1, 1)
    assert compliance.rules().counted_since(date(2024, 3, 22)) == date(2024, 1, 1)
    assert compliance.rules().counted_since(date(2022, 8, 31)) is None  # before the measures: this transfer only


@pytest.mark.parametrize(
    ("on", "identifiability", "expected"),
    [
        ("2022-08-31", "anonymous", set()),  # no security-assessment measures yet
        ("2022-09-01", "anonymous", {SA}),  # Measures Art. 4(1): important data, personal or not
        ("2024-03-21", "pseudonymised", {SA}),
        ("2024-03-22", "anonymous", {SA}),  # Provisions Art. 7(2)
        ("2026-11-30", "pseudonymised", {SA}),  # important data: the assessment, not the standard contract
    ],
)
def test_important_data_needs_the_security_assessment(on: str, identifiability: str, expected: set[str]) -> None:
    def cac(important: bool) -> set[str]:
        transfer = compliance.parse_transfer(
            provider="CN", recipient="EU", moves=["data"], identifiability=identifiability, purpose="research",
            subjects=10, on=on, important_data=important,
        )  # fmt: skip
        return {s["id"] for s in compliance.answer(transfer)["steps"]} & {SA, SC, "cn_pipl_transfer_mechanism"}

    assert cac(True) == expected
    without = cac(False)
    assert SA not in without  # 10 people, not a CIIO: no assessment without important data
    if identifiability == "pseudonymised":
        assert without == {SC}


def test_important_data_in_a_request(database: Database, catalogue: dict[str, str]) -> None:
    _, _, steps = _submit(database, date(2026, 6, 1), 10, important_data=True)
    assert SA in steps and SC not in steps
