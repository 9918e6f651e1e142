"""Working groups: the roadmap's seven, members and roles, meetings, action items, balanced proposals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy.orm import Session

from ic2permed.core.audit import service as audit
from ic2permed.core.database import utcnow
from ic2permed.core.errors import Conflict, FieldError, InvalidTransition, NotFound, ValidationFailed
from ic2permed.core.permissions import Actor, Permission
from ic2permed.core.vocab import themes
from ic2permed.experts import assignment, repository
from ic2permed.experts.delphi import side_of
from ic2permed.experts.models import ActionItem, Meeting, Membership, MembershipProposal, WorkingGroup
from ic2permed.experts.schemas import (
    ActionCreate,
    ActionRead,
    ActionUpdate,
    GroupCreate,
    GroupRead,
    MeetingCreate,
    MeetingRead,
    MemberRead,
    MembershipSet,
    ProposalCreate,
    ProposalEdit,
    ProposalRead,
)

ENTITY = "working_group"


def roadmap_group_themes(code: str) -> list[str]:
    """The theme codes that make an expert fit a roadmap group: the group, its perspectives, its topics."""
    road = themes.roadmap()
    group = next(g for g in road["working_groups"] if g["code"] == code)
    topics = [t.code for t in themes.of_kind(themes.TOPIC) if code in t.working_groups]
    return [code, *group["icpermed_perspectives"], *topics]


def seed_roadmap_groups(session: Session, actor: Actor) -> int:
    """Create the IC2PerMed Roadmap's working groups that do not exist yet (idempotent); returns how many."""
    added = 0
    for group in themes.roadmap()["working_groups"]:
        if repository.group(session, group["code"]) is not None:
            continue
        row = WorkingGroup(
            id=group["code"],
            pillar=group["pillar"],
            name_en=group["name_en"],
            name_zh=group["name_zh"],
            priorities_en=list(group["priorities_en"]),
            priorities_zh=list(group["priorities_zh"]),
            themes=roadmap_group_themes(group["code"]),
            min_size=6,
            max_size=12,
            origin="roadmap",
        )
        session.add(row)
        session.flush()
        audit.record(session, actor, "working_group.seed", ENTITY, row.id, None, {"name_en": row.name_en})
        added += 1
    session.commit()
    return added


def _members(session: Session, group_id: str) -> list[MemberRead]:
    result = []
    for m in repository.memberships(session, group_id=group_id):
        expert = repository.expert(session, m.expert_id)
        assert expert is not None
        result.append(
            MemberRead(
                expert_id=expert.id,
                name=expert.name,
                name_zh=expert.name_zh,
                region=expert.region,
                sector=expert.sector,
                role=m.role,
            )
        )
    order = {"chair": 0, "co_chair": 1, "member": 2}
    return sorted(result, key=lambda r: (order[r.role], r.name))


def _read(session: Session, group: WorkingGroup, with_members: bool = True) -> GroupRead:
    return GroupRead(
        id=group.id,
        pillar=group.pillar,
        name_en=group.name_en,
        name_zh=group.name_zh,
        priorities_en=list(group.priorities_en),
        priorities_zh=list(group.priorities_zh),
        themes=list(group.themes),
        min_size=group.min_size,
        max_size=group.max_size,
        origin=group.origin,
        members=_members(session, group.id) if with_members else [],
    )


def _group(session: Session, group_id: str) -> WorkingGroup:
    group = repository.group(session, group_id)
    if group is None:
        raise NotFound("No such working group", [FieldError("group_id", group_id)])
    return group


def list_groups(session: Session) -> list[GroupRead]:
    return [_read(session, g) for g in repository.groups(session)]


def get_group(session: Session, group_id: str) -> GroupRead:
    return _read(session, _group(session, group_id))


def create_group(session: Session, actor: Actor, data: GroupCreate) -> GroupRead:
    actor.require(Permission.COORDINATE_GROUPS)
    if repository.group(session, data.id) is not None:
        raise Conflict("Group exists", [FieldError("id", f"{data.id!r} is taken")])
    if data.max_size < data.min_size:
        raise ValidationFailed("Invalid group", [FieldError("max_size", "below min_size")])
    if data.pillar is not None and data.pillar not in {p["code"] for p in themes.roadmap()["pillars"]}:
        raise ValidationFailed("Invalid group", [FieldError("pillar", f"unknown pillar {data.pillar!r}")])
    group = WorkingGroup(**data.model_dump(), origin="coordinator")
    session.add(group)
    session.flush()
    audit.record(session, actor, "working_group.create", ENTITY, group.id, None, data.model_dump(mode="json"))
    session.commit()
    return _read(session, group)


def set_member(session: Session, actor: Actor, group_id: str, data: MembershipSet) -> GroupRead:
    """Add or change a member; one chair per group, and the co-chair comes from the other region."""
    actor.require(Permission.COORDINATE_GROUPS)
    group = _group(session, group_id)
    expert = repository.expert(session, data.expert_id)
    if expert is None:
        raise NotFound("No such expert", [FieldError("expert_id", str(data.expert_id))])
    current = repository.memberships(session, group_id=group_id)
    if data.role in ("chair", "co_chair"):
        holder = next((m for m in current if m.role == data.role and m.expert_id != expert.id), None)
        if holder is not None:
            holder.role = "member"
        other = "co_chair" if data.role == "chair" else "chair"
        partner = next((m for m in current if m.role == other and m.expert_id != expert.id), None)
        if partner is not None:
            partner_expert = repository.expert(session, partner.expert_id)
            assert partner_expert is not None
            mine, theirs = side_of(expert.region), side_of(partner_expert.region)
            if mine is None or mine == theirs:
                raise ValidationFailed(
                    "Chairs from both regions",
                    [FieldError("role", "the chair and co-chair must come one from Europe, one from China")],
                )
    membership = repository.membership(session, group_id, expert.id)
    before = membership.role if membership else None
    if membership is None:
        membership = Membership(group_id=group_id, expert_id=expert.id, role=data.role)
        session.add(membership)
    else:
        membership.role = data.role
    session.flush()
    audit.record(
        session,
        actor,
        "working_group.member",
        ENTITY,
        group.id,
        {"expert_id": expert.id, "role": before},
        {"expert_id": expert.id, "role": data.role},
    )
    session.commit()
    return _read(session, group)


def remove_member(session: Session, actor: Actor, group_id: str, expert_id: int) -> GroupRead:
    actor.require(Permission.COORDINATE_GROUPS)
    group = _group(session, group_id)
    membership = repository.membership(session, group_id, expert_id)
    if membership is None:
        raise NotFound("Not a member", [FieldError("expert_id", str(expert_id))])
    audit.record(
        session,
        actor,
        "working_group.remove_member",
        ENTITY,
        group.id,
        {"expert_id": expert_id, "role": membership.role},
        None,
    )
    session.delete(membership)
    session.commit()
    return _read(session, group)


def list_meetings(session: Session, group_id: str) -> list[MeetingRead]:
    _group(session, group_id)
    return [
        MeetingRead(id=m.id, group_id=m.group_id, held_on=m.held_on, title=m.title, minutes=m.minutes)
        for m in repository.meetings(session, group_id)
    ]


def add_meeting(session: Session, actor: Actor, group_id: str, data: MeetingCreate) -> MeetingRead:
    actor.require(Permission.COORDINATE_GROUPS)
    _group(session, group_id)
    meeting = Meeting(group_id=group_id, **data.model_dump())
    session.add(meeting)
    session.flush()
    audit.record(session, actor, "working_group.meeting", "meeting", meeting.id, None, data.model_dump(mode="json"))
    session.commit()
    return MeetingRead(id=meeting.id, group_id=group_id, **data.model_dump())


def _action_read(session: Session, action: ActionItem, today: date) -> ActionRead:
    owner = repository.expert(session, action.owner_id) if action.owner_id is not None else None
    return ActionRead(
        id=action.id,
        group_id=action.group_id,
        description=action.description,
        owner_id=action.owner_id,
        owner_name=owner.name if owner else "",
        due=action.due,
        meeting_id=action.meeting_id,
        done=action.done,
        overdue=not action.done and action.due < today,
    )


def list_actions(session: Session, group_id: str, today: date | None = None) -> list[ActionRead]:
    _group(session, group_id)
    day = today or utcnow().date()
    return [_action_read(session, a, day) for a in repository.actions(session, group_id)]


def overdue_actions(session: Session, today: date | None = None) -> list[ActionRead]:
    """Open action items past their due date, across all groups, oldest first."""
    day = today or utcnow().date()
    return [_action_read(session, a, day) for a in repository.overdue_actions(session, day)]


def add_action(session: Session, actor: Actor, group_id: str, data: ActionCreate) -> ActionRead:
    actor.require(Permission.COORDINATE_GROUPS)
    _group(session, group_id)
    if data.owner_id is not None and repository.expert(session, data.owner_id) is None:
        raise ValidationFailed("Invalid action", [FieldError("owner_id", f"no expert {data.owner_id}")])
    if data.meeting_id is not None:
        meeting = repository.meeting(session, data.meeting_id)
        if meeting is None or meeting.group_id != group_id:
            raise ValidationFailed("Invalid action", [FieldError("meeting_id", "not a meeting of this group")])
    action = ActionItem(group_id=group_id, **data.model_dump())
    session.add(action)
    session.flush()
    audit.record(session, actor, "working_group.action", "action", action.id, None, data.model_dump(mode="json"))
    session.commit()
    return _action_read(session, action, utcnow().date())


def update_action(session: Session, actor: Actor, action_id: int, data: ActionUpdate) -> ActionRead:
    actor.require(Permission.COORDINATE_GROUPS)
    action = repository.action(session, action_id)
    if action is None:
        raise NotFound("No such action item", [FieldError("action_id", str(action_id))])
    before = action.done
    action.done = data.done
    audit.record(
        session, actor, "working_group.action_done", "action", action.id, {"done": before}, {"done": data.done}
    )
    session.commit()
    return _action_read(session, action, utcnow().date())


# Balanced membership proposals ---------------------------------------------------------------------------------


def _inputs(
    session: Session, group_ids: list[str]
) -> tuple[list[assignment.ExpertIn], list[assignment.GroupIn], list[WorkingGroup]]:
    experts = [
        assignment.ExpertIn(
            id=str(e.id), region=e.region, sector=e.sector, themes=frozenset(e.expertise), max_groups=e.max_groups
        )
        for e in repository.experts(session)
    ]
    rows = [g for g in repository.groups(session) if not group_ids or g.id in group_ids]
    unknown = set(group_ids) - {g.id for g in rows}
    if unknown:
        raise ValidationFailed("Unknown group", [FieldError("group_ids", ", ".join(sorted(unknown)))])
    groups = []
    for g in rows:
        chair = next((m for m in repository.memberships(session, group_id=g.id) if m.role == "chair"), None)
        groups.append(
            assignment.GroupIn(
                id=g.id,
                min_size=g.min_size,
                max_size=g.max_size,
                themes=frozenset(g.themes),
                chair=str(chair.expert_id) if chair else None,
            )
        )
    return experts, groups, rows


def _rules(share: str, min_sectors: int) -> assignment.Rules:
    return assignment.Rules(min_region_share=Fraction(Decimal(share)), min_sectors=min_sectors)


def _proposal_read(p: MembershipProposal) -> ProposalRead:
    return ProposalRead(
        id=p.id,
        status=p.status,
        min_region_share=p.min_region_share,
        min_sectors=p.min_sectors,
        objective=p.objective,
        groups={g: [int(e) for e in members] for g, members in p.groups.items()},
        reasons=list(p.reasons),
        created_at=p.created_at,
    )


def propose(session: Session, actor: Actor, data: ProposalCreate) -> ProposalRead:
    """Run the optimiser on the registered experts and groups and keep the result as a draft to review."""
    actor.require(Permission.COORDINATE_GROUPS)
    experts, groups, _ = _inputs(session, data.group_ids)
    if not groups:
        raise ValidationFailed("There is no working group to fill.", [FieldError("group_ids", "no working group")])
    if not experts:
        raise ValidationFailed("No expert is available.", [FieldError("experts", "no expert can join a group")])
    result = assignment.propose(experts, groups, _rules(data.min_region_share, data.min_sectors))
    proposal = MembershipProposal(
        status="draft" if result.status == "optimal" else "infeasible",
        min_region_share=data.min_region_share,
        min_sectors=data.min_sectors,
        objective=result.objective,
        groups=result.groups,
        reasons=result.reasons,
    )
    session.add(proposal)
    session.flush()
    audit.record(
        session,
        actor,
        "working_group.propose",
        "proposal",
        proposal.id,
        None,
        {"status": proposal.status, "objective": proposal.objective},
    )
    session.commit()
    return _proposal_read(proposal)


def get_proposal(session: Session, proposal_id: int) -> ProposalRead:
    proposal = repository.proposal(session, proposal_id)
    if proposal is None:
        raise NotFound("No such proposal", [FieldError("proposal_id", str(proposal_id))])
    return _proposal_read(proposal)


def proposal_violations(session: Session, proposal: ProposalRead) -> list[str]:
    """What the (possibly edited) proposal breaks, so the coordinator sees it before accepting."""
    experts, groups, _ = _inputs(session, list(proposal.groups))
    chosen = {g: [str(e) for e in members] for g, members in proposal.groups.items()}
    return assignment.violations(experts, groups, _rules(proposal.min_region_share, proposal.min_sectors), chosen)


def edit_proposal(session: Session, actor: Actor, proposal_id: int, data: ProposalEdit) -> ProposalRead:
    actor.require(Permission.COORDINATE_GROUPS)
    proposal = repository.proposal(session, proposal_id)
    if proposal is None:
        raise NotFound("No such proposal", [FieldError("proposal_id", str(proposal_id))])
    if proposal.status != "draft":
        raise InvalidTransition(f"This proposal is {proposal.status}; only a draft can be edited.")
    unknown_groups = set(data.groups) - set(proposal.groups)
    if unknown_groups:
        raise ValidationFailed("Unknown group", [FieldError("groups", ", ".join(sorted(unknown_groups)))])
    known = {e.id for e in repository.experts(session)}
    for group_id, members in data.groups.items():
        missing = [m for m in members if m not in known]
        if missing:
            raise ValidationFailed("Unknown expert", [FieldError(f"groups.{group_id}", f"no expert {missing[0]}")])
    before = dict(proposal.groups)
    proposal.groups = {**proposal.groups, **{g: [str(m) for m in dict.fromkeys(v)] for g, v in data.groups.items()}}
    experts, groups, _ = _inputs(session, list(proposal.groups))
    proposal.objective = assignment.total_fit(experts, groups, proposal.groups)
    audit.record(session, actor, "working_group.proposal_edit", "proposal", proposal.id, before, proposal.groups)
    session.commit()
    return _proposal_read(proposal)


def accept_proposal(session: Session, actor: Actor, proposal_id: int) -> ProposalRead:
    """Make the proposal the groups' membership: keep roles of those who stay, add the rest as members."""
    actor.require(Permission.COORDINATE_GROUPS)
    proposal = repository.proposal(session, proposal_id)
    if proposal is None:
        raise NotFound("No such proposal", [FieldError("proposal_id", str(proposal_id))])
    if proposal.status != "draft":
        raise InvalidTransition(f"This proposal is {proposal.status}; only a draft can be accepted.")
    for group_id, members in proposal.groups.items():
        wanted = {int(m) for m in members}
        for membership in repository.memberships(session, group_id=group_id):
            if membership.expert_id not in wanted:
                session.delete(membership)
            wanted.discard(membership.expert_id)
        for expert_id in sorted(wanted):
            session.add(Membership(group_id=group_id, expert_id=expert_id, role="member"))
    proposal.status = "accepted"
    proposal.accepted_at = utcnow()
    audit.record(session, actor, "working_group.accept", "proposal", proposal.id, None, proposal.groups)
    session.commit()
    return _proposal_read(proposal)


def count(session: Session) -> int:
    """How many working groups there are (the roadmap's seven, plus any a coordinator adds)."""
    return repository.count_groups(session)
