"""Delphi studies: statements, rounds, ballots (partial saves, deadlines), results, closing into a roadmap."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ic2permed.core.audit import service as audit
from ic2permed.core.database import utcnow
from ic2permed.core.errors import Conflict, FieldError, Forbidden, InvalidTransition, NotFound, ValidationFailed
from ic2permed.core.permissions import Actor, Permission
from ic2permed.experts import delphi, repository
from ic2permed.experts.models import (
    DelphiRound,
    DelphiStatement,
    DelphiStudy,
    DelphiSuggestion,
    DelphiVote,
    Expert,
)
from ic2permed.experts.schemas import (
    BallotIn,
    BallotItem,
    BallotRead,
    MemberRead,
    NextRound,
    RoadmapEntry,
    RoadmapRead,
    RoundRead,
    RoundResults,
    StatementCreate,
    StatementRead,
    StudyCreate,
    StudyRead,
)

ENTITY = "delphi_study"
CONSENSUS = ("include", "in")


def _statement_read(s: DelphiStatement) -> StatementRead:
    return StatementRead(
        id=s.id,
        code=s.code,
        text_en=s.text_en,
        text_zh=s.text_zh,
        priority=s.priority,
        origin=s.origin,
        active=s.active,
    )


def _round_read(r: DelphiRound) -> RoundRead:
    return RoundRead(id=r.id, number=r.number, kind=r.kind, deadline=r.deadline, status=r.status)


def _read(session: Session, study: DelphiStudy) -> StudyRead:
    return StudyRead(
        id=study.id,
        group_id=study.group_id,
        title_en=study.title_en,
        title_zh=study.title_zh,
        scale=study.scale,
        rule=study.rule,
        status=study.status,
        statements=[_statement_read(s) for s in repository.statements(session, study.id)],
        rounds=[_round_read(r) for r in repository.rounds(session, study.id)],
        created_at=study.created_at,
        closed_at=study.closed_at,
    )


def _study(session: Session, study_id: int) -> DelphiStudy:
    study = repository.study(session, study_id)
    if study is None:
        raise NotFound("No such Delphi study", [FieldError("study_id", str(study_id))])
    return study


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValidationFailed("Deadline", [FieldError("deadline", "give a time zone (e.g. 2026-12-01T17:00:00Z)")])
    return moment


def get_study(session: Session, study_id: int) -> StudyRead:
    return _read(session, _study(session, study_id))


def list_studies(session: Session, group_id: str | None = None) -> list[StudyRead]:
    return [_read(session, s) for s in repository.studies(session, group_id)]


def _add_statements(session: Session, study: DelphiStudy, items: list[StatementCreate], origin: str) -> None:
    existing = repository.statements(session, study.id)
    number = len(existing)
    for item in items:
        number += 1
        session.add(DelphiStatement(study_id=study.id, code=f"S{number}", origin=origin, **item.model_dump()))


def create_study(session: Session, actor: Actor, data: StudyCreate) -> StudyRead:
    """Open a study for a group: its statements and its first round (an open round lets experts propose)."""
    actor.require(Permission.COORDINATE_GROUPS)
    if repository.group(session, data.group_id) is None:
        raise ValidationFailed("Unknown group", [FieldError("group_id", data.group_id)])
    rule = None if data.scale == delphi.RANK else data.rule
    delphi.check_scale_rule(data.scale, rule)
    if not data.open_round and not data.statements:
        raise ValidationFailed("No statements", [FieldError("statements", "give statements, or open a first round")])
    study = DelphiStudy(
        group_id=data.group_id, title_en=data.title_en, title_zh=data.title_zh, scale=data.scale, rule=rule
    )
    session.add(study)
    session.flush()
    _add_statements(session, study, data.statements, "coordinator")
    session.add(
        DelphiRound(
            study_id=study.id, number=1, kind="open" if data.open_round else "rating", deadline=_aware(data.deadline)
        )
    )
    session.flush()
    audit.record(session, actor, "delphi.create", ENTITY, study.id, None, data.model_dump(mode="json"))
    session.commit()
    return _read(session, study)


def _current_round(session: Session, study: DelphiStudy) -> DelphiRound | None:
    rounds = repository.rounds(session, study.id)
    return rounds[-1] if rounds else None


def _previous_rating_round(session: Session, study: DelphiStudy, number: int) -> DelphiRound | None:
    earlier = [r for r in repository.rounds(session, study.id) if r.number < number and r.kind == "rating"]
    return earlier[-1] if earlier else None


def _participant(session: Session, actor: Actor, study: DelphiStudy) -> Expert:
    """The actor's expert profile, if they are a member of the study's group."""
    actor.require(Permission.TAKE_PART_IN_DELPHI)
    expert = repository.expert_of_user(session, actor.id) if actor.id is not None else None
    if expert is None or repository.membership(session, study.group_id, expert.id) is None:
        raise Forbidden("Only members of the working group take part in its Delphi study.")
    return expert


def _closed_reason(study: DelphiStudy, round_: DelphiRound | None, now: datetime) -> str:
    if study.status == "closed" or round_ is None:
        return "This Delphi study is closed; votes are no longer accepted."
    if round_.status == "closed" or now > round_.deadline:
        return f"Round {round_.number} closed at {round_.deadline:%Y-%m-%d %H:%M} UTC; late votes are not accepted."
    return ""


def _votes_as_input(session: Session, study: DelphiStudy, round_: DelphiRound) -> list[delphi.Vote]:
    codes = {s.id: s.code for s in repository.statements(session, study.id)}
    experts: dict[int, Expert] = {}
    result = []
    for vote in repository.votes(session, round_.id):
        if vote.expert_id not in experts:
            found = repository.expert(session, vote.expert_id)
            assert found is not None
            experts[vote.expert_id] = found
        expert = experts[vote.expert_id]
        result.append(
            delphi.Vote(str(expert.id), expert.region, expert.sector, codes[vote.statement_id], Fraction(vote.rating))
        )
    if study.scale == delphi.RANK:  # only complete rankings count
        wanted = {codes[s.id] for s in repository.statements(session, study.id) if s.active}
        by_expert: dict[str, set[str]] = {}
        for v in result:
            by_expert.setdefault(v.expert_id, set()).add(v.statement_id)
        result = [v for v in result if by_expert[v.expert_id] >= wanted and v.statement_id in wanted]
    return result


def analyse_round(session: Session, study_id: int, number: int) -> delphi.Analysis:
    study = _study(session, study_id)
    round_ = next((r for r in repository.rounds(session, study.id) if r.number == number), None)
    if round_ is None or round_.kind != "rating":
        raise NotFound("No such rating round", [FieldError("round", str(number))])
    votes = _votes_as_input(session, study, round_)
    before = _previous_rating_round(session, study, number)
    previous = _votes_as_input(session, study, before) if before is not None else None
    return delphi.analyse(votes, study.scale, study.rule, previous)


def _figures_for_experts(result: delphi.StatementResult) -> dict[str, Any]:
    """What experts see of the previous round: overall figures and distribution; subgroups only where n ≥ 3."""
    shown = result.as_dict()
    shown["distribution"] = {str(k): v for k, v in result.distribution.items()}
    shown["by_region"] = {k: v for k, v in shown["by_region"].items() if v["n"] >= delphi.SUBGROUP_MIN_N}
    shown["by_sector"] = {k: v for k, v in shown["by_sector"].items() if v["n"] >= delphi.SUBGROUP_MIN_N}
    return shown


def ballot(session: Session, actor: Actor, study_id: int, now: datetime | None = None) -> BallotRead:
    """The expert's form for the current round: their saved answers, their previous rating, the group's view."""
    study = _study(session, study_id)
    expert = _participant(session, actor, study)
    round_ = _current_round(session, study)
    moment = now or utcnow()
    reason = _closed_reason(study, round_, moment)
    items: list[BallotItem] = []
    answered = 0
    if round_ is not None and round_.kind == "rating":
        mine = {v.statement_id: v for v in repository.votes(session, round_.id, expert.id)}
        before = _previous_rating_round(session, study, round_.number)
        previous_mine: dict[int, int] = {}
        previous_analysis: delphi.Analysis | None = None
        if before is not None:
            previous_mine = {v.statement_id: v.rating for v in repository.votes(session, before.id, expert.id)}
            previous_analysis = analyse_round(session, study.id, before.number)
        for statement in repository.statements(session, study.id):
            if not statement.active:
                continue
            vote = mine.get(statement.id)
            answered += vote is not None
            result = previous_analysis.statement(statement.code) if previous_analysis else None
            items.append(
                BallotItem(
                    statement=_statement_read(statement),
                    rating=vote.rating if vote else None,
                    comment=vote.comment if vote else "",
                    previous_rating=previous_mine.get(statement.id),
                    previous=_figures_for_experts(result) if result else None,
                )
            )
    return BallotRead(
        study=_read(session, study),
        round=_round_read(round_) if round_ else None,
        items=items,
        answered=answered,
        can_vote=not reason,
        reason=reason,
        reminded_at=_reminded_at(session, study, round_, expert) if not reason and answered < len(items) else None,
    )


def _reminded_at(session: Session, study: DelphiStudy, round_: DelphiRound | None, expert: Expert) -> datetime | None:
    """The last reminder of this round that named the expert (reminders are audit entries)."""
    if round_ is None:
        return None
    found = None
    for entry in audit.history(session, ENTITY, str(study.id)):
        after = entry.after if isinstance(entry.after, dict) else {}
        named = expert.id in after.get("experts", [])
        if entry.action == "delphi.remind" and after.get("round") == round_.number and named:
            found = entry.at
    return found


def _store_ratings(
    session: Session, study: DelphiStudy, round_: DelphiRound, expert: Expert, data: BallotIn
) -> dict[str, int | None]:
    """Check one expert's ratings against the round's statements and scale, then insert or update their votes."""
    active = {s.code: s for s in repository.statements(session, study.id) if s.active}
    if study.scale == delphi.RANK:
        low, high = 1, len(active)
    else:
        low, high = delphi.BOUNDS[study.scale]
    for code, rating in data.ratings.items():
        if code not in active:
            raise ValidationFailed("Unknown statement", [FieldError(f"ratings.{code}", "not in this round")])
        if rating is not None and not low <= rating <= high:
            raise ValidationFailed("Rating off the scale", [FieldError(f"ratings.{code}", f"between {low} and {high}")])
    for code in data.comments:
        if code not in active:
            raise ValidationFailed("Unknown statement", [FieldError(f"comments.{code}", "not in this round")])
    mine = {v.statement_id: v for v in repository.votes(session, round_.id, expert.id)}
    changed: dict[str, int | None] = {}
    for code, statement in active.items():
        rating = data.ratings.get(code)
        comment = data.comments.get(code, "").strip()[:4000]
        vote = mine.get(statement.id)
        if rating is None:
            if vote is not None and code in data.ratings:  # cleared on purpose
                session.delete(vote)
                changed[code] = None
            elif vote is not None and code in data.comments:
                vote.comment = comment
            continue
        if vote is None:
            session.add(
                DelphiVote(
                    round_id=round_.id, statement_id=statement.id, expert_id=expert.id, rating=rating, comment=comment
                )
            )
            changed[code] = rating
        else:
            if vote.rating != rating:
                changed[code] = rating
            vote.rating = rating
            if code in data.comments:
                vote.comment = comment
    return changed


def save_ballot(
    session: Session, actor: Actor, study_id: int, data: BallotIn, now: datetime | None = None
) -> BallotRead:
    """Save what the expert has answered so far (partial saves); one vote per statement and round, updated in
    place until the deadline; after it, refused."""
    study = _study(session, study_id)
    expert = _participant(session, actor, study)
    round_ = _current_round(session, study)
    moment = now or utcnow()
    reason = _closed_reason(study, round_, moment)
    if reason:
        raise InvalidTransition(reason)
    assert round_ is not None
    if round_.kind == "open":
        texts = [t.strip() for t in data.suggestions if t.strip()]
        for text in texts:
            if len(text) > 2000:
                raise ValidationFailed("Suggestion too long", [FieldError("suggestions", "at most 2000 characters")])
            session.add(DelphiSuggestion(round_id=round_.id, expert_id=expert.id, text=text))
        session.flush()
        audit.record(
            session, actor, "delphi.suggest", ENTITY, study.id, None, {"round": round_.number, "n": len(texts)}
        )
        session.commit()
        return ballot(session, actor, study_id, moment)
    changed = _store_ratings(session, study, round_, expert, data)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict("This ballot was saved at the same moment from elsewhere; reload and try again.") from None
    audit.record(session, actor, "delphi.vote", ENTITY, study.id, None, {"round": round_.number, "ratings": changed})
    session.commit()
    return ballot(session, actor, study_id, moment)


def record_votes(
    session: Session, actor: Actor, study_id: int, ballots: dict[int, BallotIn], now: datetime | None = None
) -> int:
    """A coordinator enters ballots collected outside the platform (on paper at a meeting; the demo's fictional
    experts, who have no accounts): same checks as an expert's own ballot, all or nothing; returns votes stored."""
    study = _coordinated(session, actor, study_id)
    round_ = _current_round(session, study)
    reason = _closed_reason(study, round_, now or utcnow())
    if reason:
        raise InvalidTransition(reason)
    assert round_ is not None
    if round_.kind != "rating":
        raise InvalidTransition("The current round collects proposals, not ratings.")
    stored = 0
    for expert_id, data in sorted(ballots.items()):
        expert = repository.expert(session, expert_id)
        if expert is None or repository.membership(session, study.group_id, expert_id) is None:
            raise ValidationFailed("Not a member", [FieldError(f"ballots.{expert_id}", "not a member of the group")])
        stored += sum(rating is not None for rating in _store_ratings(session, study, round_, expert, data).values())
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict("These ballots were saved at the same moment from elsewhere; try again.") from None
    audit.record(
        session,
        actor,
        "delphi.vote_recorded",
        ENTITY,
        study.id,
        None,
        {"round": round_.number, "experts": sorted(ballots), "votes": stored},
    )
    session.commit()
    return stored


def _coordinated(session: Session, actor: Actor, study_id: int) -> DelphiStudy:
    actor.require(Permission.COORDINATE_GROUPS)
    return _study(session, study_id)


def close_round(session: Session, actor: Actor, study_id: int) -> StudyRead:
    study = _coordinated(session, actor, study_id)
    round_ = _current_round(session, study)
    if round_ is None or round_.status == "closed":
        raise InvalidTransition("There is no open round to close.")
    round_.status = "closed"
    round_.closed_at = utcnow()
    audit.record(session, actor, "delphi.close_round", ENTITY, study.id, None, {"round": round_.number})
    session.commit()
    return _read(session, study)


def next_round(session: Session, actor: Actor, study_id: int, data: NextRound) -> StudyRead:
    """Open the next rating round (closing the current one), with statements added or dropped."""
    study = _coordinated(session, actor, study_id)
    if study.status == "closed":
        raise InvalidTransition("The study is closed.")
    current = _current_round(session, study)
    assert current is not None
    if current.status == "open":
        current.status = "closed"
        current.closed_at = utcnow()
    codes = {s.code: s for s in repository.statements(session, study.id)}
    for code in data.drop:
        if code not in codes:
            raise ValidationFailed("Unknown statement", [FieldError("drop", code)])
        codes[code].active = False
    _add_statements(session, study, data.statements, "proposed" if current.kind == "open" else "coordinator")
    session.flush()
    if not any(s.active for s in repository.statements(session, study.id)):
        raise ValidationFailed("No statements", [FieldError("statements", "the next round needs statements")])
    session.add(
        DelphiRound(study_id=study.id, number=current.number + 1, kind="rating", deadline=_aware(data.deadline))
    )
    session.flush()
    audit.record(session, actor, "delphi.next_round", ENTITY, study.id, None, data.model_dump(mode="json"))
    session.commit()
    return _read(session, study)


def _member_read(session: Session, expert_id: int, role: str) -> MemberRead:
    expert = repository.expert(session, expert_id)
    assert expert is not None
    return MemberRead(
        expert_id=expert.id,
        name=expert.name,
        name_zh=expert.name_zh,
        region=expert.region,
        sector=expert.sector,
        role=role,
    )


def pending(session: Session, study_id: int) -> list[MemberRead]:
    """Group members who have not answered every statement of the current round."""
    study = _study(session, study_id)
    round_ = _current_round(session, study)
    if round_ is None:
        return []
    members = repository.memberships(session, group_id=study.group_id)
    if round_.kind == "open":
        done = {s.expert_id for s in repository.suggestions(session, round_.id)}
        return [_member_read(session, m.expert_id, m.role) for m in members if m.expert_id not in done]
    active = {s.id for s in repository.statements(session, study.id) if s.active}
    answered: dict[int, set[int]] = {}
    for vote in repository.votes(session, round_.id):
        answered.setdefault(vote.expert_id, set()).add(vote.statement_id)
    return [
        _member_read(session, m.expert_id, m.role) for m in members if not active <= answered.get(m.expert_id, set())
    ]


def remind(session: Session, actor: Actor, study_id: int) -> list[MemberRead]:
    """Record a reminder to every member who has not answered (shown on their ballot and in the audit log)."""
    study = _coordinated(session, actor, study_id)
    waiting = pending(session, study_id)
    current = _current_round(session, study)
    audit.record(
        session,
        actor,
        "delphi.remind",
        ENTITY,
        study.id,
        None,
        {"round": current.number if current else None, "experts": [m.expert_id for m in waiting]},
    )
    session.commit()
    return waiting


def results(session: Session, study_id: int, number: int | None = None) -> RoundResults:
    study = _study(session, study_id)
    rating_rounds = [r for r in repository.rounds(session, study.id) if r.kind == "rating"]
    if not rating_rounds:
        raise NotFound("No rating round yet", [FieldError("round", "none")])
    round_ = rating_rounds[-1] if number is None else next((r for r in rating_rounds if r.number == number), None)
    if round_ is None:
        raise NotFound("No such rating round", [FieldError("round", str(number))])
    analysis = analyse_round(session, study.id, round_.number)
    rows = []
    for s in analysis.statements:
        row = s.as_dict()
        row["distribution"] = {str(k): v for k, v in s.distribution.items()}
        rows.append(row)
    return RoundResults(
        round=_round_read(round_), statements=rows, kendall_w=analysis.kendall_w, pending=pending(session, study.id)
    )


def close_study(session: Session, actor: Actor, study_id: int) -> StudyRead:
    study = _coordinated(session, actor, study_id)
    if study.status == "closed":
        raise InvalidTransition("The study is already closed.")
    current = _current_round(session, study)
    if current is not None and current.status == "open":
        current.status = "closed"
        current.closed_at = utcnow()
    study.status = "closed"
    study.closed_at = utcnow()
    audit.record(session, actor, "delphi.close", ENTITY, study.id, None, {"status": "closed"})
    session.commit()
    return _read(session, study)


def roadmap(session: Session, study_id: int) -> RoadmapRead:
    """Statements that reached consensus in the last rating round, traceable to their group and priority."""
    study = _study(session, study_id)
    group = repository.group(session, study.group_id)
    assert group is not None
    rating_rounds = [r for r in repository.rounds(session, study.id) if r.kind == "rating"]
    if not rating_rounds:
        raise NotFound("No rating round yet", [FieldError("round", "none")])
    last = rating_rounds[-1]
    analysis = analyse_round(session, study.id, last.number)
    statements = {s.code: s for s in repository.statements(session, study.id)}
    reached: list[RoadmapEntry] = []
    other: list[RoadmapEntry] = []
    for result in analysis.statements:
        statement = statements[result.id]
        figures = result.as_dict()
        figures["distribution"] = {str(k): v for k, v in result.distribution.items()}
        entry = RoadmapEntry(
            pillar=group.pillar,
            group_id=group.id,
            priority=statement.priority,
            statement=_statement_read(statement),
            figures=figures,
        )
        if study.scale == delphi.RANK or result.overall.decision in CONSENSUS:
            reached.append(entry)
        else:
            other.append(entry)
    if study.scale == delphi.RANK:
        reached.sort(key=lambda e: e.figures["mean"] or 0)
    return RoadmapRead(
        study=_read(session, study),
        pillar=group.pillar,
        group_id=group.id,
        round_number=last.number,
        entries=reached,
        not_reached=other,
    )


def combined_roadmap(session: Session) -> list[RoadmapRead]:
    """Every closed study's roadmap, in the IC2PerMed Roadmap's pillar and working-group order."""
    order = {g.id: i for i, g in enumerate(repository.groups(session))}
    closed = [s for s in repository.studies(session) if s.status == "closed"]
    closed.sort(key=lambda s: (order.get(s.group_id, len(order)), s.id))
    found = []
    for study in closed:
        if any(r.kind == "rating" for r in repository.rounds(session, study.id)):
            found.append(roadmap(session, study.id))
    return found


def raw_votes(session: Session, actor: Actor, study_id: int) -> list[dict[str, Any]]:
    """Every vote of every round, for coordinators (experts appear by id, region and sector)."""
    study = _coordinated(session, actor, study_id)
    codes = {s.id: s.code for s in repository.statements(session, study.id)}
    rows = []
    for round_ in repository.rounds(session, study.id):
        for vote in repository.votes(session, round_.id):
            expert = repository.expert(session, vote.expert_id)
            assert expert is not None
            rows.append(
                {
                    "round": round_.number,
                    "expert_id": expert.id,
                    "region": expert.region,
                    "sector": expert.sector,
                    "statement_id": codes[vote.statement_id],
                    "rating": vote.rating,
                    "comment": vote.comment,
                    "updated_at": vote.updated_at.isoformat(),
                }
            )
    return rows


def suggestions(session: Session, actor: Actor, study_id: int) -> list[dict[str, Any]]:
    study = _coordinated(session, actor, study_id)
    found = []
    for round_ in repository.rounds(session, study.id):
        if round_.kind == "open":
            found += [
                {"round": round_.number, "expert_id": s.expert_id, "text": s.text}
                for s in repository.suggestions(session, round_.id)
            ]
    return found
