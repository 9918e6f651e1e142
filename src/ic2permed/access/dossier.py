"""The request dossier as PDF: states, checklist with evidence, history and messages, Chinese embedded."""

from __future__ import annotations

from ic2permed.access import labels
from ic2permed.access.schemas import RequestDetail
from ic2permed.core.i18n import N_, gettext
from ic2permed.core.pdf import Document


def pdf(detail: RequestDetail, locale: str) -> bytes:
    """A4 dossier; the CJK font is embedded (subset) so Chinese titles and notes render in any viewer."""
    doc = Document(f"{gettext(locale, N_('Access request dossier'))} #{detail.id}", locale, subject=detail.title)

    def line(text: str, size: int = 9, height: float = 5, indent: float = 0) -> None:
        doc.paragraph(text, size, height, indent)

    def t(message: str) -> str:
        return gettext(locale, message)

    L = labels.code_labels(locale)
    state, place = L["state"], L["jurisdiction"]

    line(f"{t(N_('Access request dossier'))} #{detail.id}: {detail.title}", 15, 8)
    line(
        f"{t(N_('Requester'))}: {detail.requester} · {detail.investigator}, {detail.institution} ({detail.country})"
        f" · {t(N_('State'))}: {state(detail.state)} · {t(N_('Submitted'))}: {detail.submitted_on.isoformat()}"
    )
    line(f"{t(N_('Rules version'))}: {detail.rules_version} · {t(N_('Guidance, not legal advice.'))}")
    if detail.description:
        line(detail.description)
    for item in detail.collections:
        doc.ln(3)
        names = " / ".join(n for n in (item.name_en, item.name_zh) if n)  # both: the record serves both sides
        line(f"{names} ({item.collection_id})", 12, 7)
        where = f"{place(item.provider_jurisdiction)} → {place(detail.jurisdiction)}"
        granted = f" · {t(N_('access until'))} {item.expires_on.isoformat()}" if item.expires_on else ""
        if item.revoked_at:
            granted += f" · {t(N_('revoked'))} {item.revoked_at:%Y-%m-%d %H:%M}"
        line(f"{t(N_('State'))}: {state(item.state)} · {where}{granted}")
        for agreement in item.agreements:
            template = agreement.template
            who = "; ".join(
                f"{L['party'](a.party)}: {a.actor_name} {a.accepted_at:%Y-%m-%d %H:%M}" for a in agreement.accepted
            )
            missing = ", ".join(L["party"](p) for p in agreement.missing) if agreement.current else ""
            old = "" if agreement.current else f" ({t(N_('superseded'))})"
            todo = f" · {t(N_('Still to accept'))}: {missing}" if missing else ""
            line(
                f"§ {L['agreement'](template.kind)}: {template.title} · {t(N_('Version'))} {template.version}{old}"
                f" — {who}{todo}",
                9,
            )
        for step in item.checklist:
            title = L["name"](step.title_en, step.title_zh)
            status = t(N_("done")) if step.status == "done" else t(N_("missing evidence"))
            authority = L["authority"](step.authority)
            actor = L["actor"](step.actor)
            line(f"• {title} [{authority} · {actor}] — {status}", 9)
            if step.status == "done":
                evidence = " · ".join(
                    part
                    for part in (
                        step.reference,
                        step.document,
                        step.evidence_date.isoformat() if step.evidence_date else "",
                    )
                    if part
                )
                line(f"{evidence} ({step.completed_by})", 8, 4, indent=4)
            cited = f" [{', '.join(step.citations)}]" if step.citations else ""
            line(f"{L['legal_basis'](step)}{cited}", 7, 3.5, indent=4)
    doc.ln(3)
    line(t(N_("History")), 12, 7)
    for change in detail.history:
        where = f" #{change.item_id}" if change.item_id else ""
        who = f"({L['party'](change.party)}: {change.actor_name})"
        moved = f"{state(change.source) if change.source else '—'} → {state(change.target)}"
        line(f"{change.at:%Y-%m-%d %H:%M} {moved}{where} {who} {change.reason}", 8, 4)
    if detail.messages:
        doc.ln(3)
        line(t(N_("Messages")), 12, 7)
        for message in detail.messages:
            line(f"{message.at:%Y-%m-%d %H:%M} {message.author_name}: {message.body}", 8, 4)
    return doc.bytes()
