"""Use cases of access requests: submit (from a draft or from scratch), review, negotiate per collection,
record compliance evidence, talk in threads, notify. The only module of the domain that commits.

Who may see what: a researcher sees their own requests; a biobank's representatives (its named managers)
see requests for their biobanks' collections, and only those collections; reviewers see everything.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ic2permed.access import (
    agreements,
    attachments,
    compliance,
    dossier,
    duo_match,
    labels,
    repository,
    webhooks,
    workflow,
)
from ic2permed.access.models import (
    AccessRequest,
    AgreementAcceptance,
    AgreementTemplate,
    Attachment,
    ChecklistStep,
    Message,
    Notification,
    OutboxMessage,
    RequestCollection,
    StateChange,
    WebhookEndpoint,
)
from ic2permed.access.schemas import (
    AcceptanceRead,
    AgreementCreate,
    AgreementRead,
    AttachmentRead,
    DeliveryReport,
    EvidenceIn,
    ExpiryIn,
    Finding,
    ItemAgreement,
    ItemRead,
    MessageCreate,
    MessageRead,
    NotificationRead,
    Preview,
    PreviewItem,
    RequestCreate,
    RequestDetail,
    RequestRead,
    StateChangeRead,
    StepRead,
    Transition,
    WebhookCreate,
    WebhookCreated,
)
from ic2permed.access.workflow import COLLECTION_TRANSITIONS, REQUEST_TRANSITIONS, CollectionState, Party, RequestState
from ic2permed.biobanks import service as biobanks
from ic2permed.biobanks.schemas import CollectionRead
from ic2permed.core.accounts import repository as accounts
from ic2permed.core.accounts import service as accounts_service
from ic2permed.core.audit import service as audit
from ic2permed.core.database import utcnow
from ic2permed.core.errors import FieldError, Forbidden, InvalidTransition, NotFound, Unauthorized, ValidationFailed
from ic2permed.core.i18n import N_, gettext, pick
from ic2permed.core.permissions import Actor, Permission
from ic2permed.core.vocab.jurisdictions import jurisdiction_of

DISCLAIMER = "Guidance, not legal advice."
# The API's 409 keeps the step ids (a contract); pages say the same with the steps' titles (`blocked_message`).
LACKING_EVIDENCE = N_("Cannot make the collection available: these compliance steps lack evidence")
LACKING_AGREEMENTS = N_("Cannot make the collection available: these agreements are not accepted by both parties")
SYSTEM_NAME = "system"
WITHHELD = "withheld: a bundled or demo directory address (an admin may allow it: IC2PERMED_MAIL_BUNDLED_CONTACTS)"


# ----- who is acting ------------------------------------------------------------------------------------------


def _require_user(actor: Actor) -> int | None:
    """The acting user's id; None for the platform itself (`system`); anonymous visitors must log in."""
    if actor.id is None and actor.username != SYSTEM_NAME:
        raise Unauthorized("Log in to see access requests.")
    return actor.id


def _requester_id(actor: Actor) -> int:
    actor.require(Permission.DRAFT_ACCESS_REQUEST)
    if actor.id is None:
        raise Forbidden("Only a logged-in researcher can submit an access request.")
    return actor.id


def _is_reviewer(actor: Actor) -> bool:
    return actor.can(Permission.REVIEW_ACCESS_REQUEST)


def _represented(session: Session, actor: Actor) -> set[str]:
    if not actor.can(Permission.ANSWER_OWN_ACCESS_REQUEST):
        return set()
    return biobanks.managed_biobank_ids(session, actor)


def _parties(session: Session, actor: Actor, request: AccessRequest, item: RequestCollection | None) -> set[Party]:
    parties: set[Party] = set()
    if actor.username == SYSTEM_NAME and actor.id is None:
        parties.add(Party.SYSTEM)
    if actor.id is not None and actor.id == request.requester_id:
        parties.add(Party.REQUESTER)
    if _is_reviewer(actor):
        parties.add(Party.REVIEWER)
    own = _represented(session, actor)
    if own:
        biobank_ids = {item.biobank_id} if item else {i.biobank_id for i in repository.items_of(session, request.id)}
        if own & biobank_ids:
            parties.add(Party.REPRESENTATIVE)
    return parties


def _visible_request(session: Session, actor: Actor, request_id: int) -> tuple[AccessRequest, set[Party]]:
    _require_user(actor)
    request = session.get(AccessRequest, request_id)
    parties = _parties(session, actor, request, None) if request else set()
    if request is None or not parties:
        raise NotFound(f"No access request {request_id}.")  # never reveal that someone else's request exists
    return request, parties


def _visible_items(
    session: Session, actor: Actor, request: AccessRequest, parties: set[Party]
) -> list[RequestCollection]:
    items = list(repository.items_of(session, request.id))
    if Party.REQUESTER in parties or Party.REVIEWER in parties or Party.SYSTEM in parties:
        return items
    own = _represented(session, actor)
    return [i for i in items if i.biobank_id in own]


def _item(session: Session, actor: Actor, request: AccessRequest, item_id: int) -> tuple[RequestCollection, set[Party]]:
    item = session.get(RequestCollection, item_id)
    if item is None or item.request_id != request.id:
        raise NotFound(f"No collection {item_id} in request {request.id}.")
    parties = _parties(session, actor, request, item)
    if not parties:
        raise NotFound(f"No collection {item_id} in request {request.id}.")
    return item, parties


# ----- reading ------------------------------------------------------------------------------------------------


def _username(session: Session, user_id: int | None) -> str:
    user = accounts.by_id(session, user_id) if user_id is not None else None
    return user.username if user else ""


def _read(session: Session, request: AccessRequest) -> RequestRead:
    return RequestRead(
        id=request.id,
        requester=_username(session, request.requester_id),
        title=request.title,
        investigator=request.investigator,
        institution=request.institution,
        country=request.country,
        jurisdiction=request.jurisdiction,
        purpose=request.purpose,
        state=request.state,
        rules_version=request.rules_version,
        submitted_on=request.submitted_on,
        items=len(repository.items_of(session, request.id)),
        updated_at=request.updated_at,
    )


def list_requests(session: Session, actor: Actor) -> list[RequestRead]:
    user_id = _require_user(actor)
    rows = repository.requests_visible(
        session, everyone=_is_reviewer(actor), requester_id=user_id, biobank_ids=_represented(session, actor)
    )
    return [_read(session, r) for r in rows]


def _use(request: AccessRequest) -> duo_match.Use:
    return duo_match.Use(
        terms=tuple(request.duo_terms),
        commercial=request.purpose == "commercial",
        for_profit=request.for_profit,
        genetic=request.data_kind == "genetic" or "material" in request.moves,
    )


def _findings(conditions: list[str], use: duo_match.Use) -> list[Finding]:
    return [Finding(code=f.code, kind=f.kind, message=f.message) for f in duo_match.match(conditions, use)]


def _step_read(row: ChecklistStep) -> StepRead:
    return StepRead(
        step_id=row.step_id,
        title_en=row.title_en,
        title_zh=row.title_zh,
        legal_basis=row.legal_basis,
        legal_basis_zh=compliance.rules().legal_basis_zh(row.legal_basis),
        citations=list(row.citations),
        authority=row.authority,
        actor=row.actor,
        status=row.status,
        document=row.document,
        reference=row.reference,
        evidence_date=row.evidence_date,
        note=row.note,
        completed_by=row.completed_by,
        completed_at=row.completed_at,
    )


def missing_evidence(session: Session, item: RequestCollection) -> list[str]:
    return [s.step_id for s in repository.steps_of(session, item.id) if s.status != "done"]


def _agreement_read(row: AgreementTemplate) -> AgreementRead:
    return AgreementRead.model_validate(row, from_attributes=True)


def _current_agreements(session: Session, request: AccessRequest, item: RequestCollection) -> list[AgreementTemplate]:
    templates = repository.agreement_templates(session, {item.biobank_id})
    return agreements.current(templates, item.biobank_id, request.moves)


def item_agreements(session: Session, request: AccessRequest, item: RequestCollection) -> list[ItemAgreement]:
    """The versions in force for this collection (with who accepted them and who has yet to), then any earlier
    version someone accepted here (kept in the record)."""
    current = _current_agreements(session, request, item)
    accepted = list(repository.acceptances_of(session, item.id))
    found = []
    for template in current:
        done = [a for a in accepted if a.template_id == template.id]
        parties = {a.party for a in done}
        found.append(
            ItemAgreement(
                template=_agreement_read(template),
                current=True,
                accepted=[AcceptanceRead.model_validate(a, from_attributes=True) for a in done],
                missing=[p for p in agreements.PARTIES if p not in parties],
            )
        )
    current_ids = {t.id for t in current}
    for template_id in dict.fromkeys(a.template_id for a in accepted if a.template_id not in current_ids):
        earlier = session.get(AgreementTemplate, template_id)
        if earlier is not None:
            found.append(
                ItemAgreement(
                    template=_agreement_read(earlier),
                    current=False,
                    accepted=[
                        AcceptanceRead.model_validate(a, from_attributes=True)
                        for a in accepted
                        if a.template_id == template_id
                    ],
                )
            )
    return found


def missing_agreements(session: Session, request: AccessRequest, item: RequestCollection) -> list[str]:
    """`kind version: party` for each current agreement version a party has not accepted yet."""
    return [
        f"{a.template.kind} {a.template.version}: {party}"
        for a in item_agreements(session, request, item)
        if a.current
        for party in a.missing
    ]


def _item_read(session: Session, request: AccessRequest, item: RequestCollection, parties: set[Party]) -> ItemRead:
    active = request.state == RequestState.IN_PROGRESS
    item_parties = parties | ({Party.REPRESENTATIVE} if Party.REPRESENTATIVE in parties else set())
    return ItemRead(
        id=item.id,
        collection_id=item.collection_id,
        biobank_id=item.biobank_id,
        name_en=item.name_en,
        name_zh=item.name_zh,
        provider_jurisdiction=item.provider_jurisdiction,
        ciio=item.ciio,
        subjects_counted=item.subjects_counted,
        access_conditions=list(item.access_conditions),
        state=item.state,
        expires_on=item.expires_on,
        revoked_at=item.revoked_at,
        duo_findings=_findings(list(item.access_conditions), _use(request)),
        checklist=[_step_read(s) for s in repository.steps_of(session, item.id)],
        missing_evidence=missing_evidence(session, item),
        agreements=item_agreements(session, request, item),
        next_states=workflow.allowed_targets(COLLECTION_TRANSITIONS, item.state, frozenset(item_parties))
        if active
        else [],
        your_parties=sorted(p.value for p in parties),
    )


def get_request(session: Session, actor: Actor, request_id: int) -> RequestDetail:
    request, parties = _visible_request(session, actor, request_id)
    items = _visible_items(session, actor, request, parties)
    item_ids = {i.id for i in items}
    item_parties = {i.id: _parties(session, actor, request, i) for i in items}
    base = _read(session, request).model_dump()
    return RequestDetail(
        **base,
        description=request.description,
        materials=list(request.materials),
        data_categories=list(request.data_categories),
        amounts=request.amounts,
        duo_terms=list(request.duo_terms),
        for_profit=request.for_profit,
        moves=list(request.moves),
        data_kind=request.data_kind,
        identifiability=request.identifiability,
        subjects=request.subjects,
        important_data=request.important_data,
        criteria=list(request.criteria),
        draft_id=request.draft_id,
        collections=[_item_read(session, request, i, item_parties[i.id]) for i in items],
        history=[
            StateChangeRead(
                item_id=h.item_id,
                source=h.source,
                target=h.target,
                party=h.party,
                actor_name=h.actor_name,
                reason=h.reason,
                at=h.at,
            )
            for h in repository.history_of(session, request.id)
            if h.item_id is None or h.item_id in item_ids
        ],
        messages=[
            MessageRead(id=m.id, item_id=m.item_id, author_name=m.author_name, body=m.body, at=m.at)
            for m in repository.messages_of(session, request.id)
            if (m.item_id is None and parties - {Party.REPRESENTATIVE}) or m.item_id in item_ids
        ],
        next_states=workflow.allowed_targets(REQUEST_TRANSITIONS, request.state, frozenset(parties)),
        disclaimer=DISCLAIMER,
        your_parties=sorted(p.value for p in parties),
    )


# ----- submitting -----------------------------------------------------------------------------------------------


def _collections(session: Session, actor: Actor, data: RequestCreate) -> tuple[list[CollectionRead], list[str]]:
    ids = list(data.collection_ids)
    criteria: list[str] = []
    if data.draft_id is not None:
        draft = biobanks.get_request_draft(session, actor, data.draft_id)
        if draft.request_id is not None:
            raise ValidationFailed(
                "Draft already submitted",
                [FieldError("draft_id", f"draft {draft.id} was submitted as access request {draft.request_id}")],
            )
        ids = list(dict.fromkeys([*draft.collection_ids, *ids]))
        criteria = list(draft.criteria)
    if not ids:
        raise ValidationFailed(
            "Choose collections", [FieldError("collection_ids", "give collection ids or a draft with collections")]
        )
    found: list[CollectionRead] = []
    for collection_id in ids:
        try:
            found.append(biobanks.get_collection(session, collection_id))
        except NotFound:
            raise ValidationFailed(
                "Unknown collection", [FieldError("collection_ids", f"no collection {collection_id!r}")]
            ) from None
    return found, criteria


def _counted(session: Session, data: RequestCreate | AccessRequest, biobank_id: str, provider: str, on: date) -> int:
    """People counted against the CAC volume thresholds for this transfer: the request's own, plus (when the rules in
    force count cumulatively) the provider's earlier requests moving personal data out of mainland China since
    1 January of the year the rules name. Requests declined or abandoned do not count."""
    since = compliance.rules().counted_since(on)
    recipient = jurisdiction_of(data.country)
    personal = "data" in data.moves and data.identifiability != "anonymous"
    if since is None or provider != "CN" or recipient == "CN" or not personal:
        return data.subjects
    earlier = [
        r
        for r in repository.earlier_exports(session, biobank_id, since, on)
        if r is not data and "data" in r.moves and r.identifiability != "anonymous" and r.jurisdiction != "CN"
    ]
    return data.subjects + sum(r.subjects for r in earlier)


def _transfer(
    data: RequestCreate | AccessRequest, provider: str, on: date, ciio: bool, subjects: int | None = None
) -> compliance.Transfer:
    return compliance.Transfer(
        provider=provider,
        recipient=jurisdiction_of(data.country),
        moves=frozenset(data.moves),
        on=on,
        data_kind=data.data_kind,
        identifiability=data.identifiability,
        subjects=data.subjects if subjects is None else subjects,
        ciio=ciio,
        purpose=data.purpose,
        important_data=data.important_data,
    )


def _steps(
    data: RequestCreate | AccessRequest, provider: str, on: date, ciio: bool, subjects: int | None = None
) -> list[StepRead]:
    return [
        StepRead(
            step_id=s.id,
            title_en=s.title_en,
            title_zh=s.title_zh,
            legal_basis=s.legal_basis,
            legal_basis_zh=s.legal_basis_zh,
            citations=list(s.citations),
            authority=s.authority,
            actor=s.actor,
        )
        for s in compliance.rules().steps_for(_transfer(data, provider, on, ciio, subjects))
    ]


def preview(session: Session, actor: Actor, data: RequestCreate, on: date | None = None) -> Preview:
    """DUO mismatches and compliance steps per collection, before anything is submitted."""
    actor.require(Permission.DRAFT_ACCESS_REQUEST)
    day = on or date.today()
    collections, _criteria = _collections(session, actor, data)
    use = duo_match.Use(
        terms=tuple(data.duo_terms),
        commercial=data.purpose == "commercial",
        for_profit=data.for_profit,
        genetic=data.data_kind == "genetic" or "material" in data.moves,
    )
    items = []
    for c in collections:
        biobank = biobanks.get_biobank(session, c.biobank_id)
        provider = jurisdiction_of(biobank.country)
        counted = _counted(session, data, c.biobank_id, provider, day)
        items.append(
            PreviewItem(
                collection_id=c.id,
                biobank_id=c.biobank_id,
                name_en=c.name_en,
                name_zh=c.name_zh,
                provider_jurisdiction=provider,
                duo_findings=_findings(list(c.access_conditions), use),
                ciio=biobank.ciio,
                subjects_counted=counted,
                steps=_steps(data, provider, day, biobank.ciio, counted),
            )
        )
    return Preview(
        rules_version=compliance.rules().version,
        recipient_jurisdiction=jurisdiction_of(data.country),
        collections=items,
        disclaimer=DISCLAIMER,
    )


def _log(
    session: Session,
    actor: Actor,
    request: AccessRequest,
    item: RequestCollection | None,
    source: str,
    target: str,
    party: Party,
    reason: str = "",
) -> None:
    session.add(
        StateChange(
            request_id=request.id,
            item_id=item.id if item else None,
            source=source,
            target=target,
            party=party.value,
            actor_name=actor.username,
            reason=reason,
        )
    )
    _enqueue_state_change(session, request, item, source, target)
    entity = ("access_request_item", item.id) if item else ("access_request", request.id)
    audit.record(
        session,
        actor,
        "access_request.transition",
        entity[0],
        entity[1],
        {"state": source},
        {"state": target, "reason": reason},
    )


def _notify(session: Session, user_ids: set[int], request: AccessRequest, key: str, **data: Any) -> None:
    """Store the message key (an English catalogue msgid with {placeholders}) and its parameters, so each reader
    sees the notification in their own language."""
    for user_id in sorted(user_ids):
        session.add(Notification(user_id=user_id, request_id=request.id, text=key, data=data))


def _collection_names(item: RequestCollection) -> dict[str, str]:
    return {"collection_en": item.name_en, "collection_zh": item.name_zh}


def render_message(locale: str, key: str, data: dict[str, Any]) -> str:
    """A stored message key with its parameters, in `locale`: states and collection names are localised too."""
    values: dict[str, Any] = {k: v for k, v in data.items() if isinstance(v, str | int)}
    values["collection"] = pick(locale, data.get("collection_en"), data.get("collection_zh"))
    if "state" in data:
        values["state"] = labels.code_labels(locale)["state"](str(data["state"]))
    try:
        return gettext(locale, key).format(**values)
    except (KeyError, IndexError, ValueError):
        return key  # an old row stored as plain text, or a key whose parameters went missing


def _bilingual(key: str, separator: str = "\n\n", **data: Any) -> str:
    """A mail text in English, then Chinese (the biobank contact's language is not known); a subject is one line."""
    return separator.join(dict.fromkeys(render_message(locale, key, data) for locale in ("en", "zh_Hans")))


def _reviewer_ids(session: Session) -> set[int]:
    actors = [accounts_service.actor_for(user) for user in accounts.all_users(session)]
    return {a.id for a in actors if a.id is not None and a.can(Permission.REVIEW_ACCESS_REQUEST)}


def submit(session: Session, actor: Actor, data: RequestCreate, on: date | None = None) -> RequestDetail:
    """Submit a request; it waits for the access committee (reviewers) in `under_review`."""
    user_id = _requester_id(actor)
    day = on or date.today()
    collections, criteria = _collections(session, actor, data)
    request = AccessRequest(
        requester_id=user_id,
        draft_id=data.draft_id,
        title=data.title,
        description=data.description,
        investigator=data.investigator,
        institution=data.institution,
        country=data.country,
        jurisdiction=jurisdiction_of(data.country),
        materials=list(data.materials),
        data_categories=list(data.data_categories),
        amounts=data.amounts,
        duo_terms=list(data.duo_terms),
        purpose=data.purpose,
        for_profit=data.for_profit,
        moves=list(data.moves),
        data_kind=data.data_kind,
        identifiability=data.identifiability,
        subjects=data.subjects,
        important_data=data.important_data,
        criteria=criteria,
        state=RequestState.UNDER_REVIEW,
        rules_version=compliance.rules().version,
        submitted_on=day,
    )
    session.add(request)
    session.flush()
    for c in collections:
        biobank = biobanks.get_biobank(session, c.biobank_id)
        provider = jurisdiction_of(biobank.country)
        counted = _counted(session, request, c.biobank_id, provider, day)
        item = RequestCollection(
            request_id=request.id,
            collection_id=c.id,
            biobank_id=c.biobank_id,
            name_en=c.name_en,
            name_zh=c.name_zh,
            provider_jurisdiction=provider,
            access_conditions=list(c.access_conditions),
            ciio=biobank.ciio,
            subjects_counted=counted,
            state=CollectionState.SUBMITTED,
        )
        session.add(item)
        session.flush()
        for position, step in enumerate(_steps(request, provider, day, biobank.ciio, counted)):
            session.add(
                ChecklistStep(
                    item_id=item.id,
                    position=position,
                    step_id=step.step_id,
                    title_en=step.title_en,
                    title_zh=step.title_zh,
                    legal_basis=step.legal_basis,
                    citations=step.citations,
                    authority=step.authority,
                    actor=step.actor,
                )
            )
    if data.draft_id is not None:
        biobanks.mark_draft_submitted(session, actor, data.draft_id, request.id)
    _log(session, actor, request, None, "", RequestState.UNDER_REVIEW, Party.REQUESTER)
    audit.record(
        session, actor, "access_request.submit", "access_request", request.id, None, data.model_dump(mode="json")
    )
    _notify(session, _reviewer_ids(session), request, N_("New access request to review: {title}"), title=request.title)
    session.commit()
    return get_request(session, actor, request.id)


# ----- moving ---------------------------------------------------------------------------------------------------


def _acting_party(parties: set[Party], transition: workflow.Transition) -> Party:
    for party in (Party.SYSTEM, Party.REVIEWER, Party.REPRESENTATIVE, Party.REQUESTER):
        if party in parties and party in transition.parties:
            return party
    raise Forbidden("Not allowed.")  # pragma: no cover - check() already refused


def move_request(session: Session, actor: Actor, request_id: int, change: Transition) -> RequestDetail:
    request, parties = _visible_request(session, actor, request_id)
    source = request.state
    transition = workflow.check(REQUEST_TRANSITIONS, source, change.target, frozenset(parties))
    party = _acting_party(parties, transition)
    request.state = change.target
    request.updated_at = utcnow()
    _log(session, actor, request, None, source, change.target, party, change.reason)
    requester = {request.requester_id}
    if source == RequestState.UNDER_REVIEW and change.target == RequestState.IN_PROGRESS:
        system = Actor(id=None, username=SYSTEM_NAME)
        for item in repository.items_of(session, request.id):
            managers = set(biobanks.manager_user_ids(session, item.biobank_id))
            target = (
                CollectionState.REPRESENTATIVE_CONTACTED if managers else CollectionState.REPRESENTATIVE_UNREACHABLE
            )
            _log(
                session,
                system,
                request,
                item,
                item.state,
                target,
                Party.SYSTEM,
                "" if managers else "no representative",
            )
            item.state = target
            item.updated_at = utcnow()
            names = _collection_names(item)
            _notify(
                session,
                managers,
                request,
                N_("An access request asks for your collection {collection}"),
                item=item.id,
                **names,
            )
            _enqueue_mail(
                session,
                item.biobank_id,
                _bilingual(N_("Access request #{request}: {title}"), " / ", request=request.id, title=request.title),
                _bilingual(
                    N_("An access request asks for {collection}. Answer it in IC2PerMed (request #{request})."),
                    request=request.id,
                    **names,
                ),
            )
    _notify(
        session,
        requester - ({actor.id} if actor.id else set()),
        request,
        N_("Request is now: {state}"),
        state=change.target,
    )
    session.commit()
    return get_request(session, actor, request.id)


def move_item(session: Session, actor: Actor, request_id: int, item_id: int, change: Transition) -> RequestDetail:
    request, _ = _visible_request(session, actor, request_id)
    item, parties = _item(session, actor, request, item_id)
    if request.state != RequestState.IN_PROGRESS:
        raise InvalidTransition(
            f"The request is {request.state}; collections move only while it is {RequestState.IN_PROGRESS}."
        )
    source = item.state
    transition = workflow.check(COLLECTION_TRANSITIONS, source, change.target, frozenset(parties))
    if change.target == CollectionState.MADE_AVAILABLE:
        missing = missing_evidence(session, item)
        unsigned = missing_agreements(session, request, item)
        if missing or unsigned:
            said = [f"{LACKING_EVIDENCE}: {', '.join(missing)}." if missing else ""]
            said.append(f"{LACKING_AGREEMENTS}: {'; '.join(unsigned)}." if unsigned else "")
            raise InvalidTransition(
                " ".join(part for part in said if part),
                [FieldError("checklist", step) for step in missing] + [FieldError("agreements", a) for a in unsigned],
            )
        item.expires_on = change.expires_on
    party = _acting_party(parties, transition)
    item.state = change.target
    item.updated_at = utcnow()
    request.updated_at = utcnow()
    _log(session, actor, request, item, source, change.target, party, change.reason)
    watchers = {request.requester_id, *biobanks.manager_user_ids(session, item.biobank_id)}
    _notify(
        session,
        watchers - ({actor.id} if actor.id else set()),
        request,
        N_("{collection}: {state}"),
        item=item.id,
        state=change.target,
        **_collection_names(item),
    )
    session.commit()
    return get_request(session, actor, request.id)


def revoke(session: Session, actor: Actor, request_id: int, item_id: int, reason: str) -> RequestDetail:
    """Withdraw granted access (representative or reviewer); the grant stays in the record, marked revoked."""
    request, _ = _visible_request(session, actor, request_id)
    item, parties = _item(session, actor, request, item_id)
    if not parties & {Party.REPRESENTATIVE, Party.REVIEWER}:
        raise Forbidden("Only the biobank's representatives or a reviewer may revoke access.")
    if item.state != CollectionState.MADE_AVAILABLE or item.revoked_at is not None:
        raise InvalidTransition(f"Only access that was made available can be revoked (this one is {item.state}).")
    item.revoked_at = utcnow()
    audit.record(session, actor, "access_request.revoke", "access_request_item", item.id, None, {"reason": reason})
    _notify(
        session,
        {request.requester_id},
        request,
        N_("{collection}: access revoked"),
        item=item.id,
        **_collection_names(item),
    )
    session.commit()
    return get_request(session, actor, request.id)


def set_expiry(session: Session, actor: Actor, request_id: int, item_id: int, data: ExpiryIn) -> RequestDetail:
    """Set, change or clear the date granted access ends (the biobank's representatives or a reviewer)."""
    request, _ = _visible_request(session, actor, request_id)
    item, parties = _item(session, actor, request, item_id)
    if not parties & {Party.REPRESENTATIVE, Party.REVIEWER}:
        raise Forbidden("Only the biobank's representatives or a reviewer may set when access ends.")
    if item.state != CollectionState.MADE_AVAILABLE or item.revoked_at is not None:
        raise InvalidTransition(f"Only access that was made available can expire (this one is {item.state}).")
    before = {"expires_on": item.expires_on.isoformat() if item.expires_on else None}
    item.expires_on = data.expires_on
    item.updated_at = utcnow()
    after = {"expires_on": data.expires_on.isoformat() if data.expires_on else None, "reason": data.reason}
    audit.record(session, actor, "access_request.expiry", "access_request_item", item.id, before, after)
    _notify(
        session,
        {request.requester_id} - ({actor.id} if actor.id else set()),
        request,
        N_("{collection}: access until {day}") if data.expires_on else N_("{collection}: access without end date"),
        item=item.id,
        day=data.expires_on.isoformat() if data.expires_on else "",
        **_collection_names(item),
    )
    session.commit()
    return get_request(session, actor, request.id)


# ----- access agreements ----------------------------------------------------------------------------------------


def list_agreements(session: Session, actor: Actor, biobank_id: str | None = None) -> list[AgreementRead]:
    """Every version of every agreement (or one biobank's and the platform's), oldest first; for logged-in users."""
    _require_user(actor)
    rows = repository.agreement_templates(session, {biobank_id} if biobank_id else None)
    return [_agreement_read(r) for r in rows]


def agreement_biobanks(session: Session, actor: Actor) -> list[str]:
    """The biobanks `actor` may write agreements for ("" is platform-wide, for reviewers)."""
    own = sorted(_represented(session, actor))
    return ["", *own] if _is_reviewer(actor) else own


def add_agreement(session: Session, actor: Actor, data: AgreementCreate) -> AgreementRead:
    """A new version of a biobank's agreement (its representative, or a reviewer) or a platform-wide one (reviewer).

    Versions are never edited: requests accept the newest version from now on; earlier acceptances stay."""
    _require_user(actor)
    biobank_id = data.biobank_id or ""
    if biobank_id:
        if not (_is_reviewer(actor) or biobank_id in _represented(session, actor)):
            raise Forbidden(f"You do not represent biobank {biobank_id!r}.")
        try:
            biobanks.get_biobank(session, biobank_id)
        except NotFound:
            raise ValidationFailed(
                "Unknown biobank", [FieldError("biobank_id", f"no biobank {biobank_id!r}")]
            ) from None
    elif not _is_reviewer(actor):
        raise Forbidden("Only reviewers write platform-wide agreements.")
    taken = any(
        t.kind == data.kind and t.version == data.version and t.biobank_id == biobank_id
        for t in repository.agreement_templates(session, {biobank_id})
    )
    if taken:
        raise ValidationFailed(
            "Version exists", [FieldError("version", f"{data.kind} version {data.version!r} exists; give a new one")]
        )
    row = AgreementTemplate(
        biobank_id=biobank_id,
        kind=data.kind,
        version=data.version,
        title=data.title,
        text=data.text,
        url=data.url,
        created_by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "access_agreement.create",
        "access_agreement",
        row.id,
        None,
        _agreement_read(row).model_dump(mode="json"),
    )
    session.commit()
    return _agreement_read(row)


def accept_agreement(session: Session, actor: Actor, request_id: int, item_id: int, template_id: int) -> RequestDetail:
    """The requester, or the biobank's representative, accepts the version in force for this collection.

    When both sides have accepted an MTA or DTA, the checklist's contract step records that version as evidence."""
    request, _ = _visible_request(session, actor, request_id)
    item, parties = _item(session, actor, request, item_id)
    sides = [p for p in (Party.REQUESTER, Party.REPRESENTATIVE) if p in parties]
    if not sides:
        raise Forbidden("Only the requester or the biobank's representatives accept agreements.")
    if request.state != RequestState.IN_PROGRESS or item.state in workflow.TERMINAL_COLLECTION_STATES:
        raise InvalidTransition(f"Agreements are accepted while the collection is negotiated (it is {item.state}).")
    template = next((t for t in _current_agreements(session, request, item) if t.id == template_id), None)
    if template is None:
        raise InvalidTransition(f"Agreement {template_id} is not a version in force for this collection.")
    for side in sides:
        if repository.acceptance(session, item.id, template.id, side.value) is None:
            session.add(
                AgreementAcceptance(
                    item_id=item.id, template_id=template.id, party=side.value, actor_name=actor.username
                )
            )
            audit.record(
                session,
                actor,
                "access_request.agreement",
                "access_request_item",
                item.id,
                None,
                {"agreement": template.id, "kind": template.kind, "version": template.version, "party": side.value},
            )
    session.flush()
    _evidence_from_agreement(session, item, template)
    others = {request.requester_id, *biobanks.manager_user_ids(session, item.biobank_id)}
    _notify(
        session,
        others - ({actor.id} if actor.id else set()),
        request,
        N_("{collection}: {actor} accepted {agreement} {version}"),
        item=item.id,
        actor=actor.username,
        agreement=template.title,
        version=template.version,
        **_collection_names(item),
    )
    session.commit()
    return get_request(session, actor, request.id)


def _evidence_from_agreement(session: Session, item: RequestCollection, template: AgreementTemplate) -> None:
    step_id = agreements.STEP_OF_KIND.get(template.kind)
    row = repository.step(session, item.id, step_id) if step_id else None
    accepted = [a for a in repository.acceptances_of(session, item.id) if a.template_id == template.id]
    if row is None or row.status == "done" or {a.party for a in accepted} != set(agreements.PARTIES):
        return
    row.document = template.title
    row.reference = f"{template.kind.upper()} {template.version}"
    row.evidence_date = max(a.accepted_at for a in accepted).date()
    row.note = "; ".join(f"{a.party}: {a.actor_name} {a.accepted_at:%Y-%m-%d %H:%M}" for a in accepted)
    row.status = "done"
    row.completed_by = SYSTEM_NAME
    row.completed_at = utcnow()


# ----- checklist evidence ---------------------------------------------------------------------------------------


def record_evidence(
    session: Session, actor: Actor, request_id: int, item_id: int, step_id: str, evidence: EvidenceIn
) -> StepRead:
    """The party the step names (or a reviewer) records the document, reference and date that prove it done."""
    request, _ = _visible_request(session, actor, request_id)
    item, parties = _item(session, actor, request, item_id)
    row = repository.step(session, item.id, step_id)
    if row is None:
        raise NotFound(f"No compliance step {step_id!r} for this collection.")
    allowed = {"PROVIDER": {Party.REPRESENTATIVE}, "RECIPIENT": {Party.REQUESTER}}.get(
        row.actor, {Party.REPRESENTATIVE, Party.REQUESTER}
    ) | {Party.REVIEWER}
    if not parties & allowed:
        raise Forbidden(f"Step {step_id} is for the {row.actor.lower()} to evidence.")
    before = _step_read(row).model_dump(mode="json")
    row.document = evidence.document
    row.reference = evidence.reference
    row.evidence_date = evidence.evidence_date
    row.note = evidence.note
    row.status = "done"
    row.completed_by = actor.username
    row.completed_at = utcnow()
    audit.record(
        session,
        actor,
        "access_request.evidence",
        "access_checklist_step",
        row.id,
        before,
        _step_read(row).model_dump(mode="json"),
    )
    session.commit()
    return _step_read(row)


# ----- threads and notifications --------------------------------------------------------------------------------


def post_message(
    session: Session, actor: Actor, request_id: int, item_id: int | None, data: MessageCreate
) -> MessageRead:
    request, parties = _visible_request(session, actor, request_id)
    if item_id is not None:
        item, _ = _item(session, actor, request, item_id)
        watchers = {request.requester_id, *biobanks.manager_user_ids(session, item.biobank_id)}
    else:
        if parties == {Party.REPRESENTATIVE}:
            raise Forbidden("Representatives write in their collection's thread.")
        watchers = {request.requester_id}
    message = Message(
        request_id=request.id, item_id=item_id, author_id=actor.id, author_name=actor.username, body=data.body
    )
    session.add(message)
    session.flush()
    audit.record(
        session,
        actor,
        "access_request.message",
        "access_message",
        message.id,
        None,
        {"item": item_id, "body": data.body},
    )
    _notify(session, watchers - ({actor.id} if actor.id else set()), request, N_("New message"), message=message.id)
    session.commit()
    return MessageRead(
        id=message.id, item_id=item_id, author_name=message.author_name, body=message.body, at=message.at
    )


def notifications(session: Session, actor: Actor) -> list[NotificationRead]:
    user_id = _require_user(actor)
    if user_id is None:
        return []
    return [
        NotificationRead(
            id=n.id,
            request_id=n.request_id,
            text=render_message(actor.locale, n.text, n.data),
            at=n.at,
            read_at=n.read_at,
        )
        for n in repository.notifications_of(session, user_id)
    ]


# ----- export ---------------------------------------------------------------------------------------------------


def export(session: Session, actor: Actor, request_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Each visible request with its states, checklist steps and evidence (the CLI's `export --format json`)."""
    ids = request_ids if request_ids is not None else [r.id for r in list_requests(session, actor)]
    return [get_request(session, actor, rid).model_dump(mode="json") for rid in ids]


def dossier_pdf(session: Session, actor: Actor, request_id: int) -> bytes:
    return dossier.pdf(get_request(session, actor, request_id), actor.locale)


# ----- what pages show ------------------------------------------------------------------------------------------


def blocked_message(exc: InvalidTransition, locale: str) -> str:
    """A refusal in `locale`: when it lists steps lacking evidence (by id), they are named by their titles."""
    steps = [e.message for e in exc.errors if e.field == "checklist"]
    unsigned = [e.message for e in exc.errors if e.field == "agreements"]
    if not steps and not unsigned:
        return exc.detail
    separator = "、" if locale == "zh_Hans" else "; "
    parts = []
    if steps:
        titles = [labels.step_title(step, locale) for step in steps]
        parts.append(f"{gettext(locale, LACKING_EVIDENCE)}: {separator.join(titles)}.")
    if unsigned:
        parts.append(
            f"{gettext(locale, LACKING_AGREEMENTS)}: {separator.join(_agreement_label(a, locale) for a in unsigned)}."
        )
    return " ".join(parts)


def _agreement_label(missing: str, locale: str) -> str:
    """`mta 2.0: requester` in words of `locale`."""
    head, _, party = missing.rpartition(": ")
    kind, _, version = head.partition(" ")
    name = gettext(locale, agreements.KIND_LABELS.get(kind, kind))
    who = gettext(locale, workflow.PARTY_LABELS.get(party, party))
    return f"{name} {version} ({who})"


def code_labels(locale: str) -> dict[str, Any]:
    """Bilingual labels for the codes a page shows (states, authorities, actors, jurisdictions, DUO, values)."""
    return labels.code_labels(locale)


def new_request_form(
    session: Session,
    actor: Actor,
    draft_id: int | None,
    collection_ids: list[str],
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What the request form starts from: a draft's collections, title and purpose, or the given collections."""
    actor.require(Permission.DRAFT_ACCESS_REQUEST)
    form: dict[str, Any] = {
        "draft_id": draft_id,
        "collection_ids": list(collection_ids),
        "title": "",
        "description": "",
        "investigator": "",
        "institution": "",
        "country": "",
        "materials": [],
        "amounts": "",
        "duo_terms": ["HMB"],
        "purpose": "research",
        "moves": ["material", "data"],
        "data_kind": "genetic",
        "identifiability": "pseudonymised",
        "subjects": 1000,
        "important_data": False,
        "criteria": [],
    }
    if draft_id is not None:
        draft = biobanks.get_request_draft(session, actor, draft_id)
        form.update(title=draft.title, description=draft.purpose, criteria=list(draft.criteria))
        form["collection_ids"] = list(dict.fromkeys([*draft.collection_ids, *collection_ids]))
    if values:
        form.update({k: v for k, v in values.items() if k in form})
    shown = []
    for collection_id in form["collection_ids"]:
        try:
            c = biobanks.get_collection(session, collection_id)
        except NotFound:
            continue
        shown.append(c)
    form["collections"] = shown
    return form


# ----- webhooks, e-mail and reminders ---------------------------------------------------------------------------

SendWebhook = Callable[[str, dict[str, str], str], int]  # url, headers, body -> HTTP status
SendMail = Callable[[str, str, str], None]  # to, subject, body


def add_webhook(session: Session, actor: Actor, data: WebhookCreate, allow_insecure: bool = False) -> WebhookCreated:
    """A biobank's representative (or a reviewer) registers where its systems hear of state changes."""
    _require_user(actor)
    if not (_is_reviewer(actor) or data.biobank_id in _represented(session, actor)):
        raise Forbidden(f"You do not represent biobank {data.biobank_id!r}.")
    biobanks.get_biobank(session, data.biobank_id)
    webhooks.check_url(data.url, allow_insecure)
    endpoint = WebhookEndpoint(
        biobank_id=data.biobank_id, url=data.url.strip(), secret=webhooks.new_secret(), created_by=actor.username
    )
    session.add(endpoint)
    session.flush()
    audit.record(session, actor, "access_webhook.create", "access_webhook", endpoint.id, None, {"url": endpoint.url})
    session.commit()
    return WebhookCreated(id=endpoint.id, biobank_id=endpoint.biobank_id, url=endpoint.url, secret=endpoint.secret)


def _enqueue_state_change(
    session: Session, request: AccessRequest, item: RequestCollection | None, source: str, target: str
) -> None:
    biobank_ids = {item.biobank_id} if item else {i.biobank_id for i in repository.items_of(session, request.id)}
    payload = {
        "type": "access_request.state_changed",
        "timestamp": utcnow().isoformat(),
        "data": {
            "request_id": request.id,
            "item_id": item.id if item else None,
            "collection_id": item.collection_id if item else None,
            "from": source,
            "to": target,
        },
    }
    for endpoint in repository.webhooks_for(session, biobank_ids):
        session.add(
            OutboxMessage(
                kind="webhook",
                endpoint_id=endpoint.id,
                recipient=endpoint.url,
                msg_id=f"msg_{uuid.uuid4().hex}",
                event_type="access_request.state_changed",
                payload=payload,
            )
        )


def _enqueue_mail(session: Session, biobank_id: str, subject: str, body: str) -> None:
    """Queue mail to a biobank's contact; an address that came with bundled or demo data is marked so, and
    `deliver` withholds it unless an admin has allowed mailing such addresses (`mail_bundled_contacts`)."""
    to = biobanks.get_biobank(session, biobank_id).contact_email
    if to:
        session.add(
            OutboxMessage(
                kind="email",
                recipient=to,
                msg_id=f"mail_{uuid.uuid4().hex}",
                event_type="access_request.mail",
                payload={"subject": subject, "body": body, "bundled": biobanks.is_bundled(session, biobank_id)},
            )
        )


def deliver(
    session: Session,
    send_webhook: SendWebhook,
    send_mail: SendMail | None,
    now: datetime | None = None,
    allow_insecure: bool = False,
    mail_bundled: bool = False,
) -> DeliveryReport:
    """Send what is due from the outbox; failures are retried with backoff and logged, never lost.

    Mail to a contact address that came with bundled or demo data is withheld (marked, never sent) unless an
    admin set `mail_bundled_contacts`: such an address may be a real institution that never asked for mail."""
    moment = now or utcnow()
    report = DeliveryReport()
    for message in repository.due_outbox(session, moment):
        try:
            if message.kind == "email":
                if message.payload.get("bundled") and not mail_bundled:
                    message.failed = True
                    message.last_error = WITHHELD
                    report.withheld += 1
                    continue
                if send_mail is None:  # SMTP not configured: keep it for when it is
                    report.skipped += 1
                    continue
                send_mail(message.recipient, str(message.payload["subject"]), str(message.payload["body"]))
            else:
                endpoint = session.get(WebhookEndpoint, message.endpoint_id) if message.endpoint_id else None
                if endpoint is None or not endpoint.enabled:
                    message.failed = True
                    message.last_error = "endpoint removed"
                    report.failed += 1
                    continue
                webhooks.check_url(endpoint.url, allow_insecure)  # again: DNS may have changed since registration
                body = json.dumps(message.payload, ensure_ascii=False, separators=(",", ":"))
                status = send_webhook(
                    endpoint.url, webhooks.headers(endpoint.secret, message.msg_id, int(moment.timestamp()), body), body
                )
                if not 200 <= status < 300:
                    raise RuntimeError(f"HTTP {status}")
        except Exception as exc:  # any failure is recorded on the message and retried
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if message.attempts >= webhooks.MAX_ATTEMPTS:
                message.failed = True
                report.failed += 1
            else:
                message.next_attempt_at = moment + webhooks.backoff(message.attempts)
                report.retrying += 1
        else:
            message.attempts += 1
            message.delivered_at = moment
            message.last_error = ""
            report.delivered += 1
        finally:
            session.commit()
    return report


def remind(session: Session, now: datetime | None = None, after_days: int = 14, unreachable_days: int = 28) -> int:
    """Nudge whoever a request waits on; a representative silent for `unreachable_days` is marked unreachable."""
    moment = now or utcnow()
    system = Actor(id=None, username=SYSTEM_NAME)
    reminded = 0
    waiting_on_rep = (
        CollectionState.REPRESENTATIVE_CONTACTED,
        CollectionState.CHECKING_AVAILABILITY,
        CollectionState.AVAILABLE,
        CollectionState.ACCESS_CONDITIONS_MET,
    )
    for state in waiting_on_rep:
        for item in repository.waiting_items(session, state, moment - timedelta(days=after_days)):
            request = session.get(AccessRequest, item.request_id)
            if request is None or request.state != RequestState.IN_PROGRESS:
                continue
            stale = item.updated_at < moment - timedelta(days=unreachable_days)
            if state == CollectionState.REPRESENTATIVE_CONTACTED and stale:
                _log(
                    session,
                    system,
                    request,
                    item,
                    item.state,
                    CollectionState.REPRESENTATIVE_UNREACHABLE,
                    Party.SYSTEM,
                    "no answer",
                )
                item.state = CollectionState.REPRESENTATIVE_UNREACHABLE
                item.updated_at = moment
                _notify(
                    session,
                    _reviewer_ids(session),
                    request,
                    N_("{collection}: representative unreachable"),
                    **_collection_names(item),
                )
            else:
                managers = set(biobanks.manager_user_ids(session, item.biobank_id))
                names = _collection_names(item)
                _notify(
                    session,
                    managers,
                    request,
                    N_("Reminder: {collection} waits for your answer"),
                    item=item.id,
                    **names,
                )
                _enqueue_mail(
                    session,
                    item.biobank_id,
                    _bilingual(N_("Reminder: access request #{request}"), " / ", request=request.id),
                    _bilingual(N_("{collection} waits for your answer."), **names),
                )
            reminded += 1
    session.commit()
    return reminded


def outbox_log(session: Session, actor: Actor) -> list[dict[str, Any]]:
    actor.require(Permission.REVIEW_ACCESS_REQUEST)
    return [
        {
            "id": m.id,
            "kind": m.kind,
            "recipient": m.recipient,
            "event_type": m.event_type,
            "attempts": m.attempts,
            "delivered_at": m.delivered_at.isoformat() if m.delivered_at else None,
            "failed": m.failed,
            "last_error": m.last_error,
        }
        for m in repository.outbox(session)
    ]


# ----- attachments ----------------------------------------------------------------------------------------------


def attach(
    session: Session,
    actor: Actor,
    request_id: int,
    item_id: int | None,
    body: str,
    filename: str,
    data: bytes,
    directory: Path,
) -> MessageRead:
    """A message with one file: limits and type checked, bytes stored outside the database under their checksum."""
    name, content_type, digest = attachments.check(filename, data)
    message = post_message(session, actor, request_id, item_id, MessageCreate(body=body or name))
    attachments.store(directory, digest, data)
    row = Attachment(message_id=message.id, filename=name, content_type=content_type, size=len(data), sha256=digest)
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "access_request.attachment", "access_attachment", row.id, None,
        {"message": message.id, "filename": name, "size": len(data), "sha256": digest},
    )  # fmt: skip
    session.commit()
    return message


def attachments_of(session: Session, actor: Actor, request_id: int) -> dict[int, list[AttachmentRead]]:
    """Attachments by message id, for the messages `actor` may see."""
    visible = {m.id for m in get_request(session, actor, request_id).messages}
    found: dict[int, list[AttachmentRead]] = {}
    for row in repository.attachments_of(session, sorted(visible)):
        found.setdefault(row.message_id, []).append(AttachmentRead.model_validate(row, from_attributes=True))
    return found


def download(
    session: Session, actor: Actor, request_id: int, attachment_id: int, directory: Path
) -> tuple[AttachmentRead, bytes]:
    row = session.get(Attachment, attachment_id)
    found = attachments_of(session, actor, request_id)
    if row is None or not any(a.id == attachment_id for rows in found.values() for a in rows):
        raise NotFound(f"No attachment {attachment_id} in request {request_id}.")
    return AttachmentRead.model_validate(row, from_attributes=True), attachments.read(directory, row.sha256)


def counts(session: Session) -> dict[str, int]:
    """How many access requests were submitted (a total only: who asked what stays on the request pages)."""
    return {"requests": repository.count_requests(session)}
