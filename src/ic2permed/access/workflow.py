"""The negotiation state machine (after the BBMRI-ERIC Negotiator's lifecycle): one explicit table.

Every allowed transition is listed once with the roles that may make it. Anything not in the table is
refused with the reason (409); a role that may not make a listed transition is refused too (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ic2permed.core.errors import Forbidden, InvalidTransition
from ic2permed.core.i18n import N_


class Party(StrEnum):
    """Who acts on a request (a user may be several; the service works out which apply)."""

    REQUESTER = "requester"
    REPRESENTATIVE = "representative"
    REVIEWER = "reviewer"
    SYSTEM = "system"


class RequestState(StrEnum):
    UNDER_REVIEW = "under_review"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    ABANDONED = "abandoned"
    CONCLUDED = "concluded"


class CollectionState(StrEnum):
    SUBMITTED = "submitted"
    REPRESENTATIVE_UNREACHABLE = "representative_unreachable"
    REPRESENTATIVE_CONTACTED = "representative_contacted"
    RETURNED_FOR_RESUBMISSION = "returned_for_resubmission"
    CHECKING_AVAILABILITY = "checking_availability"
    UNAVAILABLE_WILLING_TO_COLLECT = "unavailable_willing_to_collect"
    UNAVAILABLE = "unavailable"
    AVAILABLE = "available"
    ACCESS_CONDITIONS_INDICATED = "access_conditions_indicated"
    ACCESS_CONDITIONS_MET = "access_conditions_met"
    NOT_MADE_AVAILABLE = "not_made_available"
    MADE_AVAILABLE = "made_available"


LABELS: dict[str, str] = {
    RequestState.UNDER_REVIEW: N_("Under review"),
    RequestState.DECLINED: N_("Declined"),
    RequestState.IN_PROGRESS: N_("In progress"),
    RequestState.PAUSED: N_("Paused"),
    RequestState.ABANDONED: N_("Abandoned"),
    RequestState.CONCLUDED: N_("Concluded"),
    CollectionState.SUBMITTED: N_("Submitted"),
    CollectionState.REPRESENTATIVE_UNREACHABLE: N_("Representative unreachable"),
    CollectionState.REPRESENTATIVE_CONTACTED: N_("Representative contacted"),
    CollectionState.RETURNED_FOR_RESUBMISSION: N_("Returned for resubmission"),
    CollectionState.CHECKING_AVAILABILITY: N_("Checking availability"),
    CollectionState.UNAVAILABLE_WILLING_TO_COLLECT: N_("Unavailable, willing to collect"),
    CollectionState.UNAVAILABLE: N_("Unavailable"),
    CollectionState.AVAILABLE: N_("Available"),
    CollectionState.ACCESS_CONDITIONS_INDICATED: N_("Access conditions indicated"),
    CollectionState.ACCESS_CONDITIONS_MET: N_("Access conditions met"),
    CollectionState.NOT_MADE_AVAILABLE: N_("Not made available"),
    CollectionState.MADE_AVAILABLE: N_("Made available"),
}

R, P, V, S = Party.REQUESTER, Party.REPRESENTATIVE, Party.REVIEWER, Party.SYSTEM


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    parties: frozenset[Party]


def _t(source: str, target: str, *parties: Party) -> Transition:
    return Transition(source, target, frozenset(parties))


RQ = RequestState
CS = CollectionState

REQUEST_TRANSITIONS: tuple[Transition, ...] = (
    _t(RQ.UNDER_REVIEW, RQ.IN_PROGRESS, V),  # approve
    _t(RQ.UNDER_REVIEW, RQ.DECLINED, V),
    _t(RQ.UNDER_REVIEW, RQ.ABANDONED, R),
    _t(RQ.IN_PROGRESS, RQ.PAUSED, R, V),
    _t(RQ.PAUSED, RQ.IN_PROGRESS, R, V),  # resume
    _t(RQ.IN_PROGRESS, RQ.ABANDONED, R),
    _t(RQ.PAUSED, RQ.ABANDONED, R),
    _t(RQ.IN_PROGRESS, RQ.CONCLUDED, R, V),
)

COLLECTION_TRANSITIONS: tuple[Transition, ...] = (
    _t(CS.SUBMITTED, CS.REPRESENTATIVE_CONTACTED, S, V),
    _t(CS.SUBMITTED, CS.REPRESENTATIVE_UNREACHABLE, S, V),
    _t(CS.REPRESENTATIVE_UNREACHABLE, CS.REPRESENTATIVE_CONTACTED, S, V),
    _t(CS.REPRESENTATIVE_CONTACTED, CS.REPRESENTATIVE_UNREACHABLE, S),  # no answer before the reminder deadline
    _t(CS.REPRESENTATIVE_CONTACTED, CS.RETURNED_FOR_RESUBMISSION, P),
    _t(CS.RETURNED_FOR_RESUBMISSION, CS.REPRESENTATIVE_CONTACTED, R),  # resubmitted
    _t(CS.REPRESENTATIVE_CONTACTED, CS.CHECKING_AVAILABILITY, P),
    _t(CS.REPRESENTATIVE_CONTACTED, CS.UNAVAILABLE, P),
    _t(CS.CHECKING_AVAILABILITY, CS.AVAILABLE, P),
    _t(CS.CHECKING_AVAILABILITY, CS.UNAVAILABLE, P),
    _t(CS.CHECKING_AVAILABILITY, CS.UNAVAILABLE_WILLING_TO_COLLECT, P),
    _t(CS.UNAVAILABLE_WILLING_TO_COLLECT, CS.AVAILABLE, P),
    _t(CS.UNAVAILABLE_WILLING_TO_COLLECT, CS.UNAVAILABLE, P),
    _t(CS.AVAILABLE, CS.ACCESS_CONDITIONS_INDICATED, P),
    _t(CS.AVAILABLE, CS.NOT_MADE_AVAILABLE, P),
    _t(CS.ACCESS_CONDITIONS_INDICATED, CS.ACCESS_CONDITIONS_MET, R, P),  # the requester accepts the agreement
    _t(CS.ACCESS_CONDITIONS_INDICATED, CS.NOT_MADE_AVAILABLE, P),
    _t(CS.ACCESS_CONDITIONS_MET, CS.MADE_AVAILABLE, P),  # also guarded by the compliance checklist
    _t(CS.ACCESS_CONDITIONS_MET, CS.NOT_MADE_AVAILABLE, P),
)

TERMINAL_COLLECTION_STATES = frozenset({CS.UNAVAILABLE, CS.NOT_MADE_AVAILABLE, CS.MADE_AVAILABLE})


def _find(table: tuple[Transition, ...], source: str, target: str) -> Transition | None:
    return next((t for t in table if t.source == source and t.target == target), None)


def allowed_targets(table: tuple[Transition, ...], source: str, parties: frozenset[Party]) -> list[str]:
    """The states `parties` may move to from `source` (what a page offers as buttons)."""
    return [t.target for t in table if t.source == source and t.parties & parties]


def check(table: tuple[Transition, ...], source: str, target: str, parties: frozenset[Party]) -> Transition:
    """The transition, or InvalidTransition (not in the table) / Forbidden (not for these parties)."""
    found = _find(table, source, target)
    if found is None:
        options = [t.target for t in table if t.source == source]
        after = f"; from {source} it can go to {', '.join(options)}" if options else f"; {source} is final"
        raise InvalidTransition(f"Cannot move from {source} to {target}{after}.")
    if not found.parties & parties:
        who = ", ".join(sorted(p.value for p in found.parties))
        raise Forbidden(f"Only the {who} may move from {source} to {target}.")
    return found


PARTY_LABELS: dict[str, str] = {
    Party.REQUESTER: N_("Requester"),
    Party.REPRESENTATIVE: N_("Biobank representative"),
    Party.REVIEWER: N_("Reviewer"),
    Party.SYSTEM: N_("System"),
}
