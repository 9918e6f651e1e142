"""What a person reads about a federated answer, in their language: why a node did not answer, what each
breakdown and value is. Raw reasons (``ConnectError: …``) stay for tooltips and logs, never as the message."""

from __future__ import annotations

from ic2permed.core.i18n import N_, gettext
from ic2permed.core.vocab import display, regions
from ic2permed.federation.hub.schemas import NodeAnswer, Status

STRATA_LABELS = (
    ("sex", N_("Sex")),
    ("ageBand", N_("Age band")),
    ("material", N_("Material type")),
    ("icd10Chapter", N_("ICD-10 chapter")),
)
EVERYONE = N_("Everyone matching the query")
TOTAL = N_("Total")
ALL = N_("All nodes")
PROTECTED = N_("Protected count: small counts suppressed, the rest rounded by each node.")
UNREACHABLE = N_("The node could not be reached (it may be down or its address wrong).")
TIMED_OUT = N_("The node did not answer in time.")
REFUSED = N_("The node refused this query (its access rules or query budget).")
NOT_BEACON = N_("The node's answer is not a Beacon v2 response.")
FAILED = N_("The node reported an error.")
_UNREACHABLE_ERRORS = ("ConnectError", "ConnectTimeout", "RemoteProtocolError", "ReadError", "NetworkError", "SSL")


def problem(answer: NodeAnswer) -> str | None:
    """The message (catalogue id) for an answer that is not a count, or None when the node answered."""
    if answer.status is Status.OK:
        return None
    if answer.status is Status.TIMEOUT:
        return TIMED_OUT
    if answer.status is Status.REFUSED:
        return REFUSED
    reason = answer.reason or ""
    if reason.startswith(_UNREACHABLE_ERRORS) or "Timeout" in reason.split(":", 1)[0]:
        return UNREACHABLE
    if "not JSON" in reason or "responseSummary" in reason:
        return NOT_BEACON
    return FAILED


def explain(answer: NodeAnswer, locale: str) -> str:
    message = problem(answer)
    return gettext(locale, message) if message else ""


def breakdown_label(name: str, locale: str) -> str:
    for key, label in STRATA_LABELS:
        if key == name:
            return gettext(locale, label)
    return name


def value_label(value: str, locale: str) -> str:
    """A breakdown value in words (``NCIT:C16576`` → Female / 女性); age bands are already words."""
    return display.term_label(value, locale)


def region_label(code: str, locale: str) -> str:
    try:
        return regions.region(code).label(locale)
    except KeyError:
        return code
