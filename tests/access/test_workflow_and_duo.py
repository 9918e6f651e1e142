"""The negotiation state machine and DUO matching: pure logic, table-tested."""

from __future__ import annotations

import pytest

from ic2permed.access import duo_match, workflow
from ic2permed.access.duo_match import Use
from ic2permed.access.workflow import COLLECTION_TRANSITIONS, REQUEST_TRANSITIONS, CollectionState, Party, RequestState
from ic2permed.core.errors import Forbidden, InvalidTransition

REQ = frozenset({Party.REQUESTER})
REP = frozenset({Party.REPRESENTATIVE})
REV = frozenset({Party.REVIEWER})
SYS = frozenset({Party.SYSTEM})


def test_the_negotiator_lifecycle_for_a_collection() -> None:
    path = [
        (CollectionState.SUBMITTED, CollectionState.REPRESENTATIVE_CONTACTED, SYS),
        (CollectionState.REPRESENTATIVE_CONTACTED, CollectionState.CHECKING_AVAILABILITY, REP),
        (CollectionState.CHECKING_AVAILABILITY, CollectionState.AVAILABLE, REP),
        (CollectionState.AVAILABLE, CollectionState.ACCESS_CONDITIONS_INDICATED, REP),
        (CollectionState.ACCESS_CONDITIONS_INDICATED, CollectionState.ACCESS_CONDITIONS_MET, REQ),
        (CollectionState.ACCESS_CONDITIONS_MET, CollectionState.MADE_AVAILABLE, REP),
    ]
    for source, target, parties in path:
        assert workflow.check(COLLECTION_TRANSITIONS, source, target, parties).target == target


@pytest.mark.parametrize(
    ("source", "target", "parties", "error"),
    [
        (CollectionState.SUBMITTED, CollectionState.MADE_AVAILABLE, REP, InvalidTransition),
        (CollectionState.MADE_AVAILABLE, CollectionState.AVAILABLE, REP, InvalidTransition),
        (CollectionState.CHECKING_AVAILABILITY, CollectionState.AVAILABLE, REQ, Forbidden),
        (CollectionState.ACCESS_CONDITIONS_MET, CollectionState.MADE_AVAILABLE, REV, Forbidden),
    ],
)
def test_illegal_or_unauthorised_collection_moves_are_refused_with_the_reason(
    source: str, target: str, parties: frozenset[Party], error: type[Exception]
) -> None:
    with pytest.raises(error) as caught:
        workflow.check(COLLECTION_TRANSITIONS, source, target, parties)
    assert source in str(caught.value) and target in str(caught.value)


def test_request_lifecycle_and_its_roles() -> None:
    assert workflow.check(REQUEST_TRANSITIONS, RequestState.UNDER_REVIEW, RequestState.IN_PROGRESS, REV)
    with pytest.raises(Forbidden):
        workflow.check(REQUEST_TRANSITIONS, RequestState.UNDER_REVIEW, RequestState.IN_PROGRESS, REQ)
    with pytest.raises(InvalidTransition, match="concluded is final"):
        workflow.check(REQUEST_TRANSITIONS, RequestState.CONCLUDED, RequestState.IN_PROGRESS, REV)
    assert workflow.allowed_targets(REQUEST_TRANSITIONS, RequestState.IN_PROGRESS, REQ) == [
        RequestState.PAUSED,
        RequestState.ABANDONED,
        RequestState.CONCLUDED,
    ]


def test_every_state_is_labelled_and_reachable() -> None:
    for state in [*RequestState, *CollectionState]:
        assert state in workflow.LABELS
    reachable = {CollectionState.SUBMITTED} | {t.target for t in COLLECTION_TRANSITIONS}
    assert reachable == set(CollectionState)


@pytest.mark.parametrize(
    ("granted", "requested", "expected"),
    [
        ("GRU", "HMB", True),
        ("GRU", "DS:E11", True),
        ("HMB", "DS:C50", True),
        ("HMB", "GRU", False),
        ("DS:E11", "HMB", False),
        ("DS:E11", "DS:E11.9", True),
        ("DS:E10-E14", "DS:E11", True),
        ("DS:E11", "DS:C50", False),
        ("NRES", "POA", True),
        ("GRU", "POA", False),
        ("DUO:0000042", "HMB", True),
    ],
)
def test_duo_permissions_cover_by_hierarchy(granted: str, requested: str, expected: bool) -> None:
    assert duo_match.covers(granted, requested) is expected


def test_modifiers_conflict_with_a_request_that_breaks_them() -> None:
    commercial = Use(terms=("HMB",), commercial=True)
    assert [f.code for f in duo_match.mismatches(["GRU", "NCU"], commercial)] == ["NCU"]
    assert duo_match.mismatches(["GRU", "NCU"], Use(terms=("HMB",))) == []
    assert [f.code for f in duo_match.mismatches(["HMB", "NPU"], Use(terms=("HMB",), for_profit=True))] == ["NPU"]
    assert [f.code for f in duo_match.mismatches(["GRU", "GSO"], Use(terms=("GRU",), genetic=False))] == ["GSO"]
    # Conditions to meet are listed, not counted as mismatches.
    findings = duo_match.match(["HMB", "IRB", "PUB"], Use(terms=("DS:E11",)))
    assert {(f.code, f.kind) for f in findings} == {("IRB", "condition"), ("PUB", "condition")}
    # Set equality would call this a mismatch; the hierarchy does not.
    assert duo_match.mismatches(["GRU"], Use(terms=("DS:E11",))) == []
    assert [f.code for f in duo_match.mismatches(["DS:C50"], Use(terms=("DS:E11",)))] == ["DS:E11"]
