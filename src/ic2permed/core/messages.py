"""Messages that services raise in English, shown to each reader in their own language.

Services raise plain English (the CLI and logs read it, and it is the API's default): ``No biobank with
id 'x'.``. Each message shape is listed once below as a catalogue template, and :func:`translate` finds
the template a message was made from and renders the catalogue's translation with the same values. A
test (tests/core/test_messages.py) reads every service's raise sites, so a new message without a
template here fails the build instead of reaching a Chinese page in English.
"""

from __future__ import annotations

import re
from functools import cache

from ic2permed.core.i18n import N_, gettext

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
VALUE_ERROR = "Value error, "
"""Pydantic's prefix on a validator's own message; the message after it is translated on its own."""

TEMPLATES: tuple[str, ...] = (
    # core
    N_("Too many logins are being checked right now; try again in a moment."),
    N_("Log in or send an API token."),
    N_("Username taken"),
    N_("Weak password"),
    N_("Unknown username or wrong password."),
    N_("Invalid, expired or revoked API token."),
    N_("The token's account is disabled."),
    N_("No user named %(username)s."),
    N_("No token with id %(token_id)s."),
    N_("%(username)s already exists"),
    N_("needs at least 10 characters"),
    N_("The file is larger than %(megabytes)s MB."),
    N_("The file is not UTF-8 text"),
    N_("larger than %(limit)s bytes"),
    N_("The database is busy with other changes; try again in a moment."),
    N_("A value is out of range or too long for the database."),
    N_("The change conflicts with data saved at the same time; reload and try again."),
    N_("The database is unavailable; try again in a moment."),
    N_("%(rest)s more problem(s) not listed; fix the ones above first"),
    N_("The form has expired or did not come from this site (CSRF check failed)."),
    N_("Use 'Authorization: Bearer <token>'."),
    N_("Your role does not allow: %(permission)s."),
    N_("Log in to %(permission)s."),
    N_("The request has invalid fields."),
    N_("Something went wrong on our side; it has been logged."),
    # landscape
    N_("Missing columns"),
    N_("Unknown theme"),
    N_("%(count)s problem(s) in %(filename)s; nothing was imported"),
    N_("Unreadable file"),
    N_("%(duplicate)s appears more than once"),
    N_("%(code)s is not a theme code"),
    N_("missing: %(columns)s"),
    N_("not a readable .xlsx file (%(reason)s)"),
    N_("Invalid search"),
    N_("%(item_id)s already exists"),
    N_("No landscape item %(item_id)s."),
    N_("Item exists"),
    N_("The bundled landscape data is invalid"),
    N_("Invalid item"),
    N_("Unknown export format"),
    N_("use one of %(choices)s"),
    N_("File too large"),
    N_("Not UTF-8"),
    N_("at most %(megabytes)s MB"),
    N_("save the file as UTF-8 CSV"),
    N_("missing column(s): %(columns)s"),
    # biobanks
    N_("%(samples)s samples is fewer than %(donors)s donors"),
    N_("no donor or sample count"),
    N_("no Chinese name"),
    N_("no source cited"),
    N_("not confirmed by a retrieved source"),
    N_("counts have no year"),
    N_("%(code)s is not an ICD-10 code"),
    N_("counts are from %(year)s, over %(years)s years old"),
    N_("Unknown filter value"),
    N_("%(value)s is not an ISO 3166 country"),
    N_("%(value)s is not one of the regions %(choices)s"),
    N_("%(value)s is not on the MIABIS list of %(list)s"),
    N_("%(value)s is not an ICD-10 or ORPHA code"),
    N_("%(value)s is not in ICD-10"),
    N_("%(value)s is not a DUO term"),
    N_("Unreadable CSV"),
    N_("Invalid values"),
    N_("%(value)s is not a whole number"),
    N_("use yes or no"),
    N_("%(value)s is not an http(s) address"),
    N_("%(value)s is not an e-mail address"),
    N_("is above age_high"),
    N_("must not be negative"),
    N_("must be at most %(maximum)s"),
    N_("is required"),
    N_("%(value)s: use yes or no"),
    N_("No collection with id %(collection_id)s."),
    N_("No biobank with id %(biobank_id)s."),
    N_("No link between biobank %(biobank_id)s and landscape item %(item_id)s."),
    N_("say why the two records are about the same thing"),
    N_("%(url)s cannot be cited: %(problem)s"),
    N_("no enabled node %(node)s"),
    N_("No role"),
    N_("Own admin role"),
    N_("Own account"),
    N_("choose at least one role"),
    N_("you cannot remove your own admin role"),
    N_("you cannot deactivate your own account"),
    N_("no biobank %(biobank_id)s in the directory"),
    N_("Only the biobank's representatives or a reviewer may set when access ends."),
    N_("Only access that was made available can expire (this one is %(state)s)."),
    N_("Version exists"),
    N_("Only the requester or the biobank's representatives accept agreements."),
    N_("Agreements are accepted while the collection is negotiated (it is %(state)s)."),
    N_("Agreement %(template_id)s is not a version in force for this collection."),
    N_("Draft already submitted"),
    N_("Only reviewers write platform-wide agreements."),
    N_("Unknown biobank"),
    N_("%(kind)s version %(version)s exists; give a new one"),
    N_("draft %(draft_id)s was submitted as access request %(request_id)s"),
    N_("No network with id %(network_id)s."),
    N_("None of the chosen collections exists."),
    N_("The cart is empty; add collections before saving a request draft."),
    N_("No request draft %(draft_id)s."),
    N_("You do not manage biobank %(biobank_id)s."),
    N_("No user %(username)s."),
    N_("%(username)s does not manage %(biobank_id)s."),
    N_("unknown user"),
    N_("Import refused; nothing was changed"),
    N_("only curators set this"),
    N_("only curators add biobanks (%(biobank_id)s is new)"),
    N_("you do not manage biobank %(biobank_id)s"),
    N_("collection %(collection_id)s belongs to %(biobank_id)s; it cannot move"),
    N_("no biobank %(biobank_id)s"),
    N_("required column is missing"),
    N_("unknown column"),
    N_("use biobank or collection"),
    N_("%(value)s appears twice"),
    N_("no collection %(collection_id)s in biobank %(biobank_id)s"),
    N_("not a JSON list of sources with url and title"),
    # federation (hub)
    N_("--date-granularity must be one of %(choices)s"),
    N_("--age-band must be at least 1"),
    N_("no query log at %(path)s"),
    N_("Invalid query"),
    N_("Node exists"),
    N_("No node %(node_id)s."),
    N_("No saved query %(query_id)s."),
    N_("%(node_id)s is already registered"),
    N_("%(name)s must not be negative"),
    N_("%(value)s is not an ICD-10 code or block"),
    N_("%(value)s is not an ICD-10 block"),
    N_("age_min is above age_max"),
    N_("sampled_from is after sampled_to"),
    # access
    N_("Attachment refused"),
    N_("Invalid question"),
    N_("Date before the rules"),
    N_("%(value)s is not one of %(choices)s"),
    N_("give material and/or data"),
    N_("the rules start on %(start)s; %(date)s is earlier"),
    N_("must be at least 1"),
    N_("%(value)s is not a YYYY-MM-DD date"),
    N_("Not allowed."),
    N_("Log in to see access requests."),
    N_("Only a logged-in researcher can submit an access request."),
    N_("No access request %(request_id)s."),
    N_("No collection %(item_id)s in request %(request_id)s."),
    N_("Choose collections"),
    N_("The request is %(state)s; collections move only while it is %(in_progress)s."),
    N_("Only the biobank's representatives or a reviewer may revoke access."),
    N_("Only access that was made available can be revoked (this one is %(state)s)."),
    N_("No compliance step %(step_id)s for this collection."),
    N_("Step %(step_id)s is for the %(party)s to evidence."),
    N_("You do not represent biobank %(biobank_id)s."),
    N_("No attachment %(attachment_id)s in request %(request_id)s."),
    N_("%(lacking)s: %(steps)s."),
    N_("Representatives write in their collection's thread."),
    N_("give collection ids or a draft with collections"),
    N_("Unknown collection"),
    N_("no collection %(collection_id)s"),
    N_("Webhook URL refused"),
    N_("Cannot move from %(source)s to %(target)s%(after)s."),
    N_("Only the %(who)s may move from %(source)s to %(target)s."),
    # experts
    N_("%(value)s is not a number"),
    N_("Bad input"),
    N_("%(value)s is outside 0–0.5 (each side's minimum share)"),
    N_("Unknown scale"),
    N_("Rule missing"),
    N_("Unknown rule"),
    N_("Rule does not apply"),
    N_("Incomplete ranking"),
    N_("scale %(scale)s needs one of %(choices)s"),
    N_("rule %(rule)s applies to the %(allowed)s scale, not %(scale)s"),
    N_("a ranking takes no consensus rule (got %(rule)s)"),
    N_("expert %(expert)s did not rank %(statements)s"),
    N_("Unknown format"),
    N_("%(value)s: csv or xlsx"),
    N_("Unknown statement"),
    N_("Invalid input"),
    N_("Please correct the form"),
    N_("Unknown action"),
    N_("%(value)s is below 0"),
    N_("Unknown group"),
    N_("Not a member"),
    N_("No such working group"),
    N_("Group exists"),
    N_("Invalid group"),
    N_("No such expert"),
    N_("Invalid action"),
    N_("No such action item"),
    N_("There is no working group to fill."),
    N_("No expert is available."),
    N_("No such proposal"),
    N_("This proposal is %(status)s; only a draft can be edited."),
    N_("This proposal is %(status)s; only a draft can be accepted."),
    N_("Unknown expert"),
    N_("%(value)s is taken"),
    N_("below min_size"),
    N_("unknown pillar %(pillar)s"),
    N_("Chairs from both regions"),
    N_("no expert %(expert_id)s"),
    N_("no working group"),
    N_("no expert can join a group"),
    N_("not a meeting of this group"),
    N_("the chair and co-chair must come one from Europe, one from China"),
    N_("Invite"),
    N_("Invalid profile"),
    N_("Already invited"),
    N_("Invalid account"),
    N_("give either expert_id or profile"),
    N_("may not be empty"),
    N_("this expert already has an account"),
    N_("No such Delphi study"),
    N_("Deadline"),
    N_("No statements"),
    N_("Only members of the working group take part in its Delphi study."),
    N_("No such rating round"),
    N_("The current round collects proposals, not ratings."),
    N_("There is no open round to close."),
    N_("The study is closed."),
    N_("No rating round yet"),
    N_("The study is already closed."),
    N_("Rating off the scale"),
    N_("This ballot was saved at the same moment from elsewhere; reload and try again."),
    N_("These ballots were saved at the same moment from elsewhere; try again."),
    N_("give a time zone (e.g. 2026-12-01T17:00:00Z)"),
    N_("give statements, or open a first round"),
    N_("Suggestion too long"),
    N_("the next round needs statements"),
    N_("none"),
    N_("not in this round"),
    N_("between %(low)s and %(high)s"),
    N_("not a member of the group"),
    N_("at most 2000 characters"),
    # stakeholders
    N_("Invalid link"),
    N_("Invalid engagement"),
    N_("No organisation %(organisation_id)s."),
    N_("no organisation %(organisation_id)s"),
    N_("Unknown organisation"),
    N_("Organisation exists"),
    N_("Relation exists"),
    N_("Import refused: %(count)s problem(s), nothing was saved"),
    N_("this relation is already recorded"),
    # Pydantic's own messages, as forms and the API meet them
    N_("Field required"),
    N_("String should have at least %(length)s character"),
    N_("String should have at least %(length)s characters"),
    N_("String should have at most %(length)s character"),
    N_("String should have at most %(length)s characters"),
    N_("String should match pattern %(pattern)s"),
    N_("Input should be a valid string"),
    N_("Input should be a valid integer"),
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Input should be a valid integer, got a number with a fractional part"),
    N_("Input should be a valid number, unable to parse string as a number"),
    N_("Input should be a valid boolean, unable to interpret input"),
    N_("Input should be a valid list"),
    N_("Input should be greater than or equal to %(limit)s"),
    N_("Input should be greater than %(limit)s"),
    N_("Input should be less than or equal to %(limit)s"),
    N_("Input should be less than %(limit)s"),
    N_("Input should be %(choices)s"),
    N_("Input should be a valid date or datetime, %(reason)s"),
    N_("Input should be a valid date in the format YYYY-MM-DD, %(reason)s"),
    N_("Input should be a valid URL, %(reason)s"),
    N_("List should have at most %(limit)s items after validation, not %(count)s"),
    N_("Extra inputs are not permitted"),
)


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each template as a pattern, the most specific (most fixed text) first."""
    found = []
    for template in TEMPLATES:
        parts = _PLACEHOLDER.split(template.replace("%%", "%"))
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        found.append((re.compile(regex, re.DOTALL), template))
    return sorted(found, key=lambda pair: -len(_PLACEHOLDER.sub("", pair[1])))


def template_of(text: str) -> str | None:
    """The template `text` was made from (English as services raise it), or None."""
    for pattern, template in _patterns():
        if pattern.fullmatch(text):
            return template
    return None


def translate(locale: str, text: str) -> str:
    """`text` in `locale` when it is a catalogue text or made from a template above; else as written."""
    if not text or locale == "en":
        return text
    exact = gettext(locale, text)
    if exact != text:
        return exact
    if text.startswith(VALUE_ERROR):
        return translate(locale, text.removeprefix(VALUE_ERROR))
    template = template_of(text)
    if template is None:
        return text
    match = next(p for p, t in _patterns() if t == template).fullmatch(text)
    translated = gettext(locale, template)
    return translated % match.groupdict() if match and translated != template else text
