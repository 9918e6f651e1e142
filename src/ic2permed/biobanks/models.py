"""Tables of the biobank directory: MIABIS Core 3 Biobank, Collection and Network, plus who manages what.

Attributes follow MIABIS Core 3 (BBMRI-ERIC/miabis, ``all lists.md`` and the core attribute tables at
commit 0aff785bd5594c25ae52026b363cab882d79eb52) as the BBMRI-ERIC Directory implements it
(molgenis/molgenis-emx2 ``data/biobank-directory/``); the exact list sources are in
``core/vocab/data/miabis.json`` → ``sources_by_list``.

Controlled-list values (material types, collection types, data categories, storage temperatures, sex) are
the BBMRI-ERIC Directory codes served by ``ic2permed.core.vocab.miabis``; lists are stored as JSON arrays
because every facet reads them whole.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ic2permed.core.database import Base, JsonValue, UTCDateTime, utcnow


class Biobank(Base):
    __tablename__ = "biobank_biobanks"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300), default="")
    name_zh_status: Mapped[str] = mapped_column(String(32), default="")
    acronym: Mapped[str] = mapped_column(String(64), default="")
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str] = mapped_column(String(32), index=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    province: Mapped[str] = mapped_column(String(120), default="")
    juristic_person: Mapped[str] = mapped_column(String(300), default="")
    organisation_id: Mapped[str | None] = mapped_column(String(128), default=None)
    federation_node: Mapped[str | None] = mapped_column(String(128), default=None)
    url: Mapped[str] = mapped_column(String(500), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    # A critical-information-infrastructure operator (China's CSL Art. 37 / PIPL Art. 40): its personal data
    # leave mainland China only after a CAC security assessment. The access domain asks the compliance engine.
    ciio: Mapped[bool] = mapped_column(Boolean, default=False)
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    collection_types: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    material_types: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    data_categories: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    diseases: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    quality_marks: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    networks: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    services: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    donors: Mapped[int | None] = mapped_column(Integer, default=None)
    samples: Mapped[int | None] = mapped_column(Integer, default=None)
    count_year: Mapped[int | None] = mapped_column(Integer, default=None)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(String(16), default="user")
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Collection(Base):
    __tablename__ = "biobank_collections"

    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    biobank_id: Mapped[str] = mapped_column(ForeignKey("biobank_biobanks.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("biobank_collections.id", ondelete="CASCADE"), index=True, default=None
    )
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    collection_types: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    material_types: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    data_categories: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    diseases: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    sex: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    storage_temperatures: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    access_conditions: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    age_low: Mapped[int | None] = mapped_column(Integer, default=None)
    age_high: Mapped[int | None] = mapped_column(Integer, default=None)
    donors: Mapped[int | None] = mapped_column(Integer, default=None)
    samples: Mapped[int | None] = mapped_column(Integer, default=None)
    count_year: Mapped[int | None] = mapped_column(Integer, default=None)
    commercial_use: Mapped[bool | None] = mapped_column(Boolean, default=None)
    facts: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    search_tokens: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str] = mapped_column(String(16), default="user")
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Network(Base):
    __tablename__ = "biobank_networks"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300), default="")
    acronym: Mapped[str] = mapped_column(String(64), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)


class BiobankManager(Base):
    """Who may edit a biobank besides curators (MIABIS has no such notion; it is ours)."""

    __tablename__ = "biobank_managers"

    biobank_id: Mapped[str] = mapped_column(ForeignKey("biobank_biobanks.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CountRecord(Base):
    """One reported donors/samples figure, kept so the history of a count survives edits."""

    __tablename__ = "biobank_count_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str] = mapped_column(String(160), index=True)
    donors: Mapped[int | None] = mapped_column(Integer, default=None)
    samples: Mapped[int | None] = mapped_column(Integer, default=None)
    count_year: Mapped[int | None] = mapped_column(Integer, default=None)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(64), default="")


class CartItem(Base):
    """A collection a researcher set aside, with the search that found it."""

    __tablename__ = "biobank_cart_items"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    collection_id: Mapped[str] = mapped_column(
        ForeignKey("biobank_collections.id", ondelete="CASCADE"), primary_key=True
    )
    criteria: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RequestDraft(Base):
    """An access-request draft; the negotiation workflow (issue: access) takes it further."""

    __tablename__ = "biobank_request_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    collection_ids: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    criteria: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # The access request the draft became (set by the access domain through this domain's service).
    request_id: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LandscapeLink(Base):
    """A directory entry and a landscape item about the same thing (e.g. UK Biobank in both), with the basis.

    Kept here, not in the landscape: the biobanks domain may read the landscape's service, never the reverse
    (docs/architecture.md, domain graph); the landscape item page learns of it through `web`."""

    __tablename__ = "biobank_landscape_links"

    biobank_id: Mapped[str] = mapped_column(ForeignKey("biobank_biobanks.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)
    rule: Mapped[str] = mapped_column(String(32), default="same_name")
    basis: Mapped[str] = mapped_column(Text, default="")
    basis_zh: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    origin: Mapped[str] = mapped_column(String(16), default="bundle")
