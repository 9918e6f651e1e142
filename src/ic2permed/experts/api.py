"""JSON API: /api/v1/experts, /api/v1/working-groups, /api/v1/delphi."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from ic2permed.core.http.deps import CurrentActor, DbSession
from ic2permed.experts import exports
from ic2permed.experts.schemas import (
    ActionCreate,
    ActionRead,
    ActionUpdate,
    BallotIn,
    BallotRead,
    ExpertCreate,
    ExpertInvite,
    ExpertPage,
    ExpertQuery,
    ExpertRead,
    ExpertUpdate,
    GroupCreate,
    GroupRead,
    MeetingCreate,
    MeetingRead,
    MemberRead,
    MembershipSet,
    NextRound,
    ProposalCreate,
    ProposalEdit,
    ProposalRead,
    RoadmapRead,
    RoundResults,
    StudyCreate,
    StudyRead,
)
from ic2permed.experts.service import groups, profiles, studies

router = APIRouter()


def expert_query(
    q: str = Query("", max_length=200),
    theme: Annotated[list[str] | None, Query()] = None,
    region: Annotated[list[str] | None, Query()] = None,
    sector: Annotated[list[str] | None, Query()] = None,
    language: Annotated[list[str] | None, Query()] = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> ExpertQuery:
    return ExpertQuery(
        q=q,
        theme=theme or [],
        region=region or [],
        sector=sector or [],
        language=language or [],
        limit=limit,
        offset=offset,
    )


# Experts ---------------------------------------------------------------------------------------------------------


@router.get("/experts", response_model=ExpertPage, tags=["experts"], summary="Search experts (both languages)")
def search_experts(
    session: DbSession, actor: CurrentActor, query: Annotated[ExpertQuery, Depends(expert_query)]
) -> ExpertPage:
    return profiles.search(session, actor, query)


@router.post("/experts", response_model=ExpertRead, status_code=201, tags=["experts"])
def create_expert(data: ExpertCreate, session: DbSession, actor: CurrentActor) -> ExpertRead:
    return profiles.create_expert(session, actor, data)


@router.post("/experts/invitations", response_model=ExpertRead, status_code=201, tags=["experts"])
def invite_expert(data: ExpertInvite, session: DbSession, actor: CurrentActor) -> ExpertRead:
    return profiles.invite_expert(session, actor, data)


@router.get("/experts/me", response_model=ExpertRead | None, tags=["experts"])
def my_profile(session: DbSession, actor: CurrentActor) -> ExpertRead | None:
    return profiles.my_profile(session, actor)


@router.get("/experts/{expert_id}", response_model=ExpertRead, tags=["experts"])
def get_expert(expert_id: int, session: DbSession, actor: CurrentActor) -> ExpertRead:
    return profiles.get_expert(session, actor, expert_id)


@router.patch("/experts/{expert_id}", response_model=ExpertRead, tags=["experts"])
def update_expert(expert_id: int, changes: ExpertUpdate, session: DbSession, actor: CurrentActor) -> ExpertRead:
    return profiles.update_expert(session, actor, expert_id, changes)


# Working groups --------------------------------------------------------------------------------------------------


@router.get("/working-groups", response_model=list[GroupRead], tags=["working groups"])
def list_groups(session: DbSession) -> list[GroupRead]:
    return groups.list_groups(session)


@router.post("/working-groups", response_model=GroupRead, status_code=201, tags=["working groups"])
def create_group(data: GroupCreate, session: DbSession, actor: CurrentActor) -> GroupRead:
    return groups.create_group(session, actor, data)


@router.get("/working-groups/actions/overdue", response_model=list[ActionRead], tags=["working groups"])
def overdue(session: DbSession) -> list[ActionRead]:
    return groups.overdue_actions(session)


@router.post("/working-groups/proposals", response_model=ProposalRead, status_code=201, tags=["working groups"])
def propose(data: ProposalCreate, session: DbSession, actor: CurrentActor) -> ProposalRead:
    return groups.propose(session, actor, data)


@router.get("/working-groups/proposals/{proposal_id}", response_model=ProposalRead, tags=["working groups"])
def get_proposal(proposal_id: int, session: DbSession) -> ProposalRead:
    return groups.get_proposal(session, proposal_id)


@router.patch("/working-groups/proposals/{proposal_id}", response_model=ProposalRead, tags=["working groups"])
def edit_proposal(proposal_id: int, data: ProposalEdit, session: DbSession, actor: CurrentActor) -> ProposalRead:
    return groups.edit_proposal(session, actor, proposal_id, data)


@router.post("/working-groups/proposals/{proposal_id}/accept", response_model=ProposalRead, tags=["working groups"])
def accept_proposal(proposal_id: int, session: DbSession, actor: CurrentActor) -> ProposalRead:
    return groups.accept_proposal(session, actor, proposal_id)


@router.get("/working-groups/roadmap", response_model=list[RoadmapRead], tags=["working groups"])
def combined_roadmap(session: DbSession) -> list[RoadmapRead]:
    """Every closed Delphi study's roadmap, in pillar and working-group order."""
    return studies.combined_roadmap(session)


@router.get("/working-groups/{group_id}", response_model=GroupRead, tags=["working groups"])
def get_group(group_id: str, session: DbSession) -> GroupRead:
    return groups.get_group(session, group_id)


@router.put("/working-groups/{group_id}/members", response_model=GroupRead, tags=["working groups"])
def set_member(group_id: str, data: MembershipSet, session: DbSession, actor: CurrentActor) -> GroupRead:
    return groups.set_member(session, actor, group_id, data)


@router.delete("/working-groups/{group_id}/members/{expert_id}", response_model=GroupRead, tags=["working groups"])
def remove_member(group_id: str, expert_id: int, session: DbSession, actor: CurrentActor) -> GroupRead:
    return groups.remove_member(session, actor, group_id, expert_id)


@router.get("/working-groups/{group_id}/meetings", response_model=list[MeetingRead], tags=["working groups"])
def list_meetings(group_id: str, session: DbSession) -> list[MeetingRead]:
    return groups.list_meetings(session, group_id)


@router.post(
    "/working-groups/{group_id}/meetings", response_model=MeetingRead, status_code=201, tags=["working groups"]
)
def add_meeting(group_id: str, data: MeetingCreate, session: DbSession, actor: CurrentActor) -> MeetingRead:
    return groups.add_meeting(session, actor, group_id, data)


@router.get("/working-groups/{group_id}/actions", response_model=list[ActionRead], tags=["working groups"])
def list_actions(group_id: str, session: DbSession) -> list[ActionRead]:
    return groups.list_actions(session, group_id)


@router.post("/working-groups/{group_id}/actions", response_model=ActionRead, status_code=201, tags=["working groups"])
def add_action(group_id: str, data: ActionCreate, session: DbSession, actor: CurrentActor) -> ActionRead:
    return groups.add_action(session, actor, group_id, data)


@router.patch("/working-groups/actions/{action_id}", response_model=ActionRead, tags=["working groups"])
def update_action(action_id: int, data: ActionUpdate, session: DbSession, actor: CurrentActor) -> ActionRead:
    return groups.update_action(session, actor, action_id, data)


# Delphi ----------------------------------------------------------------------------------------------------------


@router.get("/delphi/studies", response_model=list[StudyRead], tags=["delphi"])
def list_studies(session: DbSession, group_id: str | None = None) -> list[StudyRead]:
    return studies.list_studies(session, group_id)


@router.post("/delphi/studies", response_model=StudyRead, status_code=201, tags=["delphi"])
def create_study(data: StudyCreate, session: DbSession, actor: CurrentActor) -> StudyRead:
    return studies.create_study(session, actor, data)


@router.get("/delphi/studies/{study_id}", response_model=StudyRead, tags=["delphi"])
def get_study(study_id: int, session: DbSession) -> StudyRead:
    return studies.get_study(session, study_id)


@router.get("/delphi/studies/{study_id}/ballot", response_model=BallotRead, tags=["delphi"])
def get_ballot(study_id: int, session: DbSession, actor: CurrentActor) -> BallotRead:
    return studies.ballot(session, actor, study_id)


@router.put("/delphi/studies/{study_id}/ballot", response_model=BallotRead, tags=["delphi"])
def save_ballot(study_id: int, data: BallotIn, session: DbSession, actor: CurrentActor) -> BallotRead:
    return studies.save_ballot(session, actor, study_id, data)


@router.post("/delphi/studies/{study_id}/rounds/close", response_model=StudyRead, tags=["delphi"])
def close_round(study_id: int, session: DbSession, actor: CurrentActor) -> StudyRead:
    return studies.close_round(session, actor, study_id)


@router.post("/delphi/studies/{study_id}/rounds", response_model=StudyRead, status_code=201, tags=["delphi"])
def next_round(study_id: int, data: NextRound, session: DbSession, actor: CurrentActor) -> StudyRead:
    return studies.next_round(session, actor, study_id, data)


@router.get("/delphi/studies/{study_id}/results", response_model=RoundResults, tags=["delphi"])
def results(study_id: int, session: DbSession, round: int | None = Query(None, ge=1, le=100)) -> RoundResults:
    return studies.results(session, study_id, round)


@router.post("/delphi/studies/{study_id}/reminders", response_model=list[MemberRead], tags=["delphi"])
def remind(study_id: int, session: DbSession, actor: CurrentActor) -> list[MemberRead]:
    return studies.remind(session, actor, study_id)


@router.post("/delphi/studies/{study_id}/close", response_model=StudyRead, tags=["delphi"])
def close_study(study_id: int, session: DbSession, actor: CurrentActor) -> StudyRead:
    return studies.close_study(session, actor, study_id)


@router.get("/delphi/studies/{study_id}/roadmap", response_model=RoadmapRead, tags=["delphi"])
def roadmap(study_id: int, session: DbSession) -> RoadmapRead:
    return studies.roadmap(session, study_id)


@router.get("/delphi/studies/{study_id}/roadmap.csv", tags=["delphi"])
def roadmap_csv(study_id: int, session: DbSession) -> Response:
    return exports.download(
        exports.roadmap_csv(studies.roadmap(session, study_id)), "text/csv", f"roadmap-{study_id}.csv"
    )


@router.get("/delphi/studies/{study_id}/votes.{fmt}", tags=["delphi"])
def raw_votes(study_id: int, fmt: str, session: DbSession, actor: CurrentActor) -> Response:
    rows: list[dict[str, Any]] = studies.raw_votes(session, actor, study_id)
    return exports.votes_response(rows, fmt, study_id)
