"""HTML pages: experts, working groups, membership proposals, Delphi studies, ballots and the roadmap.

Form handlers read the form on the event loop, then do the database work in the thread pool.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from ic2permed.core.errors import DomainError, FieldError, ValidationFailed
from ic2permed.core.http.deps import Context, DbSession, RequestContext
from ic2permed.core.http.rendering import render
from ic2permed.core.i18n import gettext
from ic2permed.core.permissions import Permission
from ic2permed.core.vocab import regions, themes
from ic2permed.experts import charts, exports, labels
from ic2permed.experts.schemas import (
    ActionCreate,
    ActionUpdate,
    BallotIn,
    ExpertInvite,
    ExpertQuery,
    ExpertUpdate,
    GroupCreate,
    MeetingCreate,
    MembershipSet,
    NextRound,
    ProposalCreate,
    ProposalEdit,
    StudyCreate,
)
from ic2permed.experts.service import groups, profiles, studies

router = APIRouter(include_in_schema=False)


def _common(ctx: RequestContext) -> dict[str, Any]:
    return {
        "sector_labels": labels.SECTORS,
        "role_labels": labels.ROLES,
        "scale_labels": labels.SCALES,
        # translated here: the COMET label has "%" signs, which Jinja's gettext would try to format
        "rule_labels": {code: gettext(ctx.locale, label) for code, label in labels.RULES.items()},
        "decision_labels": labels.DECISIONS,
        "round_status_labels": labels.ROUND_STATUS,
        "round_kind_labels": labels.ROUND_KINDS,
        "language_labels": labels.LANGUAGES,
        "likert_points": labels.LIKERT5_POINTS,
        "gender_labels": labels.GENDERS,
        "regions": regions.REGIONS,
        "region_labels": {r.code: r for r in regions.REGIONS},
        "all_themes": themes.themes(),
        "group_themes": themes.of_kind(themes.WORKING_GROUP),
        "topic_themes": themes.of_kind(themes.TOPIC),
        "pillars": themes.of_kind(themes.PILLAR),
        "is_coordinator": ctx.actor.can(Permission.COORDINATE_GROUPS),
        "priority_label": lambda priority: labels.priority_text(priority, ctx.locale),
    }


async def _run(work: Callable[[], Response]) -> Response:
    """Do a form's database work in the thread pool; a refused form's error page names the fields."""
    try:
        return await run_in_threadpool(work)
    except DomainError as exc:
        if not exc.errors:
            raise
        fields = "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
        raise type(exc)(f"{exc.detail} — {fields}", exc.errors) from None


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _errors(exc: ValidationError | DomainError) -> dict[str, str]:
    if isinstance(exc, ValidationError):
        return {".".join(str(p) for p in e["loc"]) or "form": e["msg"] for e in exc.errors()}
    return {e.field: e.message for e in exc.errors} or {"form": exc.detail}


# Experts ---------------------------------------------------------------------------------------------------------


@router.get("/experts")
def experts_index(
    request: Request,
    ctx: Context,
    session: DbSession,
    q: str = Query("", max_length=200),
    theme: list[str] = Query([]),
    region: list[str] = Query([]),
    sector: list[str] = Query([]),
    language: list[str] = Query([]),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Response:
    query = ExpertQuery(q=q, theme=theme, region=region, sector=sector, language=language, limit=50, offset=offset)
    page = profiles.search(session, ctx.actor, query)
    me = profiles.my_profile(session, ctx.actor)
    return render(request, ctx, "experts/index.html", page=page, query=query, me=me, **_common(ctx))


@router.post("/experts/invitations")
async def expert_invite(request: Request, ctx: Context, session: DbSession) -> Response:
    form = await _form(request)

    def save() -> Response:
        profile = {
            "name": form.get("name", ""),
            "name_zh": form.get("name_zh", ""),
            "region": form.get("region", ""),
            "sector": form.get("sector", ""),
            "consent_listed": form.get("consent_listed") == "on",
        }
        data = _validated(
            ExpertInvite,
            {"username": form.get("username", ""), "password": form.get("password", ""), "profile": profile},
        )
        expert = profiles.invite_expert(session, ctx.actor, data)
        return _see_other(f"/experts/{expert.id}")

    return await _run(save)


@router.get("/experts/{expert_id}")
def expert_page(expert_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    expert = profiles.get_expert(session, ctx.actor, expert_id)
    can_edit = ctx.actor.can(Permission.COORDINATE_GROUPS) or (
        ctx.actor.id is not None and expert.user_id == ctx.actor.id
    )
    return render(request, ctx, "experts/expert.html", expert=expert, can_edit=can_edit, **_common(ctx))


@router.get("/experts/{expert_id}/edit")
def expert_edit_form(expert_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    expert = profiles.get_expert(session, ctx.actor, expert_id)
    return render(
        request, ctx, "experts/edit.html", expert=expert, values=expert.model_dump(), errors={}, **_common(ctx)
    )


@router.post("/experts/{expert_id}/edit")
async def expert_edit(expert_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    form = await request.form()
    values: dict[str, Any] = {
        k: str(form.get(k, "")).strip() for k in ("name", "name_zh", "country", "organisation", "sector", "region")
    }
    values["expertise"] = [str(v) for v in form.getlist("expertise")]
    values["languages"] = [str(v) for v in form.getlist("languages")]
    values["gender"] = str(form.get("gender", "")) or None
    values["max_groups"] = str(form.get("max_groups", "2"))
    values["consent_listed"] = form.get("consent_listed") == "on"

    def save() -> Response:
        try:
            changes = ExpertUpdate.model_validate({**values, "country": values["country"].upper() or None})
            profiles.update_expert(session, ctx.actor, expert_id, changes)
        except (ValidationError, ValidationFailed) as exc:
            expert = profiles.get_expert(session, ctx.actor, expert_id)
            return render(
                request,
                ctx,
                "experts/edit.html",
                status_code=422,
                expert=expert,
                values=values,
                errors=_errors(exc),
                **_common(ctx),
            )
        return _see_other(f"/experts/{expert_id}")

    return await _run(save)


# Working groups --------------------------------------------------------------------------------------------------


@router.get("/working-groups")
def groups_index(request: Request, ctx: Context, session: DbSession) -> Response:
    all_groups = groups.list_groups(session)
    return render(
        request,
        ctx,
        "experts/groups.html",
        groups=all_groups,
        overdue=groups.overdue_actions(session),
        studies=studies.list_studies(session),
        group_names={g.id: g for g in all_groups},
        expert_count=profiles.count(session),
        **_common(ctx),
    )


@router.post("/working-groups")
async def group_create(request: Request, ctx: Context, session: DbSession) -> Response:
    raw = await request.form()
    form = {k: str(v) for k, v in raw.items()}
    chosen = [str(v) for v in raw.getlist("themes")]

    def save() -> Response:
        data = {
            "id": form.get("id", ""),
            "name_en": form.get("name_en", ""),
            "name_zh": form.get("name_zh", ""),
            "pillar": form.get("pillar") or None,
            "themes": chosen,
            "min_size": form.get("min_size", "6"),
            "max_size": form.get("max_size", "12"),
        }
        group = groups.create_group(session, ctx.actor, _validated(GroupCreate, data))
        return _see_other(f"/working-groups/{group.id}")

    return await _run(save)


@router.get("/working-groups/roadmap")
def combined_roadmap_page(request: Request, ctx: Context, session: DbSession) -> Response:
    sections = studies.combined_roadmap(session)
    names = {g.id: g for g in groups.list_groups(session)}
    return render(request, ctx, "experts/combined.html", sections=sections, group_names=names, **_common(ctx))


@router.get("/working-groups/roadmap.pdf")
def combined_roadmap_pdf(ctx: Context, session: DbSession) -> Response:
    names = {g.id: g.name(ctx.locale) for g in groups.list_groups(session)}
    sections = [(r, names.get(r.group_id, r.group_id)) for r in studies.combined_roadmap(session)]
    return exports.download(exports.combined_pdf(sections, ctx.locale), "application/pdf", "ic2permed-roadmap.pdf")


@router.get("/working-groups/roadmap.csv")
def combined_roadmap_csv(session: DbSession) -> Response:
    return exports.download(
        exports.roadmap_csv(*studies.combined_roadmap(session)), "text/csv", "ic2permed-roadmap.csv"
    )


@router.get("/working-groups/{group_id}")
def group_page(group_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    group = groups.get_group(session, group_id)
    return render(
        request,
        ctx,
        "experts/group.html",
        group=group,
        meetings=groups.list_meetings(session, group_id),
        actions=groups.list_actions(session, group_id),
        studies=studies.list_studies(session, group_id),
        today=date.today(),
        **_common(ctx),
    )


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v) for k, v in form.items()}


@router.post("/working-groups/{group_id}/members")
async def group_member(group_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    form = await _form(request)

    def save() -> Response:
        if form.get("remove"):
            groups.remove_member(session, ctx.actor, group_id, _int(form.get("expert_id", ""), "expert_id"))
        else:
            data = _validated(MembershipSet, {"expert_id": form.get("expert_id"), "role": form.get("role", "member")})
            groups.set_member(session, ctx.actor, group_id, data)
        return _see_other(f"/working-groups/{group_id}")

    return await _run(save)


@router.post("/working-groups/{group_id}/meetings")
async def group_meeting(group_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    form = await _form(request)

    def save() -> Response:
        groups.add_meeting(session, ctx.actor, group_id, _validated(MeetingCreate, form))
        return _see_other(f"/working-groups/{group_id}#meetings")

    return await _run(save)


@router.post("/working-groups/{group_id}/actions")
async def group_action(group_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    form = await _form(request)

    def save() -> Response:
        if form.get("action_id"):
            groups.update_action(session, ctx.actor, _int(form["action_id"], "action_id"), ActionUpdate(done=True))
        else:
            data = {k: (v or None) for k, v in form.items() if k in ("description", "owner_id", "due")}
            groups.add_action(session, ctx.actor, group_id, _validated(ActionCreate, data))
        return _see_other(f"/working-groups/{group_id}#actions")

    return await _run(save)


def _int(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed("Invalid input", [FieldError(field, f"{value!r} is not a number")]) from None


def _validated(model: Any, data: dict[str, Any]) -> Any:
    """Validate a form into a schema, or raise the domain error the error page shows field by field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [FieldError(".".join(str(p) for p in e["loc"]) or "form", e["msg"]) for e in exc.errors()]
        raise ValidationFailed("Please correct the form", errors) from None


@router.post("/working-groups/proposals")
async def proposal_create(request: Request, ctx: Context, session: DbSession) -> Response:
    raw = await request.form()
    form = {k: str(v) for k, v in raw.items()}
    group_ids = [str(v) for v in raw.getlist("group_ids")]

    def save() -> Response:
        data = _validated(
            ProposalCreate,
            {
                "min_region_share": form.get("min_region_share", "0.4"),
                "min_sectors": form.get("min_sectors", "2"),
                "group_ids": group_ids,
            },
        )
        proposal = groups.propose(session, ctx.actor, data)
        return _see_other(f"/working-groups/proposals/{proposal.id}")

    return await _run(save)


def _proposal_page(request: Request, ctx: RequestContext, session: Session, proposal_id: int) -> Response:
    ctx.actor.require(Permission.COORDINATE_GROUPS)
    proposal = groups.get_proposal(session, proposal_id)
    all_groups = {g.id: g for g in groups.list_groups(session)}
    experts = {e.id: e for e in profiles.search(session, ctx.actor, ExpertQuery(limit=500)).items}
    fits = {
        gid: {eid: len(set(experts[eid].expertise) & set(all_groups[gid].themes)) for eid in members if eid in experts}
        for gid, members in proposal.groups.items()
    }
    return render(
        request,
        ctx,
        "experts/proposal.html",
        proposal=proposal,
        groups=all_groups,
        experts=experts,
        fits=fits,
        violations=groups.proposal_violations(session, proposal) if proposal.status == "draft" else [],
        **_common(ctx),
    )


@router.get("/working-groups/proposals/{proposal_id}")
def proposal_page(proposal_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    return _proposal_page(request, ctx, session, proposal_id)


@router.post("/working-groups/proposals/{proposal_id}")
async def proposal_edit(proposal_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    form = await request.form()
    action = str(form.get("action", "save"))
    edited: dict[str, list[int]] = {}
    for key in form:
        if key.startswith("members-"):
            group_id = key.removeprefix("members-")
            edited[group_id] = [int(str(v)) for v in form.getlist(key) if str(v).isdigit()]
    for key, value in form.items():
        if key.startswith("add-") and str(value).strip():
            group_id = key.removeprefix("add-")
            added = [int(v) for v in str(value).replace(",", " ").split() if v.isdigit()]
            edited.setdefault(group_id, []).extend(added)

    def save() -> Response:
        current = groups.get_proposal(session, proposal_id)
        if current.status == "draft":
            # a group whose boxes are all unticked sends nothing: it is emptied
            changes = {g: edited.get(g, []) for g in current.groups}
            groups.edit_proposal(session, ctx.actor, proposal_id, ProposalEdit(groups=changes))
        if action == "accept":
            groups.accept_proposal(session, ctx.actor, proposal_id)
            return _see_other("/working-groups")
        return _see_other(f"/working-groups/proposals/{proposal_id}")

    return await _run(save)


# Delphi ----------------------------------------------------------------------------------------------------------


@router.get("/delphi/new")
def study_form(request: Request, ctx: Context, session: DbSession, group: str = Query("", max_length=64)) -> Response:
    ctx.actor.require(Permission.COORDINATE_GROUPS)
    return render(
        request,
        ctx,
        "experts/study_form.html",
        groups=groups.list_groups(session),
        values={"group_id": group, "scale": "likert5", "rule": "cvi", "statements": "", "deadline": ""},
        errors={},
        **_common(ctx),
    )


def _statements(text: str) -> list[dict[str, str]]:
    """One statement per line: English | 中文 | priority (the Chinese text and the priority are optional)."""
    found = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if parts and parts[0]:
            found.append(
                {
                    "text_en": parts[0],
                    "text_zh": parts[1] if len(parts) > 1 else "",
                    "priority": parts[2] if len(parts) > 2 else "",
                }
            )
    return found


def _deadline(value: str) -> datetime | str:
    """A datetime-local value, read as UTC (the form says so)."""
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return value


@router.post("/delphi/new")
async def study_create(request: Request, ctx: Context, session: DbSession) -> Response:
    form = await _form(request)

    def save() -> Response:
        data = {
            "group_id": form.get("group_id", ""),
            "title_en": form.get("title_en", ""),
            "title_zh": form.get("title_zh", ""),
            "scale": form.get("scale", "likert5"),
            "rule": form.get("rule") or None,
            "statements": _statements(form.get("statements", "")),
            "deadline": _deadline(form.get("deadline", "")),
            "open_round": form.get("open_round") == "on",
        }
        try:
            study = studies.create_study(session, ctx.actor, StudyCreate.model_validate(data))
        except (ValidationError, ValidationFailed) as exc:
            return render(
                request,
                ctx,
                "experts/study_form.html",
                status_code=422,
                groups=groups.list_groups(session),
                values=form,
                errors=_errors(exc),
                **_common(ctx),
            )
        return _see_other(f"/delphi/{study.id}")

    return await _run(save)


@router.get("/delphi/{study_id}")
def study_page(study_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    study = studies.get_study(session, study_id)
    group = groups.get_group(session, study.group_id)
    results = None
    rating_rounds = [r for r in study.rounds if r.kind == "rating"]
    coordinator = ctx.actor.can(Permission.COORDINATE_GROUPS)
    if rating_rounds and (coordinator or study.status == "closed"):
        results = studies.results(session, study_id)
    member = profiles.my_profile(session, ctx.actor)
    is_member = member is not None and any(m.expert_id == member.id for m in group.members)
    return render(
        request,
        ctx,
        "experts/study.html",
        study=study,
        group=group,
        results=results,
        pending=studies.pending(session, study_id) if coordinator else [],
        suggestions=studies.suggestions(session, ctx.actor, study_id) if coordinator else [],
        is_member=is_member,
        statements={s.code: s for s in study.statements},
        **_common(ctx),
    )


@router.post("/delphi/{study_id}/manage")
async def study_manage(study_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    form = await _form(request)

    def save() -> Response:
        action = form.get("action", "")
        if action == "close_round":
            studies.close_round(session, ctx.actor, study_id)
        elif action == "next_round":
            data = {
                "deadline": _deadline(form.get("deadline", "")),
                "statements": _statements(form.get("statements", "")),
                "drop": form.get("drop", "").replace(",", " ").split(),
            }
            studies.next_round(session, ctx.actor, study_id, _validated(NextRound, data))
        elif action == "remind":
            studies.remind(session, ctx.actor, study_id)
        elif action == "close":
            studies.close_study(session, ctx.actor, study_id)
            return _see_other(f"/delphi/{study_id}/roadmap")
        else:
            raise ValidationFailed("Unknown action", [FieldError("action", action)])
        return _see_other(f"/delphi/{study_id}")

    return await _run(save)


@router.get("/delphi/{study_id}/vote")
def ballot_page(study_id: int, request: Request, ctx: Context, session: DbSession, saved: int = 0) -> Response:
    ballot = studies.ballot(session, ctx.actor, study_id)
    return render(request, ctx, "experts/ballot.html", ballot=ballot, saved=bool(saved), errors={}, **_common(ctx))


@router.post("/delphi/{study_id}/vote")
async def ballot_save(study_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    form = await _form(request)
    ratings: dict[str, int | None] = {}
    comments: dict[str, str] = {}
    for key, value in form.items():
        if key.startswith("rating-"):
            ratings[key.removeprefix("rating-")] = int(value) if value.strip().isdigit() else None
        elif key.startswith("comment-"):
            comments[key.removeprefix("comment-")] = value
    suggestions = [line for line in form.get("suggestions", "").splitlines() if line.strip()]

    def save() -> Response:
        # only ratings actually chosen are sent: an untouched statement stays unanswered (partial save)
        data = BallotIn(
            ratings={k: v for k, v in ratings.items() if v is not None}, comments=comments, suggestions=suggestions
        )
        try:
            studies.save_ballot(session, ctx.actor, study_id, data)
        except DomainError as exc:
            ballot = studies.ballot(session, ctx.actor, study_id)
            return render(
                request,
                ctx,
                "experts/ballot.html",
                status_code=exc.status,
                ballot=ballot,
                saved=False,
                errors=_errors(exc),
                **_common(ctx),
            )
        return _see_other(f"/delphi/{study_id}/vote?saved=1")

    return await _run(save)


@router.get("/delphi/{study_id}/charts/{code}.svg")
def statement_chart(
    study_id: int,
    code: str,
    ctx: Context,
    session: DbSession,
    round: int | None = Query(None, ge=1, le=100),
    own: int | None = Query(None, ge=1, le=9),
) -> Response:
    result = studies.results(session, study_id, round)
    row = next((s for s in result.statements if s["id"] == code), None)
    if row is None:
        raise ValidationFailed("Unknown statement", [FieldError("code", code)])
    study = studies.get_study(session, study_id)
    svg = charts.distribution(row["distribution"], study.scale, ctx.locale, own=own)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.get("/delphi/{study_id}/roadmap")
def roadmap_page(study_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    roadmap = studies.roadmap(session, study_id)
    group = groups.get_group(session, roadmap.study.group_id)
    return render(request, ctx, "experts/roadmap.html", roadmap=roadmap, group=group, **_common(ctx))


@router.get("/delphi/{study_id}/roadmap.pdf")
def roadmap_pdf(study_id: int, ctx: Context, session: DbSession) -> Response:
    roadmap = studies.roadmap(session, study_id)
    group = groups.get_group(session, roadmap.study.group_id)
    pdf = exports.roadmap_pdf(roadmap, group.name(ctx.locale), ctx.locale)
    return exports.download(pdf, "application/pdf", f"roadmap-{study_id}.pdf")


@router.get("/delphi/{study_id}/roadmap.csv")
def roadmap_csv(study_id: int, session: DbSession) -> Response:
    return exports.download(
        exports.roadmap_csv(studies.roadmap(session, study_id)), "text/csv", f"roadmap-{study_id}.csv"
    )


@router.get("/delphi/{study_id}/votes.{fmt}")
def raw_votes(study_id: int, fmt: str, ctx: Context, session: DbSession) -> Response:
    return exports.votes_response(studies.raw_votes(session, ctx.actor, study_id), fmt, study_id, ctx.locale)
