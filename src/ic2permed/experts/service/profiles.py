"""Expert profiles: create, edit (own or as coordinator), invite, search in both languages."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.schemas import UserCreate
from ic2permed.core.audit import service as audit
from ic2permed.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from ic2permed.core.permissions import Actor, Permission, Role
from ic2permed.core.vocab import themes
from ic2permed.experts import names, repository
from ic2permed.experts.models import Expert
from ic2permed.experts.schemas import ExpertCreate, ExpertInvite, ExpertPage, ExpertQuery, ExpertRead, ExpertUpdate

ENTITY = "expert"


def to_read(expert: Expert, groups: list[str] | None = None) -> ExpertRead:
    return ExpertRead(
        id=expert.id,
        name=expert.name,
        name_zh=expert.name_zh,
        region=expert.region,
        country=expert.country,
        organisation=expert.organisation,
        sector=expert.sector,
        expertise=list(expert.expertise),
        languages=list(expert.languages),
        gender=expert.gender,
        max_groups=expert.max_groups,
        consent_listed=expert.consent_listed,
        pinyin=expert.pinyin,
        user_id=expert.user_id,
        demo=expert.demo,
        groups=groups or [],
    )


def _fill(expert: Expert, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(expert, key, value)
    expert.pinyin = names.pinyin(expert.name_zh)


def can_see_unlisted(actor: Actor) -> bool:
    return actor.can(Permission.COORDINATE_GROUPS)


def get_expert(session: Session, actor: Actor, expert_id: int) -> ExpertRead:
    """An expert's profile; without consent to be listed only coordinators and the expert see it."""
    expert = repository.expert(session, expert_id)
    if expert is None or not (
        expert.consent_listed or can_see_unlisted(actor) or (actor.id is not None and expert.user_id == actor.id)
    ):
        raise NotFound("No such expert", [FieldError("expert_id", str(expert_id))])
    groups = [m.group_id for m in repository.memberships(session, expert_id=expert.id)]
    return to_read(expert, groups)


def my_profile(session: Session, actor: Actor) -> ExpertRead | None:
    if actor.id is None:
        return None
    expert = repository.expert_of_user(session, actor.id)
    return to_read(expert) if expert is not None else None


def create_expert(session: Session, actor: Actor, data: ExpertCreate) -> ExpertRead:
    actor.require(Permission.COORDINATE_GROUPS)
    expert = _add(session, actor, data)
    session.commit()
    return to_read(expert)


def _add(session: Session, actor: Actor, data: ExpertCreate, demo: bool = False, user_id: int | None = None) -> Expert:
    expert = Expert(demo=demo, user_id=user_id)
    _fill(expert, data.model_dump())
    session.add(expert)
    session.flush()
    audit.record(session, actor, "expert.create", ENTITY, expert.id, None, data.model_dump(mode="json"))
    return expert


def update_expert(session: Session, actor: Actor, expert_id: int, changes: ExpertUpdate) -> ExpertRead:
    """An expert edits their own profile; coordinators edit any."""
    expert = repository.expert(session, expert_id)
    if expert is None:
        raise NotFound("No such expert", [FieldError("expert_id", str(expert_id))])
    own = actor.id is not None and expert.user_id == actor.id
    if not own:
        actor.require(Permission.COORDINATE_GROUPS)
    before = to_read(expert).model_dump(mode="json")
    values = changes.model_dump(exclude_unset=True)
    for required in ("name", "region", "sector", "max_groups", "consent_listed"):
        if required in values and values[required] is None:
            raise ValidationFailed("Invalid profile", [FieldError(required, "may not be empty")])
    _fill(expert, values)
    session.flush()
    after = to_read(expert).model_dump(mode="json")
    audit.record(session, actor, "expert.update", ENTITY, expert.id, before, after)
    session.commit()
    return to_read(expert)


def invite_expert(session: Session, actor: Actor, data: ExpertInvite) -> ExpertRead:
    """A coordinator creates the expert's account (role ``expert``) and links it to their profile."""
    actor.require(Permission.INVITE_EXPERTS)
    if (data.expert_id is None) == (data.profile is None):
        raise ValidationFailed("Invite", [FieldError("expert_id", "give either expert_id or profile")])
    if data.expert_id is not None:
        expert = repository.expert(session, data.expert_id)
        if expert is None:
            raise NotFound("No such expert", [FieldError("expert_id", str(data.expert_id))])
        if expert.user_id is not None:
            raise Conflict("Already invited", [FieldError("expert_id", "this expert already has an account")])
    # The account is created under the system actor: coordinators may invite experts, not manage users.
    try:
        account = UserCreate(username=data.username, password=data.password, roles=[Role.EXPERT])
    except ValidationError as exc:
        errors = [FieldError(".".join(str(p) for p in e["loc"]) or "username", e["msg"]) for e in exc.errors()]
        raise ValidationFailed("Invalid account", errors) from None
    user = accounts.create_user(session, Actor.system(), account)
    if data.profile is not None:
        expert = _add(session, actor, data.profile, user_id=user.id)
    else:
        assert data.expert_id is not None
        expert = repository.expert(session, data.expert_id)
        assert expert is not None
        expert.user_id = user.id
    audit.record(session, actor, "expert.invite", ENTITY, expert.id, None, {"username": data.username})
    session.commit()
    return to_read(expert)


def _theme_codes_matching(word: str) -> set[str]:
    """Themes whose English label has a word starting with ``word``, or whose Chinese label contains it."""
    if names.has_han(word):
        return {code for code, t in themes.themes().items() if len(word) >= 2 and word in t.term.label("zh_Hans")}
    folded = names.fold(word)
    if len(folded) < 3:
        return set()
    return {
        code
        for code, t in themes.themes().items()
        if any(w.startswith(folded) for w in re.split(r"[^a-z0-9]+", names.fold(t.term.label("en"))))
    }


def search(session: Session, actor: Actor, query: ExpertQuery) -> ExpertPage:
    """Filter by theme, region, sector, language; free text matches names (also pinyin), organisation, themes.

    Experts who did not consent to be listed are left out for everyone but coordinators. Without free text the
    page says how many matched but are not listed; with free text it says nothing, since a count for a name
    would tell whether that person is registered."""
    listed_only = not can_see_unlisted(actor)
    words = [w for w in query.q.split() if w]
    everyone = list(session.scalars(repository.filtered(query.region, query.sector)))
    matching = [e for e in everyone if _matches(e, words, query)]
    hits = [e for e in matching if e.consent_listed or not listed_only]
    hits.sort(key=lambda e: (names.fold(e.name), e.id))
    page = hits[query.offset : query.offset + query.limit]
    groups: dict[int, list[str]] = {}
    for membership in repository.memberships(session):
        groups.setdefault(membership.expert_id, []).append(membership.group_id)
    hidden = 0 if words else len(matching) - len(hits)
    return ExpertPage(total=len(hits), items=[to_read(e, groups.get(e.id, [])) for e in page], hidden=hidden)


def _matches(expert: Expert, words: list[str], query: ExpertQuery) -> bool:
    """Filters, then every word: a name, pinyin or organisation word starting with it (汉字: contained in the
    Chinese name or organisation), or a theme of the expert's named by it."""
    if query.theme and not set(query.theme) & set(expert.expertise):
        return False
    if query.language and not set(query.language) & set(expert.languages):
        return False
    latin = re.split(r"[^a-z0-9]+", names.search_key(expert.name, expert.pinyin, expert.organisation))
    for word in words:
        if names.has_han(word):
            if word in expert.name_zh or word in expert.organisation:
                continue
        elif any(w.startswith(names.fold(word)) for w in latin if w):
            continue
        if set(expert.expertise) & _theme_codes_matching(word):
            continue
        return False
    return True


def count(session: Session) -> int:
    return repository.count_experts(session)


def load_demo_experts(session: Session, actor: Actor) -> int:
    """Add the fictional demo experts unless they are there already; returns how many were added."""
    if repository.has_demo_experts(session):
        return 0
    from ic2permed.experts.demo import demo_experts

    people = demo_experts()
    for person in people:
        _add(session, actor, person, demo=True)
    session.commit()
    return len(people)
