"""Readable, translatable names for codes that pages would otherwise show raw: legal tiers, audit actions,
audited entity types and the system actor.

Pages show the label and may keep the code beside it (in ``<code>``) for filtering; a code without a label
here is shown as it is, which the Chinese crawl test reports.
"""

from __future__ import annotations

from ic2permed.core.i18n import N_, gettext
from ic2permed.core.vocab import icd10, miabis

LEGAL_TIERS = {
    "regulation": N_("Regulation (EU)"),
    "directive": N_("Directive (EU)"),
    "decision": N_("Decision (EU)"),
    "recommendation": N_("Recommendation (EU)"),
    "communication": N_("Communication (EU)"),
    "法律": N_("Law (PRC)"),
    "行政法规": N_("Administrative regulation (PRC)"),
    "部门规章": N_("Departmental rule (PRC)"),
    "规范性文件": N_("Normative document (PRC)"),
    "GB": N_("Mandatory national standard (GB)"),
    "GB/T": N_("Recommended national standard (GB/T)"),
    "WS/T": N_("Health industry standard (WS/T)"),
    "YY/T": N_("Pharmaceutical industry standard (YY/T)"),
    "T/": N_("Group standard (T/)"),
}
AUDIT_ACTIONS = {
    "landscape.create": N_("Landscape item created"),
    "landscape.update": N_("Landscape item edited"),
    "landscape.withdraw": N_("Landscape item withdrawn"),
    "landscape.bundle_add": N_("Added from the bundled data"),
    "landscape.bundle_update": N_("Updated from the bundled data"),
    "biobanks.bundle_load": N_("Directory loaded from the bundled data"),
    "biobanks.landscape_link": N_("Linked to a landscape item"),
    "biobanks.landscape_unlink": N_("Link to a landscape item removed"),
    "biobank.create": N_("Biobank created"),
    "biobank.update": N_("Biobank edited"),
    "biobank.withdraw": N_("Biobank withdrawn"),
    "collection.create": N_("Collection created"),
    "biobank_collection.create": N_("Collection created"),
    "biobank_collection.update": N_("Collection edited"),
    "collection.update": N_("Collection edited"),
    "network.create": N_("Network created"),
    "network.update": N_("Network edited"),
    "biobank_manager.assign": N_("Biobank manager assigned"),
    "biobank_manager.remove": N_("Biobank manager removed"),
    "biobank_cart.add": N_("Added to the request cart"),
    "biobank_cart.remove": N_("Removed from the request cart"),
    "biobank_draft.create": N_("Access request draft created"),
    "biobank_draft.submit": N_("Draft submitted as an access request"),
    "federation.node_add": N_("Node registered"),
    "federation.node_disable": N_("Node disabled"),
    "federation.node_enable": N_("Node enabled"),
    "federation.node_remove": N_("Node removed"),
    "federation.save_query": N_("Federated query saved"),
    "user.create": N_("User created"),
    "user.set_password": N_("Password changed"),
    "user.set_roles": N_("Roles changed"),
    "user.deactivate": N_("Account deactivated"),
    "user.reactivate": N_("Account reactivated"),
    "token.create": N_("API token created"),
    "token.revoke": N_("API token revoked"),
    "access_agreement.create": N_("Access agreement version published"),
    "access_request.agreement": N_("Access agreement accepted"),
    "access_request.expiry": N_("End of granted access set"),
    "access_request.attachment": N_("Attachment added to a request thread"),
    "access_request.evidence": N_("Compliance evidence recorded"),
    "access_request.message": N_("Message in a request thread"),
    "access_request.revoke": N_("Granted access revoked"),
    "access_request.submit": N_("Access request submitted"),
    "access_request.transition": N_("Access request state changed"),
    "access_webhook.create": N_("Webhook registered"),
    "biobank_collection.withdraw": N_("Collection withdrawn"),
    "delphi.close": N_("Delphi study closed"),
    "delphi.close_round": N_("Delphi round closed"),
    "delphi.create": N_("Delphi study opened"),
    "delphi.next_round": N_("Next Delphi round opened"),
    "delphi.remind": N_("Delphi reminder sent"),
    "delphi.suggest": N_("Statement proposed in an open round"),
    "delphi.vote": N_("Delphi ballot saved"),
    "delphi.vote_recorded": N_("Ballots entered by a coordinator"),
    "expert.create": N_("Expert profile created"),
    "expert.invite": N_("Expert invited"),
    "expert.update": N_("Expert profile edited"),
    "federation.node_moved": N_("Node address or secret updated"),
    "stakeholders.bundle_add": N_("Organisation added from the bundled data"),
    "stakeholders.create": N_("Organisation created"),
    "stakeholders.engagement": N_("Engagement logged"),
    "stakeholders.relation_add": N_("Relation added"),
    "user.logout": N_("Logged out (session ended)"),
    "working_group.accept": N_("Membership proposal accepted"),
    "working_group.action": N_("Action item added"),
    "working_group.action_done": N_("Action item completed"),
    "working_group.create": N_("Working group created"),
    "working_group.meeting": N_("Meeting recorded"),
    "working_group.member": N_("Member role set"),
    "working_group.proposal_edit": N_("Membership proposal edited"),
    "working_group.propose": N_("Membership proposed"),
    "working_group.remove_member": N_("Member removed"),
    "working_group.seed": N_("Roadmap working groups seeded"),
}
ENTITY_TYPES = {
    "landscape_item": N_("Landscape item"),
    "data_bundle": N_("Bundled data"),
    "biobank": N_("Biobank"),
    "collection": N_("Collection"),
    "network": N_("Network"),
    "biobank_collection": N_("Collection"),
    "biobank_draft": N_("Access request draft"),
    "federation_node": N_("Node"),
    "saved_query": N_("Saved query"),
    "user": N_("User"),
    "api_token": N_("API token"),
    "access_agreement": N_("Access agreement"),
    "access_attachment": N_("Request attachment"),
    "access_checklist_step": N_("Compliance step"),
    "access_message": N_("Request message"),
    "access_request": N_("Access request"),
    "access_request_item": N_("Requested collection"),
    "access_webhook": N_("Webhook"),
    "action": N_("Action item"),
    "meeting": N_("Meeting"),
    "proposal": N_("Membership proposal"),
    "stakeholder_engagement": N_("Engagement"),
    "stakeholder_relation": N_("Relation between organisations"),
    "stakeholder_organisation": N_("Organisation"),
    "working_group": N_("Working group"),
    "expert": N_("Expert"),
    "delphi_study": N_("Delphi study"),
}
ACTORS = {"system": N_("system (automatic)")}
PRECISIONS = {"exact": N_("exact"), "rounded": N_("rounded"), "imprecise": N_("imprecise")}
SEXES = {"NCIT:C16576": N_("Female"), "NCIT:C20197": N_("Male")}


def term_label(value: str, locale: str) -> str:
    """A Beacon breakdown value (``NCIT:C16576``, ``MIABIS:SERUM``, ``ICD10:II``) in words, code kept for ICD-10."""
    text = str(value)
    if text in SEXES:
        return gettext(locale, SEXES[text])
    prefix, _, code = text.partition(":")
    try:
        if prefix == "MIABIS" and code:
            return miabis.material_type(code).label(locale)
        if prefix == "ICD10" and code:
            return f"{code} {icd10.label(code, locale)}"
    except (KeyError, ValueError, icd10.InvalidCode):
        return text
    return text


ROLES = {
    "admin": N_("Administrator"),
    "curator": N_("Curator"),
    "coordinator": N_("Working-group coordinator"),
    "expert": N_("Expert"),
    "researcher": N_("Researcher"),
    "biobank_manager": N_("Biobank manager"),
}
SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("note")}
