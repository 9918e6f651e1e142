"""Where the directory meets the landscape: entries and items about the same thing, and the laws and
standards that govern a biobank where it works (read through `landscape.service`, along the domain graph)."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from typing import Any

from sqlalchemy.orm import Session

from ic2permed.biobanks import repository
from ic2permed.biobanks.models import Biobank, LandscapeLink
from ic2permed.biobanks.schemas import DirectoryEntryRef, LandscapeLinkRead, SourceRef
from ic2permed.biobanks.service.catalogue import biobank_row
from ic2permed.core import bundles
from ic2permed.core.audit import service as audit
from ic2permed.core.errors import FieldError, NotFound, ValidationFailed
from ic2permed.core.permissions import Actor, Permission
from ic2permed.core.vocab import icd10, source_hosts
from ic2permed.landscape import schemas as landscape_schemas
from ic2permed.landscape import service as landscape

LINKS_BUNDLE = "biobank_landscape_links"
RULES = ("same_identifier", "same_name", "curated")
BIOBANK_THEMES = frozenset({"biobanking", "data-protection", "ethics-consent", "genetic-resources"})
"""What every biobank does: keeps samples and data of people who consented, and their genetic material."""


def links_bytes() -> bytes:
    return (files("ic2permed.biobanks") / "data" / "landscape_links.json").read_bytes()


def load_landscape_links(session: Session, raw: bytes) -> bool:
    """The bundled links, once per version; a link whose directory entry is absent is skipped, links a user
    added are kept."""
    digest = bundles.checksum(raw)
    if bundles.loaded_checksum(session, LINKS_BUNDLE) == digest:
        return False
    rows: list[dict[str, Any]] = json.loads(raw)
    for old in session.query(LandscapeLink).filter(LandscapeLink.origin == "bundle"):
        session.delete(old)
    session.flush()
    kept = 0
    for row in rows:
        if session.get(Biobank, row["biobank_id"]) is None:
            continue
        session.merge(
            LandscapeLink(
                biobank_id=row["biobank_id"],
                item_id=row["item_id"],
                rule=row["rule"] if row["rule"] in RULES else "same_name",
                basis=row.get("basis", ""),
                basis_zh=row.get("basis_zh", ""),
                sources=list(row.get("sources") or []),
                origin="bundle",
            )
        )
        kept += 1
    bundles.mark_loaded(session, LINKS_BUNDLE, digest)
    audit.record(session, Actor.system(), "biobanks.bundle_load", "data_bundle", LINKS_BUNDLE, None, {"links": kept})
    session.commit()
    return True


def landscape_links(session: Session, biobank_id: str) -> list[LandscapeLinkRead]:
    """The landscape items about this directory entry (only those the landscape holds), titled."""
    links = repository.landscape_links_of(session, biobank_id)
    items = {i.id: i for i in landscape.items_by_ids(session, [link.item_id for link in links])}
    return [
        LandscapeLinkRead(
            biobank_id=link.biobank_id,
            item_id=link.item_id,
            title_en=items[link.item_id].title_en,
            title_zh=items[link.item_id].title_zh or "",
            rule=link.rule,
            basis=link.basis,
            basis_zh=link.basis_zh,
            sources=[SourceRef.model_validate(s) for s in link.sources],
        )
        for link in links
        if link.item_id in items
    ]


def entries_for_item(session: Session, item_id: str) -> list[DirectoryEntryRef]:
    """The directory entries about a landscape item (what its page shows as "in the biobank directory")."""
    found = []
    for link in repository.landscape_links_to(session, item_id):
        biobank = session.get(Biobank, link.biobank_id)
        if biobank is not None:
            found.append(
                DirectoryEntryRef(
                    id=biobank.id,
                    name_en=biobank.name_en,
                    name_zh=biobank.name_zh,
                    rule=link.rule,
                    basis=link.basis,
                    basis_zh=link.basis_zh,
                )
            )
    return found


def themes_of(biobank: Biobank) -> set[str]:
    """The landscape themes a biobank's work touches: always biobanking, consent, data protection and genetic
    resources; genomics, health data, rare diseases and cancer when its data and diseases say so."""
    themes = set(BIOBANK_THEMES)
    if "GENOMIC_DATA" in biobank.data_categories:
        themes.add("genomics")
    if {"MEDICAL_RECORDS", "NATIONAL_REGISTRIES", "IMAGING_DATA"} & set(biobank.data_categories):
        themes.add("health-data")
    if "RD" in biobank.collection_types or any(d.startswith("ORPHA:") for d in biobank.diseases):
        themes.add("rare-diseases")
    if any(_chapter(d) == "II" for d in biobank.diseases):
        themes.add("cancer")
    return themes


def _chapter(code: str) -> str | None:
    try:
        return icd10.chapter_of(code)
    except (icd10.InvalidCode, KeyError):
        return None  # an ORPHA code or an odd code the steward check reports


def governing(session: Session, biobank_id: str) -> list[landscape_schemas.GoverningItem]:
    """The live laws and standards of the landscape that govern this biobank, by where it is and what it does."""
    biobank = biobank_row(session, biobank_id)
    return landscape.governing(session, biobank.country, themes_of(biobank), biobank.province)


def link_landscape_item(
    session: Session,
    actor: Actor,
    biobank_id: str,
    item_id: str,
    basis: str,
    basis_zh: str = "",
    source_url: str = "",
    source_title: str = "",
) -> LandscapeLinkRead:
    """A curator says a directory entry and a landscape item are the same thing, why, and where they read it."""
    actor.require(Permission.CURATE_BIOBANKS)
    biobank_row(session, biobank_id)
    if not landscape.exists(session, item_id):
        raise NotFound(f"No landscape item {item_id!r}.")
    errors = []
    if not basis.strip():
        errors.append(FieldError("basis", "say why the two records are about the same thing"))
    problem = source_hosts.problems(source_url) if source_url else None
    if problem:
        errors.append(FieldError("source", f"{source_url} cannot be cited: {problem}"))
    if errors:
        raise ValidationFailed("Invalid link", errors)
    sources = [{"url": source_url, "title": source_title, "accessed": date.today().isoformat()}] if source_url else []
    row = session.get(LandscapeLink, (biobank_id, item_id))
    before = None if row is None else {"basis": row.basis, "sources": row.sources}
    if row is None:
        row = LandscapeLink(biobank_id=biobank_id, item_id=item_id)
        session.add(row)
    row.rule, row.basis, row.basis_zh, row.sources, row.origin = (
        "curated",
        basis.strip(),
        basis_zh.strip(),
        sources,
        "user",
    )
    audit.record(
        session,
        actor,
        "biobanks.landscape_link",
        "biobank",
        biobank_id,
        before,
        {"item_id": item_id, "basis": row.basis},
    )
    session.commit()
    return next(link for link in landscape_links(session, biobank_id) if link.item_id == item_id)


def unlink_landscape_item(session: Session, actor: Actor, biobank_id: str, item_id: str) -> None:
    actor.require(Permission.CURATE_BIOBANKS)
    row = session.get(LandscapeLink, (biobank_id, item_id))
    if row is None:
        raise NotFound(f"No link between biobank {biobank_id!r} and landscape item {item_id!r}.")
    audit.record(session, actor, "biobanks.landscape_unlink", "biobank", biobank_id, {"item_id": item_id}, None)
    session.delete(row)
    session.commit()
