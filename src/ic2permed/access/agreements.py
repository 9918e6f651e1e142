"""Which agreement versions one collection's transfer needs (no database work here, no commits).

Per kind (licence always; an MTA when material moves; a DTA when data move) the biobank's newest version applies,
or else the platform's newest; a kind nobody has written a template for needs no acceptance here (the checklist's
contract steps still need their evidence). Both sides accept: the requester and the biobank's representative.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ic2permed.access.models import AgreementTemplate
from ic2permed.core.i18n import N_

KINDS = ("licence", "mta", "dta")
KIND_LABELS = {
    "licence": N_("Licence"),
    "mta": N_("Material transfer agreement"),
    "dta": N_("Data transfer agreement"),
}
# When both sides have accepted, the checklist's contract step gets the accepted version as its evidence.
STEP_OF_KIND = {"mta": "material_transfer_agreement", "dta": "data_transfer_agreement"}
PARTIES = ("requester", "representative")


def applies(kind: str, moves: Iterable[str]) -> bool:
    moving = set(moves)
    return kind == "licence" or (kind == "mta" and "material" in moving) or (kind == "dta" and "data" in moving)


def current(templates: Sequence[AgreementTemplate], biobank_id: str, moves: Iterable[str]) -> list[AgreementTemplate]:
    """The versions in force for a collection of `biobank_id`: per applicable kind, the biobank's newest, else the
    platform's newest (templates come oldest first)."""
    moving = list(moves)
    found: list[AgreementTemplate] = []
    for kind in KINDS:
        if not applies(kind, moving):
            continue
        own = [t for t in templates if t.kind == kind and t.biobank_id == biobank_id]
        platform = [t for t in templates if t.kind == kind and t.biobank_id == ""]
        if own or platform:
            found.append((own or platform)[-1])
    return found
